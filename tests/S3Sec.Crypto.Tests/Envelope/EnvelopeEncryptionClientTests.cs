using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3.Model;
using S3Sec.Crypto.Envelope;
using S3Sec.Crypto.Tests.TestSupport;
using Xunit;

namespace S3Sec.Crypto.Tests.Envelope;

public sealed class EnvelopeEncryptionClientTests : IDisposable
{
    private const string Bucket = "bucket";
    private const string Key = "docs/report.bin";
    private static readonly RSA SharedRsa = RSA.Create(2048);
    private readonly FakeS3 _s3 = FakeS3.Create();
    private readonly FakeKms _kms = FakeKms.Create();
    private readonly byte[] _aesKey = RandomNumberGenerator.GetBytes(32);
    private readonly string _temp = Directory.CreateTempSubdirectory("s3sec-test-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    public static IEnumerable<object[]> Combinations()
    {
        foreach (string wrap in new[] { "aes", "rsa", "kms" })
        {
            foreach (CommitmentPolicy policy in new[] { CommitmentPolicy.ForbidEncryptAllowDecrypt,
                CommitmentPolicy.RequireEncryptRequireDecrypt })
            {
                foreach (EnvelopeStorage storage in new[] { EnvelopeStorage.ObjectMetadata,
                    EnvelopeStorage.InstructionFile })
                {
                    if (wrap == "kms" && storage == EnvelopeStorage.InstructionFile)
                    {
                        continue;
                    }

                    foreach (int size in new[] { 0, 1, 17, 70_000 })
                    {
                        yield return new object[] { wrap, policy, storage, size };
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Combinations))]
    public async Task PutThenGet_EachWrapFormatAndStorage_RoundTrips(
        string wrap, CommitmentPolicy policy, EnvelopeStorage storage, int size)
    {
        byte[] plaintext = RandomNumberGenerator.GetBytes(size);
        var options = new EnvelopeEncryptionOptions { CommitmentPolicy = policy, Storage = storage };
        using MasterKey masterKey = MasterKeyOf(wrap);
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey, options);

        await client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = Key,
            InputStream = new MemoryStream(plaintext) });
        using DecryptedObject result = await client.GetObjectAsync(Bucket, Key);

        Assert.Equal(plaintext, result.ReadAllBytes());
        Assert.Equal(client.WriteFormat, result.Format);
        Assert.Equal(size + 16, _s3.Objects[Bucket + "/" + Key].Body.Length);
    }

    [Theory]
    [InlineData(CommitmentPolicy.ForbidEncryptAllowDecrypt, "v2-aesgcm-metadata-17")]
    [InlineData(CommitmentPolicy.RequireEncryptAllowDecrypt, "v3-aesgcm-metadata-17")]
    [InlineData(CommitmentPolicy.ForbidEncryptAllowDecrypt, "v2-aesgcm-instructionfile-17")]
    [InlineData(CommitmentPolicy.RequireEncryptAllowDecrypt, "v3-aesgcm-instructionfile-17")]
    public async Task Put_AesMasterKey_WritesSameMetadataShapeAsOfficialClient(CommitmentPolicy policy, string vectorId)
    {
        JsonElement vector = InteropVectors.ById(vectorId);
        bool instructionFile = vectorId.Contains("instructionfile");
        using var masterKey = new AesMasterKey(_aesKey);
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey, new EnvelopeEncryptionOptions
        {
            CommitmentPolicy = policy,
            Storage = instructionFile ? EnvelopeStorage.InstructionFile : EnvelopeStorage.ObjectMetadata,
        });

        await client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = Key,
            InputStream = new MemoryStream(new byte[17]) });

        StoredObject stored = _s3.Objects[Bucket + "/" + Key];
        var expected = vector.GetProperty("object").GetProperty("metadata_headers").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Equal(expected.Keys.Order(), stored.Metadata.Select(e => e.Key.ToLowerInvariant()).Order());
        foreach ((string name, string value) in stored.Metadata)
        {
            string expectedValue = expected[name.ToLowerInvariant()];
            Assert.Equal(Shape(expectedValue), Shape(value));
        }

        Assert.Equal(vector.GetProperty("object").GetProperty("body_length").GetInt32(), stored.Body.Length);
        if (instructionFile)
        {
            var expectedInstruction = JsonSerializer.Deserialize<Dictionary<string, string>>(
                vector.GetProperty("instruction_file").GetProperty("body_text").GetString()!)!;
            var actualInstruction = JsonSerializer.Deserialize<Dictionary<string, string>>(
                _s3.Objects[Bucket + "/" + Key + ".instruction"].Body)!;
            Assert.Equal(expectedInstruction.Keys.Order(), actualInstruction.Keys.Order());
        }
    }

    [Fact]
    public async Task Put_KmsMasterKey_SendsContextWithContentCipherAndStoresIt()
    {
        using var masterKey = new KmsMasterKey(_kms.Client, "alias/data", new Dictionary<string,
            string> { ["purpose"] = "test" });
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey);

        await client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = Key, ContentBody = "hello" });
        using DecryptedObject result = await client.GetObjectAsync(Bucket, Key);

        Assert.Equal("{\"purpose\":\"test\",\"aws:x-amz-cek-alg\":\"115\"}",
            _s3.Objects[Bucket + "/" + Key].Get("x-amz-t"));
        Assert.Equal("115", _kms.DecryptContexts.Single()["aws:x-amz-cek-alg"]);
        Assert.Equal("hello"u8.ToArray(), result.ReadAllBytes());
    }

    [Fact]
    public async Task Get_KmsContextMissingCallerEntry_ThrowsKeyUnwrap()
    {
        using (var writer = new KmsMasterKey(_kms.Client, "alias/data"))
        {
            await new EnvelopeEncryptionClient(_s3.Client, writer).PutObjectAsync(Put("x"u8.ToArray()));
        }

        using var reader = new KmsMasterKey(_kms.Client, "alias/data", new Dictionary<string,
            string> { ["tenant"] = "a" });
        var client = new EnvelopeEncryptionClient(_s3.Client, reader);

        await Assert.ThrowsAsync<KeyUnwrapException>(() => client.GetObjectAsync(Bucket, Key));
        Assert.Empty(_kms.DecryptContexts);
    }

    [Fact]
    public void Create_KmsWithInstructionFile_Throws()
    {
        using var masterKey = new KmsMasterKey(_kms.Client, "alias/data");

        Assert.Throws<ArgumentException>(() => new EnvelopeEncryptionClient(
            _s3.Client, masterKey, new EnvelopeEncryptionOptions { Storage = EnvelopeStorage.InstructionFile }));
    }

    [Fact]
    public async Task Put_NonSeekableSource_SpoolsCiphertextAndRoundTrips()
    {
        byte[] plaintext = RandomNumberGenerator.GetBytes(200_001);
        using var masterKey = new AesMasterKey(_aesKey);
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey,
            new EnvelopeEncryptionOptions { TemporaryDirectory = _temp });

        await client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = Key,
            InputStream = new NonSeekableStream(plaintext) });
        using DecryptedObject result = await client.GetObjectAsync(Bucket, Key);

        Assert.Equal(plaintext, result.ReadAllBytes());
        Assert.Empty(Directory.GetFiles(_temp));
    }

    /// <summary>
    /// The write spool took the default mode (0644 under the usual umask), so other users could read it while the
    /// read spool was already owner-only.
    /// </summary>
    [Fact]
    public async Task Put_NonSeekableSource_SpoolIsOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var masterKey = new AesMasterKey(_aesKey);
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey,
            new EnvelopeEncryptionOptions { TemporaryDirectory = _temp });
        var source = new ModeRecordingStream(new byte[5000], _temp);

        await client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = Key, InputStream = source });

        UnixFileMode mode = Assert.Single(source.ModesAtEnd);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.Empty(Directory.GetFiles(_temp));
    }

    [Fact]
    public async Task Put_FilePath_EncryptsTheFile()
    {
        string path = Path.Combine(_temp, "plain.txt");
        await File.WriteAllTextAsync(path, "file body");
        using var masterKey = new AesMasterKey(_aesKey);
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey);

        await client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = Key, FilePath = path });
        using DecryptedObject result = await client.GetObjectAsync(Bucket, Key);

        Assert.Equal("file body"u8.ToArray(), result.ReadAllBytes());
    }

    [Fact]
    public async Task Put_UserMetadata_IsKeptAndReturnedWithoutEnvelope()
    {
        using var masterKey = new AesMasterKey(_aesKey);
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey);
        PutObjectRequest request = Put("x"u8.ToArray());
        request.Metadata.Add("department", "finance");

        await client.PutObjectAsync(request);
        using DecryptedObject result = await client.GetObjectAsync(Bucket, Key);

        Assert.Equal("finance", Assert.Single(result.Metadata).Value);
    }

    [Fact]
    public async Task Put_MetadataUsingEnvelopeName_Throws()
    {
        using var masterKey = new AesMasterKey(_aesKey);
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey);
        PutObjectRequest request = Put("x"u8.ToArray());
        request.Metadata.Add("x-amz-key-v2", "forged");

        await Assert.ThrowsAsync<ArgumentException>(() => client.PutObjectAsync(request));
    }

    [Fact]
    public async Task Get_LargeObject_DecryptsThroughEncryptedTemporaryFileThenDeletesIt()
    {
        byte[] plaintext = new byte[(5 << 20) + 7];
        Array.Fill(plaintext, (byte)'A');
        using var masterKey = new AesMasterKey(_aesKey);
        var options = new EnvelopeEncryptionOptions { TemporaryDirectory = _temp };
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey, options);
        await client.PutObjectAsync(Put(plaintext));

        using (DecryptedObject result = await client.GetObjectAsync(Bucket, Key))
        {
            string spool = Assert.Single(Directory.GetFiles(_temp));
            byte[] atRest = ReadShared(spool);
            Assert.Equal(plaintext.Length, atRest.Length);
            Assert.DoesNotContain(atRest.Chunk(1024), chunk => chunk.All(b => b == (byte)'A'));
            Assert.Equal(plaintext.Length, result.ContentLength);
            Assert.Equal(plaintext, result.ReadAllBytes());
        }

        Assert.Empty(Directory.GetFiles(_temp));
    }

    [Fact]
    public async Task Get_LargeObjectSeek_ReadsFromTheMiddle()
    {
        byte[] plaintext = RandomNumberGenerator.GetBytes(300_000);
        using var masterKey = new AesMasterKey(_aesKey);
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey,
            new EnvelopeEncryptionOptions { InMemoryLimit = 0, TemporaryDirectory = _temp });
        await client.PutObjectAsync(Put(plaintext));

        using DecryptedObject result = await client.GetObjectAsync(Bucket, Key);
        result.Content.Position = 123_457;
        byte[] piece = new byte[1000];
        result.Content.ReadExactly(piece);

        Assert.Equal(plaintext.AsSpan(123_457, 1000).ToArray(), piece);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(int.MaxValue / 16)]
    public async Task Decrypt_TamperedBody_ThrowsAndLeavesNoFile(int inMemoryLimit)
    {
        await PutAesAsync(100_000);
        Tamper(body => body[50_000] ^= 1);

        await Assert.ThrowsAsync<ObjectAuthenticationException>(() => GetAesAsync(inMemoryLimit));
        Assert.Empty(Directory.GetFiles(_temp));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(int.MaxValue / 16)]
    public async Task Decrypt_TamperedTag_Throws(int inMemoryLimit)
    {
        await PutAesAsync(1000);
        Tamper(body => body[^1] ^= 0x80);

        await Assert.ThrowsAsync<ObjectAuthenticationException>(() => GetAesAsync(inMemoryLimit));
    }

    [Theory]
    [InlineData(CommitmentPolicy.ForbidEncryptAllowDecrypt)]
    [InlineData(CommitmentPolicy.RequireEncryptAllowDecrypt)]
    public async Task Decrypt_TruncatedObject_Throws(CommitmentPolicy policy)
    {
        await PutAesAsync(1000, policy);
        ReplaceBody(body => body[..^1]);

        await Assert.ThrowsAsync<ObjectAuthenticationException>(() => GetAesAsync(0));
    }

    [Fact]
    public async Task Decrypt_BodyShorterThanTag_Throws()
    {
        await PutAesAsync(1000);
        ReplaceBody(body => body[..10]);

        await Assert.ThrowsAsync<ObjectAuthenticationException>(() => GetAesAsync(0));
    }

    [Fact]
    public async Task Decrypt_TamperedIv_Throws()
    {
        await PutAesAsync(100, CommitmentPolicy.ForbidEncryptAllowDecrypt);
        Edit("x-amz-iv", value => Flip(value, 0));

        await Assert.ThrowsAsync<ObjectAuthenticationException>(() => GetAesAsync(0));
    }

    [Fact]
    public async Task Decrypt_TamperedWrappedKey_ThrowsKeyUnwrap()
    {
        await PutAesAsync(100);
        Edit("x-amz-3", value => Flip(value, 20));

        await Assert.ThrowsAsync<KeyUnwrapException>(() => GetAesAsync(0));
    }

    [Fact]
    public async Task Decrypt_TamperedKeyCommitment_ThrowsKeyCommitment()
    {
        await PutAesAsync(100);
        Edit("x-amz-d", value => Flip(value, 0));

        await Assert.ThrowsAsync<KeyCommitmentException>(() => GetAesAsync(0));
    }

    [Fact]
    public async Task Decrypt_TamperedPlaintextLength_Throws()
    {
        await PutAesAsync(100, CommitmentPolicy.ForbidEncryptAllowDecrypt);
        Edit("x-amz-unencrypted-content-length", _ => "99");

        await Assert.ThrowsAsync<ObjectAuthenticationException>(() => GetAesAsync(0));
    }

    [Fact]
    public async Task Decrypt_UnknownContentCipher_ThrowsUnsupported()
    {
        await PutAesAsync(100, CommitmentPolicy.ForbidEncryptAllowDecrypt);
        Edit("x-amz-cek-alg", _ => "AES/CTR/NoPadding");

        await Assert.ThrowsAsync<UnsupportedEncryptionAlgorithmException>(() => GetAesAsync(0));
    }

    [Fact]
    public async Task Decrypt_UnknownWrapCode_ThrowsUnsupported()
    {
        await PutAesAsync(100);
        Edit("x-amz-w", _ => "99");

        await Assert.ThrowsAsync<UnsupportedEncryptionAlgorithmException>(() => GetAesAsync(0));
    }

    [Fact]
    public async Task Decrypt_LegacyV1Object_ThrowsUnsupported()
    {
        _s3.Store(Bucket, Key, new byte[32], new[] { new KeyValuePair<string, string>("x-amz-meta-x-amz-key",
            "AAAA") });

        await Assert.ThrowsAsync<UnsupportedEncryptionAlgorithmException>(() => GetAesAsync(0));
    }

    [Fact]
    public async Task Decrypt_PlainObject_ThrowsMetadata()
    {
        _s3.Store(Bucket, Key, new byte[32], Array.Empty<KeyValuePair<string, string>>());

        await Assert.ThrowsAsync<EncryptionMetadataException>(() => GetAesAsync(0));
    }

    [Fact]
    public async Task Decrypt_MalformedIv_ThrowsMetadata()
    {
        await PutAesAsync(100, CommitmentPolicy.ForbidEncryptAllowDecrypt);
        Edit("x-amz-iv", _ => "not base64!");

        await Assert.ThrowsAsync<EncryptionMetadataException>(() => GetAesAsync(0));
    }

    [Fact]
    public async Task Decrypt_WrongKey_ThrowsKeyUnwrapWithoutKeyMaterial()
    {
        await PutAesAsync(100);
        byte[] otherKey = RandomNumberGenerator.GetBytes(32);
        using var other = new AesMasterKey(otherKey);
        var client = new EnvelopeEncryptionClient(_s3.Client, other);

        KeyUnwrapException error = await Assert.ThrowsAsync<KeyUnwrapException>(() => client.GetObjectAsync(Bucket,
            Key));

        Secrets.AssertNotLeaked(error, otherKey);
        Secrets.AssertNotLeaked(error, _aesKey);
    }

    [Fact]
    public async Task Decrypt_RsaKeyForAesObject_ThrowsKeyUnwrap()
    {
        await PutAesAsync(100);
        using var rsa = new RsaMasterKey(RSA.Create(2048));
        var client = new EnvelopeEncryptionClient(_s3.Client, rsa);

        await Assert.ThrowsAsync<KeyUnwrapException>(() => client.GetObjectAsync(Bucket, Key));
    }

    [Fact]
    public async Task Decrypt_PublicOnlyRsaKey_ThrowsKeyUnwrap()
    {
        using (var writer = new RsaMasterKey(CopyOf(SharedRsa)))
        {
            await new EnvelopeEncryptionClient(_s3.Client, writer).PutObjectAsync(Put(new byte[5]));
        }

        using var publicOnly = RsaMasterKey.FromSubjectPublicKeyInfo(SharedRsa.ExportSubjectPublicKeyInfo());
        var client = new EnvelopeEncryptionClient(_s3.Client, publicOnly);

        await Assert.ThrowsAsync<KeyUnwrapException>(() => client.GetObjectAsync(Bucket, Key));
    }

    [Fact]
    public async Task Decrypt_V2ObjectUnderRequireDecrypt_ThrowsCommitmentPolicy()
    {
        await PutAesAsync(100, CommitmentPolicy.ForbidEncryptAllowDecrypt);
        using var masterKey = new AesMasterKey(_aesKey);
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey,
            new EnvelopeEncryptionOptions { CommitmentPolicy = CommitmentPolicy.RequireEncryptRequireDecrypt });

        await Assert.ThrowsAsync<CommitmentPolicyException>(() => client.GetObjectAsync(Bucket, Key));
    }

    [Fact]
    public async Task Decrypt_MissingInstructionFile_ThrowsMetadata()
    {
        using var masterKey = new AesMasterKey(_aesKey);
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey,
            new EnvelopeEncryptionOptions { Storage = EnvelopeStorage.InstructionFile });
        await client.PutObjectAsync(Put(new byte[5]));
        _s3.Objects.TryRemove(Bucket + "/" + Key + ".instruction", out _);

        await Assert.ThrowsAsync<EncryptionMetadataException>(() => client.GetObjectAsync(Bucket, Key));
    }

    [Fact]
    public async Task Decrypt_InstructionFileConflictingWithObject_ThrowsMetadata()
    {
        using var masterKey = new AesMasterKey(_aesKey);
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey,
            new EnvelopeEncryptionOptions { Storage = EnvelopeStorage.InstructionFile });
        await client.PutObjectAsync(Put(new byte[5]));
        StoredObject instruction = _s3.Objects[Bucket + "/" + Key + ".instruction"];
        var json = JsonSerializer.Deserialize<Dictionary<string, string>>(instruction.Body)!;
        json["x-amz-c"] = "114";
        _s3.Objects[Bucket + "/" + Key + ".instruction"] = instruction with { Body
            = JsonSerializer.SerializeToUtf8Bytes(json) };

        await Assert.ThrowsAsync<EncryptionMetadataException>(() => client.GetObjectAsync(Bucket, Key));
    }

    /// <summary>
    /// A field named twice in the instruction file, a bogus wrapped key first: the last one won, so the object
    /// decrypted while another reader (one that keeps the first) would fail or read something else.
    /// </summary>
    [Theory]
    [InlineData(CommitmentPolicy.RequireEncryptAllowDecrypt, "x-amz-3")]
    [InlineData(CommitmentPolicy.ForbidEncryptAllowDecrypt, "x-amz-key-v2")]
    public async Task Decrypt_InstructionFileNamingAFieldTwice_ThrowsMetadata(CommitmentPolicy policy, string field)
    {
        using var masterKey = new AesMasterKey(_aesKey);
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey,
            new EnvelopeEncryptionOptions { Storage = EnvelopeStorage.InstructionFile, CommitmentPolicy = policy });
        await client.PutObjectAsync(Put(new byte[5]));
        StoredObject instruction = _s3.Objects[Bucket + "/" + Key + ".instruction"];
        string json = Encoding.UTF8.GetString(instruction.Body);
        Assert.StartsWith("{", json);
        _s3.Objects[Bucket + "/" + Key + ".instruction"] = instruction with { Body
            = Encoding.UTF8.GetBytes("{\"" + field + "\":\"AAAA\"," + json[1..]) };

        var error = await Assert.ThrowsAsync<EncryptionMetadataException>(() => client.GetObjectAsync(Bucket, Key));
        Assert.Contains("distinct names", error.Message);
    }

    [Fact]
    public async Task Get_ByteRange_Throws()
    {
        using var masterKey = new AesMasterKey(_aesKey);
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey);

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetObjectAsync(
            new GetObjectRequest { BucketName = Bucket, Key = Key, ByteRange = new ByteRange(0, 10) }));
    }

    /// <summary>
    /// A part number asks S3 for one part of a multipart object, a range by another name: it was sent, and the
    /// part's last 16 bytes checked as the tag, so the refusal came as "tampered" (or, for a single-part object,
    /// the whole object came back). Refused before the GET, like a byte range, on every read overload.
    /// </summary>
    [Fact]
    public async Task Get_PartNumber_ThrowsBeforeTheRequest()
    {
        using var masterKey = new AesMasterKey(_aesKey);
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey);
        await client.PutObjectAsync(Put(new byte[100]));
        GetObjectRequest Part() => new() { BucketName = Bucket, Key = Key, PartNumber = 1 };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.GetObjectAsync(Part()));
        Assert.Contains("One part", error.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetObjectBytesAsync(Part()));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetObjectBytesAsync(Part(), new byte[200]));
    }

    [Fact]
    public void AesMasterKey_WrongLength_ThrowsWithoutKeyMaterial()
    {
        byte[] key = RandomNumberGenerator.GetBytes(16);

        ArgumentException error = Assert.Throws<ArgumentException>(()
            => AesMasterKey.FromBase64(Convert.ToBase64String(key)));

        Secrets.AssertNotLeaked(error, key);
    }

    [Fact]
    public async Task AesMasterKey_AfterDispose_ThrowsObjectDisposed()
    {
        var masterKey = new AesMasterKey(_aesKey);
        masterKey.Dispose();
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey);

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.PutObjectAsync(Put(new byte[1])));
    }

    /// <summary>
    /// Every kind of master key refuses use once disposed, on write and on read. The KMS key, which holds no key
    /// bytes, went on asking KMS for data keys and unwrapping objects after Dispose.
    /// </summary>
    [Theory]
    [InlineData("aes")]
    [InlineData("rsa")]
    [InlineData("kms")]
    public async Task MasterKey_AfterDispose_RefusesPutAndGet(string kind)
    {
        MasterKey masterKey = kind switch
        {
            "aes" => new AesMasterKey(_aesKey),
            "rsa" => RsaMasterKey.FromPkcs8PrivateKey(SharedRsa.ExportPkcs8PrivateKey()),
            _ => new KmsMasterKey(_kms.Client, "alias/data"),
        };
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey);
        await client.PutObjectAsync(Put("written before Dispose"u8.ToArray()));

        masterKey.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.PutObjectAsync(Put(new byte[1])));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetObjectBytesAsync(Bucket, Key));
        Assert.Empty(_kms.DecryptContexts);
    }

    [Fact]
    public void AesMasterKey_Dispose_ZeroesKeyBytes()
    {
        var masterKey = new AesMasterKey(RandomNumberGenerator.GetBytes(32));
        byte[] held = (byte[])typeof(AesMasterKey)
            .GetField("_key", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .GetValue(masterKey)!;

        masterKey.Dispose();

        Assert.All(held, b => Assert.Equal(0, b));
    }

    [Fact]
    public void MasterKeys_ToString_ShowNoKeyMaterial()
    {
        using var aes = new AesMasterKey(_aesKey);

        Secrets.AssertNotLeaked(aes.ToString(), _aesKey);
        Assert.Equal("AesMasterKey(AES/GCM)", aes.ToString());
    }

    private MasterKey MasterKeyOf(string wrap) => wrap switch
    {
        "aes" => new AesMasterKey(_aesKey),
        "rsa" => new RsaMasterKey(CopyOf(SharedRsa)),
        _ => new KmsMasterKey(_kms.Client, "alias/test"),
    };

    private static RSA CopyOf(RSA rsa)
    {
        var copy = RSA.Create();
        copy.ImportParameters(rsa.ExportParameters(includePrivateParameters: true));
        return copy;
    }

    private static PutObjectRequest Put(byte[] plaintext) =>
        new() { BucketName = Bucket, Key = Key, InputStream = new MemoryStream(plaintext) };

    private async Task PutAesAsync(int size, CommitmentPolicy policy = CommitmentPolicy.RequireEncryptAllowDecrypt)
    {
        using var masterKey = new AesMasterKey(_aesKey);
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey,
            new EnvelopeEncryptionOptions { CommitmentPolicy = policy });
        await client.PutObjectAsync(Put(RandomNumberGenerator.GetBytes(size)));
    }

    private async Task<byte[]> GetAesAsync(int inMemoryLimit)
    {
        using var masterKey = new AesMasterKey(_aesKey);
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey, new EnvelopeEncryptionOptions
        {
            InMemoryLimit = Math.Min(inMemoryLimit, 256 << 20),
            TemporaryDirectory = _temp,
        });
        using DecryptedObject result = await client.GetObjectAsync(Bucket, Key);
        return result.ReadAllBytes();
    }

    private void Tamper(Action<byte[]> edit) => ReplaceBody(body =>
    {
        byte[] copy = body.ToArray();
        edit(copy);
        return copy;
    });

    private void ReplaceBody(Func<byte[], byte[]> change)
    {
        StoredObject stored = _s3.Objects[Bucket + "/" + Key];
        _s3.Objects[Bucket + "/" + Key] = stored with { Body = change(stored.Body) };
    }

    private void Edit(string name, Func<string, string> change)
    {
        StoredObject stored = _s3.Objects[Bucket + "/" + Key];
        _s3.Objects[Bucket + "/" + Key] = stored.With(name, change(stored.Get(name)!));
    }

    private static string Flip(string base64, int index)
    {
        byte[] bytes = Convert.FromBase64String(base64);
        bytes[index] ^= 1;
        return Convert.ToBase64String(bytes);
    }

    private static string Shape(string value)
    {
        if (value is "{}" or "AES/GCM" or "AES/GCM/NoPadding" or "128" or "115" or "02")
        {
            return value;
        }

        try
        {
            return "base64:" + Convert.FromBase64String(value).Length;
        }
        catch (FormatException)
        {
            return long.TryParse(value, out _) ? "number" : value;
        }
    }

    /// <summary>The library holds the spool with an exclusive lock; another process reads what is on disk.</summary>
    private static byte[] ReadShared(string path)
    {
        using var cat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("cat", path)
        {
            RedirectStandardOutput = true,
        })!;
        using var copy = new MemoryStream();
        cat.StandardOutput.BaseStream.CopyTo(copy);
        cat.WaitForExit();
        return copy.ToArray();
    }

    /// <summary>A non-seekable source that, when read to its end, records the modes of the files in a folder: the
    /// spool then exists.</summary>
    private sealed class ModeRecordingStream(byte[] data, string folder) : MemoryStream(data)
    {
        public List<UnixFileMode> ModesAtEnd { get; } = new();

        public override bool CanSeek => false;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = Read(buffer.Span);
            if (read == 0 && !OperatingSystem.IsWindows())
            {
                ModesAtEnd.AddRange(Directory.GetFiles(folder).Select(File.GetUnixFileMode));
            }

            return ValueTask.FromResult(read);
        }
    }

    private sealed class NonSeekableStream : MemoryStream
    {
        public NonSeekableStream(byte[] data)
            : base(data)
        {
        }

        public override bool CanSeek => false;
    }
}
