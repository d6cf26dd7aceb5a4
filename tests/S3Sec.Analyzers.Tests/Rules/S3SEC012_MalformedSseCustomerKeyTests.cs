using System.Threading.Tasks;
using S3Sec.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyCS = S3Sec.Analyzers.Tests.Verifiers.Verify<S3Sec.Analyzers.Rules.SseCustomerKeyAnalyzer>;

namespace S3Sec.Analyzers.Tests.Rules;

public sealed class S3SEC012_MalformedSseCustomerKeyTests
{
    private const string Usings = """
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        """;

    /// <summary>Base64 of the bytes 0..31 and the MD5 S3 expects for it.</summary>
    private const string ValidKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private const string ValidKeyMd5 = "tP/LI3N87DFaSk0aoqYgzg==";

    public static TheoryData<SdkLine> Lines => SdkReferences.Lines;

    private static Task CheckAsync(string source, SdkLine line = SdkLine.V4)
        => VerifyCS.AnalyzerAsBuiltAsync(Usings + source, line, editorConfig: null);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task AlgorithmWithoutKey_Triggers(SdkLine line) => VerifyCS.AnalyzerAsBuiltAsync(
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync({|#0:new PutObjectRequest|}
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            });
        }
        """,
        line,
        editorConfig: null,
        VerifyCS.Diagnostic(Descriptors.S3SEC012_MalformedSseCustomerKey)
            .WithLocation(0)
            .WithArguments(
                "PutObjectRequest",
                "sets ServerSideEncryptionCustomerMethod without ServerSideEncryptionCustomerProvidedKey"));

    [Theory]
    [MemberData(nameof(Lines))]
    public Task KeyWithoutAlgorithm_Triggers(SdkLine line) => CheckAsync("""
        class Reader
        {
            Task Get(IAmazonS3 s3, string key)
            {
                var request = {|S3SEC012:new GetObjectRequest()|};
                request.ServerSideEncryptionCustomerProvidedKey = key;
                return s3.GetObjectAsync(request);
            }
        }
        """, line);

    [Fact]
    public Task ConstantKeyOf128Bits_Triggers() => CheckAsync("""
        class Reader
        {
            Task Get(IAmazonS3 s3) => s3.GetObjectAsync({|S3SEC012:new GetObjectRequest|}
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                ServerSideEncryptionCustomerProvidedKey = "AAAAAAAAAAAAAAAAAAAAAA==",
            });
        }
        """);

    [Fact]
    public Task ConstantKeyNotBase64_Triggers() => CheckAsync("""
        class Reader
        {
            const string Key = "my secret passphrase";

            Task Get(IAmazonS3 s3) => s3.GetObjectAsync({|S3SEC012:new GetObjectRequest|}
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                ServerSideEncryptionCustomerProvidedKey = Key,
            });
        }
        """);

    [Fact]
    public Task ConstantMd5NotMatchingKey_Triggers() => VerifyCS.AnalyzerAsBuiltAsync(
        Usings + $$"""
        class Reader
        {
            Task Get(IAmazonS3 s3) => s3.GetObjectAsync({|#0:new GetObjectRequest|}
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                ServerSideEncryptionCustomerProvidedKey = "{{ValidKey}}",
                ServerSideEncryptionCustomerProvidedKeyMD5 = "AAAAAAAAAAAAAAAAAAAAAA==",
            });
        }
        """,
        SdkLine.V4,
        editorConfig: null,
        VerifyCS.Diagnostic(Descriptors.S3SEC012_MalformedSseCustomerKey)
            .WithLocation(0)
            .WithArguments(
                "GetObjectRequest",
                "ServerSideEncryptionCustomerProvidedKeyMD5 does not match ServerSideEncryptionCustomerProvidedKey"));

    [Fact]
    public Task CopyFromSseCustomerSourceWithoutSourceKey_Triggers() => CheckAsync("""
        class Copier
        {
            Task Copy(IAmazonS3 s3) => s3.CopyObjectAsync({|S3SEC012:new CopyObjectRequest|}
            {
                SourceBucket = "a",
                DestinationBucket = "b",
                CopySourceServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            });
        }
        """);

    [Fact]
    public Task CopyPartWithSourceKeyWithoutSourceAlgorithm_Triggers() => CheckAsync("""
        class Copier
        {
            Task Copy(IAmazonS3 s3, string key) => s3.CopyPartAsync({|S3SEC012:new CopyPartRequest|}
            {
                CopySourceServerSideEncryptionCustomerProvidedKey = key,
            });
        }
        """);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task SseCustomerAlgorithmStringWithoutKey_Triggers(SdkLine line) => CheckAsync("""
        class Parts
        {
            Task List(IAmazonS3 s3) => s3.ListPartsAsync({|S3SEC012:new ListPartsRequest|}
            {
                SSECustomerAlgorithm = "AES256",
            });
        }
        """, line);

    [Fact]
    public Task CompleteAndWellFormedKey_DoesNotTrigger() => CheckAsync($$"""
        class Reader
        {
            Task Get(IAmazonS3 s3) => s3.GetObjectAsync(new GetObjectRequest
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                ServerSideEncryptionCustomerProvidedKey = "{{ValidKey}}",
                ServerSideEncryptionCustomerProvidedKeyMD5 = "{{ValidKeyMd5}}",
            });
        }
        """);

    [Fact]
    public Task KeyFromParameter_DoesNotTrigger() => CheckAsync("""
        class Reader
        {
            Task Get(IAmazonS3 s3, string key, string md5) => s3.GetObjectAsync(new GetObjectRequest
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                ServerSideEncryptionCustomerProvidedKey = key,
                ServerSideEncryptionCustomerProvidedKeyMD5 = md5,
            });
        }
        """);

    [Fact]
    public Task AlgorithmNoneWithoutKey_DoesNotTrigger() => CheckAsync("""
        class Reader
        {
            Task Get(IAmazonS3 s3) => s3.GetObjectAsync(new GetObjectRequest
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.None,
            });
        }
        """);

    [Fact]
    public Task CopyWithSourceAlgorithmAndKey_DoesNotTrigger() => CheckAsync("""
        class Copier
        {
            Task Copy(IAmazonS3 s3, string key) => s3.CopyObjectAsync(new CopyObjectRequest
            {
                CopySourceServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                CopySourceServerSideEncryptionCustomerProvidedKey = key,
            });
        }
        """);

    [Fact]
    public Task PresignedUrlWithAlgorithmOnly_DoesNotTrigger() => CheckAsync("""
        class Links
        {
            string Link(IAmazonS3 s3) => s3.GetPreSignedURL(new GetPreSignedUrlRequest
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            });
        }
        """);

    [Fact]
    public Task RequestCompletedElsewhere_DoesNotTrigger() => CheckAsync("""
        class Reader
        {
            Task Get(IAmazonS3 s3)
            {
                var request = new GetObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                };
                AddKey(request);
                return s3.GetObjectAsync(request);
            }

            static void AddKey(GetObjectRequest request) { }
        }
        """);

    [Fact]
    public Task KeyBuiltAtRunTime_IsNotReported_Limitation() => CheckAsync("""
        class Reader
        {
            Task Get(IAmazonS3 s3) => s3.GetObjectAsync(new GetObjectRequest
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                ServerSideEncryptionCustomerProvidedKey = System.Convert.ToBase64String(new byte[16]),
            });
        }
        """);

    [Fact]
    public Task BrokenCode_DoesNotThrow() => VerifyCS.BrokenCodeAsync(Usings + """
        class Reader
        {
            Task Get(IAmazonS3 s3) => s3.GetObjectAsync({|S3SEC012:new GetObjectRequest|}
            {
                ServerSideEncryptionCustomerProvidedKey = ,
                ServerSideEncryptionCustomerProvidedKeyMD5 = 42,
                Missing = "x"
            }
        }
        """);
}
