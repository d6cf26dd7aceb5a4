using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using S3Sec.Crypto.Guard;
using S3Sec.Crypto.Metadata;
using S3Sec.Crypto.Tests.TestSupport;
using Xunit;

namespace S3Sec.Crypto.Tests.Guard;

public class S3RuntimeGuardTests
{
    private static readonly Uri Https = new("https://bucket.s3.us-east-1.amazonaws.com/key");
    private static readonly Uri Http = new("http://127.0.0.1:9000/bucket/key");

    [Fact]
    public void Put_WithoutEncryptionInRejectMode_Throws()
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions());

        var error = Assert.Throws<S3PolicyViolationException>(
            () => guard.Inspect(new PutObjectRequest(), Headers(), Https));

        Assert.Equal(PolicyViolation.MissingEncryption, error.Violation);
        Assert.Equal("PutObject", error.Operation);
    }

    [Fact]
    public void InitiateMultipart_WithoutEncryption_Throws()
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions());

        Assert.Throws<S3PolicyViolationException>(
            () => guard.Inspect(new InitiateMultipartUploadRequest(), Headers(), Https));
    }

    [Fact]
    public void Copy_WithoutEncryption_Throws()
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions());

        Assert.Throws<S3PolicyViolationException>(() => guard.Inspect(new CopyObjectRequest(), Headers(), Https));
    }

    [Fact]
    public void Get_WithoutEncryption_IsAllowed()
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions { RequiredEncryption = RequiredEncryption.DsseKms });

        guard.Inspect(new GetObjectRequest(), Headers(), Https);
    }

    [Theory]
    [InlineData(RequiredEncryption.SseS3, "AES256")]
    [InlineData(RequiredEncryption.SseKms, "aws:kms")]
    [InlineData(RequiredEncryption.DsseKms, "aws:kms:dsse")]
    public void Put_WithoutEncryptionInCompleteMode_AddsPolicyHeader(RequiredEncryption policy, string expected)
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions { RequiredEncryption = policy,
            Mode = GuardMode.Complete });
        IDictionary<string, string> headers = Headers();

        guard.Inspect(new PutObjectRequest(), headers, Https);

        Assert.Equal(expected, headers["x-amz-server-side-encryption"]);
    }

    [Fact]
    public void Put_WithoutEncryptionInCompleteModeUnderCmk_AddsKeyId()
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions
        {
            RequiredEncryption = RequiredEncryption.SseKmsCmk,
            Mode = GuardMode.Complete,
            KmsKeyId = "alias/app",
        });
        IDictionary<string, string> headers = Headers();

        guard.Inspect(new PutObjectRequest(), headers, Https);

        Assert.Equal("aws:kms", headers["x-amz-server-side-encryption"]);
        Assert.Equal("alias/app", headers["x-amz-server-side-encryption-aws-kms-key-id"]);
    }

    /// <summary>
    /// A put that names a KMS key (ServerSideEncryptionKeyManagementServiceKeyId) but no method: Complete mode
    /// replaced the caller's key id with KmsKeyId, so the object was encrypted under a key the caller did not
    /// choose; under sse-s3 it filled in AES256 next to the key id, a request S3 refuses.
    /// </summary>
    [Theory]
    [InlineData(RequiredEncryption.SseS3, "aws:kms")]
    [InlineData(RequiredEncryption.SseKms, "aws:kms")]
    [InlineData(RequiredEncryption.SseKmsCmk, "aws:kms")]
    [InlineData(RequiredEncryption.DsseKms, "aws:kms:dsse")]
    public void Put_KeyIdWithoutMethodInCompleteMode_KeepsTheCallersKey(RequiredEncryption policy, string expected)
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions
        {
            RequiredEncryption = policy,
            Mode = GuardMode.Complete,
            KmsKeyId = "alias/app",
        });
        IDictionary<string, string> headers = Headers(("x-amz-server-side-encryption-aws-kms-key-id", "alias/mine"));

        guard.Inspect(new PutObjectRequest(), headers, Https);

        Assert.Equal(expected, headers["x-amz-server-side-encryption"]);
        Assert.Equal("alias/mine", headers["x-amz-server-side-encryption-aws-kms-key-id"]);
    }

    [Fact]
    public void Options_UndefinedMode_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => new S3RuntimeGuard(new S3RuntimeGuardOptions { Mode = (GuardMode)7 }));

        Assert.Equal("Mode", error.ParamName);
    }

    [Fact]
    public void Options_UndefinedRequiredEncryption_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => new S3RuntimeGuard(new S3RuntimeGuardOptions { RequiredEncryption = (RequiredEncryption)9 }));

        Assert.Equal("RequiredEncryption", error.ParamName);
    }

    [Fact]
    public void Options_CompleteModeUnderCmkWithoutKeyId_Throws()
    {
        Assert.Throws<ArgumentException>(() => new S3RuntimeGuard(new S3RuntimeGuardOptions
        {
            RequiredEncryption = RequiredEncryption.SseKmsCmk,
            Mode = GuardMode.Complete,
        }));
    }

    [Theory]
    [InlineData(RequiredEncryption.SseKms, "AES256", null)]
    [InlineData(RequiredEncryption.SseKmsCmk, "aws:kms", null)]
    [InlineData(RequiredEncryption.DsseKms, "aws:kms", "alias/app")]
    public void Put_WeakerEncryptionInCompleteMode_StillThrows(RequiredEncryption policy, string sse, string? keyId)
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions { RequiredEncryption = policy,
            Mode = GuardMode.Complete, KmsKeyId = "alias/x" });
        IDictionary<string, string> headers = Headers(("x-amz-server-side-encryption", sse));
        if (keyId != null)
        {
            headers["x-amz-server-side-encryption-aws-kms-key-id"] = keyId;
        }

        var error = Assert.Throws<S3PolicyViolationException>(() => guard.Inspect(new PutObjectRequest(), headers,
            Https));

        Assert.Equal(PolicyViolation.WeakerEncryption, error.Violation);
    }

    [Theory]
    [InlineData("aws:kms", "alias/aws/s3")]
    [InlineData("aws:kms:dsse", "alias/aws/s3")]
    [InlineData("aws:kms", "arn:aws:kms:us-east-1:111122223333:alias/aws/s3")]
    [InlineData("aws:kms", "arn:aws-cn:kms:cn-north-1:111122223333:alias/aws/s3")]
    [InlineData("aws:kms", "arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/aws/s3")]
    [InlineData("aws:kms", "arn:aws:kms:us-east-1:111122223333:alias/aws/ebs")]
    public void Put_AwsManagedKeyUnderCmk_Throws(string sse, string keyId)
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions { RequiredEncryption = RequiredEncryption.SseKmsCmk });
        IDictionary<string, string> headers = Headers(("x-amz-server-side-encryption", sse),
            ("x-amz-server-side-encryption-aws-kms-key-id", keyId));

        var error = Assert.Throws<S3PolicyViolationException>(() => guard.Inspect(new PutObjectRequest(), headers,
            Https));

        Assert.Equal(PolicyViolation.WeakerEncryption, error.Violation);
        Assert.Contains("AWS managed key", error.Message);
    }

    [Fact]
    public void Put_AwsManagedKeyWithoutMethodInCompleteModeUnderCmk_Throws()
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions
        {
            RequiredEncryption = RequiredEncryption.SseKmsCmk,
            Mode = GuardMode.Complete,
            KmsKeyId = "alias/app",
        });
        IDictionary<string, string> headers = Headers(("x-amz-server-side-encryption-aws-kms-key-id", "alias/aws/s3"));

        var error = Assert.Throws<S3PolicyViolationException>(() => guard.Inspect(new PutObjectRequest(), headers,
            Https));

        Assert.Equal(PolicyViolation.WeakerEncryption, error.Violation);
    }

    [Fact]
    public void Options_CompleteModeUnderCmkWithAwsManagedKey_Throws()
    {
        Assert.Throws<ArgumentException>(() => new S3RuntimeGuard(new S3RuntimeGuardOptions
        {
            RequiredEncryption = RequiredEncryption.SseKmsCmk,
            Mode = GuardMode.Complete,
            KmsKeyId = "alias/aws/s3",
        }));
    }

    [Fact]
    public void Put_AwsManagedKeyKmsKeyIdSetAfterConstructionUnderCmk_Throws()
    {
        var options = new S3RuntimeGuardOptions
        {
            RequiredEncryption = RequiredEncryption.SseKmsCmk,
            Mode = GuardMode.Complete,
            KmsKeyId = "alias/app",
        };
        var guard = new S3RuntimeGuard(options);
        options.KmsKeyId = "alias/aws/s3";

        Assert.Throws<S3PolicyViolationException>(() => guard.Inspect(new PutObjectRequest(), Headers(), Https));
    }

    [Fact]
    public void Put_KmsKeyIdClearedAfterConstructionInCompleteModeUnderCmk_Throws()
    {
        var options = new S3RuntimeGuardOptions
        {
            RequiredEncryption = RequiredEncryption.SseKmsCmk,
            Mode = GuardMode.Complete,
            KmsKeyId = "alias/app",
        };
        var guard = new S3RuntimeGuard(options);
        options.KmsKeyId = null;

        var error = Assert.Throws<S3PolicyViolationException>(
            () => guard.Inspect(new PutObjectRequest(), Headers(), Https));

        Assert.Equal(PolicyViolation.WeakerEncryption, error.Violation);
    }

    [Theory]
    [InlineData(RequiredEncryption.SseKmsCmk, "alias/aws-s3")]
    [InlineData(RequiredEncryption.SseKmsCmk, "alias/team/aws/s3")]
    [InlineData(RequiredEncryption.SseKmsCmk, "arn:aws:kms:us-east-1:111122223333:alias/awsome")]
    [InlineData(RequiredEncryption.SseKmsCmk, "alias/aws-foo")]
    [InlineData(RequiredEncryption.SseKmsCmk, "alias/awsome")]
    [InlineData(RequiredEncryption.SseKmsCmk, "alias/app-data")]
    [InlineData(RequiredEncryption.SseKmsCmk, "arn:aws-cn:kms:cn-north-1:111122223333:alias/app-data")]
    [InlineData(RequiredEncryption.SseKmsCmk, "1234abcd-12ab-34cd-56ef-1234567890ab")]
    [InlineData(RequiredEncryption.SseKmsCmk,
        "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")]
    [InlineData(RequiredEncryption.SseKms, "alias/aws/s3")]
    [InlineData(RequiredEncryption.SseS3, "alias/aws/s3")]
    public void Put_KeyThatIsNotAwsManagedOrPolicyWithoutCmk_IsAllowed(RequiredEncryption policy, string keyId)
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions { RequiredEncryption = policy });
        IDictionary<string, string> headers = Headers(("x-amz-server-side-encryption", "aws:kms"),
            ("x-amz-server-side-encryption-aws-kms-key-id", keyId));

        guard.Inspect(new PutObjectRequest(), headers, Https);
    }

    [Theory]
    [InlineData(RequiredEncryption.SseS3, "AES256", null)]
    [InlineData(RequiredEncryption.SseS3, "aws:kms", null)]
    [InlineData(RequiredEncryption.SseKms, "aws:kms", null)]
    [InlineData(RequiredEncryption.SseKms, "aws:kms:dsse", null)]
    [InlineData(RequiredEncryption.SseKmsCmk, "aws:kms", "alias/app")]
    [InlineData(RequiredEncryption.DsseKms, "aws:kms:dsse", null)]
    public void Put_EncryptionMeetingPolicy_IsAllowed(RequiredEncryption policy, string sse, string? keyId)
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions { RequiredEncryption = policy });
        IDictionary<string, string> headers = Headers(("x-amz-server-side-encryption", sse));
        if (keyId != null)
        {
            headers["x-amz-server-side-encryption-aws-kms-key-id"] = keyId;
        }

        guard.Inspect(new PutObjectRequest(), headers, Https);
    }

    [Fact]
    public void Put_SseCOverHttps_SatisfiesSseS3()
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions());

        guard.Inspect(new PutObjectRequest(), SseCHeaders(), Https);
    }

    [Fact]
    public void Put_SseCOverHttp_ThrowsWithoutKey()
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions());
        byte[] key = RandomNumberGenerator.GetBytes(32);
        IDictionary<string, string> headers = SseCHeaders(key);

        var error = Assert.Throws<S3PolicyViolationException>(() => guard.Inspect(new PutObjectRequest(), headers,
            Http));

        Assert.Equal(PolicyViolation.SseCOverHttp, error.Violation);
        Secrets.AssertNotLeaked(error, key);
    }

    [Fact]
    public void Get_SseCOverHttp_Throws()
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions());

        Assert.Throws<S3PolicyViolationException>(() => guard.Inspect(new GetObjectRequest(), SseCHeaders(), Http));
    }

    [Fact]
    public void Copy_SseCSourceKeyOverHttp_Throws()
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions());
        IDictionary<string, string> headers = Headers(
            ("x-amz-server-side-encryption", "AES256"),
            ("x-amz-copy-source-server-side-encryption-customer-key", "a2V5"));

        Assert.Throws<S3PolicyViolationException>(() => guard.Inspect(new CopyObjectRequest(), headers, Http));
    }

    [Fact]
    public void Put_SseCWhenForbidden_Throws()
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions { AllowSseC = false });

        var error = Assert.Throws<S3PolicyViolationException>(() => guard.Inspect(new PutObjectRequest(),
            SseCHeaders(), Https));

        Assert.Equal(PolicyViolation.SseCForbidden, error.Violation);
    }

    [Theory]
    [InlineData("x-amz-meta-password")]
    [InlineData("x-amz-meta-user_email")]
    [InlineData("x-amz-meta-api-key")]
    [InlineData("x-amz-meta-SSN")]
    public void Put_SensitiveMetadataHeader_ThrowsWithNameNotValue(string header)
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions());
        IDictionary<string, string> headers = Headers(("x-amz-server-side-encryption", "AES256"), (header,
            "hunter2-value"));

        var error = Assert.Throws<S3PolicyViolationException>(() => guard.Inspect(new PutObjectRequest(), headers,
            Https));

        Assert.Equal(PolicyViolation.SensitiveMetadata, error.Violation);
        Assert.Contains(header["x-amz-meta-".Length..], error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Fact]
    public void Put_CamelCaseSensitiveNameInRequestMetadata_Throws()
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions());
        var request = new PutObjectRequest();
        request.Metadata.Add("userEmail", "a@example.com");

        Assert.Throws<S3PolicyViolationException>(
            () => guard.Inspect(request, Headers(("x-amz-server-side-encryption", "AES256")), Https));
    }

    [Fact]
    public void Put_SensitiveNameWithProtectedValue_IsAllowed()
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions());
        using var protector = new ProtectedMetadata(RandomNumberGenerator.GetBytes(32));
        IDictionary<string, string> headers = Headers(
            ("x-amz-server-side-encryption", "AES256"), ("x-amz-meta-email", protector.Protect("email",
                "a@example.com")));

        guard.Inspect(new PutObjectRequest(), headers, Https);
    }

    [Fact]
    public void Put_EnvelopeMetadata_IsNotSensitive()
    {
        var options = new S3RuntimeGuardOptions();
        options.SensitiveMetadataNames.Add("key");
        var guard = new S3RuntimeGuard(options);
        IDictionary<string, string> headers = Headers(
            ("x-amz-server-side-encryption", "AES256"), ("x-amz-meta-x-amz-key-v2", "AAAA"), ("x-amz-meta-x-amz-3",
                "AAAA"));

        guard.Inspect(new PutObjectRequest(), headers, Https);
    }

    [Fact]
    public void Put_SensitiveWordAfterTheThirtySecondWordOfAMetadataName_Throws()
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions());
        string name = "x-amz-meta-" + string.Concat(Enumerable.Repeat("a-", 40)) + "password";

        var error = Assert.Throws<S3PolicyViolationException>(() => guard.Inspect(
            new PutObjectRequest(), Headers(("x-amz-server-side-encryption", "AES256"), (name, "hunter2")), Https));

        Assert.Equal(PolicyViolation.SensitiveMetadata, error.Violation);
    }

    [Fact]
    public void Put_AddedSensitiveName_Throws()
    {
        var options = new S3RuntimeGuardOptions();
        options.SensitiveMetadataNames.Add("salary");
        var guard = new S3RuntimeGuard(options);

        Assert.Throws<S3PolicyViolationException>(() => guard.Inspect(
            new PutObjectRequest(), Headers(("x-amz-server-side-encryption", "AES256"), ("x-amz-meta-base-salary",
                "1")), Https));
    }

    [Fact]
    public void Put_RemovedSensitiveName_IsAllowed()
    {
        var options = new S3RuntimeGuardOptions();
        options.SensitiveMetadataNames.Remove("token");
        var guard = new S3RuntimeGuard(options);

        guard.Inspect(
            new PutObjectRequest(), Headers(("x-amz-server-side-encryption", "AES256"), ("x-amz-meta-token", "1")),
                Https);
    }

    [Theory]
    [InlineData("x-amz-meta-password-policy")]
    [InlineData("x-amz-meta-email-verified")]
    [InlineData("x-amz-meta-continuation-token")]
    [InlineData("x-amz-meta-api-key-id")]
    public void Put_QualifiedSensitiveWordInMetadataHeader_IsAllowed(string header)
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions());
        IDictionary<string, string> headers = Headers(("x-amz-server-side-encryption", "AES256"), (header, "x"));

        guard.Inspect(new PutObjectRequest(), headers, Https);
    }

    [Fact]
    public void Put_PluralSensitiveNameInRequestMetadata_Throws()
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions());
        var request = new PutObjectRequest();
        request.Metadata.Add("ccEmails", "a@example.com,b@example.com");

        var error = Assert.Throws<S3PolicyViolationException>(
            () => guard.Inspect(request, Headers(("x-amz-server-side-encryption", "AES256")), Https));

        Assert.Equal(PolicyViolation.SensitiveMetadata, error.Violation);
    }

    [Theory]
    [InlineData("customerEmail=a%40example.com")]
    [InlineData("team=blue&db_password=hunter2-value")]
    [InlineData("e-mail=x")]
    [InlineData("api%20key=x")]
    public void Put_SensitiveTagKeyInTaggingHeader_ThrowsWithKeyNotValue(string tagging)
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions());
        IDictionary<string, string> headers = Headers(("x-amz-server-side-encryption", "AES256"),
            ("x-amz-tagging", tagging));

        var error = Assert.Throws<S3PolicyViolationException>(() => guard.Inspect(new PutObjectRequest(), headers,
            Https));

        Assert.Equal(PolicyViolation.SensitiveTag, error.Violation);
        Assert.DoesNotContain("hunter2", error.Message);
        Assert.DoesNotContain("example.com", error.Message);
    }

    [Theory]
    [InlineData("team=blue&project=apollo")]
    [InlineData("tokenizer-version=2")]
    [InlineData("pass_word=x")]
    [InlineData("password-policy=strict&ip-address=10.0.0.1")]
    [InlineData("")]
    [InlineData("&=x&team")]
    [InlineData("note=%ZZ%")]
    public void Put_OrdinaryTagKeys_AreAllowed(string tagging)
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions());
        IDictionary<string, string> headers = Headers(("x-amz-server-side-encryption", "AES256"),
            ("x-amz-tagging", tagging));

        guard.Inspect(new PutObjectRequest(), headers, Https);
    }

    [Fact]
    public void Put_SensitiveTagKeyWithProtectedValue_IsAllowed()
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions());
        using var protector = new ProtectedMetadata(RandomNumberGenerator.GetBytes(32));
        IDictionary<string, string> headers = Headers(("x-amz-server-side-encryption", "AES256"),
            ("x-amz-tagging", "email=" + Uri.EscapeDataString(protector.Protect("email", "a@example.com"))));

        guard.Inspect(new PutObjectRequest(), headers, Https);
    }

    [Fact]
    public void PutObjectTagging_SensitiveTagKey_Throws()
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions());
        var request = new PutObjectTaggingRequest
        {
            Tagging = new Tagging { TagSet = new List<Tag> { new() { Key = "ownerEmail", Value = "a@example.com" } } },
        };

        var error = Assert.Throws<S3PolicyViolationException>(() => guard.Inspect(request, Headers(), Https));

        Assert.Equal(PolicyViolation.SensitiveTag, error.Violation);
        Assert.Contains("ownerEmail", error.Message);
    }

    [Fact]
    public void Copy_SensitiveTagKeyWithReplaceDirective_Throws()
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions());
        var request = new CopyObjectRequest
        {
            TaggingDirective = TaggingDirective.REPLACE,
            TagSet = new List<Tag> { new() { Key = "ssn", Value = "1" } },
        };

        Assert.Throws<S3PolicyViolationException>(
            () => guard.Inspect(request, Headers(("x-amz-server-side-encryption", "AES256")), Https));
    }

    [Fact]
    public void Copy_SensitiveTagKeyWithCopyDirective_IsAllowed()
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions());
        var request = new CopyObjectRequest
        {
            TaggingDirective = TaggingDirective.COPY,
            TagSet = new List<Tag> { new() { Key = "ssn", Value = "1" } },
        };

        guard.Inspect(request, Headers(("x-amz-server-side-encryption", "AES256")), Https);
    }

    [Theory]
    [InlineData("sse-s3", RequiredEncryption.SseS3)]
    [InlineData("SSE-KMS", RequiredEncryption.SseKms)]
    [InlineData("sse-kms-cmk", RequiredEncryption.SseKmsCmk)]
    [InlineData(" dsse-kms ", RequiredEncryption.DsseKms)]
    public void ParseRequiredEncryption_KnownName_Parses(string text, RequiredEncryption expected)
    {
        Assert.Equal(expected, S3RuntimeGuardOptions.ParseRequiredEncryption(text));
    }

    [Fact]
    public void ParseRequiredEncryption_UnknownName_Throws()
    {
        Assert.Throws<ArgumentException>(() => S3RuntimeGuardOptions.ParseRequiredEncryption("client-side"));
    }

    [Fact]
    public void ParseRequiredEncryption_Typo_NamesTheValueAndTheChoices()
    {
        var ex = Assert.Throws<ArgumentException>(() => S3RuntimeGuardOptions.ParseRequiredEncryption("sse-kms-cm"));

        Assert.StartsWith(
            "Unknown required encryption 'sse-kms-cm'; expected sse-s3, sse-kms, sse-kms-cmk or dsse-kms.", ex.Message);
    }

    [Theory]
    [InlineData("client-side")]
    [InlineData("Bucket-Default")]
    public void ParseRequiredEncryption_AnalyzerOnlyPolicy_SaysTheGuardDoesNotEnforceIt(string value)
    {
        // Both are valid s3sec.required_encryption values, so a team passing its .editorconfig value here needs to
        // learn why it is refused, not only what would be accepted.
        var ex = Assert.Throws<ArgumentException>(() => S3RuntimeGuardOptions.ParseRequiredEncryption(value));

        Assert.StartsWith(
            $"'{value}' is an analyzer policy with no server-side encryption for the guard to require; expected "
            + "sse-s3, sse-kms, sse-kms-cmk or dsse-kms.",
            ex.Message);
    }

    private static IDictionary<string, string> Headers(params (string Name, string Value)[] headers)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = "text/plain" };
        foreach ((string name, string value) in headers)
        {
            map[name] = value;
        }

        return map;
    }

    private static IDictionary<string, string> SseCHeaders(byte[]? key = null)
    {
        key ??= RandomNumberGenerator.GetBytes(32);
        return Headers(
            ("x-amz-server-side-encryption-customer-algorithm", "AES256"),
            ("x-amz-server-side-encryption-customer-key", Convert.ToBase64String(key)),
            ("x-amz-server-side-encryption-customer-key-MD5", Convert.ToBase64String(MD5.HashData(key))));
    }
}
