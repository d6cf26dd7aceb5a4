using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace S3Sec.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        // Progress lines are for people watching a terminal; CI logs get them only for long scans.
        var interactive = !Console.IsErrorRedirected;

        // Ctrl-C stops the scan at its next check instead of killing the process, so no new report file is left
        // empty and no fix is cut between writing a file and setting its length. A second Ctrl-C kills at once.
        // Not disposed: the handler may still run while Main returns.
        var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            if (!cancel.IsCancellationRequested)
            {
                e.Cancel = true;
                cancel.Cancel();
            }
        };

        // SIGTERM (a CI job's timeout, `docker stop`, systemd) is handled as Ctrl-C: without this the runtime ended
        // the process at once, and a --fix run died without naming the files it had already rewritten. A second
        // SIGTERM keeps its default and ends the process.
        using var terminate = OperatingSystem.IsWindows()
            ? null
            : PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                if (!cancel.IsCancellationRequested)
                {
                    context.Cancel = true;
                    cancel.Cancel();
                }
            });
        string workingDirectory;
        try
        {
            workingDirectory = Environment.CurrentDirectory;
        }
        catch (Exception ex) when (ex is System.IO.IOException or UnauthorizedAccessException)
        {
            // getcwd fails when the folder the shell stands in was deleted (a CI workspace wiped under a job): an
            // unhandled exception with a stack trace said nothing useful.
            Console.Error.WriteLine(
                "s3sec: error: the current folder cannot be read (deleted or inaccessible); cd to an existing folder");
            return CliApp.ExitUsage;
        }

        return CliApp.Run(args, Console.Out, Console.Error, workingDirectory, interactive, cancel.Token);
    }
}
