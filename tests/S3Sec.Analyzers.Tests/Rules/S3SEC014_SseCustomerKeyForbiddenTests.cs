using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using S3Sec.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyCS = S3Sec.Analyzers.Tests.Verifiers.Verify<S3Sec.Analyzers.Rules.SseCustomerKeyAnalyzer>;

namespace S3Sec.Analyzers.Tests.Rules;

public sealed class S3SEC014_SseCustomerKeyForbiddenTests
{
    private const string Usings = """
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        """;

    private const string SseCustomerPut = """
        class Uploader
        {
            Task Put(IAmazonS3 s3, string key) => s3.PutObjectAsync({|#0:new PutObjectRequest|}
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                ServerSideEncryptionCustomerProvidedKey = key,
            });
        }
        """;

    /// <summary>S3SEC014 is off by default: these tests run it as a build does, not force-enabled.</summary>
    private static Task CheckAsync(string source, string? editorConfig, params DiagnosticResult[] expected)
        => VerifyCS.AnalyzerAsBuiltAsync(Usings + source, SdkLine.V4, editorConfig, expected);

    [Fact]
    public Task SseCustomerKeyWhenPolicyForbidsIt_Triggers() => CheckAsync(
        SseCustomerPut,
        "s3sec.allow_sse_c = false",
        VerifyCS.Diagnostic(Descriptors.S3SEC014_SseCustomerKeyForbidden)
            .WithLocation(0)
            .WithArguments("PutObjectRequest"));

    [Fact]
    public Task SseCustomerKeyWhenSeverityIsSet_Triggers() => CheckAsync(
        SseCustomerPut,
        "dotnet_diagnostic.S3SEC014.severity = error",
        VerifyCS.Diagnostic(Descriptors.S3SEC014_SseCustomerKeyForbidden)
            .WithLocation(0)
            .WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
            .WithArguments("PutObjectRequest"));

    [Fact]
    public Task SseCustomerKeyToReadAnObject_Triggers() => CheckAsync(
        """
        class Reader
        {
            Task Get(IAmazonS3 s3, string key) => s3.GetObjectAsync({|S3SEC014:new GetObjectRequest|}
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                ServerSideEncryptionCustomerProvidedKey = key,
            });
        }
        """,
        "s3sec.allow_sse_c = false");

    [Fact]
    public Task SseCustomerKeyByDefault_DoesNotTrigger() => CheckAsync(SseCustomerPut, null);

    [Fact]
    public Task SseCustomerKeyWhenPolicyAllowsIt_DoesNotTrigger() => CheckAsync(
        SseCustomerPut, "s3sec.allow_sse_c = true");

    [Fact]
    public Task SeverityNoneOverridesPolicy_DoesNotTrigger() => CheckAsync(
        SseCustomerPut, "s3sec.allow_sse_c = false\ndotnet_diagnostic.S3SEC014.severity = none");

    [Fact]
    public Task SseKmsWhenPolicyForbidsSseCustomerKey_DoesNotTrigger() => CheckAsync(
        """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest
            {
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.None,
            });
        }
        """,
        "s3sec.allow_sse_c = false");

    [Fact]
    public Task PolicyOptionWithEverySiblingRuleOff_IsNotReported_Limitation() => CheckAsync(
        SseCustomerPut, "s3sec.allow_sse_c = false\ndotnet_diagnostic.S3SEC012.severity = none");
}
