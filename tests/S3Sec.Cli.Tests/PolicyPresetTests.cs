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
    public void UnknownPreset_IsReportedAndIgnored()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Project("<S3SecPolicy>paranoid</S3SecPolicy>"));
        tree.Write("App/Uploader.cs", SseS3Put);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("paranoid", result.Error);
        Assert.Contains("is not a known S3SecPolicy preset", result.Error);
    }

    private static string Project(string properties) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>{properties}</PropertyGroup>
          <ItemGroup><PackageReference Include="AWSSDK.S3" Version="4.1.0.1" /></ItemGroup>
        </Project>
        """;
}
