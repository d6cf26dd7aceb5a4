using System.Threading.Tasks;
using S3Sec.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyCS = S3Sec.Analyzers.Tests.Verifiers.Verify<S3Sec.Analyzers.Rules.SensitiveDataAnalyzer>;

namespace S3Sec.Analyzers.Tests.Rules;

public sealed class S3SEC021_SensitiveTagOrKeyTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Security.Cryptography;
        using System.Text;
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;
        using Amazon.S3.Transfer;

        """;

    private const string User = """

        class User
        {
            public string Id { get; set; }
            public string Email { get; set; }
            public string Department { get; set; }
        }
        """;

    private const string KeyMessageEnd = "key names unencrypted and shows them in listings and logs";

    public static TheoryData<SdkLine> Lines => SdkReferences.Lines;

    private static Task VerifyAsync(string source, SdkLine line = SdkLine.V4, string? editorConfig = null)
        => VerifyCS.AnalyzerAsync(Usings + source + User, line, editorConfig);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task TagInTagSetInitializer_Triggers(SdkLine line) => VerifyCS.AnalyzerAsync(
        Usings + """
        class Uploader
        {
            PutObjectRequest Build(User user) => new PutObjectRequest
            {
                BucketName = "b",
                Key = "k",
                TagSet = new List<Tag> { new Tag { Key = "owner", {|#0:Value = user.Email|} } },
            };
        }
        """ + User,
        line,
        editorConfig: null,
        VerifyCS.Diagnostic(Descriptors.S3SEC021_SensitiveTagOrKey)
            .WithLocation(0)
            .WithArguments("Tag 'owner' receives", "user.Email", "object tags unencrypted", ", a sensitive value"));

    [Fact]
    public Task SensitiveTagKeyWithOrdinaryValue_SaysTheKeyIsWhatIsSensitive() => VerifyCS.AnalyzerAsync(
        Usings + """
        class Uploader
        {
            PutObjectRequest Build(string reference) => new PutObjectRequest
            {
                BucketName = "b",
                Key = "k",
                TagSet = new List<Tag> { new Tag { Key = "phone", {|#0:Value = reference|} } },
            };
        }
        """ + User,
        SdkLine.V4,
        editorConfig: null,
        VerifyCS.Diagnostic(Descriptors.S3SEC021_SensitiveTagOrKey)
            .WithLocation(0)
            .WithMessage("Tag 'phone' receives 'reference' under a name for sensitive data; "
                + "S3 stores object tags unencrypted"));

    [Fact]
    public Task TagInTagSetCollectionInitializer_Triggers() => VerifyAsync("""
        class Uploader
        {
            PutObjectRequest Build(User user) => new PutObjectRequest
            {
                TagSet = { new Tag { Key = "owner", {|S3SEC021:Value = user.Email|} } },
            };
        }
        """);

    [Fact]
    public Task RequestLessCopyDestinationKey_Triggers() => VerifyAsync("""
        class Copier
        {
            Task Copy(IAmazonS3 s3, User user)
                => s3.CopyObjectAsync("a", "k", "b", {|S3SEC021:$"archive/{user.Email}"|});
        }
        """);

    [Fact]
    public Task TagAddedToTagSet_Triggers() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, User user)
            {
                request.TagSet = new List<Tag>();
                request.TagSet.Add(new Tag { Key = "owner", {|S3SEC021:Value = user.Email|} });
            }
        }
        """);

    [Fact]
    public Task TagInCollectionExpression_Triggers() => VerifyAsync("""
        class Uploader
        {
            PutObjectRequest Build(User user) => new PutObjectRequest
            {
                BucketName = "b",
                TagSet = [new Tag { Key = "owner", {|S3SEC021:Value = user.Email|} }],
            };
        }
        """);

    [Fact]
    public Task TaggingRequestWithCollectionExpression_Triggers() => VerifyAsync("""
        class Tagger
        {
            PutObjectTaggingRequest Build(User user) => new PutObjectTaggingRequest
            {
                BucketName = "b",
                Key = "k",
                Tagging = new Tagging { TagSet = [new Tag { Key = "owner", {|S3SEC021:Value = user.Email|} }] },
            };
        }
        """);

    [Fact]
    public Task BucketTagInCollectionExpression_DoesNotTrigger() => VerifyAsync("""
        class Tagger
        {
            PutBucketTaggingRequest Build(User user) => new PutBucketTaggingRequest
            {
                BucketName = "b",
                TagSet = [new Tag { Key = "owner", Value = user.Email }],
            };
        }
        """);

    [Fact]
    public Task TagAssignedToTagSetLater_Triggers() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, User user)
                => request.TagSet = new List<Tag> { new Tag { Key = "owner", {|S3SEC021:Value = user.Email|} } };
        }
        """);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task PutObjectTagging_Triggers(SdkLine line) => VerifyAsync("""
        class Tagger
        {
            PutObjectTaggingRequest Build(User user) => new PutObjectTaggingRequest
            {
                BucketName = "b",
                Key = "k",
                Tagging = new Tagging
                {
                    TagSet = new List<Tag> { new Tag { Key = "owner", {|S3SEC021:Value = user.Email|} } },
                },
            };
        }
        """, line);

    [Fact]
    public Task TransferUtilityUploadTag_Triggers() => VerifyAsync("""
        class Uploader
        {
            TransferUtilityUploadRequest Build(User user) => new TransferUtilityUploadRequest
            {
                BucketName = "b",
                Key = "k",
                TagSet = new List<Tag> { new Tag { Key = "owner", {|S3SEC021:Value = user.Email|} } },
            };
        }
        """);

    [Fact]
    public Task SensitiveTagKeyWithValueFromParameter_Triggers() => VerifyAsync("""
        class Uploader
        {
            PutObjectRequest Build(string value) => new PutObjectRequest
            {
                TagSet = new List<Tag> { new Tag { Key = "customer-email", {|S3SEC021:Value = value|} } },
            };
        }
        """);

    // A tag key, like a metadata name, is not the leak itself: a new Guid or the time under "email" holds no email.
    [Fact]
    public Task FreshValueUnderPersonalDataTagKey_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            PutObjectRequest Build() => new PutObjectRequest
            {
                TagSet = new List<Tag>
                {
                    new Tag { Key = "email", Value = Guid.NewGuid().ToString() },
                    new Tag { Key = "dob", Value = DateTime.UtcNow.ToString("d") },
                },
            };
        }
        """);

    [Fact]
    public Task NewGuidUnderSecretTagKey_Triggers() => VerifyAsync("""
        class Uploader
        {
            PutObjectRequest Build() => new PutObjectRequest
            {
                TagSet = new List<Tag> { new Tag { Key = "api-key", {|S3SEC021:Value = Guid.NewGuid().ToString()|} } },
            };
        }
        """);

    [Fact]
    public Task OrdinaryTag_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            PutObjectRequest Build(User user) => new PutObjectRequest
            {
                TagSet = new List<Tag>
                {
                    new Tag { Key = "department", Value = user.Department },
                    new Tag { Key = "user-id", Value = user.Id },
                },
            };
        }
        """);

    [Fact]
    public Task BucketTag_DoesNotTrigger() => VerifyAsync("""
        class Tagger
        {
            PutBucketTaggingRequest Build(User user) => new PutBucketTaggingRequest
            {
                BucketName = "b",
                TagSet = new List<Tag> { new Tag { Key = "owner", Value = user.Email } },
            };
        }
        """);

    [Fact]
    public Task CopyObjectTagWithoutReplaceDirective_DoesNotTrigger() => VerifyAsync("""
        class Copier
        {
            CopyObjectRequest Build(User user) => new CopyObjectRequest
            {
                TagSet = new List<Tag> { new Tag { Key = "owner", Value = user.Email } },
            };
        }
        """);

    [Fact]
    public Task CopyObjectTagWithReplaceDirective_Triggers() => VerifyAsync("""
        class Copier
        {
            CopyObjectRequest Build(User user) => new CopyObjectRequest
            {
                TaggingDirective = TaggingDirective.REPLACE,
                TagSet = new List<Tag> { new Tag { Key = "owner", {|S3SEC021:Value = user.Email|} } },
            };
        }
        """);

    [Fact]
    public Task TagListInLocal_IsNotReported_Limitation() => VerifyAsync("""
        class Uploader
        {
            PutObjectRequest Build(User user)
            {
                var tags = new List<Tag> { new Tag { Key = "owner", Value = user.Email } };
                return new PutObjectRequest { TagSet = tags };
            }
        }
        """);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task InterpolatedKey_Triggers(SdkLine line) => VerifyCS.AnalyzerAsync(
        Usings + """
        class Uploader
        {
            PutObjectRequest Build(User user) => new PutObjectRequest
            {
                BucketName = "b",
                {|#0:Key = $"users/{user.Email}/report.pdf"|},
            };
        }
        """ + User,
        line,
        editorConfig: null,
        VerifyCS.Diagnostic(Descriptors.S3SEC021_SensitiveTagOrKey)
            .WithLocation(0)
            .WithArguments("Object key is built from", "user.Email", KeyMessageEnd, ", a sensitive value"));

    [Fact]
    public Task ConcatenatedKey_Triggers() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, User user)
                => {|S3SEC021:request.Key = "users/" + user.Email + "/a.pdf"|};
        }
        """);

    [Fact]
    public Task FormattedKey_Triggers() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, User user)
                => {|S3SEC021:request.Key = string.Format("users/{0}/{1}", user.Id, user.Email)|};
        }
        """);

    [Fact]
    public Task PathCombinedKey_Triggers() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, User user)
                => {|S3SEC021:request.Key = Path.Combine("users", user.Email, "a.pdf")|};
        }
        """);

    [Fact]
    public Task KeyFromLocal_Triggers() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, User user)
            {
                var folder = user.Email.ToLowerInvariant();
                {|S3SEC021:request.Key = folder + "/a.pdf"|};
            }
        }
        """);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task CopyObjectDestinationKey_Triggers(SdkLine line) => VerifyAsync("""
        class Copier
        {
            CopyObjectRequest Build(User user) => new CopyObjectRequest
            {
                SourceKey = "k",
                {|S3SEC021:DestinationKey = $"archive/{user.Email}"|},
            };
        }
        """, line);

    [Fact]
    public Task CopyObjectSourceKey_DoesNotTrigger() => VerifyAsync("""
        class Copier
        {
            CopyObjectRequest Build(User user) => new CopyObjectRequest { SourceKey = $"inbox/{user.Email}" };
        }
        """);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task TransferUtilityUploadKey_Triggers(SdkLine line) => VerifyAsync("""
        class Uploader
        {
            TransferUtilityUploadRequest Build(User user) => new TransferUtilityUploadRequest
            {
                {|S3SEC021:Key = $"users/{user.Email}"|},
            };
        }
        """, line);

    [Fact]
    public Task TransferUtilityUploadDirectoryKeyPrefix_Triggers() => VerifyAsync("""
        class Uploader
        {
            TransferUtilityUploadDirectoryRequest Build(User user) => new TransferUtilityUploadDirectoryRequest
            {
                {|S3SEC021:KeyPrefix = $"users/{user.Email}"|},
            };
        }
        """);

    [Fact]
    public Task InitiateMultipartUploadKey_Triggers() => VerifyAsync("""
        class Uploader
        {
            InitiateMultipartUploadRequest Build(User user) => new InitiateMultipartUploadRequest
            {
                {|S3SEC021:Key = $"users/{user.Email}"|},
            };
        }
        """);

    [Fact]
    public Task PresignedPutKey_Triggers() => VerifyAsync("""
        class Signer
        {
            GetPreSignedUrlRequest Build(User user) => new GetPreSignedUrlRequest
            {
                Verb = HttpVerb.PUT,
                {|S3SEC021:Key = $"users/{user.Email}"|},
            };
        }
        """);

    [Fact]
    public Task PresignedGetKey_DoesNotTrigger() => VerifyAsync("""
        class Signer
        {
            GetPreSignedUrlRequest Build(User user) => new GetPreSignedUrlRequest { Key = $"users/{user.Email}" };
        }
        """);

    [Fact]
    public Task ReadRequestKey_DoesNotTrigger() => VerifyAsync("""
        class Reader
        {
            GetObjectRequest Build(User user) => new GetObjectRequest { Key = $"users/{user.Email}" };
        }
        """);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task RequestLessUploadKey_Triggers(SdkLine line) => VerifyAsync("""
        class Uploader
        {
            Task Upload(ITransferUtility transfer, Stream body, User user)
                => transfer.UploadAsync(body, "b", {|S3SEC021:$"users/{user.Email}.pdf"|});
        }
        """, line);

    // The user's own upload on a type derived from the SDK's may hash or encrypt the key: not the SDK's key.
    [Theory]
    [MemberData(nameof(Lines))]
    public Task KeyOfOwnUploadOnDerivedTransferUtility_DoesNotTrigger(SdkLine line) => VerifyAsync("""
        class Uploader
        {
            Task Upload(HashingTransfer transfer, Stream body, User user)
                => transfer.UploadAsync(body, "b", $"users/{user.Email}.pdf");
        }

        class HashingTransfer : TransferUtility
        {
            public HashingTransfer(IAmazonS3 s3) : base(s3) { }

            public new Task UploadAsync(Stream stream, string bucketName, string key)
                => base.UploadAsync(stream, bucketName, Hash(key));

            private static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        }
        """, line);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task KeyOfInheritedUploadOnDerivedTransferUtility_Triggers(SdkLine line) => VerifyAsync("""
        class Uploader
        {
            Task Upload(PlainTransfer transfer, Stream body, User user)
                => transfer.UploadAsync(body, "b", {|S3SEC021:$"users/{user.Email}.pdf"|});
        }

        class PlainTransfer : TransferUtility
        {
            public PlainTransfer(IAmazonS3 s3) : base(s3) { }
        }
        """, line);

    // The call's overload is unresolved (the bucket comes from a type the compilation lacks): S3SEC001 reports the
    // write, but the key is not read for personal data (S3SEC001 Limitations).
    [Fact]
    public Task RequestLessUploadKeyInUnresolvedCall_DoesNotTrigger() => VerifyCS.AnalyzerOnBrokenCodeAsync(
        Usings + """
        class Uploader
        {
            Task Upload(ITransferUtility transfer, Stream body, User user)
                => transfer.UploadAsync(body, Buckets.Main(), $"users/{user.Email}.pdf");
        }
        """ + User);

    [Fact]
    public Task KeyFromUserId_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, User user, string orderId)
                => request.Key = $"users/{user.Id}/orders/{orderId}.pdf";
        }
        """);

    [Fact]
    public Task KeyFromHashedEmail_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, User user)
                => request.Key = $"users/{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(user.Email)))}";
        }
        """);

    [Fact]
    public Task KeyThroughUnknownMethod_IsNotReported_Limitation() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, User user) => request.Key = $"users/{Slug(user.Email)}";

            static string Slug(string text) => text;
        }
        """);

    [Fact]
    public Task ConstantKey_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request) => request.Key = "reports/email-digest.pdf";
        }
        """);

    [Fact]
    public Task KeyFromConfiguredSensitiveName_Triggers() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, string badgeNumber)
                => {|S3SEC021:request.Key = $"badges/{badgeNumber}"|};
        }
        """, editorConfig: "s3sec.sensitive_names = badge_number");
}
