using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3.Model;
using S3Sec.Crypto.Envelope;
using S3Sec.Crypto.Tests.TestSupport;
using Xunit;

namespace S3Sec.Crypto.Tests.Envelope;

/// <summary>
/// <see cref="EnvelopeEncryptionClient.GetObjectBytesAsync(GetObjectRequest, CancellationToken)"/> and
/// <see cref="DecryptedObject.ReadAllBytes"/>: the plaintext as one exact array, on both read paths.
/// </summary>
public sealed class GetObjectBytesTests : IDisposable
{
    private const string Bucket = "bucket";
    private const string Key = "reports/q3.bin";
    private const int Limit = 64 * 1024;
    private readonly FakeS3 _s3 = FakeS3.Create();
    private readonly AesMasterKey _masterKey = AesMasterKey.Generate();
    private readonly string _temp = Directory.CreateTempSubdirectory("s3sec-bytes-").FullName;

    public void Dispose()
    {
        _masterKey.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(Limit - 17)]
    [InlineData(Limit - 16)]
    [InlineData(Limit - 15)]
    [InlineData(300_001)]
    public async Task GetObjectBytes_EitherSideOfTheLimit_ReturnsThePlaintextAndLeavesNoFile(int size)
    {
        byte[] plaintext = RandomNumberGenerator.GetBytes(size);
        await Client(_temp).PutObjectAsync(Put(plaintext));

        byte[] result = await Client(_temp).GetObjectBytesAsync(Bucket, Key);

        Assert.Equal(plaintext, result);
        Assert.Empty(Directory.GetFiles(_temp));
    }

    /// <summary>A body of exactly the limit stays in memory; one byte more goes through the temporary file.</summary>
    [Theory]
    [InlineData(Limit - 16, false)]
    [InlineData(Limit - 15, true)]
    public async Task GetObjectBytes_AtTheLimit_TakesTheInMemoryPath(int size, bool throughFile)
    {
        await Client(_temp).PutObjectAsync(Put(RandomNumberGenerator.GetBytes(size)));
        EnvelopeEncryptionClient noFolder = Client(Path.Combine(_temp, "missing"));

        Task<byte[]> read = noFolder.GetObjectBytesAsync(Bucket, Key);

        if (throughFile)
        {
            await Assert.ThrowsAsync<DirectoryNotFoundException>(() => read);
        }
        else
        {
            Assert.Equal(size, (await read).Length);
        }
    }

    [Theory]
    [InlineData(1000, 0)]
    [InlineData(1000, 1015)]
    [InlineData(200_000, 100_000)]
    [InlineData(200_000, 200_015)]
    public async Task GetObjectBytes_TamperedBody_ThrowsAndLeavesNoFile(int size, int index)
    {
        await Client(_temp).PutObjectAsync(Put(RandomNumberGenerator.GetBytes(size)));
        Tamper(body => body[index] ^= 0x04);

        await Assert.ThrowsAsync<ObjectAuthenticationException>(() => Client(_temp).GetObjectBytesAsync(Bucket, Key));
        Assert.Empty(Directory.GetFiles(_temp));
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(200_000)]
    public async Task GetObjectBytes_TruncatedOrLongerBody_Throws(int size)
    {
        await Client(_temp).PutObjectAsync(Put(RandomNumberGenerator.GetBytes(size)));
        StoredObject stored = _s3.Objects[Bucket + "/" + Key];
        byte[] original = stored.Body;

        _s3.Objects[Bucket + "/" + Key] = stored with { Body = original[..^1] };
        await Assert.ThrowsAsync<ObjectAuthenticationException>(() => Client(_temp).GetObjectBytesAsync(Bucket, Key));
        _s3.Objects[Bucket + "/" + Key] = stored with { Body = [.. original, 0] };
        await Assert.ThrowsAsync<ObjectAuthenticationException>(() => Client(_temp).GetObjectBytesAsync(Bucket, Key));
        Assert.Empty(Directory.GetFiles(_temp));
    }

    [Fact]
    public async Task GetObjectBytes_ByteRange_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Client(_temp).GetObjectBytesAsync(
            new GetObjectRequest { BucketName = Bucket, Key = Key, ByteRange = new ByteRange(0, 10) }));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetObjectBytes_CancelledMidBody_ThrowsCanceledAndLeavesNoFile(bool throughFile)
    {
        byte[] plaintext = RandomNumberGenerator.GetBytes(600_000);
        EnvelopeEncryptionClient client = Client(_temp, throughFile ? Limit : 1 << 20);
        await client.PutObjectAsync(Put(plaintext));
        using var cancel = new CancellationTokenSource();
        CancellingStream? body = null;
        _s3.WrapResponseBody = inner => body = new CancellingStream(inner, 200_000, cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetObjectBytesAsync(
            new GetObjectRequest { BucketName = Bucket, Key = Key }, cancel.Token));

        Assert.InRange(body!.BytesPassed, 200_000, plaintext.Length + 15);
        Assert.Empty(Directory.GetFiles(_temp));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(Limit)]
    public async Task ReadAllBytes_FromAnyPosition_ReturnsTheWholePlaintextAndLeavesContentAtItsEnd(int limit)
    {
        byte[] plaintext = RandomNumberGenerator.GetBytes(50_000);
        EnvelopeEncryptionClient client = Client(_temp, limit);
        await client.PutObjectAsync(Put(plaintext));
        using DecryptedObject result = await client.GetObjectAsync(Bucket, Key);
        result.Content.Position = 12_345;

        byte[] first = result.ReadAllBytes();
        byte[] second = result.ReadAllBytes();

        Assert.Equal(plaintext, first);
        Assert.Equal(plaintext, second);
        Assert.NotSame(first, second);
        Assert.Equal(result.ContentLength, result.Content.Position);
    }

    private EnvelopeEncryptionClient Client(string temporaryDirectory, int limit = Limit) =>
        new(_s3.Client, _masterKey, new EnvelopeEncryptionOptions
        {
            InMemoryLimit = limit,
            TemporaryDirectory = temporaryDirectory,
        });

    private static PutObjectRequest Put(byte[] plaintext) =>
        new() { BucketName = Bucket, Key = Key, InputStream = new MemoryStream(plaintext) };

    private void Tamper(Action<byte[]> edit)
    {
        StoredObject stored = _s3.Objects[Bucket + "/" + Key];
        byte[] copy = (byte[])stored.Body.Clone();
        edit(copy);
        _s3.Objects[Bucket + "/" + Key] = stored with { Body = copy };
    }
}
