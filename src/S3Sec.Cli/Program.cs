using System;
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
        return CliApp.Run(args, Console.Out, Console.Error, Environment.CurrentDirectory, interactive, cancel.Token);
    }
}
