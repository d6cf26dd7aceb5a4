using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

public sealed class EditorConfigTests
{
    [Fact]
    public void Scan_SeverityErrorInEditorConfig_ReportsError()
    {
        using var tree = new TempTree();
        tree.Write(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.S3SEC001.severity = error\n");
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree);

        Assert.Contains("Uploader.cs(8,23): error S3SEC001:", result.Output);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public void Scan_MistypedPolicyValue_WarnsOnceAndKeepsScanning()
    {
        using var tree = new TempTree();
        tree.Write(".editorconfig", "root = true\n\n[*.cs]\ns3sec.required_encryption = sse-kms-cm\n");
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        tree.Write("Other.cs", Sources.UnencryptedPut.Replace("class Uploader", "class Other"));

        var result = CliRunner.Scan(tree);

        const string warning = "S3SEC090: s3sec.required_encryption = 'sse-kms-cm' is not recognised";
        Assert.Single(result.Error.Split('\n'), line => line.Contains(warning, System.StringComparison.Ordinal));
        Assert.Contains("Uploader.cs(8,23): warning S3SEC001:", result.Output);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public void Scan_InvalidSeverity_IsAWarningOfTheReportsToo()
    {
        using var tree = new TempTree();
        tree.Write(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.S3SEC001.severity = fatal\n");
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree, "--format", "json");
        using var json = System.Text.Json.JsonDocument.Parse(result.Output);

        const string invalid = "invalid severity 'fatal'";
        Assert.Single(result.Error.Split('\n'), l => l.Contains(invalid, System.StringComparison.Ordinal));
        var warning = Assert.Single(json.RootElement.GetProperty("warnings").EnumerateArray());
        Assert.Equal("(analyzer config)", warning.GetProperty("path").GetString());
        Assert.Contains(invalid, warning.GetProperty("message").GetString());
    }

    [Fact]
    public void Scan_KnownOptions_DoNotWarn()
    {
        using var tree = new TempTree();
        tree.Write(".editorconfig", "root = true\n\n[*.cs]\ns3sec.required_encryption = SSE-KMS\n");
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree);

        Assert.DoesNotContain("S3SEC090", result.Error + result.Output);
    }

    [Fact]
    public void Scan_SeverityNoneInEditorConfig_DropsFinding()
    {
        using var tree = new TempTree();
        tree.Write(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.S3SEC001.severity = none\n");
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree);

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("S3SEC001", result.Output);
    }

    [Fact]
    public void Scan_SeveritySuggestion_ReportsInfoAndExitsWith0()
    {
        using var tree = new TempTree();
        tree.Write(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.S3SEC001.severity = suggestion\n");
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree);

        Assert.Contains("Uploader.cs(8,23): info S3SEC001:", result.Output);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void Scan_SeveritySuggestionWithFailOnNote_ExitsWith1()
    {
        using var tree = new TempTree();
        tree.Write(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.S3SEC001.severity = suggestion\n");
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree, "--fail-on", "note");

        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public void Scan_SectionGlob_AppliesOnlyToMatchingFiles()
    {
        using var tree = new TempTree();
        tree.Write(".editorconfig", "root = true\n\n[legacy/**.cs]\ndotnet_diagnostic.S3SEC001.severity = none\n");
        tree.Write("legacy/Old.cs", Sources.UnencryptedPut.Replace("class Uploader", "class Old"));
        tree.Write("current/New.cs", Sources.UnencryptedPut.Replace("class Uploader", "class New"));

        var result = CliRunner.Scan(tree);

        Assert.Contains("current/New.cs(8,23): warning S3SEC001", result.Output);
        Assert.DoesNotContain("legacy/Old.cs", result.Output);
    }

    [Fact]
    public void Scan_EditorConfigInSubfolder_OverridesParent()
    {
        using var tree = new TempTree();
        tree.Write(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.S3SEC001.severity = none\n");
        tree.Write("strict/.editorconfig", "[*.cs]\ndotnet_diagnostic.S3SEC001.severity = error\n");
        tree.Write("strict/Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree);

        Assert.Contains("strict/Uploader.cs(8,23): error S3SEC001", result.Output);
    }

    [Fact]
    public void Scan_EditorConfigAboveScannedFolder_Applies()
    {
        using var tree = new TempTree();
        tree.Write(".editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.S3SEC001.severity = error\n");
        var app = tree.CreateFolder("app");
        tree.Write("app/Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Run(app, "scan", app, "-q");

        Assert.Contains("Uploader.cs(8,23): error S3SEC001", result.Output);
    }

    [Fact]
    public void Scan_RootTrue_StopsSettingsFromAbove()
    {
        using var tree = new TempTree();
        tree.Write(".editorconfig", "[*.cs]\ndotnet_diagnostic.S3SEC001.severity = none\n");
        tree.Write("app/.editorconfig", "root = true\n");
        tree.Write("app/Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree);

        Assert.Contains("app/Uploader.cs(8,23): warning S3SEC001", result.Output);
    }

    [Fact]
    public void Scan_RequiredEncryptionOption_ReportsWeakerEncryption()
    {
        using var tree = new TempTree();
        tree.Write(".editorconfig", "root = true\n\n[*.cs]\ns3sec.required_encryption = sse-kms\n");
        tree.Write("Uploader.cs", Sources.SseS3Put);

        var result = CliRunner.Scan(tree);

        Assert.Contains("Uploader.cs(8,23): warning S3SEC002: PutObjectRequest uses SSE-S3", result.Output);
    }

    [Fact]
    public void Scan_RequiredEncryptionBucketDefault_ReportsNothing()
    {
        using var tree = new TempTree();
        tree.Write(".editorconfig", "root = true\n\n[*.cs]\ns3sec.required_encryption = bucket-default\n");
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree);

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void Scan_GlobalConfigSeverity_Applies()
    {
        using var tree = new TempTree();
        tree.Write(".globalconfig", "is_global = true\ndotnet_diagnostic.S3SEC001.severity = error\n");
        tree.Write("src/Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree);

        Assert.Contains("src/Uploader.cs(8,23): error S3SEC001", result.Output);
    }

    [Fact]
    public void Scan_GlobalConfigOption_ReachesTheAnalyzers()
    {
        using var tree = new TempTree();
        tree.Write(".globalconfig", "is_global = true\ns3sec.required_encryption = sse-kms\n");
        tree.Write("Uploader.cs", Sources.SseS3Put);

        var result = CliRunner.Scan(tree);

        Assert.Contains("warning S3SEC002", result.Output);
    }

    [Fact]
    public void Scan_CategorySeverity_Applies()
    {
        using var tree = new TempTree();
        tree.Write(".editorconfig",
            "root = true\n\n[*.cs]\ndotnet_analyzer_diagnostic.category-S3Sec.EncryptionAtRest.severity = error\n");
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree);

        Assert.Contains("Uploader.cs(8,23): error S3SEC001", result.Output);
    }
}
