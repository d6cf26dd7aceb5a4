using System.IO;
using Xunit;

namespace S3Sec.Packaging.Tests;

[Collection(PackageFeedCollection.Name)]
public sealed class ToolPackageTests
{
    private readonly PackageFeedFixture _feed;

    public ToolPackageTests(PackageFeedFixture feed)
    {
        _feed = feed;
    }

    [Fact]
    public void ToolInstall_GivesAWorkingScanner()
    {
        var tool = InstallTool("tool-scan");
        var consumer = ConsumerProject.Create(_feed, "tool-target");

        var scan = ProcessRunner.Run(tool, new[] { "scan", consumer.Directory, "-q" }, _feed.Root);

        Assert.True(scan.ExitCode == 1, scan.ToString());
        Assert.Contains($"{ConsumerProject.UploaderFile}(", scan.Output);
        Assert.Contains("warning S3SEC001", scan.Output);
    }

    /// <summary>The MSBuild loader starts its BuildHost from beside the tool: this fails without it.</summary>
    [Fact]
    public void InstalledScanner_LoadsARestoredProjectWithMSBuild()
    {
        var tool = InstallTool("tool-msbuild");
        var consumer = ConsumerProject.Create(_feed, "msbuild-target");
        var restore = ProcessRunner.Run("dotnet", new[] { "restore", consumer.ProjectFile, "-nologo" }, _feed.Root);
        Assert.True(restore.ExitCode == 0, restore.ToString());

        var scan = ProcessRunner.Run(
            tool, new[] { "scan", consumer.ProjectFile, "--loader", "msbuild", "-v" }, _feed.Root);

        Assert.True(scan.ExitCode == 1, scan.ToString());
        var (line, column) = ConsumerProject.ExpectedFindingPosition();
        Assert.Contains($"{ConsumerProject.UploaderFile}({line},{column}): warning S3SEC001", scan.Output);
        Assert.Contains("Consumer.csproj: 1 file(s); AWSSDK.S3 4.1.0.1; msbuild loader", scan.Output);
    }

    [Fact]
    public void InstalledScanner_WritesSarifTheSchemaAccepts()
    {
        var tool = InstallTool("tool-sarif");
        var consumer = ConsumerProject.Create(_feed, "sarif-target");
        var report = Path.Combine(_feed.Root, "scan.sarif");

        var scan = ProcessRunner.Run(
            tool, new[] { "scan", consumer.Directory, "--format", "sarif", "--output", report, "-q" }, _feed.Root);

        Assert.True(scan.ExitCode == 1, scan.ToString());
        var evaluation = SarifSchema.Evaluate(_feed.RepositoryRoot, report);
        Assert.True(evaluation.IsValid, System.Text.Json.JsonSerializer.Serialize(evaluation));
        Assert.Contains("\"ruleId\": \"S3SEC001\"", File.ReadAllText(report));
    }

    private string InstallTool(string folder)
    {
        _feed.EnsureCliPacked();
        var toolPath = Path.Combine(_feed.Root, folder);
        var install = ProcessRunner.Run(
            "dotnet",
            new[]
            {
                "tool", "install", "S3Sec.Cli", "--tool-path", toolPath, "--add-source", _feed.Feed,
                "--version", _feed.Version,
            },
            _feed.Root);
        Assert.True(install.ExitCode == 0, install.ToString());
        return Path.Combine(toolPath, "s3sec");
    }
}
