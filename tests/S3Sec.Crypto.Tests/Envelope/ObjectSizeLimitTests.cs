using System;
using System.Globalization;
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
/// How long a body may be: the temporary-file bound of a read (a chunked response has no Content-Length) and the
/// AES-GCM limit of one key and nonce, shown with lengths the fake S3 claims rather than 64 GiB of data.
/// </summary>
public sealed class ObjectSizeLimitTests : IDisposable
{
    private const string Bucket = "bucket";
    private const string Key = "limits/object.bin";
    private const long GcmBodyLimit = (1L << 36) - 32 + 16;
    private readonly FakeS3 _s3 = FakeS3.Create();
    private readonly RecordingMasterKey _masterKey = new(AesMasterKey.Generate());
    private readonly string _temp = Directory.CreateTempSubdirectory("s3sec-limits-").FullName;
    private long _bodyBytesRead;

    public ObjectSizeLimitTests() =>
        _s3.WrapResponseBody = inner => new CountingStream(inner, n => Interlocked.Add(ref _bodyBytesRead, n));

    public void Dispose()
    {
        _masterKey.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    [Theory]
    [InlineData(CommitmentPolicy.RequireEncryptAllowDecrypt, false)]
    [InlineData(CommitmentPolicy.RequireEncryptAllowDecrypt, true)]
    [InlineData(CommitmentPolicy.ForbidEncryptAllowDecrypt, false)]
    public async Task ChunkedBodyOverTemporaryFileLimit_RefusedAsItPassesAndFileDeleted(
        CommitmentPolicy policy, bool intoArray)
    {
        await Client(policy).PutObjectAsync(Put(RandomNumberGenerator.GetBytes(200_000)));
        if (policy == CommitmentPolicy.ForbidEncryptAllowDecrypt)
        {
            // A V2 object whose length record was removed reads like a V3 one: nothing says how long it is.
            _s3.Objects[$"{Bucket}/{Key}"] = _s3.Objects[$"{Bucket}/{Key}"]
                .With(EnvelopeKeys.V2PlaintextLength, null);
        }

        _s3.HideContentLength = true;
        EnvelopeEncryptionClient client = Client(policy, temporaryFileLimit: 100_000);

        var error = await Assert.ThrowsAsync<ObjectTooLargeException>(async () =>
        {
            if (intoArray)
            {
                await client.GetObjectBytesAsync(Bucket, Key);
            }
            else
            {
                (await client.GetObjectAsync(Bucket, Key)).Dispose();
            }
        });

        Assert.Contains("more than TemporaryFileLimit (100000 bytes)", error.Message);
        Assert.InRange(Interlocked.Read(ref _bodyBytesRead), 100_001, 100_000 + 64 * 1024 + 16);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task KnownLengthOverTemporaryFileLimit_RefusedBeforeTheBodyIsRead(bool recordedLengthOnly)
    {
        CommitmentPolicy policy = CommitmentPolicy.ForbidEncryptAllowDecrypt;
        await Client(policy).PutObjectAsync(Put(RandomNumberGenerator.GetBytes(200_000)));
        _s3.HideContentLength = recordedLengthOnly;

        var error = await Assert.ThrowsAsync<ObjectTooLargeException>(
            () => Client(policy, temporaryFileLimit: 100_000).GetObjectBytesAsync(Bucket, Key));

        Assert.Contains("200016 bytes", error.Message);
        Assert.Equal(0, Interlocked.Read(ref _bodyBytesRead));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp));
    }

    [Fact]
    public async Task ChunkedBodyAtTemporaryFileLimit_Decrypts()
    {
        byte[] plaintext = RandomNumberGenerator.GetBytes(200_000);
        await Client(CommitmentPolicy.RequireEncryptAllowDecrypt).PutObjectAsync(Put(plaintext));
        _s3.HideContentLength = true;

        byte[] read = await Client(CommitmentPolicy.RequireEncryptAllowDecrypt, temporaryFileLimit: 200_016)
            .GetObjectBytesAsync(Bucket, Key);

        Assert.Equal(plaintext, read);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(GcmBodyLimit + 1)]
    public void TemporaryFileLimit_OutOfRange_Refused(long limit)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => Client(CommitmentPolicy.RequireEncryptAllowDecrypt, limit));

        Assert.Equal("TemporaryFileLimit", error.ParamName);
    }

    [Fact]
    public void TemporaryFileLimit_DefaultIs16GiB() =>
        Assert.Equal(16L << 30, new EnvelopeEncryptionOptions().TemporaryFileLimit);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ContentLengthOverGcmLimit_RefusedBeforeKeyOrInstructionFile(bool instructionFile)
    {
        await Client(CommitmentPolicy.RequireEncryptAllowDecrypt, instructionFile: instructionFile)
            .PutObjectAsync(Put(RandomNumberGenerator.GetBytes(1000)));
        int keysBefore = _masterKey.Handed.Count;
        _s3.ReportContentLength = key => key == Key ? GcmBodyLimit + 1 : null;

        var error = await Assert.ThrowsAsync<ObjectTooLargeException>(() =>
            Client(CommitmentPolicy.RequireEncryptAllowDecrypt, instructionFile: instructionFile)
                .GetObjectBytesAsync(Bucket, Key));

        Assert.Contains("2^36 - 32 bytes of plaintext", error.Message);
        Assert.Contains("No plaintext was released", error.Message);
        Assert.Equal(keysBefore, _masterKey.Handed.Count);
        Assert.Single(_s3.Gets);
        Assert.Equal(0, Interlocked.Read(ref _bodyBytesRead));
    }

    [Fact]
    public async Task ContentLengthAtGcmLimit_PassesTheGcmCheckAndMeetsTheTemporaryFileLimit()
    {
        await Client(CommitmentPolicy.RequireEncryptAllowDecrypt)
            .PutObjectAsync(Put(RandomNumberGenerator.GetBytes(1000)));
        _s3.ReportContentLength = key => key == Key ? GcmBodyLimit : null;

        // A possible length for AES-GCM, so the bound that refuses it is the caller's, still before the body is read.
        var error = await Assert.ThrowsAsync<ObjectTooLargeException>(
            () => Client(CommitmentPolicy.RequireEncryptAllowDecrypt).GetObjectAsync(Bucket, Key));

        Assert.Contains("TemporaryFileLimit", error.Message);
        Assert.Equal(0, Interlocked.Read(ref _bodyBytesRead));
    }

    [Fact]
    public async Task RecordedPlaintextLengthOverGcmLimit_RefusedBeforeTheKeyIsUnwrapped()
    {
        CommitmentPolicy policy = CommitmentPolicy.ForbidEncryptAllowDecrypt;
        await Client(policy).PutObjectAsync(Put(RandomNumberGenerator.GetBytes(1000)));
        _s3.Objects[$"{Bucket}/{Key}"] = _s3.Objects[$"{Bucket}/{Key}"]
            .With(EnvelopeKeys.V2PlaintextLength, (1L << 36).ToString(CultureInfo.InvariantCulture));
        _s3.HideContentLength = true;
        int keysBefore = _masterKey.Handed.Count;

        var error = await Assert.ThrowsAsync<ObjectTooLargeException>(
            () => Client(policy).GetObjectBytesAsync(Bucket, Key));

        Assert.Contains("2^36 - 32 bytes of plaintext", error.Message);
        Assert.Equal(keysBefore, _masterKey.Handed.Count);
        Assert.Equal(0, Interlocked.Read(ref _bodyBytesRead));
    }

    [Theory]
    [InlineData((1L << 36) - 31)]
    [InlineData(long.MaxValue)]
    public async Task PutOfKnownLengthOverGcmLimit_RefusedBeforeAnyKeyOrRequest(long length)
    {
        var request = new PutObjectRequest
        {
            BucketName = Bucket,
            Key = Key,
            InputStream = new ClaimedLengthStream(length),
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => Client(CommitmentPolicy.RequireEncryptAllowDecrypt).PutObjectAsync(request));

        Assert.Contains("2^36 - 32 bytes", error.Message);
        Assert.Empty(_masterKey.Handed);
        Assert.Empty(_s3.Objects);
    }

    private EnvelopeEncryptionClient Client(
        CommitmentPolicy policy, long temporaryFileLimit = EnvelopeEncryptionOptions.DefaultTemporaryFileLimit,
        bool instructionFile = false) => new(
        _s3.Client, _masterKey, new EnvelopeEncryptionOptions
        {
            CommitmentPolicy = policy,
            InMemoryLimit = 1024,
            TemporaryDirectory = _temp,
            TemporaryFileLimit = temporaryFileLimit,
            Storage = instructionFile ? EnvelopeStorage.InstructionFile : EnvelopeStorage.ObjectMetadata,
        });

    private static PutObjectRequest Put(byte[] plaintext) => new()
    {
        BucketName = Bucket,
        Key = Key,
        InputStream = new MemoryStream(plaintext),
    };

    /// <summary>Passes reads through and reports how many bytes each gave.</summary>
    private sealed class CountingStream(Stream inner, Action<int> counted) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int read = inner.Read(buffer);
            counted(read);
            return read;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = inner.Read(buffer.Span);
            counted(read);
            return ValueTask.FromResult(read);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken token) =>
            ReadAsync(buffer.AsMemory(offset, count), token).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A seekable source that claims a length it never has to deliver.</summary>
    private sealed class ClaimedLengthStream(long length) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count) =>
            throw new InvalidOperationException("The body must not be read.");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
