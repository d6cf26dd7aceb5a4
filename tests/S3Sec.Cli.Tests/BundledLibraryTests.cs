using System;
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

    [Theory]
    [InlineData("GlobalUsings.cs", "global using S3Sec.Crypto.Envelope;", "AesMasterKey.FromBase64")]
    [InlineData("GlobalUsings.cs", "global using global::S3Sec.Crypto.Envelope;", "AesMasterKey.FromBase64")]
    [InlineData("GlobalUsings.cs", "global using Master = S3Sec.Crypto.Envelope.AesMasterKey;", "Master.FromBase64")]
    [InlineData("GlobalUsings.cs", "global using static S3Sec.Crypto.Envelope.AesMasterKey;", "FromBase64")]
    [InlineData("App.csproj", "<Using Include=\"S3Sec.Crypto.Envelope\" />", "AesMasterKey.FromBase64")]
    [InlineData("App.csproj", "<Using Include=\"S3Sec.Crypto.Envelope.AesMasterKey\" Alias=\"Master\" />",
        "Master.FromBase64")]
    public void HardCodedS3SecCryptoKey_InAFileRelyingOnAGlobalUsing_IsReported(
        string where, string globalUsing, string call)
    {
        // The file names neither Amazon nor S3Sec: the selection left it out and the finding was missed.
        using var tree = new TempTree();
        tree.Write(
            "App/App.csproj",
            where == "App.csproj" ? Project.Replace("</ItemGroup>", globalUsing + "\n  </ItemGroup>") : Project);
        if (where != "App.csproj")
        {
            tree.Write("App/" + where, globalUsing + "\n");
        }

        tree.Write("App/Keys.cs", $$"""
            public static class Keys
            {
                public static object Make() => {{call}}("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
            }
            """);
        tree.Write("App/Calculator.cs", Sources.NoS3);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-v");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(
            $"App/Keys.cs(3,{37 + call.Length}): warning S3SEC013: "
            + "The client-side encryption master key (AesMasterKey.FromBase64)",
            result.Output);

        // Calculator.cs writes none of S3Sec.Crypto's key types and stays out, unless a static import lets any file
        // call their factories by bare name.
        var analysed = where == "App.csproj" ? "1 of 2" : globalUsing.Contains("static ", StringComparison.Ordinal)
            ? "3 of 3"
            : "2 of 3";
        Assert.Contains($"App/App.csproj: analysed {analysed} file(s) that can hold S3 code", result.Error);
    }

    [Theory]
    [InlineData("global using Amazon.S3.Model;", "PutObjectRequest", "request")]
    [InlineData("global using Request = Amazon.S3.Model.PutObjectRequest;", "Request", "request")]
    [InlineData("global using Requests = (Amazon.S3.Model.PutObjectRequest First, int Count);", "Requests",
        "request.First")]
    public void SensitiveMetadata_InAFileRelyingOnAGlobalUsingOfTheSdk_IsReported(
        string globalUsing, string type, string receiver)
    {
        // A global using of the SDK lets a file use its types without writing Amazon: every file is a candidate. A
        // tuple alias has no Name, only a type, and was missed.
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Project);
        tree.Write("App/GlobalUsings.cs", globalUsing + "\n");
        tree.Write("App/Store.cs", $$"""
            public class Store
            {
                public void Fill({{type}} request, string ssn) => {{receiver}}.Metadata.Add("customer-ssn", ssn);
            }
            """);
        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("App/Store.cs(3,", result.Output);
        Assert.Contains("warning S3SEC020", result.Output);
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
