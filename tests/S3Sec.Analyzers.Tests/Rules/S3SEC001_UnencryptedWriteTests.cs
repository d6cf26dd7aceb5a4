using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using S3Sec.Analyzers.Rules;
using S3Sec.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyCS = S3Sec.Analyzers.Tests.Verifiers.Verify<S3Sec.Analyzers.Rules.ServerSideEncryptionAnalyzer>;

namespace S3Sec.Analyzers.Tests.Rules;

public sealed class S3SEC001_UnencryptedWriteTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;
        using Amazon.S3.Transfer;

        """;

    public static TheoryData<SdkLine> Lines => SdkReferences.Lines;

    private static Task TriggersAsync(string source, SdkLine line = SdkLine.V4)
        => VerifyCS.AnalyzerAsync(Usings + source, line, editorConfig: null);

    private static Task DoesNotTriggerAsync(string source, SdkLine line = SdkLine.V4, string? editorConfig = null)
        => VerifyCS.AnalyzerAsync(Usings + source, line, editorConfig);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task PutObjectRequestWithoutEncryption_Triggers(SdkLine line) => VerifyCS.AnalyzerAsync(
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync({|#0:new PutObjectRequest|} { BucketName = "b", Key = "k" });
        }
        """,
        line,
        editorConfig: null,
        VerifyCS.Diagnostic(Descriptors.S3SEC001_UnencryptedWrite)
            .WithLocation(0)
            .WithArguments("PutObjectRequest", "set ServerSideEncryptionMethod"));

    // Reduced from a storage library: the client is a generic base class's property, the method an override. In
    // one compilation it is reported; the loose loader leaves it out when the base class is in a referenced project.
    [Fact]
    public Task PutThroughGenericBaseClassClientPropertyWithNullMethod_Triggers() => TriggersAsync("""
        abstract class BaseStorage<TClient, TOptions>
        {
            protected BaseStorage(TOptions options)
            {
                StorageOptions = options;
                StorageClient = CreateStorageClient();
            }

            protected TOptions StorageOptions;

            public TClient StorageClient { get; protected set; }

            protected abstract TClient CreateStorageClient();

            protected abstract Task<string> UploadInternalAsync(
                Stream stream, string key, CancellationToken token);
        }

        sealed class AwsStorage : BaseStorage<IAmazonS3, string>
        {
            public AwsStorage(string bucket) : base(bucket) { }

            protected override IAmazonS3 CreateStorageClient() => new AmazonS3Client();

            protected override async Task<string> UploadInternalAsync(
                Stream stream, string key, CancellationToken token)
            {
                var putRequest = {|S3SEC001:new PutObjectRequest|}
                {
                    BucketName = StorageOptions,
                    Key = key,
                    InputStream = stream,
                    AutoCloseStream = false,
                    ServerSideEncryptionMethod = null,
                };

                try
                {
                    var response = await StorageClient.PutObjectAsync(putRequest, token);
                    return response.ETag;
                }
                catch (AmazonS3Exception ex)
                {
                    return ex.Message;
                }
            }
        }
        """);

    [Fact]
    public Task ClientSidePolicy_MessageNamesClientSideEncryption() => VerifyCS.AnalyzerAsync(
        Usings + """
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync({|#0:new PutObjectRequest|} { BucketName = "b", Key = "k" });
            Task Copy(IAmazonS3 s3) => {|#1:s3.CopyObjectAsync("src", "a.txt", "dst", "a.txt")|};
        }
        """,
        SdkLine.V4,
        editorConfig: "s3sec.required_encryption = client-side",
        VerifyCS.Diagnostic(Descriptors.S3SEC001_UnencryptedWrite)
            .WithLocation(0)
            .WithArguments(
                "PutObjectRequest",
                "the policy requires client-side encryption: write it through an S3 encryption client"),
        VerifyCS.Diagnostic(Descriptors.S3SEC001_UnencryptedWrite)
            .WithLocation(1)
            .WithArguments(
                "IAmazonS3.CopyObjectAsync",
                "the policy requires client-side encryption: write it through an S3 encryption client"));

    [Theory]
    [MemberData(nameof(Lines))]
    public Task PutObjectRequestWithEncryptionNone_Triggers(SdkLine line) => TriggersAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync({|S3SEC001:new PutObjectRequest|}
            {
                BucketName = "b",
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.None,
            });
        }
        """, line);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task PutObjectRequestWithEmptyStringEncryption_Triggers(SdkLine line) => TriggersAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(
                {|S3SEC001:new PutObjectRequest|} { BucketName = "b", ServerSideEncryptionMethod = "" });
        }
        """, line);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task PutObjectRequestWithNullEncryption_Triggers(SdkLine line) => TriggersAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(
                {|S3SEC001:new PutObjectRequest|} { BucketName = "b", ServerSideEncryptionMethod = null });
        }
        """, line);

    [Fact]
    public Task EncryptionSetToNoneAfterConstruction_Triggers() => TriggersAsync("""
        class Uploader
        {
            async Task Put(IAmazonS3 s3)
            {
                var request = {|S3SEC001:new PutObjectRequest()|};
                request.BucketName = "b";
                request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.None;
                await s3.PutObjectAsync(request);
            }
        }
        """);

    [Fact]
    public Task TernaryWhoseArmsAreBothUnencrypted_Triggers() => TriggersAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3, bool flag) => s3.PutObjectAsync({|S3SEC001:new PutObjectRequest|}
            {
                ServerSideEncryptionMethod = flag ? ServerSideEncryptionMethod.None : "",
            });
        }
        """);

    [Fact]
    public Task ConstantWithoutEncryption_Triggers() => TriggersAsync("""
        class Uploader
        {
            private const string NoEncryption = "";

            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(
                {|S3SEC001:new PutObjectRequest|} { ServerSideEncryptionMethod = NoEncryption });
        }
        """);

    [Fact]
    public Task LocalAssignedOnceWithNone_Triggers() => TriggersAsync("""
        class Uploader
        {
            async Task Put(IAmazonS3 s3)
            {
                var method = ServerSideEncryptionMethod.None;
                var request = {|S3SEC001:new PutObjectRequest|} { BucketName = "b" };
                request.ServerSideEncryptionMethod = method;
                await s3.PutObjectAsync(request);
            }
        }
        """);

    [Fact]
    public Task TargetTypedNew_Triggers() => TriggersAsync("""
        class Uploader
        {
            async Task Put(IAmazonS3 s3)
            {
                PutObjectRequest request = {|S3SEC001:new()|} { BucketName = "b" };
                await s3.PutObjectAsync(request);
            }
        }
        """);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task InitiateMultipartUploadRequestWithoutEncryption_Triggers(SdkLine line) => TriggersAsync("""
        class Uploader
        {
            Task Start(IAmazonS3 s3) => s3.InitiateMultipartUploadAsync(
                {|S3SEC001:new InitiateMultipartUploadRequest|} { BucketName = "b", Key = "k" });
        }
        """, line);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task CopyObjectRequestWithoutEncryption_Triggers(SdkLine line) => TriggersAsync("""
        class Copier
        {
            Task Copy(IAmazonS3 s3) => s3.CopyObjectAsync({|S3SEC001:new CopyObjectRequest|}
            {
                SourceBucket = "a", SourceKey = "k", DestinationBucket = "b", DestinationKey = "k",
            });
        }
        """, line);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task TransferUtilityUploadRequestWithoutEncryption_Triggers(SdkLine line) => TriggersAsync("""
        class Uploader
        {
            Task Upload(ITransferUtility transfer) => transfer.UploadAsync(
                {|S3SEC001:new TransferUtilityUploadRequest|} { FilePath = "a.txt", BucketName = "b" });
        }
        """, line);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task UploadRequestWithProgressHandler_Triggers(SdkLine line) => TriggersAsync("""
        class Uploader
        {
            async Task Upload(ITransferUtility transfer)
            {
                var request = {|S3SEC001:new TransferUtilityUploadRequest|} { FilePath = "a.txt", BucketName = "b" };
                request.UploadProgressEvent += OnProgress;
                await transfer.UploadAsync(request);
                request.UploadProgressEvent -= OnProgress;
            }

            static void OnProgress(object sender, UploadProgressArgs e) { }
        }
        """, line);

    [Fact]
    public Task EncryptionSetInProgressHandler_DoesNotTrigger() => DoesNotTriggerAsync("""
        class Uploader
        {
            async Task Upload(ITransferUtility transfer)
            {
                var request = new TransferUtilityUploadRequest { FilePath = "a.txt", BucketName = "b" };
                request.UploadProgressEvent += (_, _) => request.ServerSideEncryptionMethod = "AES256";
                await transfer.UploadAsync(request);
            }
        }
        """);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task TransferUtilityUploadDirectoryRequestWithoutEncryption_Triggers(SdkLine line) => TriggersAsync("""
        class Uploader
        {
            Task Upload(TransferUtility transfer) => transfer.UploadDirectoryAsync(
                {|S3SEC001:new TransferUtilityUploadDirectoryRequest|} { Directory = "out", BucketName = "b" });
        }
        """, line);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task PresignedPutUrlWithoutEncryption_Triggers(SdkLine line) => TriggersAsync("""
        class Links
        {
            string Link(IAmazonS3 s3) => s3.GetPreSignedURL({|S3SEC001:new GetPreSignedUrlRequest|}
            {
                BucketName = "b", Key = "k", Verb = HttpVerb.PUT, Expires = System.DateTime.UtcNow.AddMinutes(5),
            });
        }
        """, line);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task TransferUtilityUploadAsyncWithPath_Triggers(SdkLine line) => TriggersAsync("""
        class Uploader
        {
            Task Upload(TransferUtility transfer, CancellationToken ct)
                => {|S3SEC001:transfer.UploadAsync("report.pdf", "bucket", "reports/r.pdf", ct)|};
        }
        """, line);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task TransferUtilityUploadWithStream_Triggers(SdkLine line) => TriggersAsync("""
        class Uploader
        {
            void Upload(ITransferUtility transfer, Stream body) => {|S3SEC001:transfer.Upload(body, "bucket", "k")|};
        }
        """, line);

    // Reduced from storage libraries that create folders as empty "prefix/" objects: a bucket policy that denies
    // unencrypted PUTs refuses these as well, so an empty body is no reason to stay silent.
    [Theory]
    [MemberData(nameof(Lines))]
    public Task EmptyFolderMarkerWithoutEncryption_Triggers(SdkLine line) => TriggersAsync("""
        class Folders
        {
            Task Create(IAmazonS3 s3, string name, CancellationToken ct)
                => s3.PutObjectAsync(
                    {|S3SEC001:new PutObjectRequest|} { BucketName = "b", Key = name + "/", ContentBody = "" }, ct);
        }
        """, line);

    // Reduced from a message-data store scanned with the loose loader: the key comes from a helper of a project it
    // does not load, so the compiler cannot pick the overload; every overload the call can mean writes unencrypted.
    [Theory]
    [MemberData(nameof(Lines))]
    public Task TransferUtilityUploadWithKeyOfUnresolvedType_Triggers(SdkLine line)
        => VerifyCS.AnalyzerOnUnresolvedCodeAsync(
            Usings + """
            class Store
            {
                async Task Put(TransferUtility transfer, Stream body, CancellationToken ct)
                {
                    var key = KeyFormatter.Next();
                    await {|#0:transfer.UploadAsync(body, "bucket", key, ct)|};
                }
            }
            """,
            line,
            editorConfig: null,
            VerifyCS.Diagnostic(Descriptors.S3SEC001_UnencryptedWrite)
                .WithLocation(0)
                .WithArguments(
                    "TransferUtility.UploadAsync",
                    "use the overload that takes a TransferUtilityUploadRequest and set ServerSideEncryptionMethod"));

    [Theory]
    [MemberData(nameof(Lines))]
    public Task InitiateMultipartUploadWithKeyOfUnresolvedType_Triggers(SdkLine line) => VerifyCS
        .AnalyzerOnUnresolvedCodeAsync(
            Usings + """
            class Store
            {
                Task Start(IAmazonS3 s3) => {|S3SEC001:s3.InitiateMultipartUploadAsync("bucket", Keys.Next())|};
            }
            """,
            line,
            editorConfig: null);

    // Unresolved as above, but every overload the call can mean is the user's own on a derived transfer utility.
    [Theory]
    [MemberData(nameof(Lines))]
    public Task OwnUploadOfDerivedTransferUtilityWithKeyOfUnresolvedType_DoesNotTrigger(SdkLine line)
        => VerifyCS.AnalyzerOnUnresolvedCodeAsync(
            Usings + """
            class Store
            {
                Task Put(EncryptingTransfer transfer, Stream body, CancellationToken ct)
                    => transfer.UploadAsync(body, "bucket", Keys.Next(), ct);
            }

            class EncryptingTransfer : TransferUtility
            {
                public EncryptingTransfer(IAmazonS3 s3) : base(s3) { }

                public new Task UploadAsync(Stream stream, string bucketName, string key, CancellationToken ct)
                    => base.UploadAsync(
                        new TransferUtilityUploadRequest
                        {
                            InputStream = stream,
                            BucketName = bucketName,
                            Key = key,
                            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
                        },
                        ct);
            }
            """,
            line,
            editorConfig: null);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task InheritedUploadOfDerivedTransferUtilityWithKeyOfUnresolvedType_Triggers(SdkLine line)
        => VerifyCS.AnalyzerOnUnresolvedCodeAsync(
            Usings + """
            class Store
            {
                Task Put(PlainTransfer transfer, Stream body, CancellationToken ct)
                    => {|S3SEC001:transfer.UploadAsync(body, "bucket", Keys.Next(), ct)|};
            }

            class PlainTransfer : TransferUtility
            {
                public PlainTransfer(IAmazonS3 s3) : base(s3) { }
            }
            """,
            line,
            editorConfig: null);

    // The unresolved argument could be the request the other overload takes: nothing is known about encryption.
    [Theory]
    [MemberData(nameof(Lines))]
    public Task UploadWithArgumentOfUnresolvedTypeThatMayBeTheRequest_DoesNotTrigger(SdkLine line)
        => VerifyCS.AnalyzerOnUnresolvedCodeAsync(
            Usings + """
            class Store
            {
                Task Put(TransferUtility transfer) => transfer.UploadAsync(Inputs.First(), Inputs.Second());
                Task Start(IAmazonS3 s3) => s3.InitiateMultipartUploadAsync(Requests.Initiate());
            }
            """,
            line,
            editorConfig: null);

    // Known gap, pinned: the client comes from awaiting a call whose argument has a missing type (a framework's
    // argument class the loose loader does not load). The compiler gives the awaited value no type, so the write
    // through it binds to nothing. With the missing type present (the build, the MSBuild loader) it is reported.
    [Theory]
    [MemberData(nameof(Lines))]
    public Task PutThroughClientAwaitedFromCallWithArgumentOfUnresolvedType_DoesNotTrigger(SdkLine line)
        => VerifyCS.AnalyzerOnUnresolvedCodeAsync(
            Usings + """
            class Store
            {
                async Task Save(SaveArgs args)
                {
                    using (var s3 = await OpenAsync(args))
                    {
                        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "b", Key = "k" });
                    }
                }

                Task<AmazonS3Client> OpenAsync(ProviderArgs args) => Task.FromResult(new AmazonS3Client());
            }
            """,
            line,
            editorConfig: null);

    // The same shape with the argument's type matching the parameter's, missing or not, binds and is reported.
    [Theory]
    [MemberData(nameof(Lines))]
    public Task PutThroughClientAwaitedFromCallWithMatchingUnresolvedArgument_Triggers(SdkLine line)
        => VerifyCS.AnalyzerOnUnresolvedCodeAsync(
            Usings + """
            class Store
            {
                async Task Save(ProviderArgs args)
                {
                    using (var s3 = await OpenAsync(args))
                    {
                        await s3.PutObjectAsync({|#0:new PutObjectRequest|} { BucketName = "b", Key = "k" });
                    }
                }

                Task<AmazonS3Client> OpenAsync(ProviderArgs args) => Task.FromResult(new AmazonS3Client());
            }
            """,
            line,
            editorConfig: null,
            VerifyCS.Diagnostic(Descriptors.S3SEC001_UnencryptedWrite).WithLocation(0)
                .WithArguments("PutObjectRequest", "set ServerSideEncryptionMethod"));

    // The key's type is the project's own: it fits no SDK overload, so the build calls the extension (which here
    // could set encryption), yet the compiler lists only the SDK overloads as the failed candidates.
    [Theory]
    [MemberData(nameof(Lines))]
    public Task UploadWithMissingTypeAndAnExtensionOfTheSameName_DoesNotTrigger(SdkLine line)
        => VerifyCS.AnalyzerOnUnresolvedCodeAsync(
            Usings + """
            class StoredKey { }

            static class EncryptedUploads
            {
                public static Task UploadAsync(this TransferUtility transfer, Stream body, string bucket, StoredKey key)
                    => Task.CompletedTask;
            }

            class Store
            {
                Task Put(TransferUtility transfer, Stream body) => transfer.UploadAsync(body, "bucket", Keys.Next());
            }
            """,
            line,
            editorConfig: null);

    // Broken beyond a missing type (an int key fits no overload): which call was meant is anyone's guess.
    [Theory]
    [MemberData(nameof(Lines))]
    public Task UploadWithArgumentOfWrongKnownType_DoesNotTrigger(SdkLine line)
        => VerifyCS.AnalyzerOnUnresolvedCodeAsync(
            Usings + """
            class Store
            {
                Task Put(TransferUtility transfer, Stream body) => transfer.UploadAsync(body, Buckets.Main(), 42);
                Task Copy(IAmazonS3 s3) => s3.CopyObjectAsync("b", 7, "b", Keys.Next());
            }
            """,
            line,
            editorConfig: null);

    [Fact]
    public Task UploadWithKeyOfUnresolvedTypeUnderBucketDefaultPolicy_DoesNotTrigger()
        => VerifyCS.AnalyzerOnUnresolvedCodeAsync(
            Usings + """
            class Store
            {
                Task Put(TransferUtility transfer, Stream body) => transfer.UploadAsync(body, "bucket", Keys.Next());
            }
            """,
            SdkLine.V4,
            "s3sec.required_encryption = bucket-default");

    [Theory]
    [MemberData(nameof(Lines))]
    public Task TransferUtilityUploadDirectoryAsync_Triggers(SdkLine line) => TriggersAsync("""
        class Backup
        {
            Task Run(TransferUtility transfer, SearchOption all)
                => {|S3SEC001:transfer.UploadDirectoryAsync("backup", "b", "*.bak", all, default)|};
        }
        """, line);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task CopyObjectAsyncWithBucketAndKeyStrings_Triggers(SdkLine line) => VerifyCS.AnalyzerAsync(
        Usings + """
        class Copier
        {
            Task Copy(IAmazonS3 s3) => {|#0:s3.CopyObjectAsync("src", "a.txt", "dst", "a.txt")|};
        }
        """,
        line,
        editorConfig: null,
        VerifyCS.Diagnostic(Descriptors.S3SEC001_UnencryptedWrite)
            .WithLocation(0)
            .WithArguments(
                "IAmazonS3.CopyObjectAsync",
                "use the overload that takes a CopyObjectRequest and set ServerSideEncryptionMethod"));

    [Theory]
    [MemberData(nameof(Lines))]
    public Task InitiateMultipartUploadAsyncWithBucketAndKey_Triggers(SdkLine line) => VerifyCS.AnalyzerAsync(
        Usings + """
        class Uploader
        {
            Task Start(AmazonS3Client s3) => {|#0:s3.InitiateMultipartUploadAsync("bucket", "key")|};
        }
        """,
        line,
        editorConfig: null,
        VerifyCS.Diagnostic(Descriptors.S3SEC001_UnencryptedWrite)
            .WithLocation(0)
            .WithArguments(
                "AmazonS3Client.InitiateMultipartUploadAsync",
                "use the overload that takes an InitiateMultipartUploadRequest and set ServerSideEncryptionMethod"));

    [Theory]
    [MemberData(nameof(Lines))]
    public Task PutObjectRequestWithSseS3_DoesNotTrigger(SdkLine line) => DoesNotTriggerAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = "b", ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
            });
        }
        """, line);

    [Fact]
    public Task PutObjectRequestWithSseKms_DoesNotTrigger() => DoesNotTriggerAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest
            {
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
                ServerSideEncryptionKeyManagementServiceKeyId = "alias/app",
            });
        }
        """);

    [Fact]
    public Task EncryptionFromStringLiteral_DoesNotTrigger() => DoesNotTriggerAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest { ServerSideEncryptionMethod = "AES256" });
        }
        """);

    [Fact]
    public Task EncryptionFromConstant_DoesNotTrigger() => DoesNotTriggerAsync("""
        class Uploader
        {
            private const string Sse = "aws:kms";

            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest { ServerSideEncryptionMethod = Sse });
        }
        """);

    [Fact]
    public Task EncryptionFromFindValue_DoesNotTrigger() => DoesNotTriggerAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest
            {
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.FindValue("AES256"),
            });
        }
        """);

    [Fact]
    public Task EncryptionSetAfterConstruction_DoesNotTrigger() => DoesNotTriggerAsync("""
        class Uploader
        {
            async Task Put(IAmazonS3 s3)
            {
                var request = new PutObjectRequest { BucketName = "b" };
                request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256;
                await s3.PutObjectAsync(request);
            }
        }
        """);

    [Fact]
    public Task EncryptionSetByDeconstruction_DoesNotTrigger() => DoesNotTriggerAsync("""
        class Uploader
        {
            async Task Put(IAmazonS3 s3, string key)
            {
                var request = new PutObjectRequest { BucketName = "b" };
                (request.Key, (request.ServerSideEncryptionMethod, _)) = (key, (ServerSideEncryptionMethod.AES256, 0));
                await s3.PutObjectAsync(request);
            }
        }
        """);

    [Fact]
    public Task DeconstructionThatOnlyReadsEncryption_Triggers() => TriggersAsync("""
        class Uploader
        {
            async Task Put(IAmazonS3 s3)
            {
                var request = {|S3SEC001:new PutObjectRequest|} { BucketName = "b" };
                var (method, key) = (request.ServerSideEncryptionMethod, "k");
                request.Key = key;
                await s3.PutObjectAsync(request);
            }
        }
        """);

    [Fact]
    public Task EncryptionSetOnOneBranch_DoesNotTrigger() => DoesNotTriggerAsync("""
        class Uploader
        {
            async Task Put(IAmazonS3 s3, bool sensitive)
            {
                var request = new PutObjectRequest { BucketName = "b" };
                if (sensitive)
                {
                    request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS;
                }

                await s3.PutObjectAsync(request);
            }
        }
        """);

    [Fact]
    public Task EncryptionFromParameter_DoesNotTrigger() => DoesNotTriggerAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3, ServerSideEncryptionMethod method)
                => s3.PutObjectAsync(new PutObjectRequest { ServerSideEncryptionMethod = method });
        }
        """);

    [Fact]
    public Task TernaryWithOneUnknownArm_DoesNotTrigger() => DoesNotTriggerAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3, bool flag, string configured) => s3.PutObjectAsync(new PutObjectRequest
            {
                ServerSideEncryptionMethod = flag ? ServerSideEncryptionMethod.None : configured,
            });
        }
        """);

    [Fact]
    public Task RequestPassedIn_DoesNotTrigger() => DoesNotTriggerAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3, PutObjectRequest request) => s3.PutObjectAsync(request);
        }
        """);

    [Fact]
    public Task RequestReturnedFromFactory_DoesNotTrigger() => DoesNotTriggerAsync("""
        class Requests
        {
            public static PutObjectRequest Create(string key) => new PutObjectRequest { BucketName = "b", Key = key };
        }
        """);

    [Fact]
    public Task RequestHandedToOwnCode_DoesNotTrigger() => DoesNotTriggerAsync("""
        class Uploader
        {
            async Task Put(IAmazonS3 s3)
            {
                var request = new PutObjectRequest { BucketName = "b" };
                Policy.Apply(request);
                await s3.PutObjectAsync(request);
            }
        }

        static class Policy
        {
            public static void Apply(PutObjectRequest request) => request.ServerSideEncryptionMethod = "aws:kms";
        }
        """);

    // A request no call sends writes nothing: unit tests of request builders read one back, and the encryption
    // client's own tests hand one to its metadata helpers (aws/amazon-s3-encryption-client-dotnet, UnitTests).
    [Theory]
    [MemberData(nameof(Lines))]
    public Task RequestNeverSent_DoesNotTrigger(SdkLine line) => DoesNotTriggerAsync("""
        class RequestTests
        {
            bool KeyIsKept()
            {
                var request = new PutObjectRequest { BucketName = "b", Key = "k" };
                request.ContentType = "text/plain";
                return request.Key == "k" && new CopyObjectRequest { DestinationKey = "k" }.DestinationKey == "k";
            }
        }
        """, line);

    [Fact]
    public Task RequestHandedOnlyToSdkHelperThatSendsNothing_DoesNotTrigger() => DoesNotTriggerAsync("""
        class MetadataTests
        {
            void AddsInstructions()
            {
                var request = new PutObjectRequest();
                Amazon.Extensions.S3.Encryption.EncryptionUtils.UpdateMetadata(request);
            }
        }

        namespace Amazon.Extensions.S3.Encryption
        {
            public static class EncryptionUtils
            {
                public static void UpdateMetadata(PutObjectRequest request) => request.Metadata.Add("x-amz-iv", "");
            }
        }
        """);

    [Fact]
    public Task RequestSentThroughSdkExtensionOrDerivedClient_Triggers() => TriggersAsync("""
        class Uploader
        {
            async Task Put(MyClient client, IMyS3 wrapped)
            {
                var request = {|S3SEC001:new PutObjectRequest|} { BucketName = "b" };
                await client.PutObjectAsync(request);
                await wrapped.PutObjectAsync({|S3SEC001:new PutObjectRequest|} { BucketName = "b" });
            }
        }

        class MyClient : AmazonS3Client
        {
            public MyClient() : base(Amazon.RegionEndpoint.USEast1) { }
        }

        interface IMyS3 : IAmazonS3 { }
        """);

    // The synchronous wrappers of ServiceStack.Aws (ServiceStack/ServiceStack.Aws, NetCoreAwsExtensions) hide
    // every PutObject and CopyObject of its S3 virtual file system from a per-method analysis.
    [Fact]
    public Task RequestHandedToForwardingWrapper_Triggers() => TriggersAsync("""
        class Files
        {
            void Add(IAmazonS3 client, string key, string contents)
            {
                client.PutObject({|S3SEC001:new PutObjectRequest|} { Key = key, ContentBody = contents });
                var copy = {|S3SEC001:new CopyObjectRequest|} { SourceBucket = "b", DestinationBucket = "b" };
                client.CopyObject(copy);
                SyncS3.Put(client, {|S3SEC001:new PutObjectRequest|} { BucketName = "b" });
            }
        }

        static class SyncS3
        {
            public static PutObjectResponse PutObject(this IAmazonS3 client, PutObjectRequest request)
                => client.PutObjectAsync(request).GetAwaiter().GetResult();

            public static CopyObjectResponse CopyObject(this IAmazonS3 client, CopyObjectRequest request)
            {
                var task = client.CopyObjectAsync(request);
                return task.GetAwaiter().GetResult();
            }

            public static void Put(IAmazonS3 s3, PutObjectRequest put) => s3.PutObjectAsync(put).Wait();
        }
        """);

    [Fact]
    public Task RequestHandedToWrapperThatDoesMore_DoesNotTrigger() => DoesNotTriggerAsync("""
        class Files
        {
            void Add(IAmazonS3 client)
            {
                client.PutEncrypted(new PutObjectRequest { BucketName = "b" });
                client.PutLater(new PutObjectRequest { BucketName = "b" });
                client.PutVia(new PutObjectRequest { BucketName = "b" }, new Uploader());
                Wrappers.PutSecond("b", new PutObjectRequest { BucketName = "b" });
            }
        }

        class Uploader
        {
            public Task<PutObjectResponse> PutObjectAsync(PutObjectRequest request)
                => Task.FromResult(new PutObjectResponse());
        }

        static class Wrappers
        {
            public static Task PutEncrypted(this IAmazonS3 client, PutObjectRequest request)
            {
                request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256;
                return client.PutObjectAsync(request);
            }

            static readonly List<PutObjectRequest> Pending = new();

            public static void PutLater(this IAmazonS3 client, PutObjectRequest request) => Pending.Add(request);

            public static Task PutVia(this IAmazonS3 client, PutObjectRequest request, Uploader other)
                => other.PutObjectAsync(request);

            public static void PutSecond(string bucket, PutObjectRequest request) { }
        }
        """);

    // A repository or store class that owns the client and forwards each request to it: the request is built by
    // the caller, so without following the wrapper nothing in either method is an unencrypted write.
    [Fact]
    public Task RequestHandedToInstanceForwardingWrapper_Triggers() => TriggersAsync("""
        class Files
        {
            async Task Add(Store store, string key)
            {
                await store.Put({|S3SEC001:new PutObjectRequest|} { Key = key });
                var copy = {|S3SEC001:new CopyObjectRequest|} { SourceBucket = "b", DestinationBucket = "b" };
                await store.Copy(copy);
                await store.PutThroughProperty({|S3SEC001:new PutObjectRequest|} { Key = key });
                store.PutNow({|S3SEC001:new PutObjectRequest|} { Key = key });
            }
        }

        sealed class Store
        {
            private readonly IAmazonS3 _s3;

            public Store(IAmazonS3 s3) => _s3 = s3;

            private IAmazonS3 Client { get; } = new AmazonS3Client();

            public Task Put(PutObjectRequest r) => _s3.PutObjectAsync(r);

            public async Task<CopyObjectResponse> Copy(CopyObjectRequest request)
            {
                return await this._s3.CopyObjectAsync(request).ConfigureAwait(false);
            }

            public async Task PutThroughProperty(PutObjectRequest request)
            {
                await Client.PutObjectAsync(request);
            }

            public void PutNow(PutObjectRequest request)
            {
                _s3.PutObjectAsync(request).GetAwaiter().GetResult();
            }

            void Save() => Put({|S3SEC001:new PutObjectRequest|} { BucketName = "b" });
        }
        """);

    // A sealed override, or an override in a sealed class, is the body that runs.
    [Fact]
    public Task RequestHandedToSealedOverrideWrapper_Triggers() => TriggersAsync("""
        class Files
        {
            Task Add(S3Store store, SealedStore other)
            {
                other.Put({|S3SEC001:new PutObjectRequest|} { BucketName = "b" });
                return store.Put({|S3SEC001:new PutObjectRequest|} { BucketName = "b" });
            }
        }

        abstract class StoreBase
        {
            public abstract Task Put(PutObjectRequest request);
        }

        class S3Store : StoreBase
        {
            private readonly IAmazonS3 _s3 = new AmazonS3Client();

            public sealed override Task Put(PutObjectRequest request) => _s3.PutObjectAsync(request);
        }

        sealed class SealedStore : StoreBase
        {
            private readonly IAmazonS3 _s3 = new AmazonS3Client();

            public override Task Put(PutObjectRequest request) => _s3.PutObjectAsync(request);
        }
        """);

    // The wrapper is read from its syntax: another file's body is never bound.
    [Fact]
    public Task RequestHandedToInstanceWrapperInAnotherFile_Triggers()
    {
        var test = new CSharpAnalyzerTest<ServerSideEncryptionAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = SdkReferences.For(SdkLine.V4),
        };
        test.TestState.Sources.Add(("/0/Files.cs", Usings + """
            class Files
            {
                Task Add(Store store) => store.Put({|S3SEC001:new PutObjectRequest|} { BucketName = "b" });
            }
            """));
        test.TestState.Sources.Add(("/0/Store.cs", Usings + """
            class Store
            {
                private readonly IAmazonS3 _s3;

                public Store(IAmazonS3 s3) => _s3 = s3;

                public Task Put(PutObjectRequest request) => _s3.PutObjectAsync(request);
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task EncryptedRequestHandedToInstanceForwardingWrapper_DoesNotTrigger() => DoesNotTriggerAsync("""
        class Files
        {
            Task Add(Store store) => store.Put(new PutObjectRequest
            {
                BucketName = "b",
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
            });
        }

        class Store
        {
            private readonly IAmazonS3 _s3 = new AmazonS3Client();

            public Task Put(PutObjectRequest r) => _s3.PutObjectAsync(r);
        }
        """);

    // Each wrapper here may change the request or send it elsewhere: the caller's request is not followed.
    [Fact]
    public Task RequestHandedToInstanceWrapperThatMayDoMore_DoesNotTrigger() => DoesNotTriggerAsync("""
        class Files
        {
            async Task Add(Store store, IStore contract, Outer.Nested nested)
            {
                await store.PutEncrypted(new PutObjectRequest { BucketName = "b" });
                await store.PutVirtual(new PutObjectRequest { BucketName = "b" });
                await store.PutShadowed(new PutObjectRequest { BucketName = "b" });
                await store.PutToOwnType(new PutObjectRequest { BucketName = "b" });
                await store.PutNamed(new PutObjectRequest { BucketName = "b" });
                await contract.Put(new PutObjectRequest { BucketName = "b" });
                await nested.Put(new PutObjectRequest { BucketName = "b" });
            }
        }

        interface IStore
        {
            Task Put(PutObjectRequest request);
        }

        class Uploader
        {
            public Task<PutObjectResponse> PutObjectAsync(PutObjectRequest request)
                => Task.FromResult(new PutObjectResponse());
        }

        class Store : IStore
        {
            private readonly IAmazonS3 _s3 = new AmazonS3Client();
            private readonly Uploader _uploader = new();

            public Task PutEncrypted(PutObjectRequest request)
            {
                request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256;
                return _s3.PutObjectAsync(request);
            }

            // An override may set the encryption before it sends.
            public virtual Task PutVirtual(PutObjectRequest request) => _s3.PutObjectAsync(request);

            public Task Put(PutObjectRequest request) => _s3.PutObjectAsync(request);

            public Task PutShadowed(PutObjectRequest request)
            {
                IAmazonS3 _s3 = Other();
                return _s3.PutObjectAsync(request);
            }

            public Task PutToOwnType(PutObjectRequest request) => _uploader.PutObjectAsync(request);

            public Task PutNamed(PutObjectRequest request) => _s3.PutObjectAsync(request: request);

            static IAmazonS3 Other() => new AmazonS3Client();
        }

        class Outer
        {
            private static readonly IAmazonS3 Shared = new AmazonS3Client();

            public class Nested : Base
            {
                // Shared is the outer type's field; syntax alone cannot tell it from the base type's: not followed.
                public Task Put(PutObjectRequest request) => Shared.PutObjectAsync(request);
            }
        }

        class Base
        {
            private readonly IAmazonS3 Shared = new AmazonS3Client();
        }
        """);

    // A wrapper that logs the request's fields reads it: not followed. A generic wrapper class, and a generic method
    // whose type argument is the request's type, forward it as it is.
    [Fact]
    public Task RequestHandedToLoggingOrGenericWrapper() => TriggersAsync("""
        interface ILog
        {
            void Info(string message);
        }

        class Files
        {
            async Task Add(Store<int> store)
            {
                await store.PutLogged(new PutObjectRequest { BucketName = "b" });
                await store.Put({|S3SEC001:new PutObjectRequest|} { BucketName = "b" });
                await store.PutAny({|S3SEC001:new PutObjectRequest|} { BucketName = "b" });
            }
        }

        sealed class Store<TKey>
        {
            private readonly IAmazonS3 _s3;
            private readonly ILog _log;

            public Store(IAmazonS3 s3, ILog log)
            {
                _s3 = s3;
                _log = log;
            }

            public Task PutLogged(PutObjectRequest request)
            {
                _log.Info($"put {request.BucketName}/{request.Key}");
                return _s3.PutObjectAsync(request);
            }

            public Task Put(PutObjectRequest request) => _s3.PutObjectAsync(request);

            public Task PutAny<T>(T request) where T : PutObjectRequest => _s3.PutObjectAsync(request);
        }
        """);

    [Fact]
    public Task RequestAddedToList_DoesNotTrigger() => DoesNotTriggerAsync("""
        class Uploader
        {
            List<PutObjectRequest> Batch()
            {
                var batch = new List<PutObjectRequest>();
                var request = new PutObjectRequest { BucketName = "b" };
                batch.Add(request);
                return batch;
            }
        }
        """);

    [Fact]
    public Task RequestStoredInField_DoesNotTrigger() => DoesNotTriggerAsync("""
        class Uploader
        {
            private PutObjectRequest? _pending;

            void Prepare() => _pending = new PutObjectRequest { BucketName = "b" };
        }
        """);

    [Fact]
    public Task LocalReassigned_DoesNotTrigger() => DoesNotTriggerAsync("""
        class Uploader
        {
            async Task Put(IAmazonS3 s3, PutObjectRequest template)
            {
                var request = new PutObjectRequest { BucketName = "b" };
                request = template;
                await s3.PutObjectAsync(request);
            }
        }
        """);

    [Fact]
    public Task SseCustomerKey_DoesNotTrigger() => DoesNotTriggerAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3, string key) => s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = "b",
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                ServerSideEncryptionCustomerProvidedKey = key,
            });
        }
        """);

    [Fact]
    public Task SseCustomerKeyWithoutItsMethod_DoesNotTrigger() => DoesNotTriggerAsync("""
        class Uploader
        {
            // SSE-C meant but incomplete: S3SEC012's finding. SSE-S3 added next to the key would be refused by S3.
            Task Put(IAmazonS3 s3, string key) => s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = "b",
                ServerSideEncryptionCustomerProvidedKey = key,
            });
        }
        """);

    [Fact]
    public Task SseCustomerKeySetEmpty_Triggers() => TriggersAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync({|S3SEC001:new PutObjectRequest|}
            {
                BucketName = "b",
                ServerSideEncryptionCustomerProvidedKey = "",
            });
        }
        """);

    [Fact]
    public Task EncryptionHeaderSetDirectly_DoesNotTrigger() => DoesNotTriggerAsync("""
        class Uploader
        {
            async Task Put(IAmazonS3 s3)
            {
                var request = new PutObjectRequest { BucketName = "b" };
                request.Headers["x-amz-server-side-encryption"] = "AES256";
                await s3.PutObjectAsync(request);
            }
        }
        """);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task PresignedGetUrl_DoesNotTrigger(SdkLine line) => DoesNotTriggerAsync("""
        class Links
        {
            string Link(IAmazonS3 s3) => s3.GetPreSignedURL(new GetPreSignedUrlRequest
            {
                BucketName = "b", Key = "k", Expires = System.DateTime.UtcNow.AddMinutes(5),
            });
        }
        """, line);

    [Fact]
    public Task PresignedPartUploadUrl_DoesNotTrigger() => DoesNotTriggerAsync("""
        class Links
        {
            string Part(IAmazonS3 s3, string uploadId, int part) => s3.GetPreSignedURL(new GetPreSignedUrlRequest
            {
                BucketName = "b", Key = "k", Verb = HttpVerb.PUT, UploadId = uploadId, PartNumber = part,
                Expires = System.DateTime.UtcNow.AddMinutes(5),
            });
        }
        """);

    [Fact]
    public Task PresignedUrlWithUnknownVerb_DoesNotTrigger() => DoesNotTriggerAsync("""
        class Links
        {
            string Link(IAmazonS3 s3, HttpVerb verb) => s3.GetPreSignedURL(new GetPreSignedUrlRequest
            {
                BucketName = "b", Key = "k", Verb = verb,
            });
        }
        """);

    [Fact]
    public Task UploadWithRequestOverload_ReportsOnlyTheRequest() => TriggersAsync("""
        class Uploader
        {
            Task Upload(TransferUtility transfer)
                => transfer.UploadAsync({|S3SEC001:new TransferUtilityUploadRequest|} { FilePath = "a" });
        }
        """);

    [Fact]
    public Task BucketDefaultPolicy_DoesNotTrigger() => DoesNotTriggerAsync(
        """
        class Uploader
        {
            Task Put(IAmazonS3 s3, TransferUtility transfer)
            {
                transfer.Upload("a.txt", "bucket");
                return s3.PutObjectAsync(new PutObjectRequest { BucketName = "b" });
            }
        }
        """,
        editorConfig: "s3sec.required_encryption = bucket-default");

    [Fact]
    public Task LookalikeTypesFromOtherSdks_DoNotTrigger() => DoesNotTriggerAsync("""
        namespace Aliyun.OSS
        {
            public class PutObjectRequest { public string? BucketName { get; set; } }
        }

        namespace COSXML.Model.Object
        {
            public class PutObjectRequest { public PutObjectRequest(string bucket, string key, string path) { } }
        }

        namespace Minio.DataModel.Args
        {
            public class PutObjectArgs { public PutObjectArgs WithBucket(string bucket) => this; }
        }

        class Uploader
        {
            void Build()
            {
                _ = new Aliyun.OSS.PutObjectRequest { BucketName = "b" };
                _ = new COSXML.Model.Object.PutObjectRequest("b", "k", "path");
                _ = new Minio.DataModel.Args.PutObjectArgs().WithBucket("b");
            }
        }
        """);

    [Fact]
    public Task CompilationWithoutAwsSdk_DoesNotTrigger() => VerifyCS.AnalyzerWithoutSdkAsync("""
        namespace Amazon.S3.Model
        {
            public class PutObjectRequest { public string? BucketName { get; set; } }
        }

        class Uploader
        {
            object Build() => new Amazon.S3.Model.PutObjectRequest { BucketName = "b" };
        }
        """);

    // The user's own methods on a type derived from the SDK's: whether they hide (new), overload, take params, or
    // override, the body is the user's and may encrypt, so the call is not the SDK's request-less write.
    [Theory]
    [MemberData(nameof(Lines))]
    public Task OwnMethodsOfDerivedTransferUtility_DoesNotTrigger(SdkLine line) => DoesNotTriggerAsync("""
        class Uploader
        {
            async Task Put(EncryptingTransfer transfer, Stream body, CancellationToken ct)
            {
                await transfer.UploadAsync("report.pdf", "bucket", "reports/r.pdf", ct);
                await transfer.UploadAsync(body, "bucket", "k", "finance", "q3");
                transfer.Upload("report.pdf", "bucket");
            }
        }

        class EncryptingTransfer : TransferUtility
        {
            public EncryptingTransfer(IAmazonS3 s3) : base(s3) { }

            public new Task UploadAsync(string filePath, string bucketName, string key, CancellationToken ct)
                => base.UploadAsync(Request(filePath, bucketName, key), ct);

            public Task UploadAsync(Stream body, string bucketName, string key, params string[] tags)
                => base.UploadAsync(new TransferUtilityUploadRequest
                {
                    InputStream = body,
                    BucketName = bucketName,
                    Key = key,
                    ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
                });

            public new void Upload(string filePath, string bucketName)
                => base.Upload(Request(filePath, bucketName, Path.GetFileName(filePath)));

            private static TransferUtilityUploadRequest Request(string path, string bucket, string key)
                => new TransferUtilityUploadRequest
                {
                    FilePath = path,
                    BucketName = bucket,
                    Key = key,
                    ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
                };
        }
        """, line);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task OwnMethodsOfDerivedS3Client_DoesNotTrigger(SdkLine line) => DoesNotTriggerAsync("""
        class Archiver
        {
            async Task Archive(EncryptingClient s3, CancellationToken ct)
            {
                await s3.CopyObjectAsync("src", "a.pdf", "dst", "a.pdf", ct);
                await s3.InitiateMultipartUploadAsync("bucket", "big.bin", ct);
                await s3.CopyObjectAsync("src", "b.pdf", "dst", "b.pdf", "audit");
            }
        }

        class EncryptingClient : AmazonS3Client
        {
            public EncryptingClient() : base(Amazon.RegionEndpoint.USEast1) { }

            public override Task<CopyObjectResponse> CopyObjectAsync(
                string sourceBucket,
                string sourceKey,
                string destinationBucket,
                string destinationKey,
                CancellationToken cancellationToken = default)
                => CopyObjectAsync(Copy(sourceBucket, sourceKey, destinationBucket, destinationKey), cancellationToken);

            public Task<CopyObjectResponse> CopyObjectAsync(
                string sourceBucket,
                string sourceKey,
                string destinationBucket,
                string destinationKey,
                params string[] tags)
                => CopyObjectAsync(Copy(sourceBucket, sourceKey, destinationBucket, destinationKey));

            public new Task<InitiateMultipartUploadResponse> InitiateMultipartUploadAsync(
                string bucketName,
                string key,
                CancellationToken cancellationToken = default)
                => InitiateMultipartUploadAsync(
                    new InitiateMultipartUploadRequest
                    {
                        BucketName = bucketName,
                        Key = key,
                        ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
                    },
                    cancellationToken);

            private static CopyObjectRequest Copy(string sourceBucket, string sourceKey, string bucket, string key)
                => new CopyObjectRequest
                {
                    SourceBucket = sourceBucket,
                    SourceKey = sourceKey,
                    DestinationBucket = bucket,
                    DestinationKey = key,
                    ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
                };
        }
        """, line);

    // A derived type that declares no method of its own, or only overloads the call cannot bind to (C# would pick
    // an applicable one of the derived type, a params one included): the call is the SDK's own request-less write,
    // inherited, and sends nothing that encrypts.
    [Theory]
    [MemberData(nameof(Lines))]
    public Task InheritedMethodsThroughDerivedTypes_Trigger(SdkLine line) => TriggersAsync("""
        class Uploader
        {
            async Task Put(PlainTransfer transfer, TaggingTransfer tagging, PlainClient s3, Stream body)
            {
                await {|S3SEC001:transfer.UploadAsync("report.pdf", "bucket", "reports/r.pdf")|};
                await {|S3SEC001:tagging.UploadAsync(body, "bucket", "k")|};
                await {|S3SEC001:s3.CopyObjectAsync("src", "a.pdf", "dst", "a.pdf")|};
                await {|S3SEC001:s3.InitiateMultipartUploadAsync("bucket", "big.bin")|};
            }
        }

        class PlainTransfer : TransferUtility
        {
            public PlainTransfer(IAmazonS3 s3) : base(s3) { }
        }

        class TaggingTransfer : TransferUtility
        {
            public TaggingTransfer(IAmazonS3 s3) : base(s3) { }

            public Task UploadAsync(Stream body, string bucketName, string key, IDictionary<string, string> tags)
                => base.UploadAsync(new TransferUtilityUploadRequest
                {
                    InputStream = body,
                    BucketName = bucketName,
                    Key = key,
                    ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
                });
        }

        class PlainClient : AmazonS3Client
        {
            public PlainClient() : base(Amazon.RegionEndpoint.USEast1) { }
        }
        """, line);

    // The SDK's own writes reached otherwise: through the SDK's interfaces (the derived type's new method does not
    // re-implement ITransferUtility), a generic constrained to the SDK's type, and base calls inside the user's own
    // new method or override, which send what the caller gave them.
    [Theory]
    [MemberData(nameof(Lines))]
    public Task SdkWritesThroughInterfacesGenericsAndBaseOfDerivedTypes_Trigger(SdkLine line) => TriggersAsync("""
        class Uploader
        {
            async Task Put(PlainTransfer transfer, HidingTransfer hiding, LoggingClient s3)
            {
                ITransferUtility viaInterface = transfer;
                await {|S3SEC001:viaInterface.UploadAsync("a.pdf", "bucket", "k")|};
                ITransferUtility hidingViaInterface = hiding;
                await {|S3SEC001:hidingViaInterface.UploadAsync("a.pdf", "bucket", "k")|};
                IAmazonS3 client = s3;
                await {|S3SEC001:client.CopyObjectAsync("s", "a", "d", "a")|};
                await Generic(transfer);
            }

            Task Generic<T>(T t) where T : TransferUtility => {|S3SEC001:t.UploadAsync("a.pdf", "bucket", "k")|};
        }

        class PlainTransfer : TransferUtility
        {
            public PlainTransfer(IAmazonS3 s3) : base(s3) { }
        }

        class HidingTransfer : TransferUtility
        {
            public HidingTransfer(IAmazonS3 s3) : base(s3) { }

            public new Task UploadAsync(string filePath, string bucketName, string key)
                => {|S3SEC001:base.UploadAsync(filePath, bucketName, key)|};
        }

        class LoggingClient : AmazonS3Client
        {
            public override Task<CopyObjectResponse> CopyObjectAsync(
                string sourceBucket,
                string sourceKey,
                string destinationBucket,
                string destinationKey,
                CancellationToken cancellationToken = default)
                => {|S3SEC001:base.CopyObjectAsync(sourceBucket, sourceKey, destinationBucket, destinationKey,
                    cancellationToken)|};
        }
        """, line);

    // A request handed to the user's own override on a derived client: the override's body may set the encryption.
    // Already so before request-less writes drew the same line (TrackedObject.ReceiverOf takes only SDK methods).
    [Theory]
    [MemberData(nameof(Lines))]
    public Task RequestHandedToOwnOverrideOfDerivedClient_DoesNotTrigger(SdkLine line) => DoesNotTriggerAsync("""
        class Uploader
        {
            async Task Put(SealingClient s3, SealingTransfer transfer)
            {
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = "b", Key = "k" });
                await transfer.UploadAsync(new TransferUtilityUploadRequest { BucketName = "b", FilePath = "a.pdf" });
            }
        }

        class SealingClient : AmazonS3Client
        {
            public SealingClient() : base(Amazon.RegionEndpoint.USEast1) { }

            public override Task<PutObjectResponse> PutObjectAsync(
                PutObjectRequest request,
                CancellationToken ct = default)
            {
                request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256;
                return base.PutObjectAsync(request, ct);
            }
        }

        class SealingTransfer : TransferUtility
        {
            public SealingTransfer(IAmazonS3 s3) : base(s3) { }

            public new Task UploadAsync(TransferUtilityUploadRequest request)
            {
                request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256;
                return base.UploadAsync(request);
            }
        }
        """, line);

    // A static method of a derived client that takes the request is not a send: it has no client to send through.
    [Theory]
    [MemberData(nameof(Lines))]
    public Task RequestHandedToStaticHelperOfDerivedClient_DoesNotTrigger(SdkLine line) => DoesNotTriggerAsync("""
        class Uploader
        {
            string Describe()
            {
                var request = new PutObjectRequest { BucketName = "b", Key = "k" };
                return AuditedClient.Describe(request);
            }
        }

        class AuditedClient : AmazonS3Client
        {
            public AuditedClient() : base(Amazon.RegionEndpoint.USEast1) { }

            public static string Describe(PutObjectRequest request) => request.BucketName + "/" + request.Key;
        }
        """, line);

    // Handed a client as its first parameter, the same kind of static method forwards like any static forwarder.
    [Theory]
    [MemberData(nameof(Lines))]
    public Task RequestHandedToStaticForwarderOfDerivedClient_Triggers(SdkLine line) => TriggersAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3)
                => AuditedClient.Send(s3, {|S3SEC001:new PutObjectRequest|} { BucketName = "b", Key = "k" });
        }

        class AuditedClient : AmazonS3Client
        {
            public AuditedClient() : base(Amazon.RegionEndpoint.USEast1) { }

            public static Task Send(IAmazonS3 s3, PutObjectRequest request) => s3.PutObjectAsync(request);
        }
        """, line);
}
