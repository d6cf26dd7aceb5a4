using System.Threading.Tasks;
using S3Sec.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyCS = S3Sec.Analyzers.Tests.Verifiers.Verify<S3Sec.Analyzers.Rules.ServerSideEncryptionAnalyzer>;

namespace S3Sec.Analyzers.Tests.Rules;

public sealed class S3SEC002_WeakerThanPolicyTests
{
    private const string Usings = """
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;
        using Amazon.S3.Transfer;

        """;

    private static Task VerifyAsync(string source, string policy, SdkLine line = SdkLine.V4)
        => VerifyCS.AnalyzerAsync(Usings + source, line, "s3sec.required_encryption = " + policy);

    [Theory]
    [MemberData(nameof(SdkReferences.Lines), MemberType = typeof(SdkReferences))]
    public Task SseS3WhereKmsRequired_Triggers(SdkLine line) => VerifyCS.AnalyzerAsync(
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync({|#0:new PutObjectRequest|}
            {
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
            });
        }
        """,
        line,
        "s3sec.required_encryption = sse-kms",
        VerifyCS.Diagnostic(Descriptors.S3SEC002_WeakerThanPolicy)
            .WithLocation(0)
            .WithArguments("PutObjectRequest", "SSE-S3", "SSE-KMS"));

    [Fact]
    public Task KmsWithoutKeyIdWhereCustomerKeyRequired_Triggers() => VerifyCS.AnalyzerAsync(
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync({|#0:new PutObjectRequest|}
            {
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
            });
        }
        """,
        SdkLine.V4,
        "s3sec.required_encryption = sse-kms-cmk",
        VerifyCS.Diagnostic(Descriptors.S3SEC002_WeakerThanPolicy)
            .WithLocation(0)
            .WithArguments(
                "PutObjectRequest",
                "SSE-KMS without a customer managed key id",
                "SSE-KMS with a customer managed key"));

    [Fact]
    public Task KmsWhereDualLayerRequired_Triggers() => VerifyAsync("""
        class Uploader
        {
            Task Upload(ITransferUtility transfer) => transfer.UploadAsync({|S3SEC002:new TransferUtilityUploadRequest|}
            {
                FilePath = "a", BucketName = "b", ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
            });
        }
        """, "dsse-kms");

    [Fact]
    public Task SseS3CopyWhereKmsRequired_Triggers() => VerifyAsync("""
        class Copier
        {
            Task Copy(IAmazonS3 s3) => s3.CopyObjectAsync({|S3SEC002:new CopyObjectRequest|}
            {
                SourceBucket = "a", SourceKey = "k", DestinationBucket = "b", DestinationKey = "k",
                ServerSideEncryptionMethod = "AES256",
            });
        }
        """, "sse-kms");

    [Fact]
    public Task KmsWhereKmsRequired_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest
            {
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
            });
        }
        """, "sse-kms");

    [Fact]
    public Task KmsWithKeyIdWhereCustomerKeyRequired_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest
            {
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
                ServerSideEncryptionKeyManagementServiceKeyId = "arn:aws:kms:eu-west-1:111122223333:alias/app",
            });
        }
        """, "sse-kms-cmk");

    [Theory]
    [InlineData("alias/aws/s3", "AWSKMS", "SSE-KMS")]
    [InlineData("arn:aws:kms:eu-west-1:111122223333:alias/aws/s3", "AWSKMS", "SSE-KMS")]
    [InlineData("arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/aws/s3", "AWSKMS", "SSE-KMS")]
    [InlineData("arn:aws-cn:kms:cn-north-1:111122223333:alias/aws/s3", "AWSKMS", "SSE-KMS")]
    [InlineData("arn:aws:kms:us-east-1:111122223333:alias/aws/s3", "AWSKMSDSSE", "DSSE-KMS")]
    [InlineData("alias/aws/s3", "AWSKMSDSSE", "DSSE-KMS")]
    public Task AwsManagedKeyWhereCustomerKeyRequired_Triggers(string keyId, string member, string described)
        => VerifyCS.AnalyzerAsync(
            Usings + $$"""
            class Uploader
            {
                Task Put(IAmazonS3 s3) => s3.PutObjectAsync({|#0:new PutObjectRequest|}
                {
                    ServerSideEncryptionMethod = ServerSideEncryptionMethod.{{member}},
                    ServerSideEncryptionKeyManagementServiceKeyId = "{{keyId}}",
                });
            }
            """,
            SdkLine.V4,
            "s3sec.required_encryption = sse-kms-cmk",
            VerifyCS.Diagnostic(Descriptors.S3SEC002_WeakerThanPolicy)
                .WithLocation(0)
                .WithArguments(
                    "PutObjectRequest",
                    described + " with the AWS managed key",
                    "SSE-KMS with a customer managed key"));

    [Theory]
    [InlineData("alias/aws-s3")]
    [InlineData("alias/app/aws/s3")]
    [InlineData("arn:aws:kms:eu-west-1:111122223333:alias/awsome")]
    [InlineData("alias/aws-foo")]
    [InlineData("alias/awsome")]
    [InlineData("1234abcd-12ab-34cd-56ef-1234567890ab")]
    [InlineData("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")]
    [InlineData("arn:aws-cn:kms:cn-north-1:111122223333:alias/app")]
    public Task CustomerAliasLikeAwsWhereCustomerKeyRequired_DoesNotTrigger(string keyId) => VerifyAsync($$"""
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest
            {
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
                ServerSideEncryptionKeyManagementServiceKeyId = "{{keyId}}",
            });
        }
        """, "sse-kms-cmk");

    [Fact]
    public Task AwsManagedKeyWhereKmsRequired_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest
            {
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
                ServerSideEncryptionKeyManagementServiceKeyId = "alias/aws/s3",
            });
        }
        """, "sse-kms");

    [Fact]
    public Task AwsManagedOrCustomerKeyOnBranchesWhereCustomerKeyRequired_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3, bool managed) => s3.PutObjectAsync(new PutObjectRequest
            {
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
                ServerSideEncryptionKeyManagementServiceKeyId = managed ? "alias/aws/s3" : "alias/app",
            });
        }
        """, "sse-kms-cmk");

    [Fact]
    public Task KmsWithUnknownKeyIdWhereCustomerKeyRequired_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3, string keyId) => s3.PutObjectAsync(new PutObjectRequest
            {
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
                ServerSideEncryptionKeyManagementServiceKeyId = keyId,
            });
        }
        """, "sse-kms-cmk");

    [Fact]
    public Task DualLayerWhereKmsRequired_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest
            {
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMSDSSE,
            });
        }
        """, "sse-kms");

    [Fact]
    public Task UnencryptedWhereKmsRequired_ReportsOnlyS3SEC001() => VerifyAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync({|S3SEC001:new PutObjectRequest|} { BucketName = "b" });
        }
        """, "sse-kms");

    [Fact]
    public Task SseS3UnderDefaultPolicy_DoesNotTrigger() => VerifyCS.AnalyzerAsync(Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest { ServerSideEncryptionMethod = "AES256" });
        }
        """);

    [Fact]
    public Task UnrecognisedPolicyValue_FallsBackToSseS3() => VerifyAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest { ServerSideEncryptionMethod = "AES256" });
        }
        """, "sse-kms-please");

    [Fact]
    public Task MaybeKmsOnOneBranchWhereKmsRequired_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3, bool secret) => s3.PutObjectAsync(new PutObjectRequest
            {
                ServerSideEncryptionMethod = secret ? ServerSideEncryptionMethod.AWSKMS : "AES256",
            });
        }
        """, "sse-kms");

    [Fact]
    public Task ClientSidePolicy_LeavesServerSideStrengthAlone() => VerifyAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest { ServerSideEncryptionMethod = "AES256" });
        }
        """, "client-side");
}
