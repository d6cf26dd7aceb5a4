using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;
using S3Sec.Crypto.Envelope;
using S3Sec.Crypto.Metadata;
using S3Sec.Crypto.SseC;
using S3Sec.Crypto.Tests.TestSupport;
using Xunit;

namespace S3Sec.Crypto.Tests.Robustness;

/// <summary>
/// One client, master key, protector or SSE-C key shared by many concurrent operations on distinct objects:
/// every round trip must come back exact, as a shared buffer or cipher state would not let it.
/// </summary>
public sealed class ConcurrencyTests : IDisposable
{
    private const int Operations = 64;
    private const CommitmentPolicy V2 = CommitmentPolicy.ForbidEncryptAllowDecrypt;
    private const CommitmentPolicy V3 = CommitmentPolicy.RequireEncryptAllowDecrypt;
    private static readonly ParallelOptions ThirtyTwoAtOnce = new() { MaxDegreeOfParallelism = 32 };
    private readonly FakeS3 _s3 = FakeS3.Create();
    private readonly string _temp = Directory.CreateTempSubdirectory("s3sec-concurrent-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task SharedClientAndAesKey_ConcurrentRoundTrips_AreAllExact()
    {
        using var masterKey = AesMasterKey.Generate();
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey, Options(V3));

        await AssertConcurrentRoundTripsAsync(client);
    }

    [Fact]
    public async Task SharedClientAndAesKey_V2InstructionFiles_ConcurrentRoundTripsAreAllExact()
    {
        using var masterKey = AesMasterKey.Generate();
        EnvelopeEncryptionOptions options = Options(V2);
        options.Storage = EnvelopeStorage.InstructionFile;
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey, options);

        await AssertConcurrentRoundTripsAsync(client);
    }

    [Fact]
    public async Task SharedClientAndRsaKey_ConcurrentRoundTrips_AreAllExact()
    {
        using var masterKey = RsaMasterKey.FromPkcs8PrivateKey(TestRsaKeys.WriterPkcs8);
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey, Options(V3));

        await AssertConcurrentRoundTripsAsync(client);
    }

    [Fact]
    public async Task SharedClientAndKmsKey_ConcurrentRoundTrips_AreAllExact()
    {
        var kms = FakeKms.Create();
        using var masterKey = new KmsMasterKey(kms.Client, "alias/shared");
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey, Options(V3));

        await AssertConcurrentRoundTripsAsync(client);
        Assert.Equal(Operations, kms.DecryptContexts.Count);
    }

    [Fact]
    public async Task OneMasterKeyUnderTwoClients_ConcurrentV2AndV3RoundTrips_AreAllExact()
    {
        using var masterKey = AesMasterKey.Generate();
        var v2 = new EnvelopeEncryptionClient(_s3.Client, masterKey, Options(V2));
        var v3 = new EnvelopeEncryptionClient(_s3.Client, masterKey, Options(V3));
        byte[][] plaintexts = Plaintexts();

        await Parallel.ForEachAsync(Enumerable.Range(0, Operations), ThirtyTwoAtOnce, async (i, _) =>
        {
            EnvelopeEncryptionClient client = i % 2 == 0 ? v2 : v3;
            await client.PutObjectAsync(Put(i, plaintexts[i]));
            using DecryptedObject result = await client.GetObjectAsync("b", Name(i));
            Assert.Equal(plaintexts[i], result.ReadAllBytes());
            Assert.Equal(client.WriteFormat, result.Format);
        });
    }

    [Fact]
    public async Task SharedClient_ConcurrentReadsOfOneObject_AreAllExact()
    {
        using var masterKey = AesMasterKey.Generate();
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey, Options(V3));
        byte[] plaintext = RandomNumberGenerator.GetBytes(100_000);
        await client.PutObjectAsync(Put(0, plaintext));

        await Parallel.ForEachAsync(Enumerable.Range(0, Operations), ThirtyTwoAtOnce, async (_, _) =>
        {
            using DecryptedObject result = await client.GetObjectAsync("b", Name(0));
            Assert.Equal(plaintext, result.ReadAllBytes());
        });
        Assert.Empty(Directory.GetFiles(_temp));
    }

    [Fact]
    public async Task SharedClient_ConcurrentWrites_GiveEachObjectItsOwnDataKeyAndMessageId()
    {
        using var masterKey = AesMasterKey.Generate();
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey, Options(V3));

        await Parallel.ForEachAsync(
            Enumerable.Range(0, Operations), ThirtyTwoAtOnce, async (i, _) => await client.PutObjectAsync(Put(i,
                new byte[16])));

        var stored = Enumerable.Range(0, Operations).Select(i => _s3.Objects["b/" + Name(i)]).ToArray();
        Assert.Equal(Operations, stored.Select(o => o.Get("x-amz-3")).Distinct().Count());
        Assert.Equal(Operations, stored.Select(o => o.Get("x-amz-i")).Distinct().Count());
        Assert.Equal(Operations, stored.Select(o => Convert.ToBase64String(o.Body)).Distinct().Count());
    }

    [Fact]
    public void SharedProtectedMetadata_ConcurrentProtectAndUnprotect_AreAllExact()
    {
        using var protector = new ProtectedMetadata(RandomNumberGenerator.GetBytes(32), "b", "k");
        var sealedValues = new ConcurrentDictionary<int, string>();

        Parallel.For(0, Operations * 4, ThirtyTwoAtOnce, i =>
        {
            string value = "value-" + i + new string('x', i);
            string sealedValue = protector.Protect("field-" + i, value);
            sealedValues[i] = sealedValue;
            Assert.Equal(value, protector.Unprotect("field-" + i, sealedValue));
        });

        Parallel.For(0, Operations * 4, ThirtyTwoAtOnce, i =>
            Assert.Throws<MetadataAuthenticationException>(
                () => protector.Unprotect("field-" + ((i + 1) % (Operations * 4)), sealedValues[i])));
    }

    [Fact]
    public void SharedProtectedMetadata_ConcurrentForObject_BindsEachToItsOwnObject()
    {
        using var protector = new ProtectedMetadata(RandomNumberGenerator.GetBytes(32));

        Parallel.For(0, Operations, ThirtyTwoAtOnce, i =>
        {
            using ProtectedMetadata bound = protector.ForObject("b", Name(i));
            using ProtectedMetadata neighbour = protector.ForObject("b", Name(i + 1));
            string sealedValue = bound.Protect("email", "user" + i + "@example.com");
            Assert.Equal("user" + i + "@example.com", bound.Unprotect("email", sealedValue));
            Assert.Throws<MetadataAuthenticationException>(() => neighbour.Unprotect("email", sealedValue));
        });
    }

    [Fact]
    public void SharedSseCustomerKey_ConcurrentApplyTo_SetsTheSameKeyAndDigestEverywhere()
    {
        byte[] keyBytes = RandomNumberGenerator.GetBytes(32);
        using SseCustomerKey key = SseCustomerKey.FromBytes(keyBytes);
        var config = new AmazonS3Config { RegionEndpoint = Amazon.RegionEndpoint.USEast1 };
        string expectedKey = Convert.ToBase64String(keyBytes);
        string expectedMd5 = Convert.ToBase64String(MD5.HashData(keyBytes));

        Parallel.For(0, Operations * 4, ThirtyTwoAtOnce, i =>
        {
            var put = new PutObjectRequest { BucketName = "b", Key = Name(i) };
            var get = new GetObjectRequest { BucketName = "b", Key = Name(i) };
            key.ApplyTo(put, config);
            key.ApplyTo(get, config);
            Assert.Equal(expectedKey, put.ServerSideEncryptionCustomerProvidedKey);
            Assert.Equal(expectedMd5, put.ServerSideEncryptionCustomerProvidedKeyMD5);
            Assert.Equal(expectedKey, get.ServerSideEncryptionCustomerProvidedKey);
            Assert.Equal(expectedMd5, get.ServerSideEncryptionCustomerProvidedKeyMD5);
            Assert.Equal(expectedKey, key.ExportBase64());
        });
    }

    private async Task AssertConcurrentRoundTripsAsync(EnvelopeEncryptionClient client)
    {
        byte[][] plaintexts = Plaintexts();

        await Parallel.ForEachAsync(Enumerable.Range(0, Operations), ThirtyTwoAtOnce, async (i, _) =>
        {
            await client.PutObjectAsync(Put(i, plaintexts[i]));
            using DecryptedObject result = await client.GetObjectAsync("b", Name(i));
            Assert.Equal(plaintexts[i], result.ReadAllBytes());
        });
        Assert.Empty(Directory.GetFiles(_temp));
    }

    /// <summary>Every fourth object is over the in-memory limit, so both read paths run side by side.</summary>
    private static byte[][] Plaintexts() => Enumerable.Range(0, Operations)
        .Select(i => RandomNumberGenerator.GetBytes(i % 4 == 0 ? 70_000 + i : i * 37))
        .ToArray();

    private EnvelopeEncryptionOptions Options(CommitmentPolicy policy) => new()
    {
        CommitmentPolicy = policy,
        InMemoryLimit = 64 * 1024,
        TemporaryDirectory = _temp,
    };

    private static string Name(int i) => "concurrent/" + i;

    private static PutObjectRequest Put(int i, byte[] plaintext) =>
        new() { BucketName = "b", Key = Name(i), InputStream = new MemoryStream(plaintext) };
}
