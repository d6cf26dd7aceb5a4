using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using S3Sec.Analyzers.Rules;
using S3Sec.CodeFixes;
using S3Sec.Analyzers.Tests.Verifiers;
using Xunit;
using Fix = S3Sec.CodeFixes.ServerSideEncryptionCodeFixProvider;
using VerifyCS = S3Sec.Analyzers.Tests.Verifiers.Verify<S3Sec.Analyzers.Rules.ServerSideEncryptionAnalyzer>;

namespace S3Sec.Analyzers.Tests.CodeFixes;

public sealed class ServerSideEncryptionCodeFixTests
{
    private const string Usings = """
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;
        using Amazon.S3.Transfer;

        """;

    [Theory]
    [MemberData(nameof(SdkReferences.Lines), MemberType = typeof(SdkReferences))]
    public Task MultiLineInitializer_GainsSseS3Line(SdkLine line) => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync({|S3SEC001:new PutObjectRequest|}
            {
                BucketName = "b",
                // The object key.
                Key = "k"
            });
        }
        """,
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = "b",
                // The object key.
                Key = "k",
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256
            });
        }
        """,
        Fix.UseSseS3EquivalenceKey,
        line);

    [Fact]
    public Task CommentAfterTheLastElement_StaysWithIt_AndIsNotCopied() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync({|S3SEC001:new PutObjectRequest|}
            {
                BucketName = "b",
                Key = "k" // the object key
            });
        }
        """,
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = "b",
                Key = "k", // the object key
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256
            });
        }
        """,
        Fix.UseSseS3EquivalenceKey);

    [Fact]
    public Task InitializerWithTrailingComma_GainsSseS3Line() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync({|S3SEC001:new PutObjectRequest|}
            {
                BucketName = "b",
            });
        }
        """,
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = "b",
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
            });
        }
        """,
        Fix.UseSseS3EquivalenceKey);

    [Fact]
    public Task OneLineInitializer_StaysOnOneLine() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(
                {|S3SEC001:new PutObjectRequest|} { Key = "k" });
        }
        """,
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(
                new PutObjectRequest { Key = "k", ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 });
        }
        """,
        Fix.UseSseS3EquivalenceKey);

    [Fact]
    public Task NoInitializer_GetsOne() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Uploader
        {
            async Task Put(IAmazonS3 s3)
            {
                var request = {|S3SEC001:new PutObjectRequest()|};
                request.BucketName = "b";
                await s3.PutObjectAsync(request);
            }
        }
        """,
        Usings + """
        class Uploader
        {
            async Task Put(IAmazonS3 s3)
            {
                var request = new PutObjectRequest { ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 };
                request.BucketName = "b";
                await s3.PutObjectAsync(request);
            }
        }
        """,
        Fix.UseSseS3EquivalenceKey);

    [Fact]
    public Task ExplicitNone_IsReplaced() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(
                {|S3SEC001:new PutObjectRequest|} { ServerSideEncryptionMethod = "", Key = "k" });
        }
        """,
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(
                new PutObjectRequest { ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256, Key = "k" });
        }
        """,
        Fix.UseSseS3EquivalenceKey);

    [Fact]
    public Task SseKmsWithConfiguredKey_SetsMethodAndKeyId() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync({|S3SEC001:new PutObjectRequest|}
            {
                Key = "k"
            });
        }
        """,
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest
            {
                Key = "k",
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
                ServerSideEncryptionKeyManagementServiceKeyId = "alias/reports"
            });
        }
        """,
        Fix.UseSseKmsEquivalenceKey,
        editorConfig: "s3sec.kms_key_id = alias/reports");

    [Fact]
    public Task WeakerThanKmsPolicy_IsRaisedToKms() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(
                {|S3SEC002:new PutObjectRequest|} { ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 });
        }
        """,
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(
                new PutObjectRequest { ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS });
        }
        """,
        Fix.UseSseKmsEquivalenceKey,
        editorConfig: "s3sec.required_encryption = sse-kms");

    // The key the author named stays: replacing it would encrypt under another key, with other key policies.
    // An empty key id names none, so the configured one fills it.
    [Fact]
    public Task WeakerThanKmsPolicy_KeepsTheKeyIdTheRequestNames() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3, string keyId) => s3.PutObjectAsync({|S3SEC002:new PutObjectRequest|}
            {
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
                ServerSideEncryptionKeyManagementServiceKeyId = "alias/billing"
            });

            Task PutEmpty(IAmazonS3 s3) => s3.PutObjectAsync({|S3SEC002:new PutObjectRequest|}
            {
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
                ServerSideEncryptionKeyManagementServiceKeyId = ""
            });
        }
        """,
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3, string keyId) => s3.PutObjectAsync(new PutObjectRequest
            {
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
                ServerSideEncryptionKeyManagementServiceKeyId = "alias/billing"
            });

            Task PutEmpty(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest
            {
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
                ServerSideEncryptionKeyManagementServiceKeyId = "alias/reports"
            });
        }
        """,
        Fix.UseSseKmsEquivalenceKey,
        editorConfig: "s3sec.required_encryption = sse-kms\ns3sec.kms_key_id = alias/reports");

    // Under sse-kms-cmk the AWS managed key is the reason for the diagnostic: the configured key replaces it. By
    // alias name or alias ARN alike.
    [Theory]
    [InlineData("alias/aws/s3")]
    [InlineData("arn:aws:kms:eu-west-1:111122223333:alias/aws/s3")]
    public Task AwsManagedKeyWhereCustomerKeyRequired_IsReplacedByTheConfiguredKey(string managed)
        => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync({|S3SEC002:new PutObjectRequest|}
            {
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
                ServerSideEncryptionKeyManagementServiceKeyId = "MANAGED"
            });
        }
        """.Replace("MANAGED", managed),
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest
            {
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
                ServerSideEncryptionKeyManagementServiceKeyId = "alias/reports"
            });
        }
        """,
        Fix.UseSseKmsEquivalenceKey,
        editorConfig: "s3sec.required_encryption = sse-kms-cmk\ns3sec.kms_key_id = alias/reports");

    // An added line would land in one branch of the #if: the other configurations would still write unencrypted.
    [Fact]
    public Task InitializerWithConditionalElements_OffersNoFix() => VerifyCS.NoCodeFixAsync<Fix>(
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync({|S3SEC001:new PutObjectRequest|}
            {
                BucketName = "b",
        #if STAGING
                Key = "staging/k",
        #else
                Key = "k",
        #endif
            });
        }
        """);

    // Rebuilding the call from the active arguments dropped the #if but kept #else and #endif: no build compiled.
    [Fact]
    public Task RequestLessCallWithConditionalArguments_OffersNoFix() => VerifyCS.NoCodeFixAsync<Fix>(
        Usings + """
        class Uploader
        {
            void Put(TransferUtility transfer) => {|S3SEC001:transfer.Upload("report.pdf",
        #if STAGING
                "staging-bucket"
        #else
                "bucket"
        #endif
                )|};
        }
        """);

    [Fact]
    public Task CustomerKeyPolicyWithoutConfiguredKey_OffersNoFix() => VerifyCS.NoCodeFixAsync<Fix>(
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(
                {|S3SEC002:new PutObjectRequest|} { ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS });
        }
        """,
        editorConfig: "s3sec.required_encryption = sse-kms-cmk");

    [Fact]
    public Task ClientSidePolicy_OffersNoServerSideFix() => VerifyCS.NoCodeFixAsync<Fix>(
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync({|S3SEC001:new PutObjectRequest|} { BucketName = "b" });
            Task Copy(IAmazonS3 s3) => {|S3SEC001:s3.CopyObjectAsync("src", "a.txt", "dst", "a.txt")|};
        }
        """,
        editorConfig: "s3sec.required_encryption = client-side");

    [Theory]
    [InlineData("alias/aws/s3")]
    [InlineData("arn:aws-cn:kms:cn-north-1:111122223333:alias/aws/s3")]
    public Task CustomerKeyPolicyWithConfiguredAwsManagedKey_OffersNoFix(string managed)
        => VerifyCS.NoCodeFixAsync<Fix>(
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(
                {|S3SEC002:new PutObjectRequest|} { ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS });
        }
        """,
        editorConfig: "s3sec.required_encryption = sse-kms-cmk\ns3sec.kms_key_id = " + managed);

    [Fact]
    public Task EncryptionAssignedAfterConstruction_OffersNoFix() => VerifyCS.NoCodeFixAsync<Fix>(
        Usings + """
        class Uploader
        {
            async Task Put(IAmazonS3 s3)
            {
                var request = {|S3SEC001:new PutObjectRequest()|};
                request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.None;
                await s3.PutObjectAsync(request);
            }
        }
        """);

    [Theory]
    [MemberData(nameof(SdkReferences.Lines), MemberType = typeof(SdkReferences))]
    public Task UploadAsyncWithPath_IsRewrittenToRequest(SdkLine line) => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Uploader
        {
            Task Upload(TransferUtility transfer, string path, CancellationToken ct)
                => {|S3SEC001:transfer.UploadAsync(path, "bucket", "reports/r.pdf", ct)|};
        }
        """,
        Usings + """
        class Uploader
        {
            Task Upload(TransferUtility transfer, string path, CancellationToken ct)
                => transfer.UploadAsync(new TransferUtilityUploadRequest
                {
                    FilePath = path,
                    BucketName = "bucket",
                    Key = "reports/r.pdf",
                    ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
                }, ct);
        }
        """,
        Fix.UseSseS3EquivalenceKey,
        line);

    // Inherited through the user's derived type, the SDK's request overload is what the rewritten call binds to.
    [Fact]
    public Task UploadAsyncThroughDerivedTransferUtility_IsRewrittenToRequest() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Uploader
        {
            Task Upload(PlainTransfer transfer, string path)
                => {|S3SEC001:transfer.UploadAsync(path, "bucket", "reports/r.pdf")|};
        }

        class PlainTransfer : TransferUtility
        {
            public PlainTransfer(IAmazonS3 s3) : base(s3) { }
        }
        """,
        Usings + """
        class Uploader
        {
            Task Upload(PlainTransfer transfer, string path)
                => transfer.UploadAsync(new TransferUtilityUploadRequest
                {
                    FilePath = path,
                    BucketName = "bucket",
                    Key = "reports/r.pdf",
                    ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
                });
        }

        class PlainTransfer : TransferUtility
        {
            public PlainTransfer(IAmazonS3 s3) : base(s3) { }
        }
        """,
        Fix.UseSseS3EquivalenceKey);

    // The derived type declares its own request overload: the rewritten call would bind to the user's method, not
    // the SDK's, and so would no longer send exactly the request the fix built.
    [Fact]
    public Task UploadAsyncThroughDerivedTypeWithOwnRequestOverload_OffersNoFix() => VerifyCS.NoCodeFixAsync<Fix>(
        Usings + """
        class Uploader
        {
            Task Upload(AuditingTransfer transfer, string path)
                => {|S3SEC001:transfer.UploadAsync(path, "bucket", "reports/r.pdf")|};
        }

        class AuditingTransfer : TransferUtility
        {
            public AuditingTransfer(IAmazonS3 s3) : base(s3) { }

            public new Task UploadAsync(TransferUtilityUploadRequest request)
            {
                request.Key = "audit/" + request.Key;
                return base.UploadAsync(request);
            }
        }
        """);

    [Fact]
    public Task UploadWithStream_IsRewrittenToRequest() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Uploader
        {
            void Upload(ITransferUtility transfer, Stream body) => {|S3SEC001:transfer.Upload(body, "bucket", "k")|};
        }
        """,
        Usings + """
        class Uploader
        {
            void Upload(ITransferUtility transfer, Stream body) => transfer.Upload(new TransferUtilityUploadRequest
            {
                InputStream = body,
                BucketName = "bucket",
                Key = "k",
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
            });
        }
        """,
        Fix.UseSseS3EquivalenceKey);

    [Fact]
    public Task CopyObjectAsyncWithStrings_IsRewrittenToRequest() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Copier
        {
            Task Copy(IAmazonS3 s3) => {|S3SEC001:s3.CopyObjectAsync("src", "a.txt", "dst", "b.txt")|};
        }
        """,
        Usings + """
        class Copier
        {
            Task Copy(IAmazonS3 s3) => s3.CopyObjectAsync(new CopyObjectRequest
            {
                SourceBucket = "src",
                SourceKey = "a.txt",
                DestinationBucket = "dst",
                DestinationKey = "b.txt",
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
            });
        }
        """,
        Fix.UseSseS3EquivalenceKey);

    [Fact]
    public Task UploadDirectoryWithPattern_IsRewrittenToRequest() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Backup
        {
            void Run(TransferUtility transfer)
                => {|S3SEC001:transfer.UploadDirectory("backup", "bucket", "*.bak", SearchOption.AllDirectories)|};
        }
        """,
        Usings + """
        class Backup
        {
            void Run(TransferUtility transfer)
                => transfer.UploadDirectory(new TransferUtilityUploadDirectoryRequest
                {
                    Directory = "backup",
                    BucketName = "bucket",
                    SearchPattern = "*.bak",
                    SearchOption = SearchOption.AllDirectories,
                    ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
                });
        }
        """,
        Fix.UseSseS3EquivalenceKey);

    [Fact]
    public Task FixAll_FixesEveryWriteInTheDocument() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync({|S3SEC001:new PutObjectRequest|}
            {
                Key = "a"
            });

            Task Start(IAmazonS3 s3) => s3.InitiateMultipartUploadAsync({|S3SEC001:new InitiateMultipartUploadRequest|}
            {
                Key = "b"
            });

            Task Copy(IAmazonS3 s3) => {|S3SEC001:s3.CopyObjectAsync("src", "a", "dst", "a")|};
        }
        """,
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest
            {
                Key = "a",
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256
            });

            Task Start(IAmazonS3 s3) => s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
            {
                Key = "b",
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256
            });

            Task Copy(IAmazonS3 s3) => s3.CopyObjectAsync(new CopyObjectRequest
            {
                SourceBucket = "src",
                SourceKey = "a",
                DestinationBucket = "dst",
                DestinationKey = "a",
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
            });
        }
        """,
        Fix.UseSseS3EquivalenceKey);

    [Fact]
    public Task DsseKmsPolicy_UsesAwsKmsDsse() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync({|S3SEC001:new PutObjectRequest|}
            {
                Key = "a"
            });
        }
        """,
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest
            {
                Key = "a",
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMSDSSE
            });
        }
        """,
        Fix.UseDsseKmsEquivalenceKey,
        editorConfig: "s3sec.required_encryption = dsse-kms");

    // AWSSDK.S3 versions from before DSSE-KMS have no ServerSideEncryptionMethod.AWSKMSDSSE: the fix would not
    // compile there. Only the two supported lines are available as packages, so an assembly named AWSSDK.S3 is
    // built from a stand-in of the old surface, once without the member and once (the control) with it.
    [Fact]
    public Task DsseKmsPolicy_SdkWithoutAwsKmsDsse_OffersNoFix()
        => StandInSdkFixAsync(withDsse: false, fixedSource: StandInCaller);

    [Fact]
    public Task DsseKmsPolicy_StandInSdkWithAwsKmsDsse_UsesIt()
        => StandInSdkFixAsync(withDsse: true, fixedSource: """
        using Amazon.S3;
        using Amazon.S3.Model;

        class Uploader
        {
            void Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = "b",
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMSDSSE
            });
        }
        """);

    private const string StandInCaller = """
        using Amazon.S3;
        using Amazon.S3.Model;

        class Uploader
        {
            void Put(IAmazonS3 s3) => s3.PutObjectAsync({|S3SEC001:new PutObjectRequest|}
            {
                BucketName = "b"
            });
        }
        """;

    private static Task StandInSdkFixAsync(bool withDsse, string fixedSource)
    {
        var dsse = withDsse
            ? "public static readonly ServerSideEncryptionMethod AWSKMSDSSE = new(\"aws:kms:dsse\");"
            : string.Empty;
        var sdk = """
            namespace Amazon.Runtime
            {
                public class ConstantClass
                {
                    protected ConstantClass(string value) => Value = value;

                    public string Value { get; }
                }
            }

            namespace Amazon.S3
            {
                public sealed class ServerSideEncryptionMethod : Amazon.Runtime.ConstantClass
                {
                    public static readonly ServerSideEncryptionMethod None = new("");
                    public static readonly ServerSideEncryptionMethod AES256 = new("AES256");
                    public static readonly ServerSideEncryptionMethod AWSKMS = new("aws:kms");
                    __DSSE__

                    public ServerSideEncryptionMethod(string value) : base(value) { }

                    public static implicit operator ServerSideEncryptionMethod(string value) => new(value);
                }

                public interface IAmazonS3
                {
                    System.Threading.Tasks.Task<Model.PutObjectResponse> PutObjectAsync(Model.PutObjectRequest request);
                }
            }

            namespace Amazon.S3.Model
            {
                public class PutObjectRequest
                {
                    public string BucketName { get; set; }

                    public ServerSideEncryptionMethod ServerSideEncryptionMethod { get; set; }

                    public string ServerSideEncryptionKeyManagementServiceKeyId { get; set; }
                }

                public class PutObjectResponse { }
            }
            """.Replace("__DSSE__", dsse);

        var test = new CSharpCodeFixTest<ServerSideEncryptionAnalyzer, Fix, DefaultVerifier>
        {
            TestCode = StandInCaller,
            FixedCode = fixedSource,
            ReferenceAssemblies = SdkReferences.None,
        };
        foreach (var state in new[] { test.TestState, test.FixedState })
        {
            state.AdditionalProjects["AWSSDK.S3"].Sources.Add(sdk);
            state.AdditionalProjectReferences.Add("AWSSDK.S3");
            state.AnalyzerConfigFiles.Add(
                ("/.editorconfig", "root = true\n\n[*]\ns3sec.required_encryption = dsse-kms\n"));
        }

        return test.RunAsync();
    }
}
