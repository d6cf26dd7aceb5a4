using System.Linq;
using S3Sec.Cli.Projects;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

/// <summary>What the loose loader compiles of a project: its symbols, its project file, its linked files.</summary>
public sealed class LooseFidelityTests
{
    private static string ProjectWith(string properties) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net8.0</TargetFramework>
          </PropertyGroup>
          {properties}
          <ItemGroup>
            <PackageReference Include="AWSSDK.S3" Version="3.7.511.8" />
          </ItemGroup>
        </Project>
        """;

    [Fact]
    public void Scan_ImplicitSymbols_AreThoseOfANet8DebugBuild()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", ProjectWith(""));
        tree.Write("App/Uploader.cs", Sources.PutsUnder(
            "NET", "NET8_0_OR_GREATER", "NETCOREAPP3_0_OR_GREATER", "NETCOREAPP2_1_OR_GREATER",
            "NETCOREAPP1_0_OR_GREATER", "DEBUG", "TRACE", "RELEASE", "NET9_0_OR_GREATER", "NETFRAMEWORK"));

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { 9, 12, 15, 18, 21, 24, 27 }, Sources.ReportedLines(result, "App/Uploader.cs"));
    }

    [Fact]
    public void Scan_DefineConstants_AddsTheProjectsSymbols()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", ProjectWith("""
            <PropertyGroup>
                <DefineConstants>$(DefineConstants);NETCORE,COMMA STORAGE ; SPACED</DefineConstants>
              </PropertyGroup>
              <PropertyGroup Condition="'$(Configuration)|$(Platform)' == 'Debug|AnyCPU'">
                <DefineConstants>$(DefineConstants);DEBUGGING</DefineConstants>
              </PropertyGroup>
              <PropertyGroup Condition=" '$(Configuration)' == 'Release' ">
                <DefineConstants>$(DefineConstants);SHIPPING</DefineConstants>
              </PropertyGroup>
              <PropertyGroup Condition="'$(TargetFramework)' == 'net8.0'">
                <DefineConstants>$(DefineConstants);ON_NET8</DefineConstants>
              </PropertyGroup>
              <PropertyGroup Condition="'$(SignAssembly)' == 'true'">
                <DefineConstants>$(DefineConstants);UNDECIDED</DefineConstants>
              </PropertyGroup>
            """));
        tree.Write("App/Uploader.cs", Sources.PutsUnder(
            "NETCORE", "COMMA", "STORAGE", "SPACED", "DEBUGGING", "TRACE", "NET", "SHIPPING", "ON_NET8", "UNDECIDED"));

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { 9, 12, 15, 18, 21, 24, 27, 33 }, Sources.ReportedLines(result, "App/Uploader.cs"));
    }

    [Fact]
    public void Scan_DefineConstantsWithoutItself_DropsTrace()
    {
        // As the SDK does: TRACE comes from its props, before the project replaces the whole list.
        using var tree = new TempTree();
        tree.Write("Directory.Build.props", """
            <Project>
              <PropertyGroup>
                <DefineConstants>FROM_PROPS</DefineConstants>
              </PropertyGroup>
            </Project>
            """);
        tree.Write("App/App.csproj", ProjectWith("""
            <PropertyGroup>
                <DefineConstants>ONLY_THIS</DefineConstants>
              </PropertyGroup>
            """));
        tree.Write("App/Uploader.cs", Sources.PutsUnder("ONLY_THIS", "TRACE", "FROM_PROPS", "DEBUG", "NETCOREAPP"));

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { 9, 18, 21 }, Sources.ReportedLines(result, "App/Uploader.cs"));
    }

    [Fact]
    public void Scan_DirectoryBuildPropsSymbols_ReachTheProject()
    {
        using var tree = new TempTree();
        tree.Write("Directory.Build.props", """
            <Project>
              <PropertyGroup>
                <DefineConstants>$(DefineConstants);FROM_PROPS</DefineConstants>
              </PropertyGroup>
              <PropertyGroup Condition="'$(Configuration)' == 'Debug'">
                <DefineConstants>$(DefineConstants);PROPS_DEBUG</DefineConstants>
              </PropertyGroup>
              <PropertyGroup Condition="'$(Configuration)' == ''">
                <DefineConstants>$(DefineConstants);PROPS_EMPTY</DefineConstants>
              </PropertyGroup>
            </Project>
            """);
        tree.Write("App/App.csproj", ProjectWith(""));
        tree.Write("App/Uploader.cs", Sources.PutsUnder("FROM_PROPS", "TRACE", "PROPS_DEBUG", "PROPS_EMPTY"));

        var result = CliRunner.Scan(tree);

        // Before the SDK's defaults, Configuration is empty on the command line and Debug in an IDE: undecided.
        Assert.Equal(new[] { 9, 12 }, Sources.ReportedLines(result, "App/Uploader.cs"));
    }

    [Fact]
    public void Scan_FolderWithSeveralProjects_UsesTheOneNamedAfterIt()
    {
        using var tree = new TempTree();
        tree.Write("Foo.Tests/Foo - Backup.Tests.csproj", Sources.Project("4.0.0.1"));
        tree.Write("Foo.Tests/Foo.Tests.csproj", Sources.Project("3.7.511.8"));
        tree.Write("Foo.Tests/Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree, "--verbose");

        Assert.Contains(
            "s3sec: Foo.Tests/Foo.Tests.csproj: 1 file(s); AWSSDK.S3 3.7.511.8 (PackageReference); using 3.7;",
            result.Error);
        Assert.Contains("s3sec: Foo.Tests: holds several project files, each compiled with its own Compile items; "
            + "files reported: Foo.Tests.csproj 1, Foo - Backup.Tests.csproj 0; 1 file(s) compiled by more than one "
            + "are reported by the first of them in that order", result.Error);
        Assert.DoesNotContain("Foo - Backup.Tests.csproj: ", result.Error);
        Assert.DoesNotContain("warning", result.Error);
        Assert.Contains("1 finding (1 warning) in 1 of 1 file (1 project).", result.Output);
    }

    [Fact]
    public void Scan_FolderWithSeveralProjectsNoneNamedAfterIt_WarnsAndUsesTheShortestName()
    {
        using var tree = new TempTree();
        tree.Write("Lib/Lib - Copy.csproj", Sources.Project("4.0.0.1"));
        tree.Write("Lib/Lib.Core.csproj", Sources.Project("3.7.511.8"));
        tree.Write("Lib/Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree, "--verbose");

        Assert.Contains("s3sec: warning: Lib: holds several project files and none is named after the folder; 1 "
            + "file(s) more than one of them compiles are reported with Lib.Core.csproj's settings (the shortest "
            + "name), not Lib - Copy.csproj's", result.Error);
        Assert.Contains("s3sec: Lib/Lib.Core.csproj: 1 file(s); AWSSDK.S3 3.7.511.8", result.Error);
        Assert.Single(result.Output.Split('\n'), l => l.StartsWith("Lib/Uploader.cs(8,23): warning S3SEC001"));
    }

    [Fact]
    public void Scan_SolutionListingOneOfAFoldersProjects_CompilesItsSourcesWithThatOne()
    {
        using var tree = new TempTree();
        tree.Write("Mixed/Alpha.csproj", Sources.Project("4.0.0.1"));
        tree.Write("Mixed/Zeta.csproj", Sources.Project("3.7.511.8"));
        tree.Write("Mixed/Uploader.cs", Sources.UnencryptedPut);
        var solution = tree.Write("App.slnx", """
            <Solution>
              <Project Path="Mixed/Zeta.csproj" />
            </Solution>
            """);

        var result = CliRunner.Run(tree.Root, "scan", solution, "--verbose", "--loader", "loose");

        Assert.Contains("s3sec: Mixed/Zeta.csproj: 1 file(s); AWSSDK.S3 3.7.511.8", result.Error);
        Assert.DoesNotContain("warning", result.Error);
        Assert.Contains("Mixed/Uploader.cs(8,23): warning S3SEC001", result.Output);
    }

    private const string HttpClientOfSharedSettings = /* lang=c#-test */ """
        using Amazon.S3;

        public class Client
        {
            public AmazonS3Config Config() => new AmazonS3Config { ServiceURL = Settings.Endpoint };
        }
        """;

    private const string SharedSettingsAndPut = /* lang=c#-test */ """
        using Amazon.S3;
        using Amazon.S3.Model;

        public static class Settings
        {
            public const string Endpoint = "http://s3.example.com";

            public static void Upload(IAmazonS3 s3) =>
                s3.PutObjectAsync(new PutObjectRequest { BucketName = "b", Key = "k" });
        }
        """;

    [Fact]
    public void Scan_CompileIncludeOutsideTheFolder_IsCompiledButNotReportedOrFixed()
    {
        using var tree = new TempTree();
        var shared = tree.Write("Shared/Settings.cs", SharedSettingsAndPut);
        tree.Write("App/App.csproj", ProjectWith("""
            <ItemGroup>
                <Compile Include="..\Shared\Settings.cs" Link="Settings.cs" />
              </ItemGroup>
            """));
        tree.Write("App/Client.cs", HttpClientOfSharedSettings);
        var before = System.IO.File.ReadAllText(shared);

        var result = CliRunner.Run(tree.Root, "scan", tree.PathOf("App"), "--fix", "--verbose");

        Assert.Contains("Client.cs(5,60): warning S3SEC011", result.Output);
        Assert.DoesNotContain("Settings.cs", result.Output);
        Assert.Contains(
            "s3sec: App.csproj: 1 file(s) linked in from outside its folder, read as context", result.Error);
        Assert.Equal(before, System.IO.File.ReadAllText(shared));
    }

    [Fact]
    public void Scan_GlobalAmazonUsingInALinkedFile_MakesTheProjectsFilesCandidates()
    {
        using var tree = new TempTree();
        tree.Write("Shared/GlobalUsings.cs", "global using Amazon.S3;\n");
        tree.Write("App/App.csproj", ProjectWith("""
            <ItemGroup>
                <Compile Include="..\Shared\GlobalUsings.cs" />
              </ItemGroup>
            """));
        tree.Write("App/Job.cs", """
            public class Job
            {
                public AmazonS3Config Config() => new AmazonS3Config { ServiceURL = "http://s3.example.com" };
            }
            """);

        var result = CliRunner.Run(tree.Root, "scan", tree.PathOf("App"));

        Assert.Contains("Job.cs(3,60): warning S3SEC011", result.Output);
    }

    [Fact]
    public void Scan_LinkedFileThatIsNotSource_IsAWarningAndTheProjectIsScanned()
    {
        using var tree = new TempTree();
        tree.WriteBytes("Shared/Blob.cs", new byte[] { 0x41, 0x00, 0x42 });
        tree.Write("App/App.csproj", ProjectWith("""
            <ItemGroup>
                <Compile Include="..\Shared\Blob.cs" />
              </ItemGroup>
            """));
        tree.Write("App/Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Run(tree.Root, "scan", tree.PathOf("App"), "-q");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Uploader.cs(8,23): warning S3SEC001", result.Output);
        Assert.Equal(
            "s3sec: warning: ../Shared/Blob.cs: contains NUL bytes, so it is not C# source (binary file named .cs?); "
            + "not scanned (linked into App.csproj)",
            result.Error.TrimEnd());
    }

    [Fact]
    public void Read_LinkedSources_AreThePlainIncludesOfExistingFilesOutsideTheFolder()
    {
        using var tree = new TempTree();
        tree.Write("Shared/A.cs", Sources.NoS3);
        tree.Write("Shared/B.cs", Sources.NoS3);
        tree.Write("Shared/C.cs", Sources.NoS3);
        tree.Write("Shared/D.cs", Sources.NoS3);
        tree.Write("Shared/E.cs", Sources.NoS3);
        tree.Write("Shared/F.cs", Sources.NoS3);
        tree.Write("Common.props", """
            <Project>
              <ItemGroup>
                <Compile Include="$(MSBuildThisFileDirectory)Shared/E.cs" />
              </ItemGroup>
            </Project>
            """);
        tree.Write("Directory.Build.props", """
            <Project>
              <ItemGroup>
                <Compile Include="$(MSBuildThisFileDirectory)Shared\D.cs" />
              </ItemGroup>
            </Project>
            """);
        tree.Write("App/Inside.cs", Sources.NoS3);
        var project = tree.Write("App/App.csproj", ProjectWith("""
            <PropertyGroup>
                <SharedDir>..\Shared</SharedDir>
              </PropertyGroup>
              <ItemGroup>
                <Compile Include="..\Shared\A.cs;$(SharedDir)\B.cs" Link="Linked\A.cs" />
                <Compile Include="Inside.cs" />
                <Compile Include="..\Shared\Missing.cs" />
                <Compile Include="..\Shared\*.cs" />
                <Compile Include="$(Unknown)\C.cs" />
                <Compile Include="..\Shared\C.cs" Condition="'$(TargetFramework)' == 'net48'" />
                <Compile Include="..\Shared\B.cs" />
              </ItemGroup>
              <ItemGroup Condition="'$(Configuration)' == 'Release'">
                <Compile Include="..\Shared\F.cs" />
              </ItemGroup>
            """));

        var settings = ProjectFileReader.Read(project, (_, _) => { });

        Assert.Equal(
            new[] { "Shared/D.cs", "Shared/A.cs", "Shared/B.cs" }.Select(tree.PathOf),
            settings.LinkedSources);
    }

    [Theory]
    [InlineData("Repo")]
    [InlineData("C# Repo #1")]
    public void Read_LinkedSourceFromDirectoryBuildProps_IsRelativeToThatFile(string folder)
    {
        using var tree = new TempTree();
        tree.Write(folder + "/Shared/D.cs", Sources.NoS3);
        tree.Write(folder + "/Directory.Build.props", """
            <Project>
              <ItemGroup>
                <Compile Include="$(MSBuildThisFileDirectory)Shared\D.cs" />
              </ItemGroup>
            </Project>
            """);
        var project = tree.Write(folder + "/App/App.csproj", ProjectWith(""));

        var settings = ProjectFileReader.Read(project, (_, _) => { });

        Assert.Equal(new[] { tree.PathOf(folder + "/Shared/D.cs") }, settings.LinkedSources);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("'$(Configuration)' == 'Debug'", true)]
    [InlineData(" '$(Configuration)'=='debug' ", true)]
    [InlineData("'$(Configuration)|$(Platform)' == 'Debug|AnyCPU'", true)]
    [InlineData("'$(Configuration)' != 'Release'", true)]
    [InlineData("'$(Configuration)' == 'Release'", false)]
    [InlineData("'$(Configuration)|$(Platform)' == 'Release|AnyCPU'", false)]
    [InlineData("'$(TargetFramework)' == 'net8.0'", false)]
    [InlineData("'$(TargetFramework)' != 'net8.0'", false)]
    [InlineData("'$(Configuration)' == 'Debug' and '$(X)' == ''", false)]
    [InlineData("Exists('a.props')", false)]
    public void ConditionHolds_DecidesOnlyWhatItCanDecideExactly(string? condition, bool expected)
    {
        Assert.Equal(expected, ProjectFileReader.ConditionHolds(condition));
    }

    [Theory]
    [InlineData("'$(TargetFramework)' == 'net472'", true)]
    [InlineData(" '$(TargetFramework)'=='NET472' ", true)]
    [InlineData("'$(TargetFramework)' != 'net6.0'", true)]
    [InlineData("'$(TargetFramework)' == 'net6.0'", false)]
    [InlineData("'$(TargetFramework)|$(Configuration)' == 'net472|Debug'", true)]
    [InlineData("'$(TargetFramework)' == 'net472' and '$(X)' == ''", false)]
    [InlineData("$(TargetFramework.StartsWith('net4'))", true)]
    [InlineData(" $(TargetFramework.startswith('net4')) ", true)]
    [InlineData("!$(TargetFramework.StartsWith('net4'))", false)]
    [InlineData("$(TargetFramework.StartsWith('NET4'))", false)]
    [InlineData("!$(TargetFramework.StartsWith('net8'))", true)]
    [InlineData("'$(TargetFramework.StartsWith(`net4`))' == 'True'", true)]
    [InlineData("'$(TargetFramework.StartsWith(`net4`))' != 'true'", false)]
    [InlineData("$(TargetFramework.StartsWith('net4')) and '$(X)' == ''", false)]
    [InlineData("$(TargetFramework.EndsWith('472'))", false)]
    public void ConditionHolds_WithTheChosenFramework_DecidesTargetFrameworkComparisons(string condition, bool expected)
    {
        Assert.Equal(expected, ProjectFileReader.ConditionHolds(condition, framework: "net472"));
    }

    [Fact]
    public void ConditionHolds_WithoutAKnownFramework_LeavesStartsWithUndecided()
    {
        Assert.False(ProjectFileReader.ConditionHolds("!$(TargetFramework.StartsWith('net4'))"));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("'a' == 'A'", true)]
    [InlineData("'$(Configuration)' == 'Debug'", false)]
    [InlineData("'$(Configuration)' == ''", false)]
    [InlineData("'$(Platform)' != 'x64'", false)]
    public void ConditionHolds_BeforeTheSdkDefaults_LeavesConfigurationUndecided(string? condition, bool expected)
    {
        Assert.Equal(expected, ProjectFileReader.ConditionHolds(condition, configurationKnown: false));
    }

    private const string StorageBase = /* lang=c#-test */ """
        using Amazon.S3;

        namespace Lib;

        public abstract class StorageBase
        {
            protected IAmazonS3 Client { get; } = null!;
        }
        """;

    private const string AwsStorage = /* lang=c#-test */ """
        using Amazon.S3.Model;
        using Lib;

        public class AwsStorage : StorageBase
        {
            public void Save() => Client.PutObjectAsync(new PutObjectRequest { BucketName = "b", Key = "k" });
        }
        """;

    private static string ProjectReferencing(string reference) => ProjectWith($"""
        <ItemGroup>
            <ProjectReference Include="{reference}" />
          </ItemGroup>
        """);

    [Fact]
    public void Scan_BaseClassInAReferencedProject_Resolves()
    {
        // managedcode Storage: the client is a property of a base class another project of the repository declares.
        using var tree = new TempTree();
        tree.Write("Lib/Lib.csproj", ProjectWith(""));
        tree.Write("Lib/StorageBase.cs", StorageBase);
        tree.Write("Lib/Uploader.cs", Sources.UnencryptedPut);
        tree.Write("App/App.csproj", ProjectReferencing(@"..\Lib\Lib.csproj"));
        tree.Write("App/AwsStorage.cs", AwsStorage);

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { 6 }, Sources.ReportedLines(result, "App/AwsStorage.cs"));
        // Compiled with App as context, reported through Lib only.
        Assert.Equal(new[] { 8 }, Sources.ReportedLines(result, "Lib/Uploader.cs"));
    }

    [Fact]
    public void Scan_BaseClassInAProjectReferencedThroughAnother_Resolves()
    {
        using var tree = new TempTree();
        tree.Write("Lib/Lib.csproj", ProjectWith(""));
        tree.Write("Lib/StorageBase.cs", StorageBase);
        tree.Write("Mid/Mid.csproj", ProjectReferencing("../Lib/Lib.csproj"));
        tree.Write("Mid/Nothing.cs", Sources.NoS3);
        tree.Write("App/App.csproj", ProjectReferencing("$(MSBuildThisFileDirectory)../Mid/Mid.csproj"));
        tree.Write("App/AwsStorage.cs", AwsStorage);

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { 6 }, Sources.ReportedLines(result, "App/AwsStorage.cs"));
    }

    [Fact]
    public void Fix_WriteThroughABaseClassInAReferencedProject_IsFixedThere()
    {
        using var tree = new TempTree();
        tree.Write("Lib/Lib.csproj", ProjectWith(""));
        tree.Write("Lib/StorageBase.cs", StorageBase);
        tree.Write("App/App.csproj", ProjectReferencing("../Lib/Lib.csproj"));
        var storage = tree.Write("App/AwsStorage.cs", AwsStorage);

        var result = CliRunner.Scan(tree, "--fix");

        Assert.Empty(Sources.ReportedLines(result, "App/AwsStorage.cs"));
        Assert.Contains("ServerSideEncryptionMethod", System.IO.File.ReadAllText(storage));
        Assert.Equal(StorageBase, System.IO.File.ReadAllText(tree.PathOf("Lib/StorageBase.cs")));
    }

    [Fact]
    public void Scan_ReferencedProjectsAssemblyAttributes_DoNotApplyToTheReferencingProject()
    {
        using var tree = new TempTree();
        tree.Write("Lib/Lib.csproj", ProjectWith(""));
        tree.Write("Lib/StorageBase.cs", StorageBase.Replace("namespace Lib;", """
            [assembly: System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "S3SEC001", Scope = "type",
                Target = "~T:AwsStorage")]

            namespace Lib;
            """));
        tree.Write("App/App.csproj", ProjectReferencing("../Lib/Lib.csproj"));
        tree.Write("App/AwsStorage.cs", AwsStorage);

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { 6 }, Sources.ReportedLines(result, "App/AwsStorage.cs"));
    }

    [Fact]
    public void Scan_ReferencedProjectsMemberBodies_BringInNoFiles()
    {
        // The referencing project binds to the base class's declarations; what its methods call is not needed.
        using var tree = new TempTree();
        tree.Write("Lib/Lib.csproj", ProjectWith(""));
        tree.Write("Lib/StorageBase.cs", StorageBase.Replace(
            "protected IAmazonS3 Client { get; } = null!;",
            "protected IAmazonS3 Client { get; } = null!;\n    public int Size() => Helper.Size();"));
        tree.Write("Lib/Helper.cs", "namespace Lib; public static class Helper { public static int Size() => 1; }");
        tree.Write("App/App.csproj", ProjectReferencing("../Lib/Lib.csproj"));
        tree.Write("App/AwsStorage.cs", AwsStorage);

        var result = CliRunner.Scan(tree, "--verbose");

        Assert.Equal(new[] { 6 }, Sources.ReportedLines(result, "App/AwsStorage.cs"));
        Assert.Contains("App/App.csproj: compiled 2 of 3 file(s)", result.Error);
    }
}
