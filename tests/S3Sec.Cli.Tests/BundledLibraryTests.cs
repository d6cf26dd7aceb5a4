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

    private const string KeyProvider = """
        using S3Sec.Crypto.Envelope;

        public static class KeyProvider
        {
            public static AesMasterKey Master()
                => AesMasterKey.FromBase64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        }
        """;

    [Fact]
    public void HardCodedS3SecCryptoKey_InAProjectThatNamesNoAwsType_IsReported()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Project);
        tree.Write("App/KeyProvider.cs", KeyProvider);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(
            "App/KeyProvider.cs(6,36): warning S3SEC013: "
            + "The client-side encryption master key (AesMasterKey.FromBase64)",
            result.Output);
    }

    [Fact]
    public void HardCodedS3SecCryptoKey_BesideAFileOfS3Code_IsReported()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Project);
        tree.Write("App/KeyProvider.cs", KeyProvider);
        tree.Write("App/Store.cs", "using Amazon.S3;\npublic class Store { public IAmazonS3? S3 { get; set; } }\n");

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("App/KeyProvider.cs(6,36): warning S3SEC013", result.Output);
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

    [Fact]
    public void EncryptionClientWarning_NamesTheProjectRelativeToTheScannedFolder()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Project.Replace("S3Sec.Crypto", "Amazon.Extensions.S3.Encryption"));
        tree.Write("App/Uploader.cs", "using Amazon.S3; class Uploader { }");

        // The test process runs in its bin folder, not in the scanned one: the path must not depend on that.
        var result = CliRunner.Run(tree.Root, "scan", tree.Root);

        Assert.Contains(
            "s3sec: warning: App/App.csproj: references Amazon.Extensions.S3.Encryption", result.Error);
    }
}
