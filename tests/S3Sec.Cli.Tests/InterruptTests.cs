using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

/// <summary>The real executable, interrupted as a terminal's Ctrl-C interrupts it: SIGINT.</summary>
public sealed class InterruptTests
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    [Fact]
    public void CtrlC_DuringScan_SaysCancelledAndLeavesNoReport()
    {
        // SIGINT is a Unix signal; CI runs on Linux, where this test always runs.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // A hundred puts per file: with one, the 150 projects were analysed within about a second of being listed,
        // and on a loaded CI machine the scan finished (exit 1) before the signal arrived. This way the analysis
        // after the listing takes seconds, and the signal lands inside it.
        var uploader = new StringBuilder("using Amazon.S3;\nusing Amazon.S3.Model;\n\npublic class Uploader\n{\n");
        for (var j = 0; j < 100; j++)
        {
            uploader.Append($"    public void Upload{j}(IAmazonS3 s3) => ")
                .Append($"s3.PutObjectAsync(new PutObjectRequest {{ BucketName = \"b\", Key = \"k{j}\" }});\n");
        }

        uploader.Append("}\n");
        using var tree = new TempTree();
        for (var i = 0; i < 150; i++)
        {
            // One project each, so the scan has many compilations to build after it has listed them.
            tree.Write($"P{i}/P{i}.csproj", Sources.Project("4.1.0.1"));
            tree.Write($"P{i}/Uploader.cs", uploader.ToString());
        }

        var report = Path.Combine(tree.Root, "report.sarif");
        using var scan = StartScan(
            "INT",
            ["scan", tree.Root, "-v", "--format", "sarif", "--output", report],
            // The first project line comes once every file is read and before any project is analysed.
            line => line.Contains("file(s); AWSSDK.S3", StringComparison.Ordinal));
        var (process, error, listed) = (scan.Process, scan.Error, scan.Marked);
        var output = process.StandardOutput.ReadToEndAsync();

        if (!listed.Wait(TimeSpan.FromSeconds(60)))
        {
            Assert.Fail("the scan never listed its projects: " + Read(error));
        }

        Assert.Equal(0, Kill(process.Id, SigInt));
        Assert.True(process.WaitForExit(60_000), "still running a minute after Ctrl-C");
        process.WaitForExit();

        Assert.True(
            process.ExitCode == 2,
            $"exit code {process.ExitCode}, not 2; signals ignored by the test host: {IgnoredSignals()}; "
                + Read(error));
        Assert.Contains("s3sec: cancelled", Read(error));
        Assert.DoesNotContain("   at ", Read(error));
        Assert.Equal(string.Empty, output.Result);
        Assert.False(File.Exists(report), "Ctrl-C left a report file behind");
    }

    [Fact]
    public void Sigterm_DuringFix_SaysCancelledAndListsTheFilesItHadRewritten()
    {
        // SIGTERM is what a CI runner's timeout, `docker stop` or systemd send; Unix only, and CI runs on Linux.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var tree = new TempTree();
        var uploader = ManyPuts();
        var sources = Enumerable.Range(0, 150)
            .Select(i =>
            {
                tree.Write($"P{i}/P{i}.csproj", Sources.Project("4.1.0.1"));
                return tree.Write($"P{i}/Uploader.cs", uploader);
            })
            .ToList();
        using var scan = StartScan(
            "TERM", ["scan", tree.Root, "-v", "--fix"], line => line.EndsWith(": fixed", StringComparison.Ordinal));
        var (process, error, fixedOne) = (scan.Process, scan.Error, scan.Marked);
        var output = process.StandardOutput.ReadToEndAsync();

        if (!fixedOne.Wait(TimeSpan.FromSeconds(120)))
        {
            Assert.Fail("the scan never fixed a file: " + Read(error));
        }

        Assert.Equal(0, Kill(process.Id, SigTerm));
        Assert.True(process.WaitForExit(60_000), "still running a minute after SIGTERM");
        process.WaitForExit();

        var text = Read(error);
        Assert.True(process.ExitCode == 2, $"exit code {process.ExitCode}, not 2; {text}");
        var rewritten = sources.Where(f => File.ReadAllText(f) != uploader).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(rewritten);
        Assert.True(rewritten.Count < sources.Count, "every file was fixed before SIGTERM arrived");
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var cancelled = Array.IndexOf(lines, "s3sec: cancelled");
        Assert.True(cancelled >= 0, text);
        var count = rewritten.Count == 1 ? "1 file" : $"{rewritten.Count} files";
        Assert.Equal(
            new[] { $"s3sec: --fix had rewritten {count}, which stay fixed:" }.Concat(rewritten),
            lines.Skip(cancelled + 1).Where(l => l.Length > 0));
        Assert.Equal(string.Empty, output.Result);

        // Each fix goes through a temporary file beside its source; the cancelled run must have removed every one.
        Assert.Empty(Directory.GetFiles(tree.Root, "*" + S3Sec.Cli.Storage.FileReplacement.TemporarySuffix,
            SearchOption.AllDirectories));
    }

    [Fact]
    public void Sigterm_ScanThatCannotStop_IsEndedAfterTheGrace()
    {
        // A report written to a pipe nobody reads blocks where no cancellation reaches (`s3sec ... | consumer` with
        // a stalled consumer), and `timeout` sends one SIGTERM and no more: the process must end itself. Unix only
        // (signals); CI runs on Linux.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var tree = new TempTree();
        var uploader = new StringBuilder("using Amazon.S3;\nusing Amazon.S3.Model;\n\npublic class Uploader\n{\n");
        for (var j = 0; j < 2000; j++)
        {
            // Each finding is a report line of over 100 bytes: far more than a pipe's 64 KiB buffer.
            uploader.Append($"    public void Upload{j}(IAmazonS3 s3) => ")
                .Append($"s3.PutObjectAsync(new PutObjectRequest {{ BucketName = \"b\", Key = \"k{j}\" }});\n");
        }

        tree.Write("Uploader.cs", uploader.Append("}\n").ToString());
        using var scan = StartScan(
            "TERM",
            ["scan", tree.Root, "-v"],
            // The last line before the report is written (to standard output, which this test never reads).
            line => line.StartsWith("s3sec: scanned 1 file(s) in", StringComparison.Ordinal));
        var (process, error, reporting) = (scan.Process, scan.Error, scan.Marked);

        if (!reporting.Wait(TimeSpan.FromSeconds(120)))
        {
            Assert.Fail("the scan never finished its analysis: " + Read(error));
        }

        Thread.Sleep(500);
        Assert.Equal(0, Kill(process.Id, SigTerm));
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("still running a minute after SIGTERM: " + Read(error));
        }

        process.WaitForExit();
        var text = Read(error);
        Assert.True(process.ExitCode == 2, $"exit code {process.ExitCode}, not 2; {text}");
        Assert.Contains("s3sec: cancelled; still running 5 s after SIGTERM, so stopped at once", text);
    }

    /// <summary>A hundred unencrypted puts: analysing and fixing each project takes long enough to be interrupted.
    /// </summary>
    private static string ManyPuts()
    {
        var uploader = new StringBuilder("using Amazon.S3;\nusing Amazon.S3.Model;\n\npublic class Uploader\n{\n");
        for (var j = 0; j < 100; j++)
        {
            uploader.Append($"    public void Upload{j}(IAmazonS3 s3) => ")
                .Append($"s3.PutObjectAsync(new PutObjectRequest {{ BucketName = \"b\", Key = \"k{j}\" }});\n");
        }

        return uploader.Append("}\n").ToString();
    }

    /// <summary>The test host's ignored-signal mask (Linux), for the failure message.</summary>
    private static string IgnoredSignals()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return "unknown";
        }

        foreach (var line in File.ReadLines(status))
        {
            if (line.StartsWith("SigIgn:", StringComparison.Ordinal))
            {
                return line;
            }
        }

        return "unknown";
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>
    /// Starts <c>s3sec</c> with <paramref name="signal"/> at its default disposition and collects its standard error;
    /// <see cref="RunningScan.Marked"/> is set at the first line <paramref name="marks"/> accepts. Standard output is
    /// left to the caller.
    /// </summary>
    private static RunningScan StartScan(string signal, string[] arguments, Func<string, bool> marks)
    {
        // Through env --default-signal: a parent that ignores the signal (a background CI job, a build node) passes
        // the ignore on to its children, and .NET keeps an inherited ignore, so the scan would never see it. A
        // terminal's foreground process has the default disposition; so does this one.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=" + signal);
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "s3sec.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var scan = new RunningScan(process, new StringBuilder(), new ManualResetEventSlim());
        process.ErrorDataReceived += (_, e) =>
        {
            lock (scan.Error)
            {
                scan.Error.AppendLine(e.Data);
            }

            if (e.Data is { } line && marks(line))
            {
                scan.Marked.Set();
            }
        };
        process.BeginErrorReadLine();
        return scan;
    }

    private sealed record RunningScan(Process Process, StringBuilder Error, ManualResetEventSlim Marked) : IDisposable
    {
        public void Dispose()
        {
            Process.Dispose();
            Marked.Dispose();
        }
    }

    /// <summary>The error text so far: the output handler appends on another thread until the process ends.</summary>
    private static string Read(StringBuilder error)
    {
        lock (error)
        {
            return error.ToString();
        }
    }
}
