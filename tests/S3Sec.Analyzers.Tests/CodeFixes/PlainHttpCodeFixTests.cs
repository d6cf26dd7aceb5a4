using System.Threading.Tasks;
using S3Sec.Analyzers.Tests.Verifiers;
using Xunit;
using Fix = S3Sec.CodeFixes.PlainHttpCodeFixProvider;
using VerifyCS = S3Sec.Analyzers.Tests.Verifiers.Verify<S3Sec.Analyzers.Rules.TransportAnalyzer>;

namespace S3Sec.Analyzers.Tests.CodeFixes;

public sealed class PlainHttpCodeFixTests
{
    private const string Usings = """
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        """;

    [Theory]
    [MemberData(nameof(SdkReferences.Lines), MemberType = typeof(SdkReferences))]
    public Task UseHttpTrue_BecomesFalse(SdkLine line) => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Factory
        {
            IAmazonS3 Create() => new AmazonS3Client(new AmazonS3Config { {|S3SEC011:UseHttp = true|} });
        }
        """,
        Usings + """
        class Factory
        {
            IAmazonS3 Create() => new AmazonS3Client(new AmazonS3Config { UseHttp = false });
        }
        """,
        Fix.UseHttpsEquivalenceKey,
        line);

    [Fact]
    public Task HttpServiceUrlLiteral_BecomesHttps() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Factory
        {
            AmazonS3Config Create() => new()
            {
                {|S3SEC011:ServiceURL = "http://storage.example.com/"|}, // shared gateway
            };
        }
        """,
        Usings + """
        class Factory
        {
            AmazonS3Config Create() => new()
            {
                ServiceURL = "https://storage.example.com/", // shared gateway
            };
        }
        """,
        Fix.UseHttpsEquivalenceKey);

    [Fact]
    public Task SseCustomerKeyOverHttp_SwitchesTheClientConfigToHttps() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Reader
        {
            Task Get(string key)
            {
                var s3 = new AmazonS3Client(new AmazonS3Config { ServiceURL = "http://localhost" });
                return {|S3SEC010:s3.GetObjectAsync(new GetObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                })|};
            }
        }
        """,
        Usings + """
        class Reader
        {
            Task Get(string key)
            {
                var s3 = new AmazonS3Client(new AmazonS3Config { ServiceURL = "https://localhost" });
                return s3.GetObjectAsync(new GetObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                });
            }
        }
        """,
        Fix.UseHttpsEquivalenceKey);

    [Fact]
    public Task BothRulesOnOneSetting_FixedOnce() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Reader
        {
            Task Get(string key)
            {
                var s3 = new AmazonS3Client(new AmazonS3Config { {|S3SEC011:UseHttp = true|} });
                return {|S3SEC010:s3.GetObjectAsync(new GetObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                })|};
            }
        }
        """,
        Usings + """
        class Reader
        {
            Task Get(string key)
            {
                var s3 = new AmazonS3Client(new AmazonS3Config { UseHttp = false });
                return s3.GetObjectAsync(new GetObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                });
            }
        }
        """,
        Fix.UseHttpsEquivalenceKey);

    [Fact]
    public Task PresignedHttpProtocol_BecomesHttps() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Links
        {
            string Link(IAmazonS3 s3) => {|S3SEC010:s3.GetPreSignedURL(new GetPreSignedUrlRequest
            {
                Protocol = Protocol.HTTP,
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            })|};
        }
        """,
        Usings + """
        class Links
        {
            string Link(IAmazonS3 s3) => s3.GetPreSignedURL(new GetPreSignedUrlRequest
            {
                Protocol = Protocol.HTTPS,
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            });
        }
        """,
        Fix.UseHttpsEquivalenceKey);

    [Fact]
    public Task FixAll_SwitchesEveryConfig() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Factory
        {
            AmazonS3Config Archive() => new() { {|S3SEC011:UseHttp = true|} };

            AmazonS3Config Reports() => new() { {|S3SEC011:ServiceURL = "http://reports.example.com"|} };
        }
        """,
        Usings + """
        class Factory
        {
            AmazonS3Config Archive() => new() { UseHttp = false };

            AmazonS3Config Reports() => new() { ServiceURL = "https://reports.example.com" };
        }
        """,
        Fix.UseHttpsEquivalenceKey);

    [Theory]
    [InlineData("http://storage.example.com:9000")]
    [InlineData("http://storage.example.com:8080/bucket")]
    [InlineData("http://[2001:db8::1]:9000")]
    public Task ServiceUrlWithItsOwnPort_HasNoFix(string url) => VerifyCS.NoCodeFixAsync<Fix>(Usings + $$"""
        class Factory
        {
            AmazonS3Config Create() => new() { {|S3SEC011:ServiceURL = "{{url}}"|} };
        }
        """);

    [Theory]
    [InlineData("http://storage.example.com:80/b", "https://storage.example.com/b")]
    [InlineData("http://[2001:db8::1]/b", "https://[2001:db8::1]/b")]
    [InlineData("http://storage.example.com:/b", "https://storage.example.com/b")]
    public Task ServiceUrlOnHttpsOwnPortOrNone_BecomesHttps(string url, string fixedUrl)
        => VerifyCS.CodeFixAsync<Fix>(
            Usings + $$"""
            class Factory
            {
                AmazonS3Config Create() => new() { {|S3SEC011:ServiceURL = "{{url}}"|} };
            }
            """,
            Usings + $$"""
            class Factory
            {
                AmazonS3Config Create() => new() { ServiceURL = "{{fixedUrl}}" };
            }
            """,
            Fix.UseHttpsEquivalenceKey);

    [Fact]
    public Task ServiceUrlFromConstant_HasNoFix() => VerifyCS.NoCodeFixAsync<Fix>(Usings + """
        class Factory
        {
            const string Endpoint = "http://storage.example.com";

            AmazonS3Config Create() => new() { {|S3SEC011:ServiceURL = Endpoint|} };
        }
        """);

    [Fact]
    public Task UseHttpFromLocal_HasNoFix() => VerifyCS.NoCodeFixAsync<Fix>(Usings + """
        class Factory
        {
            AmazonS3Config Create()
            {
                const bool plain = true;
                return new() { {|S3SEC011:UseHttp = plain|} };
            }
        }
        """);
}
