using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using S3Sec.Cli.Analysis;
using S3Sec.Cli.Reporting;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

public sealed class FixTests
{
    /// <summary>S3SEC011 with no fix: the plain-HTTP URL is a constant, not a literal at the setting.</summary>
    private const string HttpEndpointConstant = /* lang=c#-test */ """
        using Amazon.S3;

        public class ClientFactory
        {
            private const string Endpoint = "http://s3.example.com";

            public IAmazonS3 Create() => new AmazonS3Client(new AmazonS3Config { ServiceURL = Endpoint });
        }
        """;

    private const string RequestLessUpload = /* lang=c#-test */ """
        using System.Threading.Tasks;
        using Amazon.S3.Transfer;

        public class Archiver
        {
            public Task Archive(TransferUtility transfer) => transfer.UploadAsync("report.pdf", "archive-bucket");
        }
        """;

    [Fact]
    public void Fix_UnencryptedPut_SetsSseS3InTheInitializer()
    {
        using var tree = new TempTree();
        var file = tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree, "--fix");

        Assert.Equal(
            Sources.UnencryptedPut.Replace(
                """Key = "k" };""",
                """Key = "k", ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 };"""),
            File.ReadAllText(file));
        Assert.Contains("s3sec: fixed 1 finding in 1 file; 0 findings remain", result.Error);
    }

    [Fact]
    public void Fix_ClientSidePolicy_LeavesTheWriteAndSaysWhatTheRuleAsks()
    {
        // No server-side setting meets a client-side policy, so --fix has nothing to write: adding SSE-S3 would settle
        // S3SEC001 while the write stays as far from the policy as before.
        using var tree = new TempTree();
        tree.Write(".editorconfig", """
            root = true

            [*.cs]
            s3sec.required_encryption = client-side
            """);
        const string Source = """
            using Amazon.S3;
            using Amazon.S3.Model;

            public class Uploader
            {
                public void Upload()
                {
                    var s3 = new AmazonS3Client();
                    s3.PutObjectAsync(new PutObjectRequest { BucketName = "b", Key = "k" });
                }
            }
            """;
        tree.Write("Uploader.cs", Source);

        var result = CliRunner.Scan(tree, "--fix");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("the policy requires client-side encryption", result.Output);
        Assert.Equal(Source, File.ReadAllText(tree.PathOf("Uploader.cs")));
    }

    [Fact]
    public void CountFixed_FindingTurnedIntoAnotherRulesFinding_CountsTheFixedOne()
    {
        var before = new[] { At("S3SEC001", 9), At("S3SEC020", 12) };
        var remaining = new[] { At("S3SEC033", 9), At("S3SEC020", 12) };

        var fixedCount = Scanner.CountFixed(before.GroupBy(f => f.Path).Single(), remaining);

        Assert.Equal(1, fixedCount);

        static Finding At(string id, int line) =>
            new("Uploader.cs", line, 1, line, 2, id, FindingSeverity.Warning, "message", null);
    }

    [Fact]
    public void Fix_PolicyRequiresKms_AppliesTheKmsFixWithTheConfiguredKey()
    {
        using var tree = new TempTree();
        tree.Write(".editorconfig", """
            root = true

            [*.cs]
            s3sec.required_encryption = sse-kms
            s3sec.kms_key_id = alias/uploads
            """);
        var file = tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree, "--fix");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(
            "ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS, "
                + "ServerSideEncryptionKeyManagementServiceKeyId = \"alias/uploads\" };",
            File.ReadAllText(file));
    }

    [Fact]
    public void Fix_RequestLessUpload_IsRewrittenToTheRequestOverload()
    {
        using var tree = new TempTree();
        var file = tree.Write("Archiver.cs", RequestLessUpload);

        var result = CliRunner.Scan(tree, "--fix");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """
            using System.Threading.Tasks;
            using Amazon.S3.Transfer;

            public class Archiver
            {
                public Task Archive(TransferUtility transfer) => transfer.UploadAsync(new TransferUtilityUploadRequest
                {
                    FilePath = "report.pdf",
                    BucketName = "archive-bucket",
                    ServerSideEncryptionMethod = Amazon.S3.ServerSideEncryptionMethod.AES256,
                });
            }
            """,
            File.ReadAllText(file));
    }

    [Fact]
    public void Fix_FilesWithoutFixableFindings_AreNotWritten()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        var clean = tree.Write("Calculator.cs", Sources.NoS3);
        var unfixable = tree.Write("ClientFactory.cs", HttpEndpointConstant);
        var past = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(clean, past);
        File.SetLastWriteTimeUtc(unfixable, past);
        var before = TreeSnapshot.Take(tree.Root);

        var result = CliRunner.Scan(tree, "--fix");

        Assert.Equal(new[] { "Uploader.cs" }, TreeSnapshot.Take(tree.Root).ChangedSince(before));
        Assert.Equal(past, File.GetLastWriteTimeUtc(clean));
        Assert.Equal(past, File.GetLastWriteTimeUtc(unfixable));
        Assert.Contains("s3sec: fixed 1 finding in 1 file; 1 finding remains", result.Error);
        Assert.Contains("s3sec: no safe automatic fix for S3SEC011 (1); each rule's page", result.Error);
    }

    [Fact]
    public void RemainingFindings_InFilesTheFixCouldNotWrite_AreNotPutDownToMissingFixes()
    {
        var findings = new[]
        {
            Finding("Uploads/Uploader.cs", "S3SEC001"),
            Finding("Uploads/Uploader.cs", "S3SEC001"),
            Finding("ClientFactory.cs", "S3SEC011"),
        };

        var lines = CliApp.DescribeRemaining(findings, new[] { "Uploads/Uploader.cs" }).ToList();

        Assert.Equal(
            new[]
            {
                "2 findings are in 1 file the fix could not write (see the warnings above)",
                "no safe automatic fix for S3SEC011 (1); each rule's page (the report's help link) says why under "
                    + "\"How to fix\"",
            },
            lines);
    }

    [Fact]
    public void RemainingFindings_AllInAFileTheFixCouldNotWrite_ClaimNoMissingFix()
    {
        var lines = CliApp.DescribeRemaining(
                new[] { Finding("Uploader.cs", "S3SEC001") },
                new[] { "Uploader.cs" })
            .ToList();

        Assert.Equal(new[] { "1 finding is in 1 file the fix could not write (see the warnings above)" }, lines);
    }

    [Fact]
    public void Fix_Utf8ByteOrderMark_IsKept()
    {
        using var tree = new TempTree();
        var bom = new byte[] { 0xEF, 0xBB, 0xBF };
        var file = tree.WriteBytes("Uploader.cs", bom.Concat(Encoding.UTF8.GetBytes(Sources.UnencryptedPut)).ToArray());

        CliRunner.Scan(tree, "--fix");

        var bytes = File.ReadAllBytes(file);
        Assert.Equal(bom, bytes.Take(3));
        Assert.Contains("ServerSideEncryptionMethod.AES256", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Fix_FileWithoutByteOrderMark_GetsNone()
    {
        using var tree = new TempTree();
        var file = tree.Write("Uploader.cs", "// Caf\u00E9\n" + Sources.UnencryptedPut);

        CliRunner.Scan(tree, "--fix");

        var bytes = File.ReadAllBytes(file);
        Assert.Equal((byte)'/', bytes[0]);
        Assert.StartsWith("// Caf\u00E9\n", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Fix_FileThatIsNotValidUtf8_KeepsItsOtherBytes()
    {
        using var tree = new TempTree();
        var latin1Comment = new byte[] { (byte)'/', (byte)'/', (byte)' ', 0xE9, (byte)'\n' };
        var source = Encoding.ASCII.GetBytes(Sources.UnencryptedPut);
        var file = tree.WriteBytes("Uploader.cs", latin1Comment.Concat(source).ToArray());

        var result = CliRunner.Scan(tree, "--fix");

        Assert.Equal(0, result.ExitCode);
        var bytes = File.ReadAllBytes(file);
        Assert.Equal(latin1Comment, bytes.Take(latin1Comment.Length));
        Assert.Contains("ServerSideEncryptionMethod.AES256", Encoding.Latin1.GetString(bytes));
    }

    [Fact]
    public void Fix_CrLfLineEndings_AreKeptOnOldAndNewLines()
    {
        using var tree = new TempTree();
        var file = tree.Write("Archiver.cs", RequestLessUpload.Replace("\n", "\r\n"));

        CliRunner.Scan(tree, "--fix");

        var text = File.ReadAllText(file);
        Assert.Contains("FilePath = \"report.pdf\",\r\n", text);
        Assert.DoesNotContain("\n", text.Replace("\r\n", string.Empty));
    }

    [Fact]
    public void Fix_AllFindingsFixed_ExitsWith0AndReportsNone()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree, "--fix");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("No findings in 1 file (1 project).", result.Output);
    }

    [Fact]
    public void Fix_UnfixableFindingRemains_ExitsWith1AndReportsIt()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        tree.Write("ClientFactory.cs", HttpEndpointConstant);

        var result = CliRunner.Scan(tree, "--fix");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ClientFactory.cs(7,74): warning S3SEC011", result.Output);
        Assert.DoesNotContain("S3SEC001:", result.Output);
    }

    [Fact]
    public void Fix_WithOutput_WritesTheRemainingFindingsThere()
    {
        using var tree = new TempTree();
        tree.Write("src/Uploader.cs", Sources.UnencryptedPut);
        tree.Write("src/ClientFactory.cs", HttpEndpointConstant);
        var report = tree.PathOf("report.json");

        var result = CliRunner.Run(
            tree.Root, "scan", tree.PathOf("src"), "-q", "--fix", "--format", "json", "--output", report);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        var findings = json.RootElement.GetProperty("findings");
        Assert.Equal("S3SEC011", Assert.Single(findings.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public void Fix_SyntaxErrorElsewhereInTheFile_StillFixesTheRequest()
    {
        using var tree = new TempTree();
        var file = tree.Write("Uploader.cs", Sources.UnencryptedPut + "\npublic class Broken { void M( }\n");

        var result = CliRunner.Scan(tree, "--fix");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("ServerSideEncryptionMethod.AES256", File.ReadAllText(file));
        Assert.EndsWith("public class Broken { void M( }\n", File.ReadAllText(file));
    }

    private static Finding Finding(string path, string id)
    {
        return new Finding(path, 1, 1, 1, 2, id, FindingSeverity.Warning, "message", HelpUri: null);
    }

    [Fact]
    public void Fix_Cancelled_ListsTheFilesItHadRewritten()
    {
        // Cancelled as Ctrl-C cancels it (Program turns SIGINT into this token), right after the first file is
        // written: that file and any other written before the scan stops must be named, and only those.
        using var tree = new TempTree();
        var sources = Enumerable.Range(0, 40)
            .Select(i =>
            {
                tree.Write($"P{i}/P{i}.csproj", Sources.Project("4.1.0.1"));
                return tree.Write($"P{i}/Uploader.cs", Sources.UnencryptedPut);
            })
            .ToList();
        using var cancel = new System.Threading.CancellationTokenSource();
        var error = new CancelOnFirstFix(cancel);
        var output = new StringWriter();

        var exitCode = CliApp.Run(
            new[] { "scan", tree.Root, "--fix", "-v", "--loader", "loose" },
            output,
            error,
            tree.Root,
            cancellationToken: cancel.Token);

        Assert.Equal(2, exitCode);
        var rewritten = sources.Where(f => File.ReadAllText(f) != Sources.UnencryptedPut).Order().ToList();
        Assert.NotEmpty(rewritten);
        Assert.True(rewritten.Count < sources.Count, "every file was fixed before the scan saw the cancellation");
        var lines = error.ToString().ReplaceLineEndings("\n").Split('\n');
        var cancelled = Array.IndexOf(lines, "s3sec: cancelled");
        Assert.True(cancelled >= 0, error.ToString());
        var count = rewritten.Count == 1 ? "1 file" : $"{rewritten.Count} files";
        Assert.Equal(
            new[] { $"s3sec: --fix had rewritten {count}, which stay fixed:" }.Concat(rewritten).Append(string.Empty),
            lines.Skip(cancelled + 1));
        Assert.Equal(string.Empty, output.ToString());
    }

    [Fact]
    public void Fix_CancelledBeforeAnyWrite_SaysNoFileWasRewritten()
    {
        using var tree = new TempTree();
        var file = tree.Write("Uploader.cs", Sources.UnencryptedPut);
        using var cancel = new System.Threading.CancellationTokenSource();
        cancel.Cancel();
        var error = new StringWriter();

        var exitCode = CliApp.Run(
            new[] { "scan", tree.Root, "--fix", "-q" }, new StringWriter(), error, tree.Root,
            cancellationToken: cancel.Token);

        Assert.Equal(2, exitCode);
        Assert.Equal(
            "s3sec: cancelled\ns3sec: --fix had rewritten no file\n",
            error.ToString().ReplaceLineEndings("\n"));
        Assert.Equal(Sources.UnencryptedPut, File.ReadAllText(file));
    }

    [Fact]
    public void Fix_ReportCannotBeWritten_ListsTheFilesItHadRewritten()
    {
        // /dev/full takes the open and refuses the write: the run fails after every fix is on disk, and the user
        // must still learn which files changed. A Unix device; CI runs on Linux, where this test always runs.
        if (!File.Exists("/dev/full"))
        {
            return;
        }

        using var tree = new TempTree();
        var sources = Enumerable.Range(0, 3)
            .Select(i =>
            {
                tree.Write($"P{i}/P{i}.csproj", Sources.Project("4.1.0.1"));
                return tree.Write($"P{i}/Uploader.cs", Sources.UnencryptedPut);
            })
            .Order(StringComparer.Ordinal)
            .ToList();

        var result = CliRunner.Scan(tree, "--fix", "--loader", "loose", "-o", "/dev/full");

        Assert.Equal(2, result.ExitCode);
        Assert.All(sources, f => Assert.NotEqual(Sources.UnencryptedPut, File.ReadAllText(f)));
        var lines = result.Error.ReplaceLineEndings("\n").Split('\n');
        var failed = Array.FindIndex(lines, l => l.StartsWith("s3sec: error: ", StringComparison.Ordinal));
        Assert.True(failed >= 0, result.Error);
        Assert.Equal(
            new[] { "s3sec: --fix had rewritten 3 files, which stay fixed:" }.Concat(sources).Append(string.Empty),
            lines.Skip(failed + 1));
        Assert.DoesNotContain("   at ", result.Error);
    }

    /// <summary>Standard error that cancels the scan as soon as the first fixed file is logged.</summary>
    private sealed class CancelOnFirstFix : StringWriter
    {
        private readonly System.Threading.CancellationTokenSource _cancel;

        public CancelOnFirstFix(System.Threading.CancellationTokenSource cancel)
        {
            _cancel = cancel;
        }

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.EndsWith(": fixed", StringComparison.Ordinal) == true)
            {
                _cancel.Cancel();
            }
        }
    }
}
