using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using S3Sec.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyCS = S3Sec.Analyzers.Tests.Verifiers.Verify<S3Sec.Analyzers.Rules.OptionValidationAnalyzer>;

namespace S3Sec.Analyzers.Tests.Rules;

public sealed class S3SEC090_UnrecognisedOptionTests
{
    private const string Source = """
        class Uploader
        {
        }
        """;

    private static DiagnosticResult Problem(string message)
        => VerifyCS.Diagnostic(Descriptors.S3SEC090_UnrecognisedOption).WithArguments(message);

    private static Task CheckAsync(string editorConfig, params DiagnosticResult[] expected)
        => VerifyCS.AnalyzerAsync(Source, SdkLine.V4, editorConfig, expected);

    [Fact]
    public Task MistypedPolicyValue_Triggers() => CheckAsync(
        "s3sec.required_encryption = sse-kms-cm",
        Problem("s3sec.required_encryption = 'sse-kms-cm' is not recognised and is ignored (sse-s3 applies); "
                + "expected sse-s3 | sse-kms | sse-kms-cmk | dsse-kms | client-side | bucket-default"));

    [Fact]
    public Task MistypedOptionName_TriggersWithTheNearestName() => CheckAsync(
        "s3sec.required_encription = sse-kms",
        Problem("s3sec.required_encription is not an S3Sec option and is ignored; "
                + "did you mean s3sec.required_encryption?"));

    [Fact]
    public Task UnrelatedOptionName_TriggersWithoutSuggestion() => CheckAsync(
        "s3sec.colour = blue",
        Problem("s3sec.colour is not an S3Sec option and is ignored"));

    [Theory]
    [InlineData("s3sec.allow_sse_c = no", "s3sec.allow_sse_c = 'no' is not recognised and is ignored "
        + "(true applies); expected true | false")]
    [InlineData("s3sec.require_key_commitment = yes", "s3sec.require_key_commitment = 'yes' is not recognised "
        + "and is ignored (false applies); expected true | false")]
    [InlineData("s3sec.client_side_master_keys = hsm", "s3sec.client_side_master_keys = 'hsm' is not "
        + "recognised and is ignored (no preference applies); expected local | kms")]
    [InlineData("s3sec.kms_key_id = my key", "s3sec.kms_key_id = 'my key' is not a KMS key id, key ARN, alias "
        + "name or alias ARN, and the KMS code fix would write it into the code; use for example alias/my-key")]
    public Task BadValue_Triggers(string entry, string message) => CheckAsync(entry, Problem(message));

    [Theory]
    [InlineData("http://minio:9000", "'http://minio:9000' is not a host, host:port or [IPv6]:port, so it allows no "
        + "endpoint; write minio:9000")]
    [InlineData("localhost, http://minio.internal/, https://[::1]:9000/x", "'http://minio.internal/' (and 1 more) is "
        + "not a host, host:port or [IPv6]:port, so it allows no endpoint; write minio.internal")]
    [InlineData("minio:99999", "'minio:99999' is not a host, host:port or [IPv6]:port, so it allows no endpoint; "
        + "for example minio.internal:9000")]
    [InlineData("minio:abc", "'minio:abc' is not a host, host:port or [IPv6]:port, so it allows no endpoint; "
        + "for example minio.internal:9000")]
    [InlineData("minio:9000/", "'minio:9000/' is not a host, host:port or [IPv6]:port, so it allows no endpoint; "
        + "for example minio.internal:9000")]
    [InlineData("[::1", "'[::1' is not a host, host:port or [IPv6]:port, so it allows no endpoint; "
        + "for example minio.internal:9000")]
    public Task EndpointThatMatchesNoHost_Triggers(string value, string message) => CheckAsync(
        "s3sec.allowed_http_endpoints = " + value, Problem("s3sec.allowed_http_endpoints entry " + message));

    [Theory]
    [InlineData(",")]
    [InlineData("localhost, 127.0.0.1, ::1, host.docker.internal, minio:9000")]
    [InlineData("[::1]:9000; [fd00::2]; MINIO:65535")]
    public Task WellFormedEndpoints_DoNotTrigger(string value) => CheckAsync("s3sec.allowed_http_endpoints = " + value);

    [Theory]
    [InlineData("s3sec.required_encryption = SSE-KMS-CMK")]
    [InlineData("s3sec.required_encryption = sse-s3")]
    [InlineData("s3sec.required_encryption = bucket-default")]
    [InlineData("s3sec.allow_sse_c = False")]
    [InlineData("s3sec.require_key_commitment = true")]
    [InlineData("s3sec.client_side_master_keys = local")]
    [InlineData("s3sec.kms_key_id = alias/app-uploads")]
    [InlineData("s3sec.kms_key_id = arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")]
    [InlineData("s3sec.kms_key_id = 1234abcd-12ab-34cd-56ef-1234567890ab")]
    [InlineData("s3sec.kms_key_id = mrk-1234abcd12ab34cd56ef1234567890ab")]
    [InlineData("s3sec.allowed_http_endpoints = localhost, minio.internal:9000")]
    [InlineData("s3sec.sensitive_names = iban; tax_number")]
    [InlineData("s3sec.non_sensitive_names = token_count")]
    [InlineData("dotnet_diagnostic.S3SEC001.severity = error")]
    [InlineData("other_tool.required_encryption = anything")]
    public Task KnownOptionOrForeignKey_DoesNotTrigger(string entry) => CheckAsync(entry);

    [Fact]
    public Task NoConfiguration_DoesNotTrigger() => VerifyCS.AnalyzerAsync(Source);

    [Fact]
    public async Task SameMistakeInTwoFiles_IsReportedOnce()
    {
        var test = new CSharpAnalyzerTest<S3Sec.Analyzers.Rules.OptionValidationAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = SdkReferences.For(SdkLine.V4),
        };
        test.TestState.Sources.Add(("/src/A.cs", "class A { }"));
        test.TestState.Sources.Add(("/src/B.cs", "class B { }"));
        test.TestState.AnalyzerConfigFiles.Add(
            ("/.editorconfig", "root = true\n\n[*.cs]\ns3sec.allow_sse_c = nope\n"));
        test.ExpectedDiagnostics.Add(Problem(
            "s3sec.allow_sse_c = 'nope' is not recognised and is ignored (true applies); expected true | false"));
        await test.RunAsync();
    }

    [Fact]
    public async Task MistakeInGlobalConfig_Triggers()
    {
        var test = new CSharpAnalyzerTest<S3Sec.Analyzers.Rules.OptionValidationAnalyzer, DefaultVerifier>
        {
            TestCode = Source,
            ReferenceAssemblies = SdkReferences.For(SdkLine.V4),
        };
        test.TestState.AnalyzerConfigFiles.Add(
            ("/.globalconfig", "is_global = true\ns3sec.required_encryption = kms\n"));
        test.ExpectedDiagnostics.Add(Problem(
            "s3sec.required_encryption = 'kms' is not recognised and is ignored (sse-s3 applies); "
            + "expected sse-s3 | sse-kms | sse-kms-cmk | dsse-kms | client-side | bucket-default"));
        await test.RunAsync();
    }

    [Fact]
    public async Task ProjectWithoutAwsSdkS3_IsNotChecked()
    {
        // No rule reads the options there; the same configuration's projects that use S3 report the mistake.
        var test = new CSharpAnalyzerTest<S3Sec.Analyzers.Rules.OptionValidationAnalyzer, DefaultVerifier>
        {
            TestCode = Source,
            ReferenceAssemblies = SdkReferences.None,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\ns3sec.colour = blue\n"));
        await test.RunAsync();
    }
}
