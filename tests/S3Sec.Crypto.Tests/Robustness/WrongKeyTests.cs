using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Amazon.S3.Model;
using S3Sec.Crypto.Envelope;
using S3Sec.Crypto.Metadata;
using S3Sec.Crypto.SseC;
using S3Sec.Crypto.Tests.TestSupport;
using Xunit;

namespace S3Sec.Crypto.Tests.Robustness;

public class WrongKeyTests
{
    public static IEnumerable<object[]> Layouts() => Enum.GetValues<Layout>().Select(l => new object[] { l });

    public static IEnumerable<object[]> WrongSizes() =>
        new[] { 0, 1, 16, 24, 31, 33, 64 }.Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task OtherAesMasterKey_IsRefusedAsKeyUnwrapWithoutEitherKey(Layout layout)
    {
        using EnvelopeTarget target = await EnvelopeTarget.WriteAsync(layout);
        byte[] otherKey = RandomNumberGenerator.GetBytes(32);
        using var other = new AesMasterKey(otherKey);

        Exception error = Refusal.Assert<KeyUnwrapException>(await target.ReadAsync(false, other), target);

        Secrets.AssertNotLeaked(error, otherKey);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task OtherRsaKeyPair_IsRefusedAsKeyUnwrapWithoutThePrivateKey(Layout layout)
    {
        var s3 = FakeS3.Create();
        EnvelopeEncryptionOptions options = OptionsFor(layout);
        using (var writer = RsaMasterKey.FromPkcs8PrivateKey(TestRsaKeys.WriterPkcs8))
        {
            await new EnvelopeEncryptionClient(s3.Client, writer, options).PutObjectAsync(Put(new byte[100]));
        }

        byte[] otherPrivate = TestRsaKeys.OtherPkcs8;
        using var reader = RsaMasterKey.FromPkcs8PrivateKey(otherPrivate);

        KeyUnwrapException error = await Assert.ThrowsAsync<KeyUnwrapException>(
            () => new EnvelopeEncryptionClient(s3.Client, reader, options).GetObjectAsync("b", "k"));

        Secrets.AssertNotLeaked(error, otherPrivate);
        using RSA other = TestRsaKeys.Load(otherPrivate);
        Secrets.AssertNotLeaked(error, other.ExportParameters(includePrivateParameters: true).D!);
    }

    [Fact]
    public async Task AesMasterKeyForRsaObject_IsRefusedAsKeyUnwrap()
    {
        var s3 = FakeS3.Create();
        using (var writer = RsaMasterKey.FromPkcs8PrivateKey(TestRsaKeys.WriterPkcs8))
        {
            await new EnvelopeEncryptionClient(s3.Client, writer).PutObjectAsync(Put(new byte[100]));
        }

        using AesMasterKey reader = AesMasterKey.Generate();

        await Assert.ThrowsAsync<KeyUnwrapException>(
            () => new EnvelopeEncryptionClient(s3.Client, reader).GetObjectAsync("b", "k"));
    }

    [Fact]
    public async Task OtherKmsKeyId_IsRefusedAsKeyUnwrap()
    {
        var s3 = FakeS3.Create();
        var kms = FakeKms.Create();
        using (var writer = new KmsMasterKey(kms.Client, "alias/writer"))
        {
            await new EnvelopeEncryptionClient(s3.Client, writer).PutObjectAsync(Put(new byte[100]));
        }

        using var reader = new KmsMasterKey(kms.Client, "alias/other");

        await Assert.ThrowsAsync<KeyUnwrapException>(
            () => new EnvelopeEncryptionClient(s3.Client, reader).GetObjectAsync("b", "k"));
    }

    [Fact]
    public async Task AesMasterKeyForKmsObject_IsRefusedAsKeyUnwrapBeforeAnyUnwrap()
    {
        var s3 = FakeS3.Create();
        var kms = FakeKms.Create();
        using (var writer = new KmsMasterKey(kms.Client, "alias/writer"))
        {
            await new EnvelopeEncryptionClient(s3.Client, writer).PutObjectAsync(Put(new byte[100]));
        }

        using var reader = new RecordingMasterKey(AesMasterKey.Generate());

        await Assert.ThrowsAsync<KeyUnwrapException>(
            () => new EnvelopeEncryptionClient(s3.Client, reader).GetObjectAsync("b", "k"));
        Assert.Empty(reader.Handed);
    }

    [Theory]
    [MemberData(nameof(WrongSizes))]
    public void AesMasterKey_WrongSizeBytes_ThrowsArgumentNamingTheSizeWithoutKeyMaterial(int size)
    {
        byte[] key = RandomNumberGenerator.GetBytes(size);

        ArgumentException error = Assert.Throws<ArgumentException>(() => new AesMasterKey(key));

        Assert.Contains("32 bytes", error.Message);
        Secrets.AssertNotLeaked(error, key);
    }

    [Theory]
    [MemberData(nameof(WrongSizes))]
    public void AesMasterKey_WrongSizeBase64_ThrowsArgumentNamingTheSizeWithoutKeyMaterial(int size)
    {
        byte[] key = RandomNumberGenerator.GetBytes(size);

        ArgumentException error = Assert.Throws<ArgumentException>(
            () => AesMasterKey.FromBase64(Convert.ToBase64String(key)));

        Assert.Contains("32 bytes", error.Message);
        Secrets.AssertNotLeaked(error, key);
    }

    [Fact]
    public void AesMasterKey_Base64UrlText_ThrowsArgumentWithoutEchoingIt()
    {
        byte[] key = KeyWithBase64UrlCharacters();
        string text = Convert.ToBase64String(key).Replace('+', '-').Replace('/', '_');

        ArgumentException error = Assert.Throws<ArgumentException>(() => AesMasterKey.FromBase64(text));

        Assert.DoesNotContain(text, error.ToString());
        Secrets.AssertNotLeaked(error, key);
    }

    [Theory]
    [MemberData(nameof(WrongSizes))]
    public void SseCustomerKey_WrongSizeBase64_ThrowsArgumentNamingTheSizeWithoutKeyMaterial(int size)
    {
        byte[] key = RandomNumberGenerator.GetBytes(size);

        ArgumentException error = Assert.Throws<ArgumentException>(
            () => SseCustomerKey.FromBase64(Convert.ToBase64String(key)));

        Assert.Contains("32 bytes", error.Message);
        Secrets.AssertNotLeaked(error, key);
    }

    [Fact]
    public void SseCustomerKey_HexText_ThrowsArgumentWithoutEchoingIt()
    {
        byte[] key = RandomNumberGenerator.GetBytes(32);
        string hex = Convert.ToHexString(key);

        ArgumentException error = Assert.Throws<ArgumentException>(() => SseCustomerKey.FromBase64(hex));

        Secrets.AssertNotLeaked(error, key);
        Assert.DoesNotContain(hex, error.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(WrongSizes))]
    public void ProtectedMetadata_WrongSizeDataKey_ThrowsArgumentNamingTheSizeWithoutKeyMaterial(int size)
    {
        byte[] key = RandomNumberGenerator.GetBytes(size);

        ArgumentException error = Assert.Throws<ArgumentException>(() => new ProtectedMetadata(key));

        Assert.Contains("32 bytes", error.Message);
        Secrets.AssertNotLeaked(error, key);
    }

    [Fact]
    public void RsaMasterKey_1024BitKey_ThrowsArgument()
    {
        using var rsa = RSA.Create(1024);

        Assert.Throws<ArgumentException>(() => new RsaMasterKey(rsa));
    }

    [Fact]
    public void RsaMasterKey_PublicKeyBytesAsPrivateKey_ThrowsArgument()
    {
        using RSA writer = TestRsaKeys.Load(TestRsaKeys.WriterPkcs8);
        byte[] publicKey = writer.ExportSubjectPublicKeyInfo();

        Assert.Throws<ArgumentException>(() => RsaMasterKey.FromPkcs8PrivateKey(publicKey));
    }

    private static EnvelopeEncryptionOptions OptionsFor(Layout layout) => new()
    {
        CommitmentPolicy = layout is Layout.V2Metadata or Layout.V2InstructionFile
            ? CommitmentPolicy.ForbidEncryptAllowDecrypt
            : CommitmentPolicy.RequireEncryptAllowDecrypt,
        Storage = layout is Layout.V2InstructionFile or Layout.V3InstructionFile
            ? EnvelopeStorage.InstructionFile
            : EnvelopeStorage.ObjectMetadata,
    };

    private static PutObjectRequest Put(byte[] plaintext) =>
        new() { BucketName = "b", Key = "k", InputStream = new System.IO.MemoryStream(plaintext) };

    /// <summary>A key whose base64 holds '+' or '/', so its base64url spelling differs from base64.</summary>
    private static byte[] KeyWithBase64UrlCharacters()
    {
        while (true)
        {
            byte[] key = RandomNumberGenerator.GetBytes(32);
            if (Convert.ToBase64String(key).IndexOfAny(new[] { '+', '/' }) >= 0)
            {
                return key;
            }
        }
    }
}
