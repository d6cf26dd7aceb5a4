using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using S3Sec.Crypto.Envelope;
using Xunit;

namespace S3Sec.Crypto.Tests.Robustness;

/// <summary>
/// Every envelope field altered or removed, wherever the layout keeps it (object metadata or instruction file).
/// A mutation is <c>flip:N</c> (bit 0 of decoded byte N), <c>remove</c>, or <c>set:VALUE</c>.
/// </summary>
public class EnvelopeFieldTamperingTests
{
    private static readonly (string Field, string Mutation, Type Expected)[] V2Refusals =
    {
        ("x-amz-key-v2", "flip:0", typeof(KeyUnwrapException)),
        ("x-amz-key-v2", "flip:20", typeof(KeyUnwrapException)),
        ("x-amz-key-v2", "flip:59", typeof(KeyUnwrapException)),
        ("x-amz-key-v2", "set:not base64!", typeof(EncryptionMetadataException)),
        ("x-amz-key-v2", "remove", typeof(EncryptionMetadataException)),
        ("x-amz-iv", "flip:0", typeof(ObjectAuthenticationException)),
        ("x-amz-iv", "flip:11", typeof(ObjectAuthenticationException)),
        ("x-amz-iv", "set:AAAAAAAAAAA=", typeof(EncryptionMetadataException)),
        ("x-amz-iv", "remove", typeof(EncryptionMetadataException)),
        ("x-amz-cek-alg", "set:AES/CBC/PKCS5Padding", typeof(UnsupportedEncryptionAlgorithmException)),
        ("x-amz-cek-alg", "set:115", typeof(UnsupportedEncryptionAlgorithmException)),
        ("x-amz-cek-alg", "remove", typeof(EncryptionMetadataException)),
        ("x-amz-wrap-alg", "set:RSA-OAEP-SHA1", typeof(KeyUnwrapException)),
        ("x-amz-wrap-alg", "set:kms+context", typeof(KeyUnwrapException)),
        ("x-amz-wrap-alg", "set:AESWrap", typeof(UnsupportedEncryptionAlgorithmException)),
        ("x-amz-wrap-alg", "remove", typeof(EncryptionMetadataException)),
        ("x-amz-tag-len", "set:96", typeof(UnsupportedEncryptionAlgorithmException)),
        ("x-amz-tag-len", "set:", typeof(UnsupportedEncryptionAlgorithmException)),
        ("x-amz-matdesc", "set:not json", typeof(EncryptionMetadataException)),
        ("x-amz-matdesc", "set:[\"a\"]", typeof(EncryptionMetadataException)),
        ("x-amz-matdesc", "set:{\"a\":1}", typeof(EncryptionMetadataException)),
        ("x-amz-matdesc", "set:{\"a\":\"1\",\"a\":\"2\"}", typeof(EncryptionMetadataException)),
        ("x-amz-unencrypted-content-length", "set:999", typeof(ObjectAuthenticationException)),
        ("x-amz-unencrypted-content-length", "set:1001", typeof(ObjectAuthenticationException)),
        ("x-amz-unencrypted-content-length", "set:0", typeof(ObjectAuthenticationException)),
        ("x-amz-unencrypted-content-length", "set:-1000", typeof(EncryptionMetadataException)),
        ("x-amz-unencrypted-content-length", "set:99999999999999999999", typeof(EncryptionMetadataException)),
        ("x-amz-unencrypted-content-length", "set:abc", typeof(EncryptionMetadataException)),
    };

    private static readonly (string Field, string Mutation, Type Expected)[] V3Refusals =
    {
        ("x-amz-3", "flip:0", typeof(KeyUnwrapException)),
        ("x-amz-3", "flip:20", typeof(KeyUnwrapException)),
        ("x-amz-3", "flip:59", typeof(KeyUnwrapException)),
        ("x-amz-3", "set:not base64!", typeof(EncryptionMetadataException)),
        ("x-amz-3", "remove", typeof(EncryptionMetadataException)),
        ("x-amz-c", "set:114", typeof(UnsupportedEncryptionAlgorithmException)),
        ("x-amz-c", "set:AES/GCM/NoPadding", typeof(UnsupportedEncryptionAlgorithmException)),
        ("x-amz-c", "remove", typeof(EncryptionMetadataException)),
        ("x-amz-w", "set:22", typeof(KeyUnwrapException)),
        ("x-amz-w", "set:12", typeof(KeyUnwrapException)),
        ("x-amz-w", "set:99", typeof(UnsupportedEncryptionAlgorithmException)),
        ("x-amz-w", "remove", typeof(EncryptionMetadataException)),
        ("x-amz-d", "flip:0", typeof(KeyCommitmentException)),
        ("x-amz-d", "flip:27", typeof(KeyCommitmentException)),
        ("x-amz-d", "set:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", typeof(EncryptionMetadataException)),
        ("x-amz-d", "remove", typeof(EncryptionMetadataException)),
        ("x-amz-i", "flip:0", typeof(KeyCommitmentException)),
        ("x-amz-i", "flip:27", typeof(KeyCommitmentException)),
        ("x-amz-i", "set:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", typeof(EncryptionMetadataException)),
        ("x-amz-i", "remove", typeof(EncryptionMetadataException)),
        ("x-amz-m", "set:not json", typeof(EncryptionMetadataException)),
        ("x-amz-m", "set:{\"a\":1}", typeof(EncryptionMetadataException)),
        ("x-amz-m", "set:{\"a\":\"1\",\"a\":\"2\"}", typeof(EncryptionMetadataException)),
    };

    /// <summary>
    /// Fields the formats do not authenticate, because they change nothing the reader relies on: the tag is
    /// always 128 bits, GCM authenticates the length itself, and an AES/GCM wrap binds only the content cipher
    /// (as in the AWS client). Changing them must leave the verified plaintext exactly as written.
    /// </summary>
    private static readonly (bool V2, string Field, string Mutation)[] Harmless =
    {
        (true, "x-amz-tag-len", "remove"),
        (true, "x-amz-unencrypted-content-length", "remove"),
        (true, "x-amz-matdesc", "set:{\"note\":\"changed\"}"),
        (true, "x-amz-matdesc", "remove"),
        (false, "x-amz-m", "set:{\"note\":\"changed\"}"),
        (false, "x-amz-m", "remove"),
    };

    public static IEnumerable<object[]> Refusals() =>
        from layout in Enum.GetValues<Layout>()
        from row in IsV2(layout) ? V2Refusals : V3Refusals
        select new object[] { layout, row.Field, row.Mutation, row.Expected };

    public static IEnumerable<object[]> HarmlessChanges() =>
        from layout in Enum.GetValues<Layout>()
        from row in Harmless
        where row.V2 == IsV2(layout)
        select new object[] { layout, row.Field, row.Mutation };

    public static IEnumerable<object[]> InstructionLayouts() =>
        new[] { Layout.V2InstructionFile, Layout.V3InstructionFile }.Select(l => new object[] { l });

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task FieldChanged_IsRefusedWithItsExceptionTypeAndReleasesNothing(
        Layout layout, string field, string mutation, Type expected)
    {
        using EnvelopeTarget target = await EnvelopeTarget.WriteAsync(layout);
        Assert.NotNull(target.GetField(field));
        target.SetField(field, Mutate(target.GetField(field)!, mutation));

        Refusal.Assert(await target.ReadAsync(throughFile: false), expected, target);
    }

    [Theory]
    [MemberData(nameof(HarmlessChanges))]
    public async Task UnauthenticatedFieldChanged_StillReleasesOnlyTheOriginalPlaintext(
        Layout layout, string field, string mutation)
    {
        using EnvelopeTarget target = await EnvelopeTarget.WriteAsync(layout);
        Assert.NotNull(target.GetField(field));
        target.SetField(field, Mutate(target.GetField(field)!, mutation));

        ReadOutcome outcome = await target.ReadAsync(throughFile: false);

        Assert.Null(outcome.Error);
        Assert.Equal(target.Plaintext, outcome.Plaintext);
    }

    /// <summary>A V3 object relabelled as V2 would drop key commitment; the wrapped key is bound to "115".</summary>
    [Fact]
    public async Task V3ObjectRelabelledAsV2_IsRefusedAsKeyUnwrap()
    {
        using EnvelopeTarget target = await EnvelopeTarget.WriteAsync(Layout.V3Metadata);
        string wrapped = target.GetField("x-amz-3")!;
        foreach (string field in new[] { "x-amz-3", "x-amz-c", "x-amz-w", "x-amz-d", "x-amz-i", "x-amz-m" })
        {
            target.SetField(field, null);
        }

        target.SetField("x-amz-key-v2", wrapped);
        target.SetField("x-amz-cek-alg", EnvelopeKeys.CipherAesGcm);
        target.SetField("x-amz-wrap-alg", EnvelopeKeys.WrapAesGcm);
        target.SetField("x-amz-tag-len", "128");
        target.SetField("x-amz-iv", Convert.ToBase64String(new byte[12]));

        Refusal.Assert<KeyUnwrapException>(await target.ReadAsync(throughFile: false), target);
    }

    /// <summary>A V2 object relabelled as V3 cannot bring a commitment; its wrapped key names the V2 cipher.</summary>
    [Fact]
    public async Task V2ObjectRelabelledAsV3_IsRefusedAsKeyUnwrap()
    {
        using EnvelopeTarget target = await EnvelopeTarget.WriteAsync(Layout.V2Metadata);
        string wrapped = target.GetField("x-amz-key-v2")!;
        target.SetField("x-amz-key-v2", null);
        target.SetField("x-amz-3", wrapped);
        target.SetField("x-amz-c", EnvelopeKeys.CipherCommittingSuite);
        target.SetField("x-amz-w", "02");
        target.SetField("x-amz-d", Convert.ToBase64String(new byte[28]));
        target.SetField("x-amz-i", Convert.ToBase64String(new byte[28]));

        Refusal.Assert<KeyUnwrapException>(await target.ReadAsync(throughFile: false), target);
    }

    [Theory]
    [MemberData(nameof(InstructionLayouts))]
    public async Task InstructionFileMissing_IsRefusedAsMetadata(Layout layout)
    {
        using EnvelopeTarget target = await EnvelopeTarget.WriteAsync(layout);
        target.RemoveInstruction();

        Refusal.Assert<EncryptionMetadataException>(await target.ReadAsync(throughFile: false), target);
    }

    [Theory]
    [MemberData(nameof(InstructionLayouts))]
    public async Task InstructionFileNotJson_IsRefusedAsMetadata(Layout layout)
    {
        using EnvelopeTarget target = await EnvelopeTarget.WriteAsync(layout);
        target.WriteInstruction("{\"x-amz-3\":"u8.ToArray());

        Refusal.Assert<EncryptionMetadataException>(await target.ReadAsync(throughFile: false), target);
    }

    [Theory]
    [MemberData(nameof(InstructionLayouts))]
    public async Task InstructionFileJsonArray_IsRefusedAsMetadata(Layout layout)
    {
        using EnvelopeTarget target = await EnvelopeTarget.WriteAsync(layout);
        target.WriteInstruction("[]"u8.ToArray());

        Refusal.Assert<EncryptionMetadataException>(await target.ReadAsync(throughFile: false), target);
    }

    [Theory]
    [MemberData(nameof(InstructionLayouts))]
    public async Task InstructionFileOver64KiB_IsRefusedAsMetadata(Layout layout)
    {
        using EnvelopeTarget target = await EnvelopeTarget.WriteAsync(layout);
        target.WriteInstruction(Encoding.UTF8.GetBytes("{\"pad\":\"" + new string('a', 70_000) + "\"}"));

        Refusal.Assert<EncryptionMetadataException>(await target.ReadAsync(throughFile: false), target);
    }

    /// <summary>
    /// A response that announces an instruction file over the limit is refused on its Content-Length, before its
    /// body is read, even when the body that follows is the intact one.
    /// </summary>
    [Theory]
    [MemberData(nameof(InstructionLayouts))]
    public async Task InstructionFileAnnouncedOver64KiB_IsRefusedBeforeItsBodyIsRead(Layout layout)
    {
        using EnvelopeTarget target = await EnvelopeTarget.WriteAsync(layout);
        target.S3.ReportContentLength = key =>
            key.EndsWith(EnvelopeKeys.InstructionFileSuffix, StringComparison.Ordinal) ? 64 * 1024 + 1 : null;

        ReadOutcome outcome = await target.ReadAsync(throughFile: false);

        Exception error = Refusal.Assert<EncryptionMetadataException>(outcome, target);
        Assert.Contains("instruction file is larger than 64 KiB", error.Message);
    }

    /// <summary>
    /// The V3 cipher, commitment and message id belong in the object metadata only: an instruction file that also
    /// holds one (even the same value), or holds it instead, is refused, as the AWS client refuses it.
    /// </summary>
    [Theory]
    [InlineData("x-amz-c", false)]
    [InlineData("x-amz-d", false)]
    [InlineData("x-amz-i", false)]
    [InlineData("x-amz-c", true)]
    [InlineData("x-amz-d", true)]
    [InlineData("x-amz-i", true)]
    public async Task V3ObjectOnlyFieldInInstructionFile_IsRefusedAsMetadata(string field, bool move)
    {
        using EnvelopeTarget target = await EnvelopeTarget.WriteAsync(Layout.V3InstructionFile);
        target.CopyToInstruction(field, move);

        ReadOutcome outcome = await target.ReadAsync(throughFile: false);

        Exception error = Refusal.Assert<EncryptionMetadataException>(outcome, target);
        Assert.Contains($"holds '{field}'", error.Message);
    }

    /// <summary>
    /// With a wrapped key in the object metadata the envelope is read from there alone, as the AWS client does: an
    /// instruction file beside it, however it disagrees, is not fetched.
    /// </summary>
    [Theory]
    [InlineData(Layout.V2Metadata)]
    [InlineData(Layout.V3Metadata)]
    public async Task EnvelopeInMetadataAndDisagreeingInstructionFile_MetadataAloneIsRead(Layout layout)
    {
        using EnvelopeTarget target = await EnvelopeTarget.WriteAsync(layout);
        target.S3.Store(EnvelopeTarget.Bucket, EnvelopeTarget.Key + EnvelopeKeys.InstructionFileSuffix,
            "{\"x-amz-key-v2\":\"AAAA\",\"x-amz-3\":\"AAAA\",\"x-amz-iv\":\"AAAAAAAAAAAAAAAA\"}"u8.ToArray(), []);

        ReadOutcome outcome = await target.ReadAsync(throughFile: false);

        Assert.Null(outcome.Error);
        Assert.Equal(target.Plaintext, outcome.Plaintext);
        Assert.DoesNotContain(target.S3.Gets, g => g.Key.EndsWith(EnvelopeKeys.InstructionFileSuffix));
    }

    /// <summary>
    /// Through an instruction file, a field the object metadata also holds must agree: the object cannot override
    /// the instruction file, nor the reverse.
    /// </summary>
    [Theory]
    [InlineData(Layout.V2InstructionFile, "x-amz-iv")]
    [InlineData(Layout.V2InstructionFile, "x-amz-wrap-alg")]
    [InlineData(Layout.V3InstructionFile, "x-amz-w")]
    [InlineData(Layout.V3InstructionFile, "x-amz-m")]
    public async Task InstructionFieldAlsoOnObjectWithAnotherValue_IsRefusedAsMetadata(Layout layout, string field)
    {
        using EnvelopeTarget target = await EnvelopeTarget.WriteAsync(layout);
        string value = target.GetField(field)!;
        target.S3.Objects[EnvelopeTarget.Bucket + "/" + EnvelopeTarget.Key] =
            target.S3.Objects[EnvelopeTarget.Bucket + "/" + EnvelopeTarget.Key].With(field, "x" + value);

        ReadOutcome outcome = await target.ReadAsync(throughFile: false);

        Exception error = Refusal.Assert<EncryptionMetadataException>(outcome, target);
        Assert.Contains("differs between the object metadata and the instruction file", error.Message);
    }

    private static bool IsV2(Layout layout) => layout is Layout.V2Metadata or Layout.V2InstructionFile;

    private static string? Mutate(string value, string mutation)
    {
        if (mutation == "remove")
        {
            return null;
        }

        if (mutation.StartsWith("set:", StringComparison.Ordinal))
        {
            return mutation["set:".Length..];
        }

        byte[] bytes = Convert.FromBase64String(value);
        bytes[int.Parse(mutation["flip:".Length..])] ^= 0x01;
        return Convert.ToBase64String(bytes);
    }
}
