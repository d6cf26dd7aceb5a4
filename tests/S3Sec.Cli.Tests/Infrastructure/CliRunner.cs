using System.IO;

namespace S3Sec.Cli.Tests.Infrastructure;

internal sealed record CliResult(int ExitCode, string Output, string Error);

/// <summary>Runs the scanner in-process, as the <c>s3sec</c> executable would, and captures what it prints.</summary>
internal static class CliRunner
{
    public static CliResult Run(string workingDirectory, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = CliApp.Run(args, output, error, workingDirectory);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Scans <paramref name="tree"/>'s root with the given extra options, quietly.</summary>
    public static CliResult Scan(TempTree tree, params string[] options)
    {
        var args = new string[options.Length + 3];
        args[0] = "scan";
        args[1] = tree.Root;
        args[2] = "--quiet";
        options.CopyTo(args, 3);
        return Run(tree.Root, args);
    }
}
