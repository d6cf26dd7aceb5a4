using System;
using System.IO;
using System.Linq;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

/// <summary>
/// A folder with several project files, each with its own <c>Compile</c> items (a .NET Framework and a .NET test
/// project side by side, each removing the other's folder): every file one of them compiles is scanned, with its own
/// project's settings, and reported and fixed once, by the first project in the folder's order that compiles it.
/// </summary>
public sealed class MultiProjectFolderTests
{
    /// <summary>The shortest name, so the first of the folder: it reports the files both compile.</summary>
    private const string Core = "Tests/Tests.Core.csproj";

    private const string Framework = "Tests/Tests.Framework.csproj";

    private static string Project(string framework, string removed, string properties = "") => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>{framework}</TargetFramework>
            {properties}
          </PropertyGroup>
          <ItemGroup>
            <Compile Remove="**/obj/**" />
            <Compile Remove="{removed}" />
            <PackageReference Include="AWSSDK.S3" Version="3.7.511.8" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>
    /// Tests.Framework (net472) leaves out <c>netstandard/</c>, Tests.Core (net8.0) leaves out <c>_bcl/</c>; both
    /// compile <c>Shared.cs</c>. An unencrypted put in each.
    /// </summary>
    private static TempTree SideBySide(string coreProperties = "", string frameworkProperties = "")
    {
        var tree = new TempTree();
        tree.Write(Framework, Project("net472", "**/netstandard/**", frameworkProperties));
        tree.Write(Core, Project("net8.0", "**/_bcl/**", coreProperties));
        tree.Write("Tests/_bcl/Old.cs", Sources.UnencryptedPut.Replace("Uploader", "OldUploader"));
        tree.Write("Tests/netstandard/New.cs", Sources.UnencryptedPut.Replace("Uploader", "NewUploader"));
        tree.Write("Tests/Shared.cs", Sources.UnencryptedPut.Replace("Uploader", "SharedUploader"));
        return tree;
    }

    /// <summary>Each reported finding as path:line:id:severity, in the report's order.</summary>
    private static string[] Findings(CliResult result)
    {
        using var json = System.Text.Json.JsonDocument.Parse(result.Output);
        return json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => string.Join(
                ":",
                f.GetProperty("path").GetString(),
                f.GetProperty("line").GetInt32(),
                f.GetProperty("id").GetString(),
                f.GetProperty("severity").GetString()))
            .ToArray();
    }

    [Fact]
    public void Scan_TwoProjectsRemovingEachOthersFolder_ReportsEveryFileOnce()
    {
        using var tree = SideBySide();

        var result = CliRunner.Scan(tree, "-f", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            new[]
            {
                "Tests/Shared.cs:8:S3SEC001:warning",
                "Tests/_bcl/Old.cs:8:S3SEC001:warning",
                "Tests/netstandard/New.cs:8:S3SEC001:warning",
            },
            Findings(result));
        using var json = System.Text.Json.JsonDocument.Parse(result.Output);
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(3, summary.GetProperty("filesFound").GetInt32());
        Assert.Equal(2, summary.GetProperty("projects").GetInt32());
    }

    [Fact]
    public void Scan_TwoProjects_SaysWhichReportsWhatAndWarnsOnlyAboutTheGuess()
    {
        using var tree = SideBySide();

        var result = CliRunner.Scan(tree, "--verbose");

        Assert.Contains(
            "s3sec: Tests: holds several project files, each compiled with its own Compile items; files reported: "
            + "Tests.Core.csproj 2, Tests.Framework.csproj 1; 1 file(s) compiled by more than one are reported by "
            + "the first of them in that order",
            result.Error);
        Assert.Contains(
            "s3sec: warning: Tests: holds several project files and none is named after the folder; 1 file(s) more "
            + "than one of them compiles are reported with Tests.Core.csproj's settings (the shortest name), not "
            + "Tests.Framework.csproj's",
            result.Error);
        Assert.Contains(
            "s3sec: Tests/Tests.Framework.csproj: 1 file(s) that another project of its folder reports, compiled as "
            + "context",
            result.Error);
    }

    [Fact]
    public void Scan_TwoProjectsSharingNoFile_DoNotWarn()
    {
        using var tree = SideBySide();
        File.Delete(tree.PathOf("Tests/Shared.cs"));

        var result = CliRunner.Scan(tree);

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("warning:", result.Error);
        Assert.Single(result.Output.Split('\n'), l => l.StartsWith("Tests/_bcl/Old.cs(8,23): warning S3SEC001"));
        Assert.Single(result.Output.Split('\n'), l => l.StartsWith("Tests/netstandard/New.cs(8,23): warning S3SEC001"));
    }

    [Fact]
    public void Scan_FileBothProjectsCompile_IsReportedOnceWithTheFirstProjectsPolicy()
    {
        // Under the strict preset S3SEC001 is an error: two projects reporting the one finding would not even be
        // equal findings to merge.
        using var tree = SideBySide(frameworkProperties: "<S3SecPolicy>strict</S3SecPolicy>");

        var result = CliRunner.Scan(tree, "-f", "json");

        Assert.Equal(
            new[]
            {
                "Tests/Shared.cs:8:S3SEC001:warning",
                "Tests/_bcl/Old.cs:8:S3SEC001:error",
                "Tests/netstandard/New.cs:8:S3SEC001:warning",
            },
            Findings(result));
    }

    [Fact]
    public void Scan_SecondProjectsFile_IsCompiledWithItsSymbolsAndTheSharedFilesAsContext()
    {
        using var tree = SideBySide();
        tree.Write("Tests/Endpoints.cs", """
            public static class Endpoints
            {
                public const string Archive = "http://archive.example.com";
            }
            """);
        // Only the net472 project compiles _bcl/, and only it defines NETFRAMEWORK; the endpoint is in a file both
        // compile, which Tests.Core reports.
        tree.Write("Tests/_bcl/Client.cs", """
            using Amazon.S3;

            public class LegacyClient
            {
            #if NETFRAMEWORK
                public AmazonS3Config Config() => new AmazonS3Config { ServiceURL = Endpoints.Archive };
            #endif
            }
            """);

        var result = CliRunner.Scan(tree, "-f", "json");

        Assert.Contains("Tests/_bcl/Client.cs:6:S3SEC011:warning", Findings(result));
    }

    [Fact]
    public void Fix_TwoProjectsRemovingEachOthersFolder_RewritesEachFileOnce()
    {
        using var tree = SideBySide();
        var files = new[] { "Tests/Shared.cs", "Tests/_bcl/Old.cs", "Tests/netstandard/New.cs" };

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "--fix");
        var rescan = CliRunner.Scan(tree);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("s3sec: fixed 3 findings in 3 files; 0 findings remain", result.Error);
        foreach (var file in files)
        {
            var text = File.ReadAllText(tree.PathOf(file));
            Assert.Equal(1, text.Split("ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256").Length - 1);
        }

        Assert.Equal(0, rescan.ExitCode);
    }

    [Fact]
    public void Scan_NamedFileNoProjectOfItsFolderCompiles_WarnsNamingThem()
    {
        using var tree = SideBySide();
        var file = tree.Write("Tests/obj/Gen.cs", Sources.UnencryptedPut);

        var result = CliRunner.Run(tree.Root, "scan", file, "-q");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(
            "s3sec: warning: Gen.cs: none of its folder's projects (Tests.Core.csproj, Tests.Framework.csproj) "
            + "compiles it (their Compile items leave it out); not scanned",
            result.Error);
    }
}
