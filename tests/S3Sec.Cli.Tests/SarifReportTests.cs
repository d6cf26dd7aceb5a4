using System;
using System.Linq;
using System.Text.Json;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

public sealed class SarifReportTests
{
    [Fact]
    public void Sarif_DeclaresVersionAndSchema()
    {
        using var json = ScanToSarif(Sources.UnencryptedPut);

        Assert.Equal("2.1.0", json.RootElement.GetProperty("version").GetString());
        Assert.Contains("sarif-2.1.0", json.RootElement.GetProperty("$schema").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("runs").GetArrayLength());
    }

    [Fact]
    public void Sarif_Driver_HasNameVersionAndInformationUri()
    {
        using var json = ScanToSarif(Sources.UnencryptedPut);

        var driver = Run(json).GetProperty("tool").GetProperty("driver");
        Assert.Equal("s3sec", driver.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(driver.GetProperty("version").GetString()));
        Assert.True(Uri.IsWellFormedUriString(driver.GetProperty("informationUri").GetString(), UriKind.Absolute));
    }

    [Fact]
    public void Sarif_Invocation_NamesTheLoaderOfAFolderScan()
    {
        using var json = ScanToSarif(Sources.UnencryptedPut);

        var invocation = Run(json).GetProperty("invocations")[0];
        var loaders = invocation.GetProperty("properties").GetProperty("loaders").EnumerateArray();
        Assert.Equal(new[] { "loose" }, loaders.Select(l => l.GetString()).ToArray());
    }

    [Fact]
    public void Sarif_Rules_HaveRequiredProperties()
    {
        using var json = ScanToSarif(Sources.UnencryptedPut);

        var rules = Run(json).GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        Assert.Contains(rules, r => r.GetProperty("id").GetString() == "S3SEC001");
        foreach (var rule in rules)
        {
            Assert.False(string.IsNullOrEmpty(rule.GetProperty("shortDescription").GetProperty("text").GetString()));
            Assert.False(string.IsNullOrEmpty(rule.GetProperty("fullDescription").GetProperty("text").GetString()));
            Assert.StartsWith("https://", rule.GetProperty("helpUri").GetString());
            var level = rule.GetProperty("defaultConfiguration").GetProperty("level").GetString();
            Assert.Contains(level, new[] { "none", "note", "warning", "error" });
        }
    }

    [Fact]
    public void Sarif_Result_PointsAtItsRuleByIdAndIndex()
    {
        using var json = ScanToSarif(Sources.UnencryptedPut);

        var run = Run(json);
        var result = run.GetProperty("results").EnumerateArray().Single();
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        var index = result.GetProperty("ruleIndex").GetInt32();
        Assert.Equal("S3SEC001", result.GetProperty("ruleId").GetString());
        Assert.Equal("S3SEC001", rules[index].GetProperty("id").GetString());
        Assert.Equal("warning", result.GetProperty("level").GetString());
        Assert.StartsWith("PutObjectRequest writes", result.GetProperty("message").GetProperty("text").GetString());
    }

    [Fact]
    public void Sarif_Result_HasRelativeLocationAndRegion()
    {
        using var json = ScanToSarif(Sources.UnencryptedPut);

        var location = Run(json).GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation");
        var artifact = location.GetProperty("artifactLocation");
        Assert.Equal("src/My%20Uploader.cs", artifact.GetProperty("uri").GetString());
        Assert.Equal("SRCROOT", artifact.GetProperty("uriBaseId").GetString());
        var region = location.GetProperty("region");
        Assert.Equal(8, region.GetProperty("startLine").GetInt32());
        Assert.Equal(23, region.GetProperty("startColumn").GetInt32());
        Assert.Equal(8, region.GetProperty("endLine").GetInt32());
        Assert.Equal(43, region.GetProperty("endColumn").GetInt32());
    }

    [Fact]
    public void Sarif_OriginalUriBaseIds_PointAtTheScannedFolder()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var output = CliRunner.Scan(tree, "--format", "sarif").Output;

        using var json = JsonDocument.Parse(output);
        var uri = Run(json).GetProperty("originalUriBaseIds").GetProperty("SRCROOT").GetProperty("uri").GetString()!;
        Assert.Equal(new Uri(tree.Root + "/").AbsoluteUri, uri);
        Assert.EndsWith("/", uri);
    }

    [Fact]
    public void Sarif_ScanOfARepositorySubfolder_NamesFilesFromTheRepositoryRoot()
    {
        // GitHub code scanning ignores originalUriBaseIds and reads a relative URI from the repository root.
        using var tree = new TempTree();
        tree.CreateFolder(".git");
        tree.Write("src/App/Uploader.cs", Sources.UnencryptedPut);
        tree.Write("src/App/Broken.cs", "class Broken {");
        tree.WriteBytes("src/App/Binary.cs", new byte[] { 0x4d, 0x5a, 0x00, 0x00, 0x03 });

        var result = CliRunner.Run(tree.Root, "scan", tree.PathOf("src"), "--quiet", "--format", "sarif");

        using var json = JsonDocument.Parse(result.Output);
        var run = Run(json);
        var root = run.GetProperty("originalUriBaseIds").GetProperty("SRCROOT").GetProperty("uri").GetString();
        Assert.Equal(new Uri(tree.Root + "/").AbsoluteUri, root);
        var artifact = run.GetProperty("results")[0].GetProperty("locations")[0]
            .GetProperty("physicalLocation").GetProperty("artifactLocation");
        Assert.Equal("src/App/Uploader.cs", artifact.GetProperty("uri").GetString());
        var warned = run.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications").EnumerateArray()
            .SelectMany(n => n.TryGetProperty("locations", out var l) ? l.EnumerateArray() : [])
            .Select(l => l.GetProperty("physicalLocation").GetProperty("artifactLocation"))
            .Select(a => a.GetProperty("uri").GetString())
            .ToArray();
        Assert.Equal(new[] { "src/App/Binary.cs" }, warned);
    }

    [Fact]
    public void Sarif_LinkedWorktreeMarkerFile_IsARepositoryRootToo()
    {
        using var tree = new TempTree();
        tree.Write(".git", "gitdir: /elsewhere/.git/worktrees/wt\n");
        tree.Write("lib/Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Run(tree.Root, "scan", tree.PathOf("lib"), "--quiet", "--format", "sarif");

        using var json = JsonDocument.Parse(result.Output);
        var artifact = Run(json).GetProperty("results")[0].GetProperty("locations")[0]
            .GetProperty("physicalLocation").GetProperty("artifactLocation");
        Assert.Equal("lib/Uploader.cs", artifact.GetProperty("uri").GetString());
    }

    [Fact]
    public void Sarif_NoFindings_HasEmptyResults()
    {
        using var json = ScanToSarif(Sources.SseS3Put);

        Assert.Equal(0, Run(json).GetProperty("results").GetArrayLength());
    }

    [Fact]
    public void Sarif_NoFileCouldBeScanned_IsNotASuccessfulExecution()
    {
        using var tree = new TempTree();
        tree.WriteBytes("Uploader.cs", new byte[] { 0x4d, 0x5a, 0x00, 0x00, 0x03 });

        var result = CliRunner.Scan(tree, "--format", "sarif");
        using var json = JsonDocument.Parse(result.Output);

        Assert.Equal(2, result.ExitCode);
        var invocation = Run(json).GetProperty("invocations")[0];
        Assert.False(invocation.GetProperty("executionSuccessful").GetBoolean());
        var errors = invocation.GetProperty("toolExecutionNotifications").EnumerateArray()
            .Where(n => n.GetProperty("level").GetString() == "error")
            .Select(n => n.GetProperty("message").GetProperty("text").GetString())
            .ToArray();
        Assert.Equal(new[] { "none of the 1 C# file found could be scanned" }, errors);
    }

    [Fact]
    public void Sarif_SomeFilesScanned_IsASuccessfulExecution()
    {
        using var tree = new TempTree();
        tree.WriteBytes("Binary.cs", new byte[] { 0x4d, 0x5a, 0x00, 0x00, 0x03 });
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree, "--format", "sarif");
        using var json = JsonDocument.Parse(result.Output);

        Assert.Equal(1, result.ExitCode);
        Assert.True(Run(json).GetProperty("invocations")[0].GetProperty("executionSuccessful").GetBoolean());
    }

    private static JsonDocument ScanToSarif(string source)
    {
        using var tree = new TempTree();
        tree.Write("src/My Uploader.cs", source);
        var result = CliRunner.Scan(tree, "--format", "sarif");
        return JsonDocument.Parse(result.Output);
    }

    private static JsonElement Run(JsonDocument json) => json.RootElement.GetProperty("runs")[0];
}
