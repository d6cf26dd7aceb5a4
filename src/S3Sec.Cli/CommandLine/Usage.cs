namespace S3Sec.Cli.CommandLine;

internal static class Usage
{
    public const string Text = """
        Usage: s3sec scan [PATH] [options]

        Scans C# sources for insecure Amazon S3 encryption (AWS SDK for .NET 3.7 and 4.x) without building them.
        PATH is a folder (default: samples), a .cs file, a .csproj (its folder is scanned), or a .sln/.slnx
        (the folders of the C# projects it lists; project files are read as text, not evaluated by MSBuild).
        Sources are compiled per nearest .csproj against bundled references; .editorconfig and .globalconfig
        files apply as in a build (s3sec.* options, dotnet_diagnostic.S3SECxxx.severity).

        Options:
          -f, --format text|json|sarif   Report format (default: text).
          -o, --output FILE              Write the report to FILE instead of standard output.
              --fail-on LEVEL            Exit 1 when a finding is at LEVEL or above:
                                         error, warning (default), note, or none.
              --max-file-size SIZE       Skip larger .cs files (default: 10M; K/M/G suffixes allowed).
              --fix                      Apply the S3Sec code fixes to the scanned files in place; the report
                                         and exit code then describe the findings that remain.
          -q, --quiet                    No progress lines.
          -v, --verbose                  Also show each project, the AWS SDK line chosen for it, and timing.
          -h, --help                     Show this help.
              --version                  Show the version.

        Exit codes: 0 no finding at the --fail-on level, 1 findings at that level, 2 usage or input error,
        or C# files were found but none could be scanned.
        Warnings about files that cannot be read go to standard error; the scan goes on without them.
        """;
}
