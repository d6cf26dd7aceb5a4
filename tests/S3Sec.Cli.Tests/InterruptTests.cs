using System;
using System.Diagnostics;
using System.IO;
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
        // Through env --default-signal: a parent that ignores SIGINT (a background CI job, a build node) passes the
        // ignore on to its children, and .NET keeps an inherited ignore, so the scan would never see the signal.
        // A terminal's foreground process has the default disposition; so does this one.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "s3sec.dll"), "scan", tree.Root, "-v" })
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--format");
        start.ArgumentList.Add("sarif");
        start.ArgumentList.Add("--output");
        start.ArgumentList.Add(report);

        using var process = Process.Start(start)!;
        var error = new StringBuilder();
        var listed = new ManualResetEventSlim();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (error)
            {
                error.AppendLine(e.Data);
            }

            // The first project line comes once every file is read and before any project is analysed.
            if (e.Data?.Contains("file(s); AWSSDK.S3", StringComparison.Ordinal) == true)
            {
                listed.Set();
            }
        };
        process.BeginErrorReadLine();
        var output = process.StandardOutput.ReadToEndAsync();

        Assert.True(listed.Wait(TimeSpan.FromSeconds(60)), "the scan never listed its projects: " + error);
        Assert.Equal(0, Kill(process.Id, SigInt));
        Assert.True(process.WaitForExit(60_000), "still running a minute after Ctrl-C");
        process.WaitForExit();

        Assert.True(
            process.ExitCode == 2,
            $"exit code {process.ExitCode}, not 2; signals ignored by the test host: {IgnoredSignals()}; {error}");
        Assert.Contains("s3sec: cancelled", error.ToString());
        Assert.DoesNotContain("   at ", error.ToString());
        Assert.Equal(string.Empty, output.Result);
        Assert.False(File.Exists(report), "Ctrl-C left a report file behind");
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
}
