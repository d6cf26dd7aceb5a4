using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace S3Sec.Packaging.Tests;

[Collection(PackageFeedCollection.Name)]
public sealed class AnalyzerPackageTests
{
    private readonly PackageFeedFixture _feed;

    public AnalyzerPackageTests(PackageFeedFixture feed)
    {
        _feed = feed;
    }

    [Fact]
    public void Package_HoldsAnalyzersAndNoRuntimeDependency()
    {
        using var package = ZipFile.OpenRead(Path.Combine(_feed.Feed, $"S3Sec.Analyzers.{_feed.Version}.nupkg"));
        var entries = package.Entries.Select(e => e.FullName).ToList();
        var nuspecEntry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", System.StringComparison.Ordinal));
        using var nuspecReader = new StreamReader(nuspecEntry.Open());
        var nuspec = nuspecReader.ReadToEnd();

        Assert.Contains("analyzers/dotnet/cs/S3Sec.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/S3Sec.CodeFixes.dll", entries);
        Assert.Contains("buildTransitive/S3Sec.Analyzers.props", entries);
        Assert.Contains("buildTransitive/S3Sec.Analyzers.targets", entries);
        Assert.Contains("config/s3sec.strict.globalconfig", entries);
        Assert.Contains("README.md", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/"));
        Assert.Contains("<developmentDependency>true</developmentDependency>", nuspec);
        Assert.DoesNotContain("<dependency ", nuspec);
        Assert.Contains("<license type=\"expression\">MIT</license>", nuspec);
        Assert.Contains("<repository type=\"git\"", nuspec);
        Assert.Contains("<releaseNotes>", nuspec);
    }

    [Fact]
    public void Build_ReportsTheFindingWithIdAndLocation()
    {
        var consumer = ConsumerProject.Create(_feed, "default-build");
        var (line, column) = ConsumerProject.ExpectedFindingPosition();

        var result = consumer.Build();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{ConsumerProject.UploaderFile}({line},{column}): warning S3SEC001", result.Output);
    }

    [Fact]
    public void StrictPreset_FailsTheBuild()
    {
        var consumer = ConsumerProject.Create(_feed, "strict", "<S3SecPolicy>strict</S3SecPolicy>");

        var result = consumer.Build();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error S3SEC001", result.Output);
    }

    [Fact]
    public void KmsPreset_ReportsSseS3AsWeakerThanPolicy()
    {
        var consumer = ConsumerProject.Create(_feed, "kms", "<S3SecPolicy>kms</S3SecPolicy>");
        File.WriteAllText(consumer.UploaderPath, ConsumerProject.UploaderSource.Replace(
            "Key = key }", "Key = key, ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 }"));

        var result = consumer.Build();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error S3SEC002", result.Output);
    }

    [Fact]
    public void UnknownPreset_FailsWithClearMessage()
    {
        var consumer = ConsumerProject.Create(_feed, "unknown-preset", "<S3SecPolicy>paranoid</S3SecPolicy>");

        var result = consumer.Build();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("S3SecPolicy 'paranoid' is not a known preset", result.Output);
    }

    [Theory]
    [InlineData("empty-preset", "<S3SecPolicy></S3SecPolicy>")]
    [InlineData("unset-property-preset", "<S3SecPolicy>$(CompanyPolicyNeverSet)</S3SecPolicy>")]
    public void EmptyPreset_IsTheDefaultPreset_AsForTheScanner(string name, string property)
    {
        var consumer = ConsumerProject.Create(_feed, name, property);
        var (line, column) = ConsumerProject.ExpectedFindingPosition();

        var result = consumer.Build();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("S3SECPOLICY", result.Output);
        Assert.Contains($"{ConsumerProject.UploaderFile}({line},{column}): warning S3SEC001", result.Output);
    }

    [Fact]
    public void EmptyPresetOnTheCommandLine_IsTheDefaultPreset()
    {
        // A global property, which the package's default cannot replace: it failed as "S3SecPolicy '' is not a known
        // preset" (a CI job passing -p:S3SecPolicy=$POLICY with the variable unset).
        var consumer = ConsumerProject.Create(_feed, "empty-global-preset");
        var (line, column) = ConsumerProject.ExpectedFindingPosition();

        var result = consumer.Build("-p:S3SecPolicy=");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("S3SECPOLICY", result.Output);
        Assert.Contains($"{ConsumerProject.UploaderFile}({line},{column}): warning S3SEC001", result.Output);
    }

    [Fact]
    public void EditorConfigSeverity_RaisesTheFindingToError()
    {
        var consumer = ConsumerProject.Create(_feed, "editorconfig-error");
        consumer.WriteEditorConfig("dotnet_diagnostic.S3SEC001.severity = error");

        var result = consumer.Build();

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error S3SEC001", result.Output);
    }

    [Fact]
    public void EditorConfigSeverity_WinsOverThePreset()
    {
        var consumer = ConsumerProject.Create(
            _feed, "editorconfig-over-strict", "<S3SecPolicy>strict</S3SecPolicy>");
        consumer.WriteEditorConfig("dotnet_diagnostic.S3SEC001.severity = suggestion");

        var result = consumer.Build();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("error S3SEC001", result.Output);
        Assert.DoesNotContain("warning S3SEC001", result.Output);
    }

    [Fact]
    public void EditorConfigOption_WinsOverThePreset()
    {
        var consumer = ConsumerProject.Create(_feed, "option-over-strict", "<S3SecPolicy>strict</S3SecPolicy>");
        consumer.WriteEditorConfig("s3sec.required_encryption = bucket-default");

        var result = consumer.Build();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("S3SEC001", result.Output);
    }

    [Fact]
    public void DotnetFormat_AppliesTheFixAndTheRebuildIsClean()
    {
        var consumer = ConsumerProject.Create(_feed, "format");
        var restore = ProcessRunner.Run("dotnet", new[] { "restore", consumer.ProjectFile }, consumer.Directory);
        Assert.True(restore.ExitCode == 0, restore.ToString());

        var format = ProcessRunner.Run(
            "dotnet",
            new[] { "format", "analyzers", consumer.ProjectFile, "--diagnostics", "S3SEC001", "--severity", "warn" },
            consumer.Directory);
        var rebuild = consumer.Build();

        Assert.True(format.ExitCode == 0, format.ToString());
        Assert.Contains(
            "ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256", File.ReadAllText(consumer.UploaderPath));
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        Assert.DoesNotContain("S3SEC001", rebuild.Output);
    }

    [Fact]
    public void ErrorLog_WritesValidSarifWithTheFinding()
    {
        var consumer = ConsumerProject.Create(_feed, "errorlog");
        var log = Path.Combine(consumer.Directory, "build.sarif");

        var result = consumer.Build("-p:ErrorLog=" + log + "%2Cversion=2.1");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(File.ReadAllText(log));
        var ruleIds = document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("ruleId").GetString());
        Assert.Contains("S3SEC001", ruleIds);
        Assert.True(SarifSchema.Evaluate(_feed.RepositoryRoot, log).IsValid);
    }
}
