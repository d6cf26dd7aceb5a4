using System.IO;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

/// <summary>Libraries the scanner knows about beyond the AWS SDK: S3Sec.Crypto ships with it, the S3 encryption
/// client package does not.</summary>
public sealed class BundledLibraryTests
{
    private const string Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <ItemGroup>
            <PackageReference Include="AWSSDK.S3" Version="4.1.0.1" />
            <PackageReference Include="S3Sec.Crypto" Version="0.1.0" />
          </ItemGroup>
        </Project>
        """;

    private const string Archive = """
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;
        using S3Sec.Crypto.Metadata;

        class Archive
        {
            private readonly ProtectedMetadata _protector;

            public Archive(ProtectedMetadata protector) => _protector = protector;

            Task Put(IAmazonS3 s3, string email)
            {
                var request = new PutObjectRequest
                {
                    BucketName = "b",
                    Key = "k",
                    ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
                };
                request.Metadata.Add("email", email);
                return s3.PutObjectAsync(request);
            }
        }
        """;

    [Fact]
    public void ProjectUsingS3SecCrypto_GetsTheProtectedMetadataFix()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Project);
        var file = tree.Write("App/Archive.cs", Archive);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q", "--fix");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(
            """request.Metadata.Add("email", _protector.Protect("email", email));""", File.ReadAllText(file));
    }

    [Fact]
    public void ProjectUsingTheEncryptionClientPackage_IsWarnedAbout()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Project.Replace("S3Sec.Crypto", "Amazon.Extensions.S3.Encryption"));
        tree.Write("App/Uploader.cs", "using Amazon.S3; class Uploader { }");

        var result = CliRunner.Run(tree.Root, "scan", tree.Root);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(
            "s3sec: warning: App/App.csproj: references Amazon.Extensions.S3.Encryption, which s3sec does not bundle",
            result.Error);
    }
}
