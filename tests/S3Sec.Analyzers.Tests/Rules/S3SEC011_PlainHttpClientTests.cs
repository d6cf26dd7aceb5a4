using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using S3Sec.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyCS = S3Sec.Analyzers.Tests.Verifiers.Verify<S3Sec.Analyzers.Rules.TransportAnalyzer>;

namespace S3Sec.Analyzers.Tests.Rules;

public sealed class S3SEC011_PlainHttpClientTests
{
    private const string Usings = """
        using Amazon.S3;

        """;

    public static TheoryData<SdkLine> Lines => SdkReferences.Lines;

    private static Task CheckAsync(string source, SdkLine line = SdkLine.V4, string? editorConfig = null)
        => VerifyCS.AnalyzerAsync(Usings + source, line, editorConfig);

    private static Task CheckAsync(string source, string? editorConfig, params DiagnosticResult[] expected)
        => VerifyCS.AnalyzerAsync(Usings + source, SdkLine.V4, editorConfig, expected);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task UseHttpTrue_Triggers(SdkLine line) => VerifyCS.AnalyzerAsync(
        Usings + """
        class Factory
        {
            IAmazonS3 Create() => new AmazonS3Client(new AmazonS3Config { {|#0:UseHttp = true|} });
        }
        """,
        line,
        editorConfig: null,
        VerifyCS.Diagnostic(Descriptors.S3SEC011_PlainHttpClient).WithLocation(0).WithArguments("UseHttp = true"));

    [Theory]
    [MemberData(nameof(Lines))]
    public Task HttpServiceUrl_Triggers(SdkLine line) => VerifyCS.AnalyzerAsync(
        Usings + """
        class Factory
        {
            AmazonS3Config Create() => new AmazonS3Config { {|#0:ServiceURL = "http://minio.internal:9000"|} };
        }
        """,
        line,
        editorConfig: null,
        VerifyCS.Diagnostic(Descriptors.S3SEC011_PlainHttpClient)
            .WithLocation(0)
            .WithArguments("ServiceURL http://minio.internal:9000"));

    [Theory]
    [InlineData(" http://minio.internal:9000")]
    [InlineData(@"http:\\\\minio.internal:9000")]
    [InlineData(@" HTTP:\\\\minio.internal:9000")]
    public Task HttpServiceUrlSpelledAsUriReadsIt_Triggers(string url) => CheckAsync(
        """
        class Factory
        {
            AmazonS3Config Create() => new AmazonS3Config { {|#0:ServiceURL = "THE_URL"|} };
        }
        """.Replace("THE_URL", url),
        editorConfig: null,
        VerifyCS.Diagnostic(Descriptors.S3SEC011_PlainHttpClient)
            .WithLocation(0)
            .WithArguments("ServiceURL http://minio.internal:9000"));

    [Theory]
    [InlineData(" http://localhost:4566")]
    [InlineData(@"http:\\\\127.0.0.1:9000")]
    public Task LocalHttpServiceUrlSpelledAsUriReadsIt_DoesNotTrigger(string url) => CheckAsync(
        """
        class Factory
        {
            AmazonS3Config Create() => new AmazonS3Config { ServiceURL = "THE_URL" };
        }
        """.Replace("THE_URL", url));

    [Theory]
    [MemberData(nameof(Lines))]
    public Task PresignedUrlWithHttpProtocol_Triggers(SdkLine line) => VerifyCS.AnalyzerAsync(
        Usings + """
        using Amazon.S3.Model;

        class Links
        {
            string Upload(IAmazonS3 s3, string key) => s3.GetPreSignedURL(new GetPreSignedUrlRequest
            {
                BucketName = "b", Key = key, Verb = HttpVerb.PUT, {|#0:Protocol = Protocol.HTTP|},
            });
        }
        """,
        line,
        editorConfig: null,
        VerifyCS.Diagnostic(Descriptors.S3SEC011_PlainHttpClient)
            .WithLocation(0)
            .WithArguments("a presigned URL with Protocol.HTTP"));

    [Fact]
    public Task PresignedUrlWithHttpsProtocol_DoesNotTrigger() => CheckAsync("""
        using Amazon.S3.Model;

        class Links
        {
            string Upload(IAmazonS3 s3) => s3.GetPreSignedURL(new GetPreSignedUrlRequest { Protocol = Protocol.HTTPS });
        }
        """);

    [Fact]
    public Task PresignedHttpUrlOfLocalEmulatorClient_DoesNotTrigger() => CheckAsync("""
        using Amazon.S3.Model;

        class Links
        {
            private readonly IAmazonS3 _s3 = new AmazonS3Client(new AmazonS3Config
            {
                ServiceURL = "http://localhost:9000",
            });

            string Upload() => _s3.GetPreSignedURL(new GetPreSignedUrlRequest { Protocol = Protocol.HTTP });
        }
        """);

    [Fact]
    public Task UseHttpSetAfterConstruction_Triggers() => CheckAsync("""
        class Factory
        {
            IAmazonS3 Create()
            {
                var config = new AmazonS3Config();
                {|S3SEC011:config.UseHttp = true|};
                return new AmazonS3Client(config);
            }
        }
        """);

    [Fact]
    public Task UseHttpInFieldInitializer_Triggers() => CheckAsync("""
        class Factory
        {
            private readonly AmazonS3Config _config = new() { {|S3SEC011:UseHttp = true|} };
        }
        """);

    [Fact]
    public Task HttpServiceUrlFromInterpolatedConstants_Triggers() => CheckAsync("""
        class Factory
        {
            const string Host = "storage.example.com";

            AmazonS3Config Create(int port) => new() { {|S3SEC011:ServiceURL = $"http://{Host}:{port}"|} };
        }
        """);

    [Fact]
    public Task HttpServiceUrlOnEncryptionClientConfig_Triggers() => CheckAsync("""
        using Amazon.Extensions.S3.Encryption;

        class Factory
        {
            AmazonS3CryptoConfigurationV2 Create() => new(SecurityProfile.V2)
            {
                {|S3SEC011:ServiceURL = "http://storage.example.com"|},
            };
        }
        """ + StandIns.EncryptionClient);

    [Fact]
    public Task UseHttpWithRemoteHttpServiceUrl_ReportsServiceUrlOnly() => CheckAsync("""
        class Factory
        {
            AmazonS3Config Create() => new()
            {
                UseHttp = true,
                {|S3SEC011:ServiceURL = "http://storage.example.com"|},
            };
        }
        """);

    [Fact]
    public Task LocalhostNotInConfiguredList_Triggers() => CheckAsync(
        """
        class Factory
        {
            AmazonS3Config Create() => new() { {|S3SEC011:ServiceURL = "http://localhost:9000"|} };
        }
        """,
        editorConfig: "s3sec.allowed_http_endpoints = minio");

    [Theory]
    [InlineData("http://localhost:4566")]
    [InlineData("http://127.0.0.1:9000/")]
    [InlineData("http://[::1]:9000")]
    [InlineData("http://host.docker.internal:9000")]
    [InlineData("http://LOCALHOST")]
    public Task DefaultAllowedEndpoint_DoesNotTrigger(string url) => CheckAsync(
        "class Factory { AmazonS3Config Create() => new() { ServiceURL = \"" + url + "\" }; }");

    [Fact]
    public Task ConfiguredAllowedEndpoint_DoesNotTrigger() => CheckAsync(
        """
        class Factory
        {
            AmazonS3Config Create() => new() { ServiceURL = "http://minio:9000" };
        }
        """,
        editorConfig: "s3sec.allowed_http_endpoints = minio, localhost");

    [Theory]
    [InlineData("http://minio:9000")]
    [InlineData("http://minio:9000/bucket")]
    public Task ConfiguredEndpointWithPort_DoesNotTrigger(string url) => CheckAsync(
        "class Factory { AmazonS3Config Create() => new() { ServiceURL = \"" + url + "\" }; }",
        editorConfig: "s3sec.allowed_http_endpoints = minio:9000");

    [Theory]
    [InlineData("http://minio:9001", "ServiceURL http://minio:9001")]
    [InlineData("http://minio", "ServiceURL http://minio")]
    public Task ConfiguredEndpointWithOtherPort_Triggers(string url, string shown) => CheckAsync(
        "class Factory { AmazonS3Config Create() => new() { {|#0:ServiceURL = \"" + url + "\"|} }; }",
        editorConfig: "s3sec.allowed_http_endpoints = minio:9000",
        VerifyCS.Diagnostic(Descriptors.S3SEC011_PlainHttpClient).WithLocation(0).WithArguments(shown));

    [Fact]
    public Task ConfiguredIpv6EndpointWithPort_DoesNotTrigger() => CheckAsync(
        "class Factory { AmazonS3Config Create() => new() { ServiceURL = \"http://[fd00::5]:9000\" }; }",
        editorConfig: "s3sec.allowed_http_endpoints = [fd00::5]:9000");

    [Fact]
    public Task Ipv6Endpoint_IsShownWithBracketsAndPort() => CheckAsync(
        "class Factory { AmazonS3Config Create() => new() { {|#0:ServiceURL = \"http://[fd00::5]:9000\"|} }; }",
        editorConfig: null,
        VerifyCS.Diagnostic(Descriptors.S3SEC011_PlainHttpClient)
            .WithLocation(0)
            .WithArguments("ServiceURL http://[fd00::5]:9000"));

    [Fact]
    public Task UseHttpWithLoopbackServiceUrl_DoesNotTrigger() => CheckAsync("""
        class Factory
        {
            AmazonS3Config Create() => new() { UseHttp = true, ServiceURL = "http://127.0.0.1:9000" };
        }
        """);

    [Fact]
    public Task UseHttpWithHttpsServiceUrl_DoesNotTrigger() => CheckAsync("""
        class Factory
        {
            AmazonS3Config Create() => new() { UseHttp = true, ServiceURL = "https://storage.example.com" };
        }
        """);

    [Fact]
    public Task UseHttpFalse_DoesNotTrigger() => CheckAsync("""
        class Factory
        {
            AmazonS3Config Create() => new() { UseHttp = false };
        }
        """);

    [Fact]
    public Task UseHttpFromConfiguration_DoesNotTrigger() => CheckAsync("""
        class Factory
        {
            AmazonS3Config Create(bool useSsl) => new() { UseHttp = !useSsl };
        }
        """);

    [Fact]
    public Task UseHttpFromLocalAssignedOnce_Triggers() => CheckAsync("""
        class Factory
        {
            AmazonS3Config Create()
            {
                var useSsl = false;
                return new() { {|S3SEC011:UseHttp = !useSsl|} };
            }
        }
        """);

    [Fact]
    public Task HttpsServiceUrl_DoesNotTrigger() => CheckAsync("""
        class Factory
        {
            AmazonS3Config Create() => new() { ServiceURL = "https://s3.eu-west-1.amazonaws.com" };
        }
        """);

    [Fact]
    public Task ServiceUrlFromConfiguration_DoesNotTrigger() => CheckAsync("""
        class Factory
        {
            AmazonS3Config Create(string endpoint) => new() { ServiceURL = endpoint };
        }
        """);

    // A host built at run time could be one of the allowed local endpoints: silent while any endpoint is allowed.
    [Fact]
    public Task HttpServiceUrlWithUnknownHost_DoesNotTrigger() => CheckAsync("""
        class Factory
        {
            AmazonS3Config Joined(string host) => new() { ServiceURL = "http://" + host };
            AmazonS3Config Interpolated(string host) => new() { ServiceURL = $"http://{host}" };
            AmazonS3Config WithPort(string host) => new() { ServiceURL = $" HTTP://{host}:9000" };
        }
        """);

    [Fact]
    public Task HttpServiceUrlWithUnknownHostAndNoAllowedEndpoint_Triggers() => CheckAsync(
        """
        class Factory
        {
            AmazonS3Config Joined(string host) => new() { {|S3SEC011:ServiceURL = "http://" + host|} };
            AmazonS3Config Interpolated(string host) => new() { {|S3SEC011:ServiceURL = $"http://{host}"|} };
            AmazonS3Config WithPort(string host) => new() { {|S3SEC011:ServiceURL = $" HTTP://{host}:9000"|} };
            AmazonS3Config Https(string host) => new() { ServiceURL = $"https://{host}" };
            AmazonS3Config Schemeless(string scheme, string host) => new() { ServiceURL = $"{scheme}://{host}" };
        }
        """,
        editorConfig: "s3sec.allowed_http_endpoints = ,");

    [Fact]
    public Task HttpServiceUrlWithAllowedConstantHost_DoesNotTrigger() => CheckAsync("""
        class Factory
        {
            const string Host = "localhost";

            AmazonS3Config Create(int port) => new() { ServiceURL = $"http://{Host}:{port}" };
        }
        """);

    [Fact]
    public Task UseHttpWithUnknownServiceUrl_IsNotReported_Limitation() => CheckAsync("""
        class Factory
        {
            AmazonS3Config Create(string endpoint) => new() { UseHttp = true, ServiceURL = endpoint };
        }
        """);

    [Fact]
    public Task ConfigFromParameterSetToHttp_IsNotReported_Limitation() => CheckAsync("""
        class Factory
        {
            void Configure(AmazonS3Config config) => config.UseHttp = true;
        }
        """);

    // Endpoints a team builds at run time, and HTTPS spellings the SDK's Uri reads as HTTPS.
    [Fact]
    public Task HttpsOrUnknownServiceUrl_DoesNotTrigger() => CheckAsync("""
        class Factory
        {
            AmazonS3Config Interpolated(string host) => new AmazonS3Config { ServiceURL = $"https://{host}:9000" };
            AmazonS3Config Schemeless(string scheme, string host) => new() { ServiceURL = $"{scheme}://{host}" };
            AmazonS3Config FromEnvironment()
                => new AmazonS3Config { ServiceURL = System.Environment.GetEnvironmentVariable("S3_URL") };
            AmazonS3Config Blank() => new AmazonS3Config { ServiceURL = " \thttps://s3.local" };
            AmazonS3Config Backslashes() => new AmazonS3Config { ServiceURL = @"https:\\s3.local" };
            AmazonS3Config UpperCase() => new AmazonS3Config { ServiceURL = "HTTPS://s3.local" };
            AmazonS3Config Joined() => new AmazonS3Config { ServiceURL = "http" + "s://s3.local" };
            AmazonS3Config HostNamedHttp() => new AmazonS3Config { ServiceURL = "https://h/http://x" };
            AmazonS3Config NoScheme() => new AmazonS3Config { ServiceURL = "s3.local:9000" };
        }
        """);
}
