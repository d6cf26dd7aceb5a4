using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;
using S3Sec.Crypto.Envelope;
using S3Sec.Crypto.Guard;
using S3Sec.Crypto.Metadata;
using S3Sec.Crypto.SseC;
using S3Sec.Crypto.Tests.TestSupport;
using Xunit;

namespace S3Sec.Crypto.Tests.Integration;

[Collection(S3rverCollection.Name)]
public sealed class S3rverIntegrationTests
{
    private const string Bucket = S3rverFixture.Bucket;
    private readonly S3rverFixture _server;

    public S3rverIntegrationTests(S3rverFixture server) => _server = server;

    [Theory]
    [InlineData(0, CommitmentPolicy.RequireEncryptAllowDecrypt, EnvelopeStorage.ObjectMetadata)]
    [InlineData(1, CommitmentPolicy.ForbidEncryptAllowDecrypt, EnvelopeStorage.ObjectMetadata)]
    [InlineData(6 * 1024 * 1024 + 5, CommitmentPolicy.RequireEncryptAllowDecrypt, EnvelopeStorage.ObjectMetadata)]
    [InlineData(3 * 1024 * 1024 + 1, CommitmentPolicy.ForbidEncryptAllowDecrypt, EnvelopeStorage.InstructionFile)]
    [InlineData(0, CommitmentPolicy.RequireEncryptRequireDecrypt, EnvelopeStorage.InstructionFile)]
    public async Task Envelope_PutThenGetThroughAmazonS3Client_RoundTrips(
        int size, CommitmentPolicy policy, EnvelopeStorage storage)
    {
        string key = $"envelope/{size}-{policy}-{storage}";
        byte[] plaintext = RandomNumberGenerator.GetBytes(size);
        using AmazonS3Client s3 = _server.CreateClient();
        using AesMasterKey masterKey = AesMasterKey.Generate();
        var client = new EnvelopeEncryptionClient(s3, masterKey, new EnvelopeEncryptionOptions
        {
            CommitmentPolicy = policy,
            Storage = storage,
            InMemoryLimit = 1024 * 1024,
        });

        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket, Key = key, InputStream = new MemoryStream(plaintext), UseChunkEncoding = false,
        });
        using DecryptedObject result = await client.GetObjectAsync(Bucket, key);

        Assert.Equal(SHA256.HashData(plaintext), SHA256.HashData(result.ReadAllBytes()));
        using GetObjectResponse raw = await s3.GetObjectAsync(Bucket, key);
        Assert.Equal(size + 16, raw.ContentLength);
    }

    [Fact]
    public async Task Envelope_RsaMasterKey_RoundTrips()
    {
        const string key = "envelope/rsa";
        using AmazonS3Client s3 = _server.CreateClient();
        using var masterKey = new RsaMasterKey(RSA.Create(2048));
        var client = new EnvelopeEncryptionClient(s3, masterKey);

        await client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = "rsa body",
            UseChunkEncoding = false });
        using DecryptedObject result = await client.GetObjectAsync(Bucket, key);

        Assert.Equal("rsa body"u8.ToArray(), result.ReadAllBytes());
    }

    [Fact]
    public async Task Envelope_TamperedObjectOnServer_ThrowsAuthentication()
    {
        const string key = "envelope/tampered";
        using AmazonS3Client s3 = _server.CreateClient();
        using AesMasterKey masterKey = AesMasterKey.Generate();
        var client = new EnvelopeEncryptionClient(s3, masterKey);
        await client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key,
            ContentBody = "secret body", UseChunkEncoding = false });
        using GetObjectResponse stored = await s3.GetObjectAsync(Bucket, key);
        byte[] body = await ReadAllAsync(stored.ResponseStream);
        body[0] ^= 1;
        var rewrite = new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = new MemoryStream(body),
            UseChunkEncoding = false };
        foreach (string name in stored.Metadata.Keys)
        {
            rewrite.Metadata.Add(name, stored.Metadata[name]);
        }

        await s3.PutObjectAsync(rewrite);

        await Assert.ThrowsAsync<ObjectAuthenticationException>(() => client.GetObjectAsync(Bucket, key));
    }

    /// <summary>
    /// An instruction file put back from an earlier write, through AmazonS3Client and s3rver: the read names the
    /// mismatch. (s3rver keeps no versions, so this is the unversioned form of the same gap.)
    /// </summary>
    [Theory]
    [InlineData(CommitmentPolicy.ForbidEncryptAllowDecrypt)]
    [InlineData(CommitmentPolicy.RequireEncryptAllowDecrypt)]
    public async Task Envelope_InstructionFileOfAnEarlierWrite_ThrowsInstructionFileMismatch(CommitmentPolicy policy)
    {
        string key = $"envelope/earlier-instruction-{policy}";
        using AmazonS3Client s3 = _server.CreateClient();
        using AesMasterKey masterKey = AesMasterKey.Generate();
        var client = new EnvelopeEncryptionClient(s3, masterKey, new EnvelopeEncryptionOptions
        {
            CommitmentPolicy = policy,
            Storage = EnvelopeStorage.InstructionFile,
        });
        await client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key,
            ContentBody = "first body", UseChunkEncoding = false });
        byte[] earlier;
        using (GetObjectResponse instruction = await s3.GetObjectAsync(Bucket, key + ".instruction"))
        {
            earlier = await ReadAllAsync(instruction.ResponseStream);
        }

        await client.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key,
            ContentBody = "second body", UseChunkEncoding = false });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key + ".instruction",
            InputStream = new MemoryStream(earlier), UseChunkEncoding = false });

        var error = await Assert.ThrowsAsync<InstructionFileMismatchException>(
            () => client.GetObjectAsync(Bucket, key));

        Assert.Contains("belongs to another write of the object", error.Message);
    }

    public static IEnumerable<object[]> PositiveVectors() => InteropVectors.Ids("positive");

    [Theory]
    [MemberData(nameof(PositiveVectors))]
    public async Task InteropVector_StoredOnS3rver_DecryptsThroughAmazonS3Client(string id)
    {
        JsonElement record = InteropVectors.ById(id);
        JsonElement obj = record.GetProperty("object");
        string key = "vectors/" + id;
        using AmazonS3Client s3 = _server.CreateClient();
        await PutRawAsync(s3, key, InteropVectors.Body(record), obj.GetProperty("metadata_headers"));
        if (record.GetProperty("instruction_file") is { ValueKind: JsonValueKind.Object } instruction)
        {
            await PutRawAsync(
                s3, key + ".instruction",
                    System.Text.Encoding.UTF8.GetBytes(instruction.GetProperty("body_text").GetString()!),
                instruction.GetProperty("metadata_headers"));
        }

        FakeKms kms = FakeKms.Create();
        using MasterKey masterKey = InteropVectors.MasterKeyFor(record, kms);
        var client = new EnvelopeEncryptionClient(s3, masterKey,
            new EnvelopeEncryptionOptions { CommitmentPolicy = InteropVectors.PolicyFor(record) });
        using DecryptedObject result = await client.GetObjectAsync(Bucket, key);

        Assert.Equal(InteropVectors.Plaintext(record), result.ReadAllBytes());
    }

    [Fact]
    public async Task ProtectedMetadata_TravelsWithObjectAndOpens()
    {
        const string key = "metadata/user.json";
        using AmazonS3Client s3 = _server.CreateClient();
        using var protector = new ProtectedMetadata(RandomNumberGenerator.GetBytes(32), Bucket, key);
        var request = new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = "{}",
            UseChunkEncoding = false };
        request.Metadata.Add("email", protector.Protect("email", "alice@example.com"));

        await s3.PutObjectAsync(request);
        GetObjectMetadataResponse head = await s3.GetObjectMetadataAsync(Bucket, key);

        Assert.Equal("alice@example.com", protector.Unprotect("email", head.Metadata["email"]));
        Assert.DoesNotContain("alice", head.Metadata["email"]);
    }

    [Fact]
    public async Task ProtectedMetadata_MovedToOtherObject_FailsToOpen()
    {
        // s3rver 3.7.1 does not parse the SDK's x-amz-copy-source (no leading slash), so the move is a re-put.
        const string key = "metadata/a.json";
        using AmazonS3Client s3 = _server.CreateClient();
        using var protector = new ProtectedMetadata(RandomNumberGenerator.GetBytes(32), Bucket, key);
        var request = new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = "{}",
            UseChunkEncoding = false };
        request.Metadata.Add("email", protector.Protect("email", "alice@example.com"));
        await s3.PutObjectAsync(request);
        GetObjectMetadataResponse original = await s3.GetObjectMetadataAsync(Bucket, key);
        var moved = new PutObjectRequest { BucketName = Bucket, Key = "metadata/b.json", ContentBody = "{}",
            UseChunkEncoding = false };
        moved.Metadata.Add("email", original.Metadata["email"]);
        await s3.PutObjectAsync(moved);

        GetObjectMetadataResponse head = await s3.GetObjectMetadataAsync(Bucket, "metadata/b.json");
        using ProtectedMetadata other = protector.ForObject(Bucket, "metadata/b.json");

        Assert.Throws<MetadataAuthenticationException>(() => other.Unprotect("email", head.Metadata["email"]));
    }

    [Fact]
    public async Task Guard_UnencryptedPut_RejectedBeforeLeavingProcess()
    {
        const string key = "guard/unencrypted.txt";
        using AmazonS3Client s3 = _server.CreateClient();
        using IDisposable guard = new S3RuntimeGuard(new S3RuntimeGuardOptions()).Attach(s3);

        var error = await Assert.ThrowsAsync<S3PolicyViolationException>(() => s3.PutObjectAsync(
            new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = "x", UseChunkEncoding = false }));

        Assert.Equal(PolicyViolation.MissingEncryption, error.Violation);
        Assert.Empty(_server.SentTo(key));
        await AssertAbsentAsync(key);
    }

    [Fact]
    public async Task Guard_SensitiveTagKey_RejectedBeforeLeavingProcess()
    {
        const string key = "guard/tagged.txt";
        using AmazonS3Client s3 = _server.CreateClient();
        using IDisposable guard = new S3RuntimeGuard(new S3RuntimeGuardOptions()).Attach(s3);
        var request = new PutObjectRequest
        {
            BucketName = Bucket, Key = key, ContentBody = "x", UseChunkEncoding = false,
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
            TagSet = new List<Tag> { new() { Key = "customer email", Value = "alice@example.com" } },
        };

        var error = await Assert.ThrowsAsync<S3PolicyViolationException>(() => s3.PutObjectAsync(request));

        Assert.Equal(PolicyViolation.SensitiveTag, error.Violation);
        Assert.DoesNotContain("alice", error.ToString());
        Assert.Empty(_server.SentTo(key));
        await AssertAbsentAsync(key);
    }

    [Fact]
    public async Task Guard_CompleteMode_AddsSseHeaderOnTheWire()
    {
        const string key = "guard/completed.txt";
        using AmazonS3Client s3 = _server.CreateClient();
        using IDisposable guard = new S3RuntimeGuard(new S3RuntimeGuardOptions { Mode
            = GuardMode.Complete }).Attach(s3);

        await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = "x",
            UseChunkEncoding = false });

        SentRequest put = Assert.Single(_server.SentTo(key), r => r.Method == "PUT");
        Assert.Equal("AES256", put.Headers["x-amz-server-side-encryption"]);
    }

    [Fact]
    public async Task Guard_SseCOverHttp_RejectedBeforeLeavingProcess()
    {
        const string key = "guard/ssec.txt";
        using AmazonS3Client s3 = _server.CreateClient();
        using SseCustomerKey sseKey = SseCustomerKey.Generate();
        using IDisposable guard = new S3RuntimeGuard(new S3RuntimeGuardOptions()).Attach(s3);
        var request = new PutObjectRequest
        {
            BucketName = Bucket, Key = key, ContentBody = "x", UseChunkEncoding = false,
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerProvidedKey = sseKey.ExportBase64(),
        };

        var error = await Assert.ThrowsAsync<S3PolicyViolationException>(() => s3.PutObjectAsync(request));

        Assert.Equal(PolicyViolation.SseCOverHttp, error.Violation);
        Assert.DoesNotContain(sseKey.ExportBase64(), error.ToString());
        Assert.Empty(_server.SentTo(key));
        await AssertAbsentAsync(key);
    }

    [Fact]
    public async Task Guard_SensitiveMetadata_RejectedBeforeLeavingProcess()
    {
        const string key = "guard/metadata.txt";
        using AmazonS3Client s3 = _server.CreateClient();
        using IDisposable guard = new S3RuntimeGuard(new S3RuntimeGuardOptions()).Attach(s3);
        var request = new PutObjectRequest
        {
            BucketName = Bucket, Key = key, ContentBody = "x", UseChunkEncoding = false,
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
        };
        request.Metadata.Add("customerEmail", "alice@example.com");

        var error = await Assert.ThrowsAsync<S3PolicyViolationException>(() => s3.PutObjectAsync(request));

        Assert.Equal(PolicyViolation.SensitiveMetadata, error.Violation);
        Assert.Empty(_server.SentTo(key));
        await AssertAbsentAsync(key);
    }

    [Fact]
    public async Task Guard_CompliantEnvelopePut_ReachesServer()
    {
        const string key = "guard/envelope.bin";
        using AmazonS3Client s3 = _server.CreateClient();
        using IDisposable guard = new S3RuntimeGuard(new S3RuntimeGuardOptions()).Attach(s3);
        using AesMasterKey masterKey = AesMasterKey.Generate();
        var client = new EnvelopeEncryptionClient(s3, masterKey,
            new EnvelopeEncryptionOptions { Storage = EnvelopeStorage.InstructionFile });

        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket, Key = key, ContentBody = "x", UseChunkEncoding = false,
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
        });
        using DecryptedObject result = await client.GetObjectAsync(Bucket, key);

        Assert.Equal("x"u8.ToArray(), result.ReadAllBytes());
    }

    [Fact]
    public async Task Guard_Detached_NoLongerChecks()
    {
        const string key = "guard/detached.txt";
        using AmazonS3Client s3 = _server.CreateClient();
        IDisposable guard = new S3RuntimeGuard(new S3RuntimeGuardOptions()).Attach(s3);
        guard.Dispose();

        await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = "x",
            UseChunkEncoding = false });

        Assert.NotEmpty(_server.SentTo(key));
    }

    [Fact]
    public async Task Guard_RegisteredForAllClients_GuardsClientCreatedAfterwards()
    {
        const string key = "guard/pipeline.txt";
        using (new S3RuntimeGuard(new S3RuntimeGuardOptions()).RegisterForAllClients())
        {
            using AmazonS3Client s3 = _server.CreateClient();

            var error = await Assert.ThrowsAsync<S3PolicyViolationException>(() => s3.PutObjectAsync(
                new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = "x", UseChunkEncoding = false }));

            Assert.Equal(PolicyViolation.MissingEncryption, error.Violation);
        }

        Assert.Empty(_server.SentTo(key));
        await AssertAbsentAsync(key);
    }

    [Fact]
    public void SseC_KeyOnS3rverHttpClient_RefusedBeforeUse()
    {
        using AmazonS3Client s3 = _server.CreateClient();
        using SseCustomerKey sseKey = SseCustomerKey.Generate();
        var request = new PutObjectRequest { BucketName = Bucket, Key = "ssec/refused.txt" };

        Assert.Throws<InsecureTransportException>(() => sseKey.ApplyTo(request, s3.Config));
        Assert.Null(request.ServerSideEncryptionCustomerProvidedKey);
    }

    [Fact]
    public async Task S3rver_SseHeaders_AreAcceptedButNotEnforced()
    {
        // Documents the test server, not the library: s3rver ignores every SSE header, so SSE-C and KMS
        // behaviour cannot be proven against it.
        const string key = "s3rver/sse-ignored.txt";
        using AmazonS3Client s3 = _server.CreateClient();
        byte[] sseKey = RandomNumberGenerator.GetBytes(32);

        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket, Key = key, ContentBody = "x", UseChunkEncoding = false,
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerProvidedKey = Convert.ToBase64String(sseKey),
        });
        using GetObjectResponse withoutKey = await s3.GetObjectAsync(Bucket, key);

        Assert.Equal(1, withoutKey.ContentLength);
        Assert.True(string.IsNullOrEmpty(withoutKey.ServerSideEncryptionCustomerMethod?.Value));
    }

    private static async Task PutRawAsync(IAmazonS3 s3, string key, byte[] body, JsonElement headers)
    {
        var request = new PutObjectRequest { BucketName = Bucket, Key = key, InputStream = new MemoryStream(body),
            UseChunkEncoding = false };
        foreach (JsonProperty header in headers.EnumerateObject())
        {
            request.Metadata.Add(header.Name, header.Value.GetString());
        }

        await s3.PutObjectAsync(request);
    }

    private async Task AssertAbsentAsync(string key)
    {
        using AmazonS3Client s3 = _server.CreateClient();
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectMetadataAsync(Bucket, key));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
