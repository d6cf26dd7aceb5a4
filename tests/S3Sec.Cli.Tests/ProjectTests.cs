using System;
using System.Text.RegularExpressions;
using S3Sec.Cli.Projects;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

public sealed class ProjectTests
{
    [Fact]
    public void Scan_FilesUnderDifferentProjects_AreCompiledPerProject()
    {
        using var tree = new TempTree();
        tree.Write("Api/Api.csproj", Sources.Project("4.1.0.1"));
        tree.Write("Api/Controllers/Uploader.cs", Sources.UnencryptedPut);
        tree.Write("Worker/Worker.csproj", Sources.Project("3.7.511.8"));
        tree.Write("Worker/Uploader.cs", Sources.UnencryptedPut);
        tree.Write("Worker/Jobs/Calculator.cs", Sources.NoS3);

        var result = CliRunner.Scan(tree, "--verbose");

        Assert.Contains("s3sec: Api/Api.csproj: 1 file(s);", result.Error);
        Assert.Contains("s3sec: Worker/Worker.csproj: 2 file(s);", result.Error);
        Assert.Contains("s3sec: Api/Api.csproj:   ServerSideEncryptionAnalyzer: ", result.Error);
        Assert.Contains("2 findings (2 warnings) in 2 of 3 files (2 projects).", result.Output);
    }

    [Fact]
    public void Scan_SameTypeInTwoProjects_IsNotAmbiguous()
    {
        using var tree = new TempTree();
        tree.Write("One/One.csproj", Sources.Project("4.1.0.1"));
        tree.Write("One/Uploader.cs", Sources.UnencryptedPut);
        tree.Write("Two/Two.csproj", Sources.Project("4.1.0.1"));
        tree.Write("Two/Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree);

        Assert.Contains("One/Uploader.cs(8,23): warning S3SEC001", result.Output);
        Assert.Contains("Two/Uploader.cs(8,23): warning S3SEC001", result.Output);
    }

    [Fact]
    public void Scan_FilesWithoutProject_FormOneGroup()
    {
        using var tree = new TempTree();
        tree.Write("a/Uploader.cs", Sources.UnencryptedPut);
        tree.Write("b/Calculator.cs", Sources.NoS3);

        var result = CliRunner.Scan(tree, "--verbose");

        Assert.Contains("s3sec: (files outside any project): 2 file(s); no project file; using 4.x", result.Error);
    }

    [Fact]
    public void Scan_ProjectOnAwsSdk37_CompilesAgainst37()
    {
        using var tree = new TempTree();
        tree.Write("App.csproj", Sources.Project("3.7.511.8"));
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree, "--verbose");

        Assert.Contains("AWSSDK.S3 3.7.511.8 (PackageReference); using 3.7", result.Error);
        Assert.Contains("Uploader.cs(8,23): warning S3SEC001", result.Output);
    }

    [Fact]
    public void Scan_ProjectOnAwsSdk4_CompilesAgainst4()
    {
        using var tree = new TempTree();
        tree.Write("App.csproj", Sources.Project("4.0.103"));
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree, "--verbose");

        Assert.Contains("AWSSDK.S3 4.0.103 (PackageReference); using 4.x", result.Error);
    }

    [Fact]
    public void Scan_CentralPackageVersion_ChoosesTheLine()
    {
        using var tree = new TempTree();
        tree.Write("Directory.Packages.props", """
            <Project>
              <ItemGroup>
                <PackageVersion Include="AWSSDK.S3" Version="3.7.400" />
              </ItemGroup>
            </Project>
            """);
        tree.Write("src/App/App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="AWSSDK.S3" />
              </ItemGroup>
            </Project>
            """);
        tree.Write("src/App/Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree, "--verbose");

        Assert.Contains("AWSSDK.S3 3.7.400 (Directory.Packages.props); using 3.7", result.Error);
    }

    [Fact]
    public void Scan_VersionFromProperty_ChoosesTheLine()
    {
        using var tree = new TempTree();
        tree.Write("App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <AwsSdkVersion>3.7.300</AwsSdkVersion>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="AWSSDK.S3" Version="$(AwsSdkVersion)" />
              </ItemGroup>
            </Project>
            """);
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree, "--verbose");

        Assert.Contains("AWSSDK.S3 3.7.300 (PackageReference); using 3.7", result.Error);
    }

    private const string SynchronousPut = """
        using Amazon.S3;
        using Amazon.S3.Model;

        public class Archive
        {
            public void Save(AmazonS3Client client, string bucket, string key, string body)
            {
                var request = new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = body };
                client.PutObject(request);
            }
        }
        """;

    [Fact]
    public void Scan_LegacyProjectWithAssemblyReference_UsesItsLineAndTheNetFrameworkApi()
    {
        using var tree = new TempTree();
        tree.Write("Legacy/Legacy.csproj", """
            <Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
              <PropertyGroup>
                <TargetFrameworkVersion>v4.5.2</TargetFrameworkVersion>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="AWSSDK.S3, Version=3.3.0.0, Culture=neutral, PublicKeyToken=885c28607f98e604">
                  <HintPath>lib\AWSSDK.S3.dll</HintPath>
                </Reference>
                <Compile Include="Archive.cs" />
              </ItemGroup>
            </Project>
            """);
        tree.Write("Legacy/Archive.cs", SynchronousPut);

        var result = CliRunner.Scan(tree, "--verbose");

        Assert.Contains("AWSSDK.S3 3.3.0.0 (Reference); using 3.7", result.Error);
        Assert.Contains("Legacy/Archive.cs(8,23): warning S3SEC001", result.Output);
    }

    [Theory]
    [InlineData("net48", "4.1.0.1", 1)]
    [InlineData("net472", "3.7.511.8", 1)]
    [InlineData("net8.0", "3.7.511.8", 0)]
    public void Scan_SynchronousPut_IsSeenOnlyWhereTheFrameworkHasIt(string framework, string sdk, int findings)
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Sources.Project(sdk).Replace("net8.0", framework, StringComparison.Ordinal));
        tree.Write("App/Archive.cs", SynchronousPut);

        var result = CliRunner.Scan(tree);

        Assert.Equal(findings, Regex.Matches(result.Output, "warning S3SEC001").Count);
    }

    private const string LegacyEncryptionClient = """
        using Amazon.S3.Encryption;

        public class Vault
        {
            public AmazonS3EncryptionClient Open(string kmsKeyId)
                => new AmazonS3EncryptionClient(new EncryptionMaterials(kmsKeyId));
        }
        """;

    // Known gap, pinned: files outside any project are compiled against 4.x, which no longer has the legacy V1
    // client of Amazon.S3.Encryption; in a project that references 3.x the same file is reported.
    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 2)]
    public void Scan_LegacyEncryptionClient_IsSeenOnlyWithA3xProject(bool inProject, int findings)
    {
        using var tree = new TempTree();
        if (inProject)
        {
            tree.Write("App.csproj", Sources.Project("3.7.511.8"));
        }

        tree.Write("Vault.cs", LegacyEncryptionClient);

        var result = CliRunner.Scan(tree);

        Assert.Equal(findings, Regex.Matches(result.Output, "warning S3SEC031").Count);
    }

    [Fact]
    public void Scan_ProjectWithoutAwsReference_Uses4()
    {
        using var tree = new TempTree();
        tree.Write("App.csproj", """<Project Sdk="Microsoft.NET.Sdk" />""");
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree, "--verbose");

        Assert.Contains("no AWSSDK.S3 reference found; using 4.x", result.Error);
    }

    [Fact]
    public void Scan_MalformedProjectFile_WarnsAndUsesDefaults()
    {
        using var tree = new TempTree();
        tree.Write("App.csproj", "<Project><ItemGroup>");
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree);

        Assert.Contains("s3sec: warning: App.csproj: cannot be read as MSBuild XML", result.Error);
        Assert.Contains("Uploader.cs(8,23): warning S3SEC001", result.Output);
    }

    [Fact]
    public void Scan_UsingItemsInProject_BecomeGlobalUsings()
    {
        using var tree = new TempTree();
        tree.Write("App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="AWSSDK.S3" Version="4.1.0.1" />
                <Using Include="Amazon.S3" />
                <Using Include="Amazon.S3.Model" />
              </ItemGroup>
            </Project>
            """);
        tree.Write("Uploader.cs", Sources.UnencryptedPut.Replace("using Amazon.S3;\nusing Amazon.S3.Model;\n", ""));

        var result = CliRunner.Scan(tree);

        Assert.Contains("Uploader.cs(6,23): warning S3SEC001", result.Output);
    }

    [Theory]
    [InlineData("3.7.511.8", "aws-3.7")]
    [InlineData("3.5.0", "aws-3.7")]
    [InlineData("[3.7,4.0)", "aws-3.7")]
    [InlineData("3.*", "aws-3.7")]
    [InlineData("4.1.0.1", "aws-4")]
    [InlineData("[4.0.0,)", "aws-4")]
    [InlineData("5.0.0", "aws-4")]
    public void LineFromVersion_ReadsTheMajorVersion(string version, string expectedFolder)
    {
        Assert.Equal(expectedFolder, ProjectFileReader.LineFromVersion(version)?.FolderName());
    }

    [Theory]
    [InlineData("")]
    [InlineData("$(Unresolved)")]
    [InlineData("latest")]
    public void LineFromVersion_UnknownVersion_IsNull(string version)
    {
        Assert.Null(ProjectFileReader.LineFromVersion(version));
    }
}
