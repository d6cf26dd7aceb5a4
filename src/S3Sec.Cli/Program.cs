using System;
using System.Runtime.InteropServices;
using System.Threading;
using S3Sec.Cli.Fixing;

namespace S3Sec.Cli;

internal static class Program
{
    /// <summary>How long a scan has to stop by itself after SIGTERM.</summary>
    private static readonly TimeSpan TermGrace = TimeSpan.FromSeconds(5);

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
        // SIGTERM keeps its default and ends the process. Unlike Ctrl-C, one SIGTERM is often all that comes
        // (`timeout`), so a scan that does not stop in time (blocked reading a FIFO, say) is ended by the watchdog.
        var journal = new FixJournal();
        Timer? watchdog = null;
        using var terminate = OperatingSystem.IsWindows()
            ? null
            : PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                if (!cancel.IsCancellationRequested)
                {
                    context.Cancel = true;

                    // Armed first: Cancel runs the token's callbacks on this thread, and one may wait.
                    watchdog = new Timer(_ => EndAfterTerm(journal), null, TermGrace, Timeout.InfiniteTimeSpan);
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

        var exitCode = CliApp.Run(
            args, Console.Out, Console.Error, workingDirectory, interactive, cancel.Token, journal);
        GC.KeepAlive(watchdog);
        return exitCode;
    }

    /// <summary>
    /// Ends a process that did not stop within <see cref="TermGrace"/> of SIGTERM, naming the files --fix rewrote.
    /// Under the journal's write gate, so no fix is cut between writing a file and setting its length.
    /// </summary>
    private static void EndAfterTerm(FixJournal journal)
    {
        lock (journal.WriteGate)
        {
            var message = new System.IO.StringWriter { NewLine = "\n" };
            message.WriteLine(
                $"s3sec: cancelled; still running {TermGrace.TotalSeconds:0} s after SIGTERM, so stopped at once");
            CliApp.ListRewritten(journal, message);

            // Only a report can be mid-write here (fixes are written under the gate); its old file stays as it was.
            Storage.FileReplacement.RemoveAllPendingBeforeExit(TimeSpan.FromSeconds(1));

            // Straight to descriptor 2, and out with _exit: on Unix every Console write (standard error's too) and
            // Environment.Exit's flush take standard output's lock, which a thread blocked writing the report to a
            // stalled pipe holds, so neither ever returned.
            try
            {
                using var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle(2, ownsHandle: false);
                using var error = new System.IO.FileStream(handle, System.IO.FileAccess.Write, bufferSize: 1);
                error.Write(System.Text.Encoding.UTF8.GetBytes(message.ToString()));
            }
            catch (Exception ex) when (ex is System.IO.IOException or UnauthorizedAccessException)
            {
                // Standard error is gone (closed, a broken pipe): ending the process is all that is left to do.
            }

            ExitNow(CliApp.ExitUsage);
        }
    }

    [DllImport("libc", EntryPoint = "_exit")]
    private static extern void ExitNow(int status);
}
