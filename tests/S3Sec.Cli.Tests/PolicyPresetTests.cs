using System.IO;
using System.Linq;
using System.Text.Json;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

/// <summary>A project's S3SecPolicy preset means in a scan what it means in a build with the package.</summary>
public sealed class PolicyPresetTests
{
    private const string SseS3Put = """
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = "b",
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
            });
        }
        """;

    [Fact]
    public void StrictPreset_RaisesWeakerEncryptionToAnError()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Project("<S3SecPolicy>strict</S3SecPolicy>"));
        tree.Write("App/Uploader.cs", SseS3Put);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q", "--fail-on", "error");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error S3SEC002", result.Output);
    }

    [Fact]
    public void EditorConfig_WinsOverThePreset()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Project("<S3SecPolicy>strict</S3SecPolicy>"));
        tree.Write("App/.editorconfig", "root = true\n\n[*.cs]\ns3sec.required_encryption = sse-s3\n");
        tree.Write("App/Uploader.cs", SseS3Put);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("S3SEC002", result.Output);
    }

    [Fact]
    public void UnknownPreset_IsAnInputError_AndEveryProjectIsStillReported()
    {
        // The analyzer package fails the build on it (S3SECPOLICY); the scan used to warn and exit 0.
        using var tree = TypoTree();

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(TypoError, result.Error.TrimEnd());
        Assert.Contains("App/Uploader.cs(8,23): warning S3SEC001", result.Output);
        Assert.Contains("Typo/Uploader.cs(8,23): warning S3SEC001", result.Output);
        Assert.Contains("2 findings (2 warnings) in 2 of 2 files (2 projects); 1 input error.", result.Output);
    }

    [Fact]
    public void UnknownPreset_IsAnInputError_WhateverTheFailOnLevel()
    {
        using var tree = TypoTree();

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q", "--fail-on", "none");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(TypoError, result.Error.TrimEnd());
    }

    [Fact]
    public void UnknownPreset_Json_ListsTheErrorBesideEveryFinding()
    {
        using var tree = TypoTree();

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q", "-f", "json");

        Assert.Equal(2, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var error = json.RootElement.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal("Typo/Typo.csproj", error.GetProperty("path").GetString());
        Assert.StartsWith("S3SecPolicy 'strcit' is not a known preset", error.GetProperty("message").GetString());
        Assert.Empty(json.RootElement.GetProperty("warnings").EnumerateArray());
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => f.GetProperty("path").GetString() + ":" + f.GetProperty("id").GetString());
        Assert.Equal(new[] { "App/Uploader.cs:S3SEC001", "Typo/Uploader.cs:S3SEC001" }, findings);
    }

    [Fact]
    public void UnknownPreset_Sarif_IsAnErrorNotification_AndTheRunStillCounts()
    {
        using var tree = TypoTree();

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q", "-f", "sarif");

        Assert.Equal(2, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var run = json.RootElement.GetProperty("runs")[0];
        Assert.Equal(2, run.GetProperty("results").GetArrayLength());
        var invocation = run.GetProperty("invocations")[0];
        // A run marked unsuccessful is not processed by GitHub code scanning: the findings would be lost.
        Assert.True(invocation.GetProperty("executionSuccessful").GetBoolean());
        var notification = invocation.GetProperty("toolExecutionNotifications").EnumerateArray().Single();
        Assert.Equal("error", notification.GetProperty("level").GetString());
        Assert.StartsWith(
            "Typo/Typo.csproj: S3SecPolicy 'strcit' is not a known preset",
            notification.GetProperty("message").GetProperty("text").GetString());
        var location = notification.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("Typo/Typo.csproj", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
    }

    [Fact]
    public void UnknownPreset_Fix_LeavesThatProjectUnfixed_AndFixesTheOthers()
    {
        // Fixed under no preset, the write would get SSE-S3, which the strict policy meant here would still refuse.
        using var tree = TypoTree();
        var typoBefore = File.ReadAllText(tree.PathOf("Typo/Uploader.cs"));

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q", "--fix");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(TypoError + " and not fixed", result.Error);
        Assert.Contains("s3sec: fixed 1 finding in 1 file; 1 finding remains", result.Error);
        Assert.Contains(
            "s3sec: 1 fixable finding left alone in projects whose S3SecPolicy names no preset (see the error above)",
            result.Error);
        Assert.DoesNotContain("no safe automatic fix", result.Error);
        Assert.Equal(typoBefore, File.ReadAllText(tree.PathOf("Typo/Uploader.cs")));
        Assert.Contains("ServerSideEncryptionMethod.AES256", File.ReadAllText(tree.PathOf("App/Uploader.cs")));
        Assert.Contains("Typo/Uploader.cs(8,23): warning S3SEC001", result.Output);
        Assert.DoesNotContain("App/Uploader.cs", result.Output);
    }

    [Fact]
    public void PresetFromAPropertyTheScanCannotExpand_IsAWarningNotAnError()
    {
        // Only a build knows $(CompanyPolicy); calling it unknown would fail a CI whose build is green.
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Project("<S3SecPolicy>$(CompanyPolicy)</S3SecPolicy>"));
        tree.Write("App/Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "s3sec: warning: App/App.csproj: S3SecPolicy '$(CompanyPolicy)' refers to a property only a build can "
            + "expand; scanned without a preset",
            result.Error.TrimEnd());
        Assert.Contains("App/Uploader.cs(8,23): warning S3SEC001", result.Output);
    }

    [Fact]
    public void PresetNamedInAnotherCase_IsKnown()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Project("<S3SecPolicy>Strict</S3SecPolicy>"));
        tree.Write("App/Uploader.cs", SseS3Put);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        Assert.Contains("error S3SEC002", result.Output);
    }

    private const string SharedTypo = "S3SecPolicy 'strcit' is not a known preset (use recommended, strict, kms, "
        + "client-side, none); ";

    /// <summary>
    /// Forty projects that take a misspelt preset from Directory.Build.props, and one that misspells its own.
    /// </summary>
    private static TempTree SharedTypoTree()
    {
        var tree = new TempTree();
        tree.Write("Directory.Build.props", """
            <Project>
              <PropertyGroup>
                <S3SecPolicy>strcit</S3SecPolicy>
              </PropertyGroup>
            </Project>
            """);
        for (var i = 0; i < 40; i++)
        {
            tree.Write($"P{i}/P{i}.csproj", Project(""));
            tree.Write($"P{i}/Uploader.cs", Sources.UnencryptedPut.Replace("Uploader", "Uploader" + i));
        }

        tree.Write("Own/Own.csproj", Project("<S3SecPolicy>strcit</S3SecPolicy>"));
        tree.Write("Own/Uploader.cs", Sources.UnencryptedPut);
        return tree;
    }

    [Fact]
    public void UnknownPresetInDirectoryBuildProps_IsOneErrorNamingHowManyProjects_Text()
    {
        using var tree = SharedTypoTree();

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q");

        Assert.Equal(2, result.ExitCode);
        var errors = result.Output.Split('\n').Where(l => l.Contains(": error: ")).ToArray();
        Assert.Equal(
            new[]
            {
                "Directory.Build.props: error: " + SharedTypo
                    + "40 projects take it from here, scanned without a preset",
                "Own/Own.csproj: error: " + SharedTypo + "scanned without a preset",
            },
            errors);
        Assert.Contains("41 findings (41 warnings) in 41 of 41 files (41 projects); 2 input errors.", result.Output);
        Assert.Equal(
            new[]
            {
                "s3sec: error: Own/Own.csproj: " + SharedTypo + "scanned without a preset",
                "s3sec: error: Directory.Build.props: " + SharedTypo
                    + "the projects that take it from here are scanned without a preset",
            },
            result.Error.Split('\n', System.StringSplitOptions.RemoveEmptyEntries).OrderBy(l => l.Length));
    }

    [Fact]
    public void UnknownPresetInDirectoryBuildProps_IsOneErrorNamingHowManyProjects_JsonAndSarif()
    {
        using var tree = SharedTypoTree();

        var json = CliRunner.Run(tree.Root, "scan", tree.Root, "-q", "-f", "json");
        var sarif = CliRunner.Run(tree.Root, "scan", tree.Root, "-q", "-f", "sarif", "--fix");

        Assert.Equal(2, json.ExitCode);
        Assert.Equal(2, sarif.ExitCode);
        using var jsonReport = JsonDocument.Parse(json.Output);
        var errors = jsonReport.RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => e.GetProperty("path").GetString() + ": " + e.GetProperty("message").GetString())
            .ToArray();
        Assert.Equal(
            new[]
            {
                "Directory.Build.props: " + SharedTypo + "40 projects take it from here, scanned without a preset",
                "Own/Own.csproj: " + SharedTypo + "scanned without a preset",
            },
            errors);
        using var sarifReport = JsonDocument.Parse(sarif.Output);
        var notifications = sarifReport.RootElement.GetProperty("runs")[0].GetProperty("invocations")[0]
            .GetProperty("toolExecutionNotifications").EnumerateArray()
            .Select(n => n.GetProperty("message").GetProperty("text").GetString())
            .ToArray();
        Assert.Equal(
            new[]
            {
                "Directory.Build.props: " + SharedTypo
                    + "40 projects take it from here, scanned without a preset and not fixed",
                "Own/Own.csproj: " + SharedTypo + "scanned without a preset and not fixed",
            },
            notifications);
    }

    private const string TypoError = "s3sec: error: Typo/Typo.csproj: S3SecPolicy 'strcit' is not a known preset (use "
        + "recommended, strict, kms, client-side, none); scanned without a preset";

    /// <summary>Two projects with the same unencrypted write; Typo misspells the strict preset.</summary>
    private static TempTree TypoTree()
    {
        var tree = new TempTree();
        tree.Write("App/App.csproj", Project(""));
        tree.Write("App/Uploader.cs", Sources.UnencryptedPut);
        tree.Write("Typo/Typo.csproj", Project("<S3SecPolicy>strcit</S3SecPolicy>"));
        tree.Write("Typo/Uploader.cs", Sources.UnencryptedPut);
        return tree;
    }

    private static string Project(string properties) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>{properties}</PropertyGroup>
          <ItemGroup><PackageReference Include="AWSSDK.S3" Version="4.1.0.1" /></ItemGroup>
        </Project>
        """;
}
