using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Amazon.S3.Model;
using S3Sec.Crypto.Envelope;
using S3Sec.Crypto.Tests.TestSupport;
using Xunit;

namespace S3Sec.Crypto.Tests.Envelope;

/// <summary>
/// An instruction file is a second object that S3 versions apart from the object it describes: a versioned read,
/// a read during a write, or a replaced instruction file meets an envelope of another body.
/// </summary>
public sealed class InstructionFileVersionTests : IDisposable
{
    private const string Bucket = "bucket";
    private const string Key = "versions/object.bin";
    private readonly FakeS3 _s3 = FakeS3.Create();
    private readonly AesMasterKey _masterKey = AesMasterKey.Generate();
    private readonly string _temp = Directory.CreateTempSubdirectory("s3sec-versions-").FullName;

    public void Dispose()
    {
        _masterKey.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    public static TheoryData<CommitmentPolicy, int> PoliciesAndSizes() => new()
    {
        { CommitmentPolicy.ForbidEncryptAllowDecrypt, 1000 },
        { CommitmentPolicy.ForbidEncryptAllowDecrypt, 300_000 },
        { CommitmentPolicy.RequireEncryptAllowDecrypt, 1000 },
        { CommitmentPolicy.RequireEncryptAllowDecrypt, 300_000 },
    };

    [Theory]
    [MemberData(nameof(PoliciesAndSizes))]
    public async Task OlderVersion_CurrentInstructionFileBelongsToNewer_RefusedNamingTheCause(
        CommitmentPolicy policy, int size)
    {
        _s3.Versioning = true;
        byte[] first = RandomNumberGenerator.GetBytes(size);
        byte[] second = RandomNumberGenerator.GetBytes(size);
        await Client(policy).PutObjectAsync(Put(first));
        await Client(policy).PutObjectAsync(Put(second));

        var error = await Assert.ThrowsAsync<InstructionFileMismatchException>(() => Client(policy).GetObjectAsync(
            new GetObjectRequest { BucketName = Bucket, Key = Key, VersionId = "v1" }));

        Assert.Contains("does not version an instruction file with its object", error.Message);
        Assert.Contains("No plaintext was released", error.Message);
        Assert.IsType(
            policy == CommitmentPolicy.ForbidEncryptAllowDecrypt
                ? typeof(ObjectAuthenticationException)
                : typeof(KeyCommitmentException),
            error.InnerException);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp));
        Secrets.AssertNotLeaked(error, first);
        Secrets.AssertNotLeaked(error, second);
    }

    [Theory]
    [MemberData(nameof(PoliciesAndSizes))]
    public async Task NewestVersion_ReadByVersionId_Decrypts(CommitmentPolicy policy, int size)
    {
        _s3.Versioning = true;
        byte[] second = RandomNumberGenerator.GetBytes(size);
        await Client(policy).PutObjectAsync(Put(RandomNumberGenerator.GetBytes(size)));
        await Client(policy).PutObjectAsync(Put(second));

        using DecryptedObject read = await Client(policy).GetObjectAsync(
            new GetObjectRequest { BucketName = Bucket, Key = Key, VersionId = "v2" });
        using var copy = new MemoryStream();
        await read.Content.CopyToAsync(copy);

        Assert.Equal(second, copy.ToArray());
        Assert.Equal("v2", read.VersionId);
    }

    [Theory]
    [MemberData(nameof(PoliciesAndSizes))]
    public async Task InstructionFileOfAnotherWrite_UnversionedRead_RefusedNamingTheCause(
        CommitmentPolicy policy, int size)
    {
        await Client(policy).PutObjectAsync(Put(RandomNumberGenerator.GetBytes(size)));
        StoredObject ownInstruction = _s3.Objects[$"{Bucket}/{Key}.instruction"];
        await Client(policy).PutObjectAsync(Put(RandomNumberGenerator.GetBytes(size)));
        _s3.Objects[$"{Bucket}/{Key}.instruction"] = ownInstruction;

        var error = await Assert.ThrowsAsync<InstructionFileMismatchException>(
            () => Client(policy).GetObjectBytesAsync(Bucket, Key));

        Assert.Contains("belongs to another write of the object", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp));
    }

    [Fact]
    public async Task TamperedBody_EnvelopeInMetadata_StaysAPlainAuthenticationFailure()
    {
        var client = new EnvelopeEncryptionClient(_s3.Client, _masterKey, new EnvelopeEncryptionOptions
        {
            CommitmentPolicy = CommitmentPolicy.ForbidEncryptAllowDecrypt,
        });
        await client.PutObjectAsync(Put(RandomNumberGenerator.GetBytes(100)));
        StoredObject stored = _s3.Objects[$"{Bucket}/{Key}"];
        stored.Body[5] ^= 1;

        await Assert.ThrowsAsync<ObjectAuthenticationException>(() => client.GetObjectBytesAsync(Bucket, Key));
    }

    [Fact]
    public async Task InstructionFileRequests_CarryTheBucketOwnerGuardAndRequestPayer()
    {
        PutObjectRequest put = Put(RandomNumberGenerator.GetBytes(100));
        put.ExpectedBucketOwner = "111122223333";
        put.RequestPayer = Amazon.S3.RequestPayer.Requester;
        await Client(CommitmentPolicy.RequireEncryptAllowDecrypt).PutObjectAsync(put);
        await Client(CommitmentPolicy.RequireEncryptAllowDecrypt).GetObjectBytesAsync(new GetObjectRequest
        {
            BucketName = Bucket,
            Key = Key,
            ExpectedBucketOwner = "111122223333",
            RequestPayer = Amazon.S3.RequestPayer.Requester,
        });

        PutObjectRequest instructionPut = _s3.Puts.Single(p => p.Key == Key + ".instruction");
        GetObjectRequest instructionGet = _s3.Gets.Single(g => g.Key == Key + ".instruction");
        Assert.Equal("111122223333", instructionPut.ExpectedBucketOwner);
        Assert.Equal("111122223333", instructionGet.ExpectedBucketOwner);
        Assert.Equal(Amazon.S3.RequestPayer.Requester, instructionPut.RequestPayer);
        Assert.Equal(Amazon.S3.RequestPayer.Requester, instructionGet.RequestPayer);
    }

    private EnvelopeEncryptionClient Client(CommitmentPolicy policy) => new(
        _s3.Client, _masterKey, new EnvelopeEncryptionOptions
        {
            CommitmentPolicy = policy,
            Storage = EnvelopeStorage.InstructionFile,
            InMemoryLimit = 64 * 1024,
            TemporaryDirectory = _temp,
        });

    private static PutObjectRequest Put(byte[] plaintext) => new()
    {
        BucketName = Bucket,
        Key = Key,
        InputStream = new MemoryStream(plaintext),
    };
}
