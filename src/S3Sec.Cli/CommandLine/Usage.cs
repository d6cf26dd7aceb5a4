namespace S3Sec.Cli.CommandLine;

internal static class Usage
{
    public const string Text = """
        Usage: s3sec scan [PATH] [options]

        Scans C# sources for insecure Amazon S3 encryption (AWS SDK for .NET 3.7 and 4.x) without building them.
        PATH is a folder (default: samples), a .cs file, a .csproj, or a .sln/.slnx.
        Two loaders turn sources into compilations:
          msbuild  a .csproj or the projects a solution lists, evaluated by MSBuild from the installed .NET SDK:
                   the build's own references, defines and generated code. Needs 'dotnet restore' first; it never
                   restores or builds. Costs seconds per load.
          loose    .cs files grouped by nearest .csproj, compiled against bundled .NET 8 and AWSSDK.S3 3.7/4.x
                   references; project files are read as text. No restore or SDK needed; fast on any folder.
        .editorconfig and .globalconfig files apply as in a build (s3sec.* options, dotnet_diagnostic.*).

        Options:
          -f, --format text|json|sarif   Report format (default: sarif for -o *.sarif, json for -o *.json,
                                         else text).
          -o, --output FILE              Write the report to FILE instead of standard output ('-': standard
                                         output; never to a source, project or config file name such as
                                         *.cs or *.csproj).
              --fail-on LEVEL            Exit 1 when a finding is at LEVEL or above:
                                         error, warning (default), note, or none. A note is what the
                                         text and JSON reports call info (SARIF: note); --fail-on info
                                         is the same as note.
              --max-file-size SIZE       Skip larger .cs files (default: 10M): bytes in digits, or with a
                                         K, M or G suffix; no spaces or sign.
              --fix                      Apply the S3Sec code fixes to the scanned files in place; the report
                                         and exit code then describe the findings that remain.
              --loader auto|msbuild|loose
                                         auto (default): msbuild for a .csproj/.sln/.slnx when a .NET SDK is
                                         installed, loose for folders, .cs files and projects that are not
                                         restored or fail to load (with a warning). msbuild: fail instead.
          -q, --quiet                    No progress lines.
          -v, --verbose                  Also show each project, its loader and AWS SDK line, and timing.
          -h, --help                     Show this help.
              --version                  Show the version.

        Each option that takes a value may be given once.

        Exit codes: 0 no finding at the --fail-on level, 1 findings at that level, 2 usage or input error,
        an analyzer failure (AD0001), or C# files were found but none could be scanned.
        Warnings about files that cannot be read go to standard error; the scan goes on without them.
        """;
}
