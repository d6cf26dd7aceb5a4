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
/// <see cref="EnvelopeEncryptionClient.GetObjectBytesAsync(GetObjectRequest, Memory{byte}, CancellationToken)"/>:
/// the plaintext decrypted into the caller's memory, at any size, with no temporary file; on a failure the bytes
/// written are zeroed and those past the plaintext never touched.
/// </summary>
public sealed class GetObjectIntoTests : IDisposable
{
    private const string Bucket = "bucket";
    private const string Key = "reports/q3.bin";
    private const int Limit = 64 * 1024;
    private const byte Fill = 0xA5;
    private readonly FakeS3 _s3 = FakeS3.Create();
    private readonly AesMasterKey _masterKey = AesMasterKey.Generate();
    private readonly string _temp = Directory.CreateTempSubdirectory("s3sec-into-").FullName;

    public void Dispose()
    {
        _masterKey.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    /// <summary>
    /// Past the in-memory limit too: the client's temporary folder does not exist, so a read that went through a
    /// file would throw.
    /// </summary>
    [Theory]
    [InlineData(0, false)]
    [InlineData(1, false)]
    [InlineData(17, false)]
    [InlineData(Limit - 17, false)]
    [InlineData(Limit - 16, false)]
    [InlineData(Limit - 15, false)]
    [InlineData(300_001, false)]
    [InlineData(0, true)]
    [InlineData(17, true)]
    [InlineData(300_001, true)]
    public async Task GetObjectInto_AnySize_ReturnsTheLengthAndLeavesTheRestUntouched(int size, bool noContentLength)
    {
        byte[] plaintext = RandomNumberGenerator.GetBytes(size);
        await Client().PutObjectAsync(Put(plaintext));
        _s3.HideContentLength = noContentLength;
        byte[] destination = Filled(size + 100);

        int written = await Client(Path.Combine(_temp, "missing")).GetObjectBytesAsync(Bucket, Key, destination);

        Assert.Equal(size, written);
        Assert.True(plaintext.AsSpan().SequenceEqual(destination.AsSpan(0, size)));
        AssertUntouched(destination, size);
        Assert.Empty(Directory.GetFiles(_temp));
    }

    [Fact]
    public async Task GetObjectInto_ExactSizeDestination_ReturnsThePlaintext()
    {
        byte[] plaintext = RandomNumberGenerator.GetBytes(100_000);
        await Client().PutObjectAsync(Put(plaintext));
        byte[] destination = new byte[100_000];

        int written = await Client().GetObjectBytesAsync(
            new GetObjectRequest { BucketName = Bucket, Key = Key }, destination.AsMemory());

        Assert.Equal(100_000, written);
        Assert.Equal(plaintext, destination);
    }

    /// <summary>
    /// The V3 format records no plaintext length, so the Content-Length refuses it; a V2 object records one, which
    /// refuses it even without a Content-Length. Either way before the body is read.
    /// </summary>
    [Theory]
    [InlineData(1, CommitmentPolicy.RequireEncryptAllowDecrypt, false)]
    [InlineData(100_000, CommitmentPolicy.RequireEncryptAllowDecrypt, false)]
    [InlineData(100_000, CommitmentPolicy.ForbidEncryptAllowDecrypt, false)]
    [InlineData(100_000, CommitmentPolicy.ForbidEncryptAllowDecrypt, true)]
    public async Task GetObjectInto_DestinationOneByteShort_ThrowsBeforeReading(
        int size, CommitmentPolicy policy, bool noContentLength)
    {
        await Client(policy: policy).PutObjectAsync(Put(RandomNumberGenerator.GetBytes(size)));
        _s3.HideContentLength = noContentLength;
        CancellingStream? body = null;
        _s3.WrapResponseBody = inner => body = new CancellingStream(inner, long.MaxValue, new());
        byte[] destination = Filled(size);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Client(policy: policy).GetObjectBytesAsync(Bucket, Key, destination.AsMemory(0, size - 1)));

        Assert.Equal("destination", error.ParamName);
        Assert.Contains($"{size} bytes", error.Message);
        Assert.Contains($"{size - 1} bytes", error.Message);
        Assert.Equal(0, body!.BytesPassed);
        AssertUntouched(destination, 0);
    }

    [Fact]
    public async Task GetObjectInto_NoLengthKnownAndOneByteShort_ThrowsAndZeroesWhatItWrote()
    {
        await Client().PutObjectAsync(Put(RandomNumberGenerator.GetBytes(100_000)));
        _s3.HideContentLength = true;
        byte[] destination = Filled(100_100);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Client().GetObjectBytesAsync(Bucket, Key, destination.AsMemory(0, 99_999)));

        Assert.Equal("destination", error.ParamName);
        Assert.Contains("99999 bytes", error.Message);
        AssertZeroedThenUntouched(destination, 1, 99_999);
    }

    [Theory]
    [InlineData(1000, 0, false)]
    [InlineData(1000, 1015, false)]
    [InlineData(200_000, 100_000, false)]
    [InlineData(200_000, 200_015, false)]
    [InlineData(200_000, 100_000, true)]
    [InlineData(200_000, 200_015, true)]
    public async Task GetObjectInto_TamperedTextOrTag_ThrowsAndZeroesTheText(int size, int index, bool noContentLength)
    {
        await Client().PutObjectAsync(Put(RandomNumberGenerator.GetBytes(size)));
        Tamper(body => body[index] ^= 0x04);
        _s3.HideContentLength = noContentLength;
        byte[] destination = Filled(size + 100);

        await Assert.ThrowsAsync<ObjectAuthenticationException>(() =>
            Client().GetObjectBytesAsync(Bucket, Key, destination));

        AssertZeroedThenUntouched(destination, size, size);
        Assert.Empty(Directory.GetFiles(_temp));
    }

    [Theory]
    [InlineData(1000, -1)]
    [InlineData(1000, 1)]
    [InlineData(200_000, -1)]
    [InlineData(200_000, 1)]
    public async Task GetObjectInto_ShortOrLongBody_ThrowsAndZeroesWhatItWrote(int size, int change)
    {
        await Client().PutObjectAsync(Put(RandomNumberGenerator.GetBytes(size)));
        Tamper(body => { }, change);
        byte[] destination = Filled(size + 100);

        await Assert.ThrowsAsync<ObjectAuthenticationException>(() =>
            Client().GetObjectBytesAsync(Bucket, Key, destination));

        AssertZeroedThenUntouched(destination, size > Limit ? Limit : 0, size + 1);
    }

    [Fact]
    public async Task GetObjectInto_ByteRange_Throws()
    {
        await Client().PutObjectAsync(Put(RandomNumberGenerator.GetBytes(100)));
        byte[] destination = Filled(200);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Client().GetObjectBytesAsync(
            new GetObjectRequest { BucketName = Bucket, Key = Key, ByteRange = new ByteRange(0, 10) }, destination));

        Assert.Equal("request", error.ParamName);
        AssertUntouched(destination, 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetObjectInto_CancelledMidBody_ThrowsCanceledAndZeroesWhatItWrote(bool noContentLength)
    {
        byte[] plaintext = RandomNumberGenerator.GetBytes(600_000);
        await Client().PutObjectAsync(Put(plaintext));
        _s3.HideContentLength = noContentLength;
        using var cancel = new CancellationTokenSource();
        CancellingStream? body = null;
        _s3.WrapResponseBody = inner => body = new CancellingStream(inner, 200_000, cancel);
        byte[] destination = Filled(600_100);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client().GetObjectBytesAsync(
            new GetObjectRequest { BucketName = Bucket, Key = Key }, destination, cancel.Token));

        Assert.InRange(body!.BytesPassed, 200_000, plaintext.Length + 15);
        AssertZeroedThenUntouched(destination, 1 << 17, plaintext.Length - 1);
        Assert.Empty(Directory.GetFiles(_temp));
    }

    private EnvelopeEncryptionClient Client(
        string? temporaryDirectory = null, CommitmentPolicy policy = CommitmentPolicy.RequireEncryptAllowDecrypt) =>
        new(_s3.Client, _masterKey, new EnvelopeEncryptionOptions
        {
            InMemoryLimit = Limit,
            TemporaryDirectory = temporaryDirectory ?? _temp,
            CommitmentPolicy = policy,
        });

    private static PutObjectRequest Put(byte[] plaintext) =>
        new() { BucketName = Bucket, Key = Key, InputStream = new MemoryStream(plaintext) };

    /// <summary>Filled, not zeroed, so a test sees which bytes the client touched.</summary>
    private static byte[] Filled(int length)
    {
        byte[] array = new byte[length];
        array.AsSpan().Fill(Fill);
        return array;
    }

    private static void AssertUntouched(byte[] destination, int from) =>
        Assert.True(destination.AsSpan(from).IndexOfAnyExcept(Fill) < 0, $"a byte past {from} was written");

    /// <summary>Zeroes (what was written, between the bounds), then the fill: no byte of text is left.</summary>
    private static void AssertZeroedThenUntouched(byte[] destination, int atLeast, int atMost)
    {
        int zeroed = destination.AsSpan().IndexOfAnyExcept((byte)0);
        zeroed = zeroed < 0 ? destination.Length : zeroed;
        Assert.InRange(zeroed, atLeast, atMost);
        AssertUntouched(destination, zeroed);
    }

    /// <summary>Edits the stored body, and makes it one byte shorter (-1) or longer (1).</summary>
    private void Tamper(Action<byte[]> edit, int change = 0)
    {
        StoredObject stored = _s3.Objects[Bucket + "/" + Key];
        byte[] copy = (byte[])stored.Body.Clone();
        edit(copy);
        copy = change < 0 ? copy[..^1] : change > 0 ? [.. copy, 0] : copy;
        _s3.Objects[Bucket + "/" + Key] = stored with { Body = copy };
    }
}
