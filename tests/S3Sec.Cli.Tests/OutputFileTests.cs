using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

public sealed class OutputFileTests
{
    [Fact]
    public void Output_WritesOnlyThatFile()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        using var reports = new TempTree();
        var before = AllEntries(tree.Root);
        var report = Path.Combine(reports.Root, "report.sarif");

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q", "--format", "sarif", "--output", report);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Equal(new[] { report }, Directory.GetFileSystemEntries(reports.Root));
        Assert.Equal(before, AllEntries(tree.Root));
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        Assert.Equal(1, json.RootElement.GetProperty("runs")[0].GetProperty("results").GetArrayLength());
    }

    [Fact]
    public void Output_DevNull_IsAcceptedLikeAFile()
    {
        // /dev/null is a Unix device; CI runs on Linux, where this test always runs.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q", "--format", "json", "--output", "/dev/null");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    [InlineData("sarif")]
    public void Output_FullDevice_IsAnErrorOfTheMachineNotAnInternalOne(string format)
    {
        // Text and JSON reports are smaller than the stream's buffer: its second flush, when the stream was closed,
        // used to replace the error that names the report with the system's bare message.
        if (!File.Exists("/dev/full"))
        {
            return;
        }

        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q", "--format", format, "--output", "/dev/full");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("s3sec: error: cannot write the report to '/dev/full': ", result.Error);
        Assert.Contains("No space left on device", result.Error);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("internal error", result.Error);
    }

    [Fact]
    public void Output_FileSizeLimitReachedMidway_KeepsTheOldReport()
    {
        // A disk that fills while the report is written, made real with a file size limit (`ulimit -f`, counted in
        // KiB) on the executable: written in place, the old report was truncated and then cut at the limit. The
        // SIGXFSZ ignore makes the write fail with EFBIG instead of killing the process; W^X off, as the runtime's
        // double-mapped code pages need a file larger than the limit. Unix only, as CI is.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tree = new TempTree();
        for (var i = 0; i < 30; i++)
        {
            tree.Write($"src/U{i}.cs", Sources.UnencryptedPut.Replace("class Uploader", $"class Uploader{i}"));
        }

        var report = tree.Write("report.json", "{ \"old\": true }\n");
        var start = new System.Diagnostics.ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["DOTNET_EnableWriteXorExecute"] = "0" },
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("trap '' XFSZ; ulimit -f 4; exec dotnet \"$0\" scan \"$1\" -q -f json -o \"$2\"");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "s3sec.dll"));
        start.ArgumentList.Add(tree.PathOf("src"));
        start.ArgumentList.Add(report);

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(
            $"s3sec: error: cannot write the report to '{report}': larger than the system allows a file to be\n",
            error);
        Assert.Equal(2, process.ExitCode);
        Assert.Equal(string.Empty, output.Result);
        Assert.Equal("{ \"old\": true }\n", File.ReadAllText(report));
        Assert.Equal(new[] { "report.json", "src" }, Directory.GetFileSystemEntries(tree.Root)
            .Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("/dev/stdout")]
    [InlineData("/dev/fd/1")]
    [InlineData("/proc/self/fd/1")]
    public void Output_StandardOutputByName_KeepsWhatTheShellWritesAroundIt(string name)
    {
        // Opened by name, standard output's file was opened anew: the report went in by rename (or at offset 0),
        // and the shell's own lines before and after it were lost.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tree = new TempTree();
        tree.Write("src/Uploader.cs", Sources.UnencryptedPut);
        var captured = tree.PathOf("out.txt");
        var start = new System.Diagnostics.ProcessStartInfo("bash")
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(
            "{ echo header; dotnet \"$0\" scan \"$1\" -q -f json -o \"$2\"; echo \"exit $?\"; echo footer; } > \"$3\"");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "s3sec.dll"));
        start.ArgumentList.Add(tree.PathOf("src"));
        start.ArgumentList.Add(name);
        start.ArgumentList.Add(captured);

        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(string.Empty, error);
        var text = File.ReadAllText(captured);
        Assert.StartsWith("header\n{\n  \"schemaVersion\": 1", text);
        Assert.EndsWith("}\nexit 1\nfooter\n", text);
        Assert.Equal(new[] { "out.txt", "src" }, Directory.GetFileSystemEntries(tree.Root)
            .Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Output_ExistingFile_IsReplaced()
    {
        using var tree = new TempTree();
        tree.Write("Calculator.cs", Sources.NoS3);
        var report = tree.Write("out/report.txt", new string('x', 10_000));

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q", "-o", report);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("No findings in 1 file (1 project).", File.ReadAllText(report).Trim());
    }

    [Theory]
    [InlineData("s3sec.sarif", "\"version\": \"2.1.0\"")]
    [InlineData("REPORT.SARIF", "\"version\": \"2.1.0\"")]
    [InlineData("s3sec.json", "\"schemaVersion\": 1")]
    public void Output_WithoutFormat_TakesTheFormatItsNameSays(string name, string marker)
    {
        using var tree = new TempTree();
        tree.Write("src/Uploader.cs", Sources.UnencryptedPut);
        var report = tree.PathOf(name);

        var result = CliRunner.Run(tree.Root, "scan", tree.PathOf("src"), "-q", "-o", report);

        Assert.Equal(1, result.ExitCode);
        var written = File.ReadAllText(report);
        Assert.Contains(marker, written);
        using var json = JsonDocument.Parse(written);
    }

    [Fact]
    public void Output_ExplicitFormat_WinsOverTheName()
    {
        using var tree = new TempTree();
        tree.Write("src/Uploader.cs", Sources.UnencryptedPut);
        var report = tree.PathOf("s3sec.sarif");

        var result = CliRunner.Run(tree.Root, "scan", tree.PathOf("src"), "-q", "-o", report, "-f", "text");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Uploader.cs(", File.ReadAllText(report));
    }

    [Fact]
    public void Output_FolderDoesNotExist_ExitsWith2()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        var report = Path.Combine(tree.Root, "missing", "report.json");

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-o", report);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot write the report", result.Error);
        Assert.False(Directory.Exists(tree.PathOf("missing")));
    }

    [Fact]
    public void Output_IsAFolder_ExitsWith2()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-o", tree.Root);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("it is a folder", result.Error);
    }

    [Theory]
    [InlineData("Uploader.cs")]
    [InlineData("App.csproj")]
    [InlineData("App.SLN")]
    [InlineData(".editorconfig")]
    [InlineData("Directory.Build.props")]
    [InlineData("Index.razor")]
    [InlineData("Module.vb")]
    public void Output_NamedLikeASourceOrProject_IsRefused_AndTheFileKept(string name)
    {
        using var tree = new TempTree();
        var source = tree.Write(name, Sources.UnencryptedPut);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q", "--format", "json", "-o", source);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot write the report to", result.Error);
        Assert.Contains("choose a .txt, .json or .sarif file", result.Error);
        Assert.Equal(Sources.UnencryptedPut, File.ReadAllText(source));
    }

    [Theory]
    [InlineData("global.json")]
    [InlineData("NuGet.Config")]
    [InlineData("packages.lock.json")]
    [InlineData(".config/dotnet-tools.json")]
    [InlineData("App.config")]
    [InlineData("Team.ruleset")]
    public void Output_NamedLikeABuildConfigurationFile_IsRefused_AndTheFileKept(string name)
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        const string Content = "{ \"sdk\": { \"version\": \"10.0.100\" } }";
        var file = tree.Write(name, Content);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q", "-o", file);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            $"s3sec: error: cannot write the report to '{file}': the .NET SDK, NuGet or MSBuild reads that name; "
                + "choose another, such as s3sec.json or s3sec.sarif\n",
            result.Error.ReplaceLineEndings("\n"));
        Assert.Equal(Content, File.ReadAllText(file));
    }

    [Fact]
    public void Output_Pipe_ReceivesTheReport()
    {
        // A named pipe stands for `-o /dev/stdout` in a pipeline: neither has a length. Unix only, as CI is.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        AssertScanIntoPipe(pipe => System.Threading.Tasks.Task.Run(() => File.ReadAllText(pipe)));
    }

    [Fact]
    public void Output_PipeWithoutReader_FailsClearlyInsteadOfWaitingForever()
    {
        // Opening a FIFO for writing blocks until a reader opens it: a CI job whose reader never started hung until
        // its timeout. Unix only (Windows has no FIFOs in the file system, and its named pipes never block an open).
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var tree = TreeWithPipe(out var pipe);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var scan = System.Threading.Tasks.Task.Run(
            () => CliRunner.Run(tree.Root, "scan", tree.Root, "-q", "--format", "json", "--output", pipe));

        var finished = scan.Wait(TimeSpan.FromSeconds(60));
        if (!finished)
        {
            // Release the scan's thread, blocked in open(), before failing.
            using var release = new FileStream(pipe, FileMode.Open, FileAccess.Read);
        }

        Assert.True(finished, "the scan still waits for a reader of the pipe after a minute");
        Assert.Equal(2, scan.Result.ExitCode);
        Assert.Equal(
            $"s3sec: error: cannot write the report to '{pipe}': no process opened it for reading within 5 s (a named "
                + "pipe needs its reader started before or with the scan)\n",
            scan.Result.Error.ReplaceLineEndings("\n"));
        Assert.Equal(string.Empty, scan.Result.Output);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(5), "gave up before a late reader could open the pipe");
        Assert.True(File.Exists(pipe), "the pipe was removed");
    }

    [Fact]
    public void Output_Dash_IsStandardOutput_NotAFileNamedDash()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q", "--format", "json", "-o", "-");

        Assert.Equal(1, result.ExitCode);
        Assert.False(File.Exists(Path.Combine(tree.Root, "-")), "wrote a file named '-'");
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(1, json.RootElement.GetProperty("findings").GetArrayLength());
    }

    [Fact]
    public void Output_UnixSocket_FailsAtOnce()
    {
        // open() answers a socket with ENXIO, as it answers a pipe without a reader: the scan waited out the pipe's
        // 5 s for a reader that cannot come. Unix only; CI runs on Linux, where this test always runs.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        var path = Path.Combine(tree.Root, "report.sock");
        using var socket = new System.Net.Sockets.Socket(
            System.Net.Sockets.AddressFamily.Unix,
            System.Net.Sockets.SocketType.Stream,
            System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q", "--output", path);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"took {watch.Elapsed.TotalSeconds:0.0} s to fail");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            $"s3sec: error: cannot write the report to '{path}': it is a socket (or a device with no driver), which "
                + "cannot be opened as a file\n",
            result.Error.ReplaceLineEndings("\n"));
        Assert.Equal(string.Empty, result.Output);
        Assert.True(File.Exists(path), "the socket was removed");
    }

    [Fact]
    public void Output_PipeWhoseReaderOpensLate_ReceivesTheReport()
    {
        // `s3sec ... -o p & consumer < p`: the consumer may open the pipe a moment after the scan starts.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        AssertScanIntoPipe(pipe => System.Threading.Tasks.Task.Run(async () =>
        {
            await System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(1));
            return await File.ReadAllTextAsync(pipe);
        }));
    }

    /// <summary>
    /// Scans a tree with one unencrypted write, with the JSON report sent to a named pipe that the reader started by
    /// <paramref name="startReader"/> reads: the scan succeeds and the reader gets the whole report.
    /// </summary>
    private static void AssertScanIntoPipe(Func<string, System.Threading.Tasks.Task<string>> startReader)
    {
        using var tree = TreeWithPipe(out var pipe);
        var reader = startReader(pipe);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q", "--format", "json", "--output", pipe);

        Assert.Equal(string.Empty, result.Error);
        Assert.Equal(1, result.ExitCode);
        Assert.True(reader.Wait(TimeSpan.FromSeconds(30)));
        using var json = JsonDocument.Parse(reader.Result);
        Assert.Equal(1, json.RootElement.GetProperty("findings").GetArrayLength());
    }

    /// <summary>A tree with one unencrypted write and a named pipe, <c>report.pipe</c>, beside it.</summary>
    private static TempTree TreeWithPipe(out string pipe)
    {
        var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        pipe = tree.PathOf("report.pipe");
        Assert.Equal(0, MakeFifo(pipe, Convert.ToInt32("600", 8)));
        return tree;
    }

    [Theory]
    [InlineData("Uploader.cs")]
    [InlineData("global.json")]
    public void Output_LinkToASource_IsRefused_AndTheSourceKept(string target)
    {
        using var tree = new TempTree();
        var source = tree.Write(target, Sources.UnencryptedPut);
        var link = tree.PathOf("report.json");
        File.CreateSymbolicLink(link, target);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q", "--format", "json", "-o", link);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(
            "cannot write the report to '" + link + "': it links to '" + target + "', a source, project or "
                + "configuration file; choose a .txt, .json or .sarif file",
            result.Error);
        Assert.Equal(Sources.UnencryptedPut, File.ReadAllText(source));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo(string path, int mode);

    private static string[] AllEntries(string root)
    {
        return Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories).Order().ToArray();
    }
}
