using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

/// <summary>
/// Hostile inputs: each gets one clear line on standard error and the right exit code, the rest of the scan still
/// runs, and the scanned tree is left exactly as it was.
/// </summary>
public sealed class RobustnessTests
{
    private const long FiftyMegabytes = 50L * 1024 * 1024;

    [Theory]
    [InlineData(".editorconfig", "")]
    [InlineData("App.csproj", "")]
    [InlineData("Directory.Build.props", "App.csproj")]
    [InlineData("App.sln", "App.sln")]
    public void Scan_FifoNamedAsAConfigProjectOrSolution_DoesNotBlock(string fifo, string entry)
    {
        // Opening a FIFO for reading waits for a writer, where no Ctrl-C reaches: the scan hung until killed.
        // Unix only (mkfifo); CI runs on Linux.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        if (fifo != "App.csproj" && entry == "App.csproj")
        {
            tree.Write("App.csproj", Sources.Project("4.1.0.1"));
        }

        using (var mkfifo = Process.Start("mkfifo", Path.Combine(tree.Root, fifo)))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var path = entry.Length == 0 ? tree.Root : Path.Combine(tree.Root, entry);
        var scan = System.Threading.Tasks.Task.Run(
            () => CliRunner.Run(tree.Root, "scan", path, "-q", "--loader", "loose"));
        if (!scan.Wait(TimeSpan.FromSeconds(60)))
        {
            // Release the scan's thread, blocked in open(), before failing.
            using (new FileStream(Path.Combine(tree.Root, fifo), FileMode.Open, FileAccess.Write))
            {
            }

            Assert.Fail("the scan still waits on the FIFO after a minute");
        }

        Assert.Equal(1, scan.Result.ExitCode);
        Assert.Contains("Uploader.cs(8,23): warning S3SEC001", scan.Result.Output);
        Assert.DoesNotContain("   at ", scan.Result.Error);
    }

    [Fact]
    public void Scan_FiftyMegabyteFile_IsSkippedByTheDefaultLimit()
    {
        using var tree = new TempTree();
        WriteHugeFile(tree, "Generated/Huge.cs", Sources.NoS3);
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        var before = TreeSnapshot.Take(tree.Root);

        var result = CliRunner.Scan(tree);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "s3sec: warning: Generated/Huge.cs: larger than the 10 MB limit (--max-file-size); not scanned",
            result.Error.TrimEnd());
        Assert.Contains("Uploader.cs(8,23): warning S3SEC001", result.Output);
        Assert.Empty(TreeSnapshot.Take(tree.Root).ChangedSince(before));
    }

    [Fact]
    public void Scan_NamespaceNameTooDeepToCompile_IsSkipped_AndTheRestScanned()
    {
        // 100,000 parts overflowed the compiler's stack and ended the process ("Stack overflow.", exit 134).
        using var tree = new TempTree();
        var name = string.Join(".", Enumerable.Repeat("N", 100_000));
        tree.Write("Deep.cs", $"namespace {name} {{ public class Deep {{ }} }}");
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "s3sec: warning: Deep.cs: declares a namespace name of 100000 parts, more than the compiler can take "
            + "safely (10000); not scanned",
            result.Error.TrimEnd());
        Assert.Contains("Uploader.cs(8,23): warning S3SEC001", result.Output);
    }

    [Fact]
    public void Scan_FileNameWithLineBreak_IsOneEscapedLineOfTheTextReport()
    {
        // A name that breaks the line wrote "Fake.cs(1,1): error S3SEC999: spoofed" as a line of its own, which a CI
        // log parser takes for a finding.
        using var tree = new TempTree();
        tree.Write("a\nFake.cs(1,1): error S3SEC999: spoofed\nUploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree);

        Assert.Equal(1, result.ExitCode);
        var lines = result.Output.ReplaceLineEndings("\n").Split('\n');
        Assert.DoesNotContain(lines, l => l.StartsWith("Fake.cs", StringComparison.Ordinal));
        Assert.Contains(
            "a\\u000AFake.cs(1,1): error S3SEC999: spoofed\\u000AUploader.cs(8,23): warning S3SEC001: ", result.Output);
    }

    [Fact]
    public void Scan_FileNameWithTerminalEscape_ReachesNeitherReportNorStandardErrorRaw()
    {
        using var tree = new TempTree();
        tree.Write("red\u001b[31m.cs", Sources.UnencryptedPut);
        File.WriteAllBytes(Path.Combine(tree.Root, "title\u001b]0;pwned\u0007.cs"), new byte[] { 0, 1, 2 });

        var result = CliRunner.Scan(tree);

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain('\u001b', result.Output);
        Assert.DoesNotContain('\u001b', result.Error);
        Assert.DoesNotContain('\u0007', result.Error);
        Assert.Contains("red\\u001B[31m.cs(8,23): warning S3SEC001", result.Output);
        Assert.Contains("s3sec: warning: title\\u001B]0;pwned\\u0007.cs: contains NUL bytes", result.Error);
    }

    [Fact]
    public void Scan_HugeEditorConfig_IsIgnoredWithAWarning_NotReadWhole()
    {
        // 3 GB of a sparse .editorconfig took 4 GB of memory and failed the project with OutOfMemoryException.
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        using (var config = File.Create(Path.Combine(tree.Root, ".editorconfig")))
        {
            config.SetLength(3L * 1024 * 1024 * 1024);
        }

        var result = CliRunner.Scan(tree);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "s3sec: warning: .editorconfig: cannot be read (3 GB, more than the 16 MB a configuration or solution file "
            + "is read up to); its settings are ignored",
            result.Error.TrimEnd());
        Assert.Contains("Uploader.cs(8,23): warning S3SEC001", result.Output);
    }

    [Fact]
    public void Scan_DeeplyNestedBlocks_AreScannedByTheExecutable()
    {
        // The executable, not the in-process runner: the stack size of its threads is set in its runtimeconfig.
        // Nested blocks of this depth compile in a build; the scan ended with "Stack overflow." (exit 134).
        using var tree = new TempTree();
        tree.Write("Nested.cs", "using Amazon.S3;\nusing Amazon.S3.Model;\nclass Nested\n{\n"
            + "    async System.Threading.Tasks.Task M(IAmazonS3 s3)\n    {\n"
            + string.Concat(Enumerable.Repeat("if (true) { ", 5_000)) + string.Concat(Enumerable.Repeat(" }", 5_000))
            + "\n"
            + "        await s3.PutObjectAsync(new PutObjectRequest());\n    }\n}\n");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
            { Path.Combine(AppContext.BaseDirectory, "s3sec.dll"), "scan", tree.Root, "-q", "--loader", "loose" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        var stderr = error.Result;
        Assert.True(process.ExitCode == 1, $"exit {process.ExitCode}: {stderr[..Math.Min(300, stderr.Length)]}");
        Assert.Contains("Nested.cs(8,", output);
        Assert.Contains("warning S3SEC001", output);
    }

    [Fact]
    public void Scan_NamespaceNameTooDeepInsideALongNamespaceName_IsSkipped_AndTheRestScanned()
    {
        // The declarations are indexed 64 parts deep; the inner name was not measured, and the process overflowed.
        using var tree = new TempTree();
        var outer = string.Join(".", Enumerable.Repeat("O", 70));
        var inner = string.Join(".", Enumerable.Repeat("N", 80_000));
        tree.Write("Deep.cs", $"namespace {outer} {{ namespace {inner} {{ public class Deep {{ }} }} }}");
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "s3sec: warning: Deep.cs: declares a namespace name of 80070 parts, more than the compiler can take "
            + "safely (10000); not scanned",
            result.Error.TrimEnd());
        Assert.Contains("Uploader.cs(8,23): warning S3SEC001", result.Output);
    }

    [Fact]
    public void Scan_FiftyMegabyteFile_WithRaisedLimit_IsScannedWithinMemoryBounds()
    {
        using var tree = new TempTree();
        WriteHugeFile(tree, "Huge.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree, "--max-file-size", "64M");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        Assert.Contains("Huge.cs(8,23): warning S3SEC001", result.Output);

        // Measured at about 450 MB for the whole scanner process; a copy of the text per analyzer would blow this.
        Assert.True(
            Process.GetCurrentProcess().PeakWorkingSet64 < 1536L * 1024 * 1024,
            "peak working set " + Process.GetCurrentProcess().PeakWorkingSet64);
    }

    [Fact]
    public void Scan_PathIsATextFile_ExitsWith2WithOneLine()
    {
        using var tree = new TempTree();
        var notes = tree.Write("notes.txt", "not C#");
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        var before = TreeSnapshot.Take(tree.Root);

        var result = CliRunner.Run(tree.Root, "scan", notes, "-q");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            $"s3sec: error: '{notes}' is not a folder, a .cs file, a .csproj project or a .sln/.slnx solution",
            result.Error.TrimEnd());
        Assert.Equal(string.Empty, result.Output);
        Assert.Empty(TreeSnapshot.Take(tree.Root).ChangedSince(before));
    }

    [Fact]
    public void Scan_ProjectFileThatDoesNotParse_GivenAsPath_WarnsAndScansItsFolder()
    {
        using var tree = new TempTree();
        var project = tree.Write("App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup>");
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        var before = TreeSnapshot.Take(tree.Root);

        var result = CliRunner.Run(tree.Root, "scan", project, "-q", "--loader", "loose");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("s3sec: warning: App.csproj: cannot be read as MSBuild XML (", result.Error);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.Contains("Uploader.cs(8,23): warning S3SEC001", result.Output);
        Assert.Empty(TreeSnapshot.Take(tree.Root).ChangedSince(before));
    }

    [Fact]
    public void Fix_SymbolicLinkLoop_WritesTheRealFileOnce()
    {
        using var tree = new TempTree();
        tree.Write("app/Uploader.cs", Sources.UnencryptedPut);
        Directory.CreateSymbolicLink(tree.PathOf("app/loop"), tree.PathOf("app"));
        var before = TreeSnapshot.Take(tree.Root);

        var result = CliRunner.Scan(tree, "--fix");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("s3sec: warning: app/loop: symbolic link loop", result.Error);
        Assert.Contains("s3sec: fixed 1 finding in 1 file; 0 findings remain", result.Error);
        Assert.Equal(new[] { Path.Combine("app", "Uploader.cs") }, TreeSnapshot.Take(tree.Root).ChangedSince(before));
    }

    [Fact]
    public void Fix_WithOutputInMissingFolder_ExitsWith2AndFixesNothing()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        var before = TreeSnapshot.Take(tree.Root);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "--fix", "-o", tree.PathOf("missing/report.sarif"));

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.Empty(TreeSnapshot.Take(tree.Root).ChangedSince(before));
    }

    /// <summary><paramref name="source"/> followed by comment lines up to 50 MB.</summary>
    private static void WriteHugeFile(TempTree tree, string relative, string source)
    {
        var path = tree.PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 20);
        writer.Write(source);
        writer.Write('\n');
        const string padding = "// padding that makes the file large without making it hard to parse\n";
        for (long written = source.Length; written < FiftyMegabytes; written += padding.Length)
        {
            writer.Write(padding);
        }
    }
}
