using System;
using System.Linq;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

/// <summary>
/// The loose loader compiles what a project's <c>Compile</c> items leave in, and reports nothing in a file the build
/// never compiles. Each expectation was checked with <c>dotnet msbuild -getItem:Compile</c> on the same tree.
/// </summary>
public sealed class CompileItemsTests
{
    private static string Project(string items, string properties = "") => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net8.0</TargetFramework>
            {properties}
          </PropertyGroup>
          <ItemGroup>
            {items}
            <PackageReference Include="AWSSDK.S3" Version="3.7.511.8" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>Writes an unencrypted put, in a class of its own, to each path under <c>App/</c>.</summary>
    private static void WritePuts(TempTree tree, params string[] paths)
    {
        for (var i = 0; i < paths.Length; i++)
        {
            tree.Write("App/" + paths[i], Sources.UnencryptedPut.Replace("Uploader", "Uploader" + i));
        }
    }

    /// <summary>The files the report names, in its order.</summary>
    private static string[] ReportedFiles(CliResult result)
    {
        return result.Output.Split('\n')
            .Where(l => l.Contains(": warning S3SEC001", StringComparison.Ordinal))
            .Select(l => l.Substring(0, l.IndexOf('(')))
            .ToArray();
    }

    [Fact]
    public void Scan_CompileRemove_LeavesTheRemovedFilesOut()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Project("""
            <Compile Remove="Old.cs" />
                <Compile Remove="Legacy/**" />
                <Compile Remove="Drafts/?b*.cs" />
                <Compile Update="Kept.cs" DependentUpon="Other.cs" />
            """));
        WritePuts(tree, "Old.cs", "old.cs", "Kept.cs", "Other.cs", "Legacy/A.cs", "Legacy/Deep/B.cs",
            "Drafts/ab1.cs", "Drafts/AB2.cs", "Drafts/cd.cs", "Drafts/b.cs");

        var result = CliRunner.Scan(tree);

        // MSBuild matches item specs in any case, on Linux too: Old.cs removes old.cs.
        Assert.Equal(
            new[] { "App/Drafts/b.cs", "App/Drafts/cd.cs", "App/Kept.cs", "App/Other.cs" },
            ReportedFiles(result));
        Assert.Contains("in 4 of 4 files (1 project)", result.Output);
    }

    [Theory]
    [InlineData("net472;net8.0", new[] { "App/A.cs", "App/Framework/F.cs", "App/Old.cs" })]
    [InlineData("net8.0;net472", new[] { "App/A.cs" })]
    public void Scan_CompileItemsConditionedOnTheFramework_FollowTheChosenFramework(
        string frameworks,
        string[] expected)
    {
        // dotnet msbuild -getItem:Compile -p:TargetFramework=net472 listed A.cs, Framework/F.cs, Old.cs;
        // with net8.0 it listed A.cs only.
        using var tree = new TempTree();
        tree.Write("App/App.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>{frameworks}</TargetFrameworks>
              </PropertyGroup>
              <ItemGroup Condition=" '$(TargetFramework)' != 'net472' ">
                <Compile Remove="Framework/**" />
              </ItemGroup>
              <ItemGroup>
                <Compile Remove="Old.cs" Condition="'$(TargetFramework)' == 'NET8.0'" />
                <PackageReference Include="AWSSDK.S3" Version="3.7.511.8" />
              </ItemGroup>
            </Project>
            """);
        WritePuts(tree, "A.cs", "Old.cs", "Framework/F.cs");

        var result = CliRunner.Scan(tree);

        Assert.Equal(expected, ReportedFiles(result));
    }

    [Fact]
    public void Scan_CompileRemoveInDirectoryBuildProps_RemovesNothing()
    {
        // Directory.Build.props is read before the SDK's default include, so its Remove comes too early to matter.
        using var tree = new TempTree();
        tree.Write("Directory.Build.props", """
            <Project>
              <ItemGroup>
                <Compile Remove="Old.cs" />
              </ItemGroup>
            </Project>
            """);
        tree.Write("App/App.csproj", Project(""));
        WritePuts(tree, "Old.cs");

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { "App/Old.cs" }, ReportedFiles(result));
    }

    [Fact]
    public void Scan_WithoutDefaultCompileItems_CompilesOnlyTheIncludes()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Project(
            """
            <Compile Include="Main.cs;Jobs/**/*.cs" Exclude="Jobs/Skip.cs" />
                <Compile Remove="Jobs/Gone.cs" />
                <Compile Include="Maybe.cs" Condition="'$(TargetFramework)' == 'net8.0'" />
            """,
            "<EnableDefaultCompileItems>false</EnableDefaultCompileItems>"));
        WritePuts(tree, "Main.cs", "Stray.cs", "Maybe.cs", "Jobs/A.cs", "Jobs/Nested/B.cs", "Jobs/Skip.cs",
            "Jobs/Gone.cs");

        var result = CliRunner.Scan(tree, "--verbose");

        // Maybe.cs is compiled by a net8.0 build, and its condition is decided against the project's net8.0.
        Assert.Equal(
            new[] { "App/Jobs/A.cs", "App/Jobs/Nested/B.cs", "App/Main.cs", "App/Maybe.cs" },
            ReportedFiles(result));
        Assert.Contains("App/App.csproj: 3 file(s) under its folder that its Compile items leave out", result.Error);
    }

    [Fact]
    public void Scan_EnableDefaultItemsFalseInDirectoryBuildProps_TurnsTheDefaultIncludeOff()
    {
        using var tree = new TempTree();
        tree.Write("Directory.Build.props", """
            <Project>
              <PropertyGroup>
                <EnableDefaultItems>false</EnableDefaultItems>
              </PropertyGroup>
              <ItemGroup>
                <Compile Include="$(MSBuildProjectDirectory)/Main.cs" />
              </ItemGroup>
            </Project>
            """);
        tree.Write("App/App.csproj", Project(""));
        WritePuts(tree, "Main.cs", "Stray.cs");

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { "App/Main.cs" }, ReportedFiles(result));
    }

    [Fact]
    public void Scan_CompileRemoveOfALinkedFile_LeavesItOut()
    {
        using var tree = new TempTree();
        tree.Write("Shared/Settings.cs", """
            public static class Settings
            {
                public const string Endpoint = "http://s3.example.com";
            }
            """);
        tree.Write("App/App.csproj", Project("""
            <Compile Include="..\Shared\Settings.cs" />
                <Compile Remove="..\Shared\*.cs" />
            """));
        tree.Write("App/Client.cs", """
            using Amazon.S3;

            public class Client
            {
                public AmazonS3Config Config() => new AmazonS3Config { ServiceURL = Settings.Endpoint };
            }
            """);

        var result = CliRunner.Run(tree.Root, "scan", tree.PathOf("App"), "--verbose");

        // Without the file the constant is unknown, so the http:// endpoint is not seen: nothing is reported.
        Assert.DoesNotContain("S3SEC011", result.Output);
        Assert.DoesNotContain("linked in from outside its folder", result.Error);
    }

    [Fact]
    public void Scan_FileUnderAFolderNamedWithADot_IsNotCompiledByTheDefaultInclude()
    {
        // The SDK's default include excludes **/.*/**: .generated/B.cs is not compiled, a file named .C.cs is.
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Project(""));
        WritePuts(tree, "A.cs", ".generated/B.cs", ".C.cs", "Sub/.cache/D.cs");

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { "App/.C.cs", "App/A.cs" }, ReportedFiles(result));
        Assert.Contains("in 2 of 2 files (1 project)", result.Output);
    }

    [Fact]
    public void Scan_FileUnderAFolderNamedWithADot_IsCompiledByAnExplicitInclude()
    {
        // Only the default include has the exclude: Include="**/*.cs" takes .generated/B.cs in, and so does a Remove
        // elsewhere, which turns off the scanner's whole-folder shortcut.
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Project(
            "<Compile Include=\"**/*.cs\" />",
            "<EnableDefaultCompileItems>false</EnableDefaultCompileItems>"));
        tree.Write("Lib/Lib.csproj", Project("<Compile Remove=\"Old.cs\" />"));
        WritePuts(tree, ".generated/B.cs");
        tree.Write("Lib/.generated/C.cs", Sources.UnencryptedPut.Replace("Uploader", "UploaderC"));
        tree.Write("Lib/Kept.cs", Sources.UnencryptedPut.Replace("Uploader", "UploaderK"));

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { "App/.generated/B.cs", "Lib/Kept.cs" }, ReportedFiles(result));
    }

    [Fact]
    public void Scan_DoubleStarSharingAFolderName_IsALiteralPathAsInMSBuild()
    {
        // MSBuild takes a spec whose ** is not a whole folder name as a literal path: these remove nothing.
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Project("""
            <Compile Remove="Lib**/*.cs" />
                <Compile Remove="**D.cs" />
                <Compile Remove="Gen/**.cs" />
            """));
        WritePuts(tree, "Lib/M.cs", "LibX/Deep/N.cs", "Sub/D.cs", "Gen/G.cs");

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { "App/Gen/G.cs", "App/Lib/M.cs", "App/LibX/Deep/N.cs", "App/Sub/D.cs" },
            ReportedFiles(result));
    }

    [Fact]
    public void Scan_FileItsOwnProjectRemovesButAnotherLinksIn_IsReportedThroughTheLinkingProject()
    {
        // dotnet msbuild -getItem:Compile: App compiles ../Shared/S.cs, Shared does not; the build compiles it once.
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Project("<Compile Include=\"..\\Shared\\S.cs\" Link=\"S.cs\" />"));
        tree.Write("Shared/Shared.csproj", Project("<Compile Remove=\"S.cs\" />"));
        tree.Write("Shared/S.cs", Sources.UnencryptedPut.Replace("Uploader", "UploaderS"));
        tree.Write("Shared/T.cs", Sources.UnencryptedPut.Replace("Uploader", "UploaderT"));
        WritePuts(tree, "A.cs");

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { "App/A.cs", "Shared/S.cs", "Shared/T.cs" }, ReportedFiles(result));
        Assert.Contains("in 3 of 3 files (2 projects)", result.Output);
    }

    [Fact]
    public void Scan_FileANestedProjectRemovesButTheEnclosingOneCompiles_IsReportedThroughTheEnclosingProject()
    {
        // dotnet msbuild -getItem:Compile: App's default include takes Tools/Tool.cs in, Tools/Tools.csproj does not.
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Project(""));
        tree.Write("App/Tools/Tools.csproj", Project("<Compile Remove=\"Tool.cs\" />"));
        WritePuts(tree, "A.cs", "Tools/Tool.cs", "Tools/Other.cs");

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { "App/A.cs", "App/Tools/Other.cs", "App/Tools/Tool.cs" }, ReportedFiles(result));
        Assert.Contains("in 3 of 3 files (2 projects)", result.Output);
    }

    [Fact]
    public void Scan_FileANestedProjectRemovesAndTheEnclosingOneRemovesToo_IsNotScanned()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Project("<Compile Remove=\"Tools/**\" />"));
        tree.Write("App/Tools/Tools.csproj", Project("<Compile Remove=\"Tool.cs\" />"));
        WritePuts(tree, "A.cs", "Tools/Tool.cs", "Tools/Other.cs");

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { "App/A.cs", "App/Tools/Other.cs" }, ReportedFiles(result));
    }

    [Fact]
    public void Scan_AllFilesRemoved_IsNotAnInputError()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Project("<Compile Remove=\"**/*.cs\" />"));
        WritePuts(tree, "Old.cs");

        var result = CliRunner.Scan(tree);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(ReportedFiles(result));
    }

    [Fact]
    public void Scan_RemovedFileNamedOnTheCommandLine_SaysWhyItIsNotScanned()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Project("<Compile Remove=\"Old.cs\" />"));
        WritePuts(tree, "Old.cs");

        var result = CliRunner.Run(tree.Root, "scan", tree.PathOf("App/Old.cs"), "-q");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(ReportedFiles(result));
        Assert.Equal(
            "s3sec: warning: Old.cs: App.csproj does not compile it (its Compile items leave it out); not scanned",
            result.Error.TrimEnd());
    }
}
