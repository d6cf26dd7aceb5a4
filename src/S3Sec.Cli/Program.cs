using System;

namespace S3Sec.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        // Progress lines are for people watching a terminal; CI logs get them only for long scans.
        var interactive = !Console.IsErrorRedirected;
        return CliApp.Run(args, Console.Out, Console.Error, Environment.CurrentDirectory, interactive);
    }
}
