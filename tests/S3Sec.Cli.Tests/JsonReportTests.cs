using System.Linq;
using System.Text.Json;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

public sealed class JsonReportTests
{
    [Fact]
    public void Json_Finding_HasDocumentedFields()
    {
        using var tree = new TempTree();
        tree.Write("src/Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree, "--format", "json");

        using var json = JsonDocument.Parse(result.Output);
        var finding = json.RootElement.GetProperty("findings").EnumerateArray().Single();
        Assert.Equal("src/Uploader.cs", finding.GetProperty("path").GetString());
        Assert.Equal(8, finding.GetProperty("line").GetInt32());
        Assert.Equal(23, finding.GetProperty("column").GetInt32());
        Assert.Equal(8, finding.GetProperty("endLine").GetInt32());
        Assert.Equal(43, finding.GetProperty("endColumn").GetInt32());
        Assert.Equal("S3SEC001", finding.GetProperty("id").GetString());
        Assert.Equal("warning", finding.GetProperty("severity").GetString());
        Assert.StartsWith("PutObjectRequest writes an object", finding.GetProperty("message").GetString());
        Assert.EndsWith("/docs/rules/S3SEC001.md", finding.GetProperty("helpUri").GetString());
    }

    [Fact]
    public void Json_TopLevel_HasToolRootAndSchemaVersion()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree, "--format", "json");

        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("s3sec", root.GetProperty("tool").GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("tool").GetProperty("version").GetString()));
        Assert.Equal(tree.Root, root.GetProperty("root").GetString());
    }

    [Fact]
    public void Json_Summary_CountsFilesFindingsAndRules()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        tree.Write("Calculator.cs", Sources.NoS3);

        var result = CliRunner.Scan(tree, "--format", "json");

        using var json = JsonDocument.Parse(result.Output);
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(2, summary.GetProperty("filesFound").GetInt32());
        Assert.Equal(2, summary.GetProperty("filesScanned").GetInt32());
        Assert.Equal(1, summary.GetProperty("projects").GetInt32());
        Assert.Equal(1, summary.GetProperty("findings").GetInt32());
        Assert.Equal(1, summary.GetProperty("bySeverity").GetProperty("warning").GetInt32());
        Assert.Equal(0, summary.GetProperty("bySeverity").GetProperty("error").GetInt32());
        var rule = summary.GetProperty("rules").EnumerateArray().Single();
        Assert.Equal("S3SEC001", rule.GetProperty("id").GetString());
        Assert.Equal("Object written without server-side encryption", rule.GetProperty("title").GetString());
        Assert.Equal(1, rule.GetProperty("count").GetInt32());
    }

    [Fact]
    public void Json_UnreadableFile_IsListedUnderWarnings()
    {
        using var tree = new TempTree();
        tree.WriteBytes("Blob.cs", new byte[] { 0, 1, 2, 3 });

        var result = CliRunner.Scan(tree, "--format", "json");

        using var json = JsonDocument.Parse(result.Output);
        var warning = json.RootElement.GetProperty("warnings").EnumerateArray().Single();
        Assert.Equal("Blob.cs", warning.GetProperty("path").GetString());
        Assert.Contains("NUL bytes", warning.GetProperty("message").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("summary").GetProperty("filesScanned").GetInt32());
    }

    [Fact]
    public void Json_EmptyFolder_IsValidWithNoFindings()
    {
        using var tree = new TempTree();

        var result = CliRunner.Scan(tree, "--format", "json");

        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(0, json.RootElement.GetProperty("findings").GetArrayLength());
        Assert.Equal(0, result.ExitCode);
    }
}
