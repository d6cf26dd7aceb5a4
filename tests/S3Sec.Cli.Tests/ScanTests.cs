using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

public sealed class ScanTests
{
    [Fact]
    public void Scan_UnencryptedPut_ReportsFindingWithFileAndLine()
    {
        using var tree = new TempTree();
        tree.Write("src/Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree);

        Assert.Contains("src/Uploader.cs(8,23): warning S3SEC001: PutObjectRequest writes an object", result.Output);
    }

    [Fact]
    public void Scan_Findings_PrintsSummaryPerRuleAndTotal()
    {
        using var tree = new TempTree();
        tree.Write("A.cs", Sources.UnencryptedPut);
        tree.Write("B.cs", Sources.UnencryptedPut.Replace("class Uploader", "class OtherUploader"));

        var result = CliRunner.Scan(tree);

        Assert.Contains("S3SEC001  2  Object written without server-side encryption", result.Output);
        Assert.Contains("2 findings (2 warnings) in 2 of 2 files (1 project).", result.Output);
    }

    [Fact]
    public void Scan_ClientFromTheServiceProvider_IsKnown()
    {
        // A request-less copy is reported only on a client known to be a plain S3 client; a client taken from
        // the service provider is known only when the provider's extension methods resolve.
        using var tree = new TempTree();
        tree.Write("Mover.cs", """
            using System;
            using System.Threading.Tasks;
            using Amazon.S3;
            using Microsoft.Extensions.DependencyInjection;

            public class Mover
            {
                public Task Move(IServiceProvider services)
                {
                    var s3 = services.GetRequiredService<IAmazonS3>();
                    return s3.CopyObjectAsync("source", "a", "target", "b");
                }
            }
            """);

        var result = CliRunner.Scan(tree);

        Assert.Contains("Mover.cs(11,16): warning S3SEC001", result.Output);
    }

    [Fact]
    public void Scan_WarningFinding_ExitsWith1()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree);

        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public void Scan_EncryptedWrite_ExitsWith0()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.SseS3Put);

        var result = CliRunner.Scan(tree);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("No findings in 1 file (1 project).", result.Output);
    }

    [Fact]
    public void Scan_MissingPath_ExitsWith2()
    {
        using var tree = new TempTree();

        var result = CliRunner.Run(tree.Root, "scan", "does-not-exist");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("s3sec: error: path 'does-not-exist' does not exist", result.Error.TrimEnd());
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public void Scan_NoPath_ScansSamplesFolderOfWorkingDirectory()
    {
        using var tree = new TempTree();
        tree.Write("samples/Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Run(tree.Root, "scan", "-q");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Uploader.cs(8,23): warning S3SEC001", result.Output);
    }

    [Fact]
    public void Scan_NoPathAndNoSamplesFolder_SaysTheDefaultWasUsedAndHowToNameAPath()
    {
        using var tree = new TempTree();
        tree.Write("App/Uploader.cs", Sources.UnencryptedPut);

        // An installed tool run in someone's repository: the default folder is the S3Sec repository's own.
        var result = CliRunner.Run(tree.Root, "scan");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            "s3sec: error: no PATH given, and the default folder 'samples' does not exist; name what to scan "
            + "(s3sec scan .)",
            result.Error.TrimEnd());
    }

    [Fact]
    public void Scan_EmptyFolder_ExitsWith0AndSaysNoCSharpFiles()
    {
        using var tree = new TempTree();
        tree.Write("README.md", "nothing to see");

        var result = CliRunner.Scan(tree);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("no C# files", result.Error);
    }

    [Fact]
    public void Scan_BinaryCsFile_WarnsAndScansTheRest()
    {
        using var tree = new TempTree();
        tree.WriteBytes("Blob.cs", new byte[] { 0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00 });
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("s3sec: warning: Blob.cs: contains NUL bytes", result.Error);
        Assert.Contains("Uploader.cs(8,23): warning S3SEC001", result.Output);
    }

    [Fact]
    public void Scan_InvalidUtf8_WarnsAndStillAnalysesTheFile()
    {
        using var tree = new TempTree();
        var bytes = Encoding.UTF8.GetBytes("// Caf\u00E9 owner: J\u00FCrgen\n" + Sources.UnencryptedPut).ToList();
        bytes.InsertRange(5, new byte[] { 0xC3, 0x28 });
        tree.WriteBytes("Uploader.cs", bytes.ToArray());

        var result = CliRunner.Scan(tree);

        Assert.Contains("s3sec: warning: Uploader.cs: not valid UTF-8", result.Error);
        Assert.Contains("Uploader.cs(9,23): warning S3SEC001", result.Output);
    }

    [Fact]
    public void Scan_Utf16WithByteOrderMark_IsRead()
    {
        using var tree = new TempTree();
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Sources.UnencryptedPut));
        tree.WriteBytes("Uploader.cs", bytes.ToArray());

        var result = CliRunner.Scan(tree);

        Assert.Equal(string.Empty, result.Error);
        Assert.Contains("Uploader.cs(8,23): warning S3SEC001", result.Output);
    }

    [Fact]
    public void Scan_FileOverSizeLimit_IsSkippedWithWarning()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        tree.Write("Small.cs", "class Small { }");

        var result = CliRunner.Scan(tree, "--max-file-size", "100");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("s3sec: warning: Uploader.cs: larger than the 100 bytes limit (--max-file-size)", result.Error);
    }

    [Fact]
    public void Scan_FileOverAOneByteLimit_SaysByte()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree, "--max-file-size", "1");

        Assert.Contains("s3sec: warning: Uploader.cs: larger than the 1 byte limit (--max-file-size)", result.Error);
    }

    [Theory]
    [InlineData(1L << 30, "1 GB")]
    [InlineData(8L << 30, "8 GB")]
    [InlineData(2048L << 20, "2 GB")]
    [InlineData(10L << 20, "10 MB")]
    [InlineData(1536L << 10, "1536 KB")]
    [InlineData(100L, "100 bytes")]
    public void SizeLimit_IsShownInTheLargestWholeUnit(long bytes, string shown)
    {
        Assert.Equal(shown, S3Sec.Cli.Discovery.SourceReader.Describe(bytes));
    }

    [Fact]
    public void Scan_FifoNamedCs_DoesNotBlock()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        Assert.Equal(0, MakeFifo(tree.PathOf("pipe.cs"), 0x1B6));

        var result = CliRunner.Scan(tree);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Uploader.cs(8,23): warning S3SEC001", result.Output);
    }

    [Fact]
    public void Scan_FifoNamedCs_IsSkippedWithAWarningLikeAFileTooLarge()
    {
        // It was taken for an empty source and counted as scanned. Linux only: elsewhere the type is not looked at.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        tree.Write("Large.cs", "class Large { }" + new string(' ', 2000));
        Assert.Equal(0, MakeFifo(tree.PathOf("pipe.cs"), 0x1B6));

        var result = CliRunner.Scan(tree, "-f", "json", "--max-file-size", "1K");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            new[]
            {
                "s3sec: warning: Large.cs: larger than the 1 KB limit (--max-file-size); not scanned",
                "s3sec: warning: pipe.cs: a named pipe (FIFO), not a regular file; not scanned",
            },
            result.Error.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        using var json = JsonDocument.Parse(result.Output);
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(3, summary.GetProperty("filesFound").GetInt32());
        Assert.Equal(1, summary.GetProperty("filesScanned").GetInt32());
        var warnings = json.RootElement.GetProperty("warnings").EnumerateArray()
            .Select(w => w.GetProperty("path").GetString())
            .Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "Large.cs", "pipe.cs" }, warnings);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo(string path, uint mode);

    [Fact]
    public void Scan_EveryFileSkipped_ExitsWith2()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree, "--max-file-size", "100");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("s3sec: error: none of the 1 C# file found could be scanned", result.Error);
    }

    [Fact]
    public void Scan_BuildOutputAndDependencyFolders_AreSkipped()
    {
        using var tree = new TempTree();
        tree.Write("bin/Debug/Uploader.cs", Sources.UnencryptedPut);
        tree.Write("obj/Uploader.cs", Sources.UnencryptedPut);
        tree.Write(".git/Uploader.cs", Sources.UnencryptedPut);
        tree.Write("node_modules/pkg/Uploader.cs", Sources.UnencryptedPut);
        tree.Write("Calculator.cs", Sources.NoS3);

        var result = CliRunner.Scan(tree);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("No findings in 1 file", result.Output);
    }

    [Fact]
    public void Scan_SymbolicLinkLoop_WarnsAndCompletes()
    {
        using var tree = new TempTree();
        tree.Write("app/Uploader.cs", Sources.UnencryptedPut);
        Directory.CreateSymbolicLink(tree.PathOf("app/loop"), tree.PathOf("app"));

        var result = CliRunner.Scan(tree);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("s3sec: warning: app/loop: symbolic link loop", result.Error);
        Assert.Single(result.Output.Split('\n'), l => l.Contains("S3SEC001:", StringComparison.Ordinal));
    }

    [Fact]
    public void Scan_LinkToFolderOutsideTree_IsSkippedWithAWarning()
    {
        // It used to be followed: the scan covered code it was not given, and --fix rewrote it (see below).
        using var outside = new TempTree();
        outside.Write("Uploader.cs", Sources.UnencryptedPut);
        using var tree = new TempTree();
        tree.Write("Calculator.cs", Sources.NoS3);
        Directory.CreateSymbolicLink(tree.PathOf("shared"), outside.Root);

        var result = CliRunner.Scan(tree);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("No findings in 1 file (1 project); 1 scan warning.", result.Output);
        Assert.Equal(
            $"s3sec: warning: shared: symbolic link to '{Canonical(outside.Root)}', outside the scanned folder; not "
                + "followed (scan a folder that holds both to include it)\n",
            result.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Fix_LinkToFolderOutsideTree_WritesNothingThere()
    {
        using var outside = new TempTree();
        var file = outside.Write("Uploader.cs", Sources.UnencryptedPut);
        using var tree = new TempTree();
        tree.Write("Calculator.cs", Sources.NoS3);
        Directory.CreateSymbolicLink(tree.PathOf("shared"), outside.Root);

        var result = CliRunner.Scan(tree, "--fix");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("outside the scanned folder; not followed", result.Error);
        Assert.Equal(Sources.UnencryptedPut, File.ReadAllText(file));
    }

    [Fact]
    public void Fix_FileLinkOutsideTree_IsSkippedAndItsTargetKept()
    {
        using var outside = new TempTree();
        var file = outside.Write("Uploader.cs", Sources.UnencryptedPut);
        using var tree = new TempTree();
        tree.Write("Calculator.cs", Sources.NoS3);
        File.CreateSymbolicLink(tree.PathOf("Uploader.cs"), file);

        var result = CliRunner.Scan(tree, "--fix", "-f", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var warning = json.RootElement.GetProperty("warnings").EnumerateArray().Single();
        Assert.Equal("Uploader.cs", warning.GetProperty("path").GetString());
        Assert.StartsWith(
            $"symbolic link to '{Canonical(file)}', outside the scanned folder; not followed",
            warning.GetProperty("message").GetString());
        Assert.Equal(Sources.UnencryptedPut, File.ReadAllText(file));
    }

    [Fact]
    public void Scan_FolderLinkInsideTree_ReportsTheRealFileOnce()
    {
        using var tree = new TempTree();
        tree.Write("app/Uploader.cs", Sources.UnencryptedPut);
        Directory.CreateSymbolicLink(tree.PathOf("alias"), tree.PathOf("app"));

        var result = CliRunner.Scan(tree);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        Assert.Equal(
            new[] { "app/Uploader.cs(8,23)" },
            result.Output.Split('\n').Where(l => l.Contains("S3SEC001:", StringComparison.Ordinal)).Select(l =>
                l.Substring(0, l.IndexOf(':', StringComparison.Ordinal))));
    }

    /// <summary>The path with links resolved, as warnings name a link target (the temp folder may be a link).</summary>
    private static string Canonical(string path) => S3Sec.Cli.Discovery.PathResolver.Canonicalize(path)!;

    [Fact]
    public void Scan_FileLinkToASourceInTheTree_ReportsTheRealFileOnce()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        File.CreateSymbolicLink(tree.PathOf("Alias.cs"), "Uploader.cs");

        var result = CliRunner.Scan(tree);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            new[] { "Uploader.cs(8,23)" },
            result.Output.Split('\n').Where(l => l.Contains("S3SEC001:", StringComparison.Ordinal)).Select(l =>
                l.Substring(0, l.IndexOf(':', StringComparison.Ordinal))));
    }

    [Fact]
    public void Fix_FileLinkToASourceInTheTree_FixesItOnceAndNothingRemains()
    {
        using var tree = new TempTree();
        var file = tree.Write("Uploader.cs", Sources.UnencryptedPut);
        File.CreateSymbolicLink(tree.PathOf("Alias.cs"), "Uploader.cs");

        var result = CliRunner.Scan(tree, "--fix");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("s3sec: fixed 1 finding in 1 file; 0 findings remain", result.Error);
        Assert.DoesNotContain("changed on disk", result.Error);
        Assert.Contains("ServerSideEncryptionMethod.AES256", File.ReadAllText(file));
    }

    [Fact]
    public void Scan_BrokenFolderLink_WarnsAndCompletes()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        Directory.CreateSymbolicLink(tree.PathOf("gone"), tree.PathOf("never-created"));

        var result = CliRunner.Scan(tree);

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("Exception", result.Error);
    }

    [Fact]
    public void Scan_VeryDeepTree_WarnsAndScansTheShallowPart()
    {
        using var tree = new TempTree();
        var deep = string.Join("/", Enumerable.Repeat("d", 105));
        tree.Write(deep + "/Deep.cs", Sources.UnencryptedPut);
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("more than 100 folders deep", result.Error);
        Assert.Single(result.Output.Split('\n'), l => l.Contains("S3SEC001:", StringComparison.Ordinal));
    }

    [Fact]
    public void Scan_PragmaWarningDisable_SuppressesFinding()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut.Replace(
            "        var request",
            "#pragma warning disable S3SEC001 // the bucket policy adds SSE-KMS\n        var request"));

        var result = CliRunner.Scan(tree);

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("S3SEC001:", result.Output);
    }

    [Fact]
    public void Scan_FailOnError_WithOnlyWarnings_ExitsWith0()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree, "--fail-on", "error");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("S3SEC001", result.Output);
    }

    [Fact]
    public void Scan_FailOnNone_ExitsWith0()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree, "--fail-on", "none");

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void Scan_FindingsAreSortedByPathThenLine()
    {
        using var tree = new TempTree();
        tree.Write("b/Second.cs", Sources.UnencryptedPut.Replace("class Uploader", "class B"));
        tree.Write("a/First.cs", Sources.UnencryptedPut.Replace("class Uploader", "class A"));
        tree.Write("a/Blank.cs", "\n\n\n" + Sources.UnencryptedPut.Replace("class Uploader", "class C"));

        var result = CliRunner.Scan(tree);

        var lines = result.Output.Split('\n').Where(l => l.Contains("S3SEC001:", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, lines.Count);
        Assert.StartsWith("a/Blank.cs(11,", lines[0]);
        Assert.StartsWith("a/First.cs(8,", lines[1]);
        Assert.StartsWith("b/Second.cs(8,", lines[2]);
    }

    [Fact]
    public void Scan_SingleFile_ScansOnlyThatFile()
    {
        using var tree = new TempTree();
        var file = tree.Write("Uploader.cs", Sources.UnencryptedPut);
        tree.Write("Other.cs", Sources.UnencryptedPut.Replace("class Uploader", "class Other"));

        var result = CliRunner.Run(tree.Root, "scan", file, "-q");

        Assert.Contains("Uploader.cs(8,23)", result.Output);
        Assert.DoesNotContain("Other.cs", result.Output);
    }

    [Fact]
    public void Scan_CodeWithCompileErrors_ReportsOnlyS3SecDiagnostics()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut + "\npublic class Broken { void M() => Undefined(); }\n");

        var result = CliRunner.Scan(tree);

        Assert.Contains("S3SEC001", result.Output);
        Assert.DoesNotContain("CS0103", result.Output);
    }
}
