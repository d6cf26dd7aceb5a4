using System;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3.Model;
using S3Sec.Crypto.Envelope;
using S3Sec.Crypto.Tests.TestSupport;
using Xunit;

namespace S3Sec.Crypto.Tests.Robustness;

/// <summary>
/// A token cancelled while a multi-MiB body is halfway through: the operation ends with
/// <see cref="OperationCanceledException"/>, hands out no plaintext, stores nothing, leaves no temporary file,
/// and zeroes the data key it held.
/// </summary>
public sealed class CancellationTests : IDisposable
{
    private const int Size = 6 * 1024 * 1024;
    private const int CancelAfter = 1024 * 1024;
    private const string Bucket = "b";
    private const string Key = "big.bin";
    private readonly FakeS3 _s3 = FakeS3.Create();
    private readonly RecordingMasterKey _masterKey = new(AesMasterKey.Generate());
    private readonly string _temp = Directory.CreateTempSubdirectory("s3sec-cancel-").FullName;
    private readonly byte[] _plaintext = RandomNumberGenerator.GetBytes(Size);

    public void Dispose()
    {
        _masterKey.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task GetCancelledMidBody_ThrowsCanceledReleasesNothingAndLeavesNoFile(bool throughFile)
    {
        EnvelopeEncryptionClient client = Client(throughFile);
        await client.PutObjectAsync(Put(new MemoryStream(_plaintext)));
        using var cancel = new CancellationTokenSource();
        CancellingStream? body = null;
        _s3.WrapResponseBody = inner => body = new CancellingStream(inner, CancelAfter, cancel);
        int filesAtCancel = -1;
        cancel.Token.Register(() => filesAtCancel = Directory.GetFiles(_temp).Length);
        var sink = new RecordingStream();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            using DecryptedObject result = await client.GetObjectAsync(Bucket, Key, cancel.Token);
            await result.Content.CopyToAsync(sink);
        });

        Assert.InRange(body!.BytesPassed, CancelAfter, Size - 1);
        Assert.Equal(throughFile ? 1 : 0, filesAtCancel);
        Assert.Equal(0, sink.BytesWritten);
        Assert.Empty(Directory.GetFiles(_temp));
        AssertDataKeysZeroed();
    }

    [Fact]
    public async Task PutCancelledMidSeekableBody_ThrowsCanceledAndStoresNothing()
    {
        using var cancel = new CancellationTokenSource();
        var source = new CancellingStream(new MemoryStream(_plaintext), CancelAfter, cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Client(throughFile: false).PutObjectAsync(Put(source), cancel.Token));

        Assert.InRange(source.BytesPassed, CancelAfter, Size - 1);
        Assert.Empty(_s3.Objects);
        Assert.Empty(Directory.GetFiles(_temp));
        AssertDataKeysZeroed();
    }

    [Fact]
    public async Task PutCancelledMidNonSeekableBody_ThrowsCanceledStoresNothingAndLeavesNoSpoolFile()
    {
        using var cancel = new CancellationTokenSource();
        var source = new CancellingStream(new MemoryStream(_plaintext), CancelAfter, cancel, seekable: false);
        int filesAtCancel = -1;
        cancel.Token.Register(() => filesAtCancel = Directory.GetFiles(_temp).Length);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Client(throughFile: false).PutObjectAsync(Put(source), cancel.Token));

        Assert.InRange(source.BytesPassed, CancelAfter, Size - 1);
        Assert.Equal(1, filesAtCancel);
        Assert.Empty(_s3.Objects);
        Assert.Empty(Directory.GetFiles(_temp));
        AssertDataKeysZeroed();
    }

    [Fact]
    public async Task GetAfterCancelledGet_StillReturnsTheExactPlaintext()
    {
        EnvelopeEncryptionClient client = Client(throughFile: true);
        await client.PutObjectAsync(Put(new MemoryStream(_plaintext)));
        using (var cancel = new CancellationTokenSource())
        {
            _s3.WrapResponseBody = inner => new CancellingStream(inner, CancelAfter, cancel);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(
                () => client.GetObjectAsync(Bucket, Key, cancel.Token));
        }

        _s3.WrapResponseBody = null;
        using DecryptedObject result = await client.GetObjectAsync(Bucket, Key);

        Assert.Equal(_plaintext, result.ReadAllBytes());
    }

    private EnvelopeEncryptionClient Client(bool throughFile)
    {
        var options = new EnvelopeEncryptionOptions
        {
            InMemoryLimit = throughFile ? EnvelopeEncryptionOptions.DefaultInMemoryLimit : 2 * Size,
            TemporaryDirectory = _temp,
        };
        return new EnvelopeEncryptionClient(_s3.Client, _masterKey, options);
    }

    private static PutObjectRequest Put(Stream source) =>
        new() { BucketName = Bucket, Key = Key, InputStream = source };

    private void AssertDataKeysZeroed()
    {
        Assert.NotEmpty(_masterKey.Handed);
        Assert.All(_masterKey.Handed, key => Assert.All(key, b => Assert.Equal(0, b)));
    }
}
