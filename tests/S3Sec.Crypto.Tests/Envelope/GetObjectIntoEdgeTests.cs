using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3.Model;
using S3Sec.Crypto.Envelope;
using S3Sec.Crypto.Tests.TestSupport;
using Xunit;

namespace S3Sec.Crypto.Tests.Envelope;

/// <summary>
/// The caller's-buffer overload of GetObjectBytesAsync against what a newcomer would throw at it: slices of larger
/// arrays, bodies read a few bytes at a time or failing midway, lying lengths, and the other overloads' answers.
/// </summary>
public sealed class GetObjectIntoEdgeTests : IDisposable
{
    private const string Bucket = "bucket";
    private const string Key = "edge/object.bin";
    private const byte Fill = 0xA5;
    private const int Before = 37;
    private readonly FakeS3 _s3 = FakeS3.Create();
    private readonly AesMasterKey _masterKey = AesMasterKey.Generate();
    private readonly string _temp = Directory.CreateTempSubdirectory("s3sec-edge-").FullName;

    public void Dispose()
    {
        _masterKey.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    public static TheoryData<int, bool, CommitmentPolicy> SizesAndShapes()
    {
        var data = new TheoryData<int, bool, CommitmentPolicy>();
        foreach (int size in new[] { 0, 1, 15, 16, 17, 31, 33, 32 * 1024 - 1, 32 * 1024, 32 * 1024 + 17, 100_003 })
        {
            foreach (bool hidden in new[] { false, true })
            {
                data.Add(size, hidden, CommitmentPolicy.RequireEncryptAllowDecrypt);
                data.Add(size, hidden, CommitmentPolicy.ForbidEncryptAllowDecrypt);
            }
        }

        return data;
    }

    /// <summary>A slice at an odd offset of a larger array, the body handed out 1 to 7 bytes per read.</summary>
    [Theory]
    [MemberData(nameof(SizesAndShapes))]
    public async Task Into_SliceOfLargerArrayTrickledBody_ReturnsPlaintextAndLeavesBothSidesUntouched(
        int size, bool noContentLength, CommitmentPolicy policy)
    {
        byte[] plaintext = RandomNumberGenerator.GetBytes(size);
        await Client(policy).PutObjectAsync(Put(plaintext));
        _s3.HideContentLength = noContentLength;
        _s3.WrapResponseBody = inner => new TrickleStream(inner, 7);
        byte[] array = Filled(Before + size + 51);

        int written = await Client(policy).GetObjectBytesAsync(Bucket, Key, array.AsMemory(Before, size + 13));

        Assert.Equal(size, written);
        Assert.True(plaintext.AsSpan().SequenceEqual(array.AsSpan(Before, size)));
        Assert.True(array.AsSpan(0, Before).IndexOfAnyExcept(Fill) < 0, "a byte before the slice was written");
        Assert.True(array.AsSpan(Before + size).IndexOfAnyExcept(Fill) < 0, "a byte past the text was written");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Into_ZeroLengthDestinationEmptyObject_ReturnsZero(bool noContentLength)
    {
        await Client().PutObjectAsync(Put([]));
        _s3.HideContentLength = noContentLength;

        Assert.Equal(0, await Client().GetObjectBytesAsync(Bucket, Key, Memory<byte>.Empty));
    }

    [Theory]
    [InlineData(false, CommitmentPolicy.RequireEncryptAllowDecrypt)]
    [InlineData(true, CommitmentPolicy.RequireEncryptAllowDecrypt)]
    [InlineData(false, CommitmentPolicy.ForbidEncryptAllowDecrypt)]
    [InlineData(true, CommitmentPolicy.ForbidEncryptAllowDecrypt)]
    public async Task Into_ZeroLengthDestinationNonEmptyObject_ThrowsDestination(
        bool noContentLength, CommitmentPolicy policy)
    {
        await Client(policy).PutObjectAsync(Put([1, 2, 3]));
        _s3.HideContentLength = noContentLength;
        byte[] array = Filled(10);

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => Client(policy).GetObjectBytesAsync(Bucket, Key, array.AsMemory(5, 0)));

        Assert.Equal("destination", error.ParamName);
        Assert.True(array.AsSpan().IndexOfAnyExcept(Fill) < 0);
    }

    /// <summary>A slice whose neighbours hold the caller's data: a failure zeroes inside the slice only.</summary>
    [Theory]
    [InlineData(1000, false)]
    [InlineData(1000, true)]
    [InlineData(70_000, false)]
    [InlineData(70_000, true)]
    public async Task Into_TamperedBodyIntoSlice_ZeroesOnlyInsideTheSlice(int size, bool noContentLength)
    {
        await Client().PutObjectAsync(Put(RandomNumberGenerator.GetBytes(size)));
        Edit(body => body[size / 2] ^= 1);
        _s3.HideContentLength = noContentLength;
        byte[] array = Filled(Before + size + 40);

        await Assert.ThrowsAsync<ObjectAuthenticationException>(
            () => Client().GetObjectBytesAsync(Bucket, Key, array.AsMemory(Before, size + 20)));

        Assert.True(array.AsSpan(0, Before).IndexOfAnyExcept(Fill) < 0, "a byte before the slice was written");
        Assert.True(array.AsSpan(Before + size).IndexOfAnyExcept(Fill) < 0, "a byte past the text was written");
        Assert.True(array.AsSpan(Before, size).IndexOfAnyExcept((byte)0, Fill) < 0, "text was left behind");
    }

    /// <summary>The connection drops midway: the IOException surfaces and no text stays in the caller's
    /// memory.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Into_BodyThrowsIOExceptionMidway_ThrowsItAndZeroesWhatItWrote(bool noContentLength)
    {
        await Client().PutObjectAsync(Put(RandomNumberGenerator.GetBytes(200_000)));
        _s3.HideContentLength = noContentLength;
        _s3.WrapResponseBody = inner => new FailingStream(inner, 150_000);
        byte[] array = Filled(200_100);

        await Assert.ThrowsAsync<IOException>(() => Client().GetObjectBytesAsync(Bucket, Key, array));

        int zeroed = array.AsSpan().IndexOfAnyExcept((byte)0);
        Assert.InRange(zeroed, 100_000, 150_000);
        Assert.True(array.AsSpan(zeroed).IndexOfAnyExcept(Fill) < 0);
    }

    /// <summary>
    /// A broken body stream that says it read more than it was asked for (a buggy wrapper or handler): the promise
    /// that bytes past the plaintext's length are never touched must hold even then, and the read must fail.
    /// </summary>
    [Theory]
    [InlineData(1000)]
    [InlineData(40_000)]
    public async Task Into_BodyClaimsMoreThanAsked_FailsWithoutTouchingBytesPastThePlaintext(int size)
    {
        await Client().PutObjectAsync(Put(RandomNumberGenerator.GetBytes(size)));
        _s3.WrapResponseBody = inner => new OverclaimingStream(inner, 100);
        byte[] array = Filled(size + 500);

        await Assert.ThrowsAnyAsync<Exception>(() => Client().GetObjectBytesAsync(Bucket, Key, array));

        int zeroed = array.AsSpan().IndexOfAnyExcept((byte)0);
        Assert.InRange(zeroed < 0 ? array.Length : zeroed, 0, size);
        Assert.True(array.AsSpan(size).IndexOfAnyExcept(Fill) < 0, "a byte past the plaintext was written");
    }

    [Fact]
    public async Task Into_V2ObjectUnderRequireDecryptPolicy_ThrowsCommitmentPolicyAndLeavesDestination()
    {
        await Client(CommitmentPolicy.ForbidEncryptAllowDecrypt).PutObjectAsync(Put(new byte[100]));
        byte[] array = Filled(200);

        await Assert.ThrowsAsync<CommitmentPolicyException>(() => Client(CommitmentPolicy.RequireEncryptRequireDecrypt)
            .GetObjectBytesAsync(Bucket, Key, array));

        Assert.True(array.AsSpan().IndexOfAnyExcept(Fill) < 0);
    }

    [Theory]
    [InlineData(CommitmentPolicy.RequireEncryptAllowDecrypt)]
    [InlineData(CommitmentPolicy.ForbidEncryptAllowDecrypt)]
    public async Task Into_InstructionFileObject_ReturnsPlaintext(CommitmentPolicy policy)
    {
        byte[] plaintext = RandomNumberGenerator.GetBytes(5000);
        await Client(policy, EnvelopeStorage.InstructionFile).PutObjectAsync(Put(plaintext));
        byte[] array = Filled(5003);

        int written = await Client(policy).GetObjectBytesAsync(Bucket, Key, array.AsMemory(1));

        Assert.Equal(5000, written);
        Assert.True(plaintext.AsSpan().SequenceEqual(array.AsSpan(1, 5000)));
        Assert.Equal(Fill, array[0]);
        Assert.True(array.AsSpan(5001).IndexOfAnyExcept(Fill) < 0);
    }

    [Fact]
    public async Task Into_ConcurrentCallsOnOneClient_EachGetsItsOwnPlaintext()
    {
        EnvelopeEncryptionClient client = Client();
        var plaintexts = new byte[16][];
        for (int i = 0; i < plaintexts.Length; i++)
        {
            plaintexts[i] = RandomNumberGenerator.GetBytes(10_000 + (i * 7919));
            await client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = Bucket, Key = "c/" + i, InputStream = new MemoryStream(plaintexts[i]),
            });
        }

        _s3.WrapResponseBody = inner => new TrickleStream(inner, 4099, yieldEachRead: true);
        byte[][] buffers = plaintexts.Select(p => Filled(p.Length + 3)).ToArray();

        int[] lengths = await Task.WhenAll(Enumerable.Range(0, plaintexts.Length)
            .Select(i => Task.Run(() => client.GetObjectBytesAsync(Bucket, "c/" + i, buffers[i]))));

        for (int i = 0; i < plaintexts.Length; i++)
        {
            Assert.Equal(plaintexts[i].Length, lengths[i]);
            Assert.True(plaintexts[i].AsSpan().SequenceEqual(buffers[i].AsSpan(0, lengths[i])));
        }
    }

    [Fact]
    public async Task Into_CancelledBeforeTheGet_ThrowsCanceledAndLeavesDestination()
    {
        await Client().PutObjectAsync(Put(new byte[1000]));
        byte[] array = Filled(1100);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Client().GetObjectBytesAsync(Bucket, Key, array, new CancellationToken(true)));

        Assert.True(array.AsSpan().IndexOfAnyExcept(Fill) < 0);
    }

    [Fact]
    public async Task Into_CancelledDuringKeyUnwrap_ThrowsCanceledZeroesTheKeyAndLeavesDestination()
    {
        await Client().PutObjectAsync(Put(new byte[1000]));
        using var cancel = new CancellationTokenSource();
        var key = new CancellingMasterKey(_masterKey, cancel);
        var client = new EnvelopeEncryptionClient(_s3.Client, key, new EnvelopeEncryptionOptions());
        byte[] array = Filled(1100);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.GetObjectBytesAsync(new GetObjectRequest { BucketName = Bucket, Key = Key }, array,
                cancel.Token));

        Assert.True(array.AsSpan().IndexOfAnyExcept(Fill) < 0);
        Assert.All(key.Handed, handed => Assert.True(handed.AsSpan().IndexOfAnyExcept((byte)0) < 0));
    }

    public static TheoryData<string, bool, int, bool> CorruptCases()
    {
        var data = new TheoryData<string, bool, int, bool>();
        string[] cases =
        [
            "flip-text", "flip-tag", "drop-last", "append", "body-shorter-than-length", "body-longer-than-length",
            "only-15-bytes", "empty-body", "wrong-iv", "recorded-length-plus-one", "no-wrapped-key", "bad-cipher",
            "length-smaller-than-intact-body", "length-larger-than-intact-body",
        ];
        foreach (string name in cases)
        {
            foreach (bool hidden in new[] { false, true })
            {
                if (hidden && name.Contains("intact", StringComparison.Ordinal))
                {
                    // Without a Content-Length the intact body is simply the object.
                    continue;
                }

                data.Add(name, hidden, 1000, false);
                data.Add(name, hidden, 100_000, false);
                data.Add(name, hidden, 100_000, true);
            }
        }

        return data;
    }

    /// <summary>
    /// One corrupt object, three ways to read it: the stream, the new array and the caller's buffer must refuse it
    /// with the same exception type (V2, which records the plaintext length, and V3, which does not), whether the
    /// stream and array overloads read in memory or through the temporary file.
    /// </summary>
    [Theory]
    [MemberData(nameof(CorruptCases))]
    public async Task EveryOverload_CorruptObject_SameExceptionType(
        string corruption, bool noContentLength, int size, bool throughFile)
    {
        foreach (CommitmentPolicy policy in new[]
            { CommitmentPolicy.ForbidEncryptAllowDecrypt, CommitmentPolicy.RequireEncryptAllowDecrypt })
        {
            await Client(policy).PutObjectAsync(Put(RandomNumberGenerator.GetBytes(size)));
            Corrupt(corruption, policy);
            _s3.HideContentLength = noContentLength;
            EnvelopeEncryptionClient client = Client(policy, inMemoryLimit: throughFile ? 1000 : null);

            Exception? stream = await Catch(async () =>
            {
                using DecryptedObject result = await client.GetObjectAsync(Bucket, Key);
                result.ReadAllBytes();
            });
            Exception? bytes = await Catch(() => client.GetObjectBytesAsync(Bucket, Key));
            Exception? into = await Catch(() => client.GetObjectBytesAsync(Bucket, Key, new byte[size + 64]));

            Assert.NotNull(stream);
            Assert.True(stream is S3EncryptionException, $"{policy}: stream overload threw {stream}");
            Assert.Equal((policy, stream.GetType()), (policy, bytes?.GetType()));
            Assert.Equal((policy, stream.GetType()), (policy, into?.GetType()));
            _s3.WrapResponseBody = null;
        }
    }

    /// <summary>
    /// Every failure of the caller's-buffer overload, the too-small destination included: each data key it
    /// unwrapped is zeroed afterwards, and no exception (or inner one) shows a data key or the plaintext.
    /// </summary>
    [Fact]
    public async Task Into_EveryFailure_ZeroesTheDataKeysAndShowsNoKeyOrPlaintext()
    {
        var errors = new List<Exception>();
        var recording = new RecordingMasterKey(AesMasterKey.Generate());
        foreach (CommitmentPolicy policy in new[]
            { CommitmentPolicy.ForbidEncryptAllowDecrypt, CommitmentPolicy.RequireEncryptAllowDecrypt })
        {
            byte[] plaintext = RandomNumberGenerator.GetBytes(3000);
            var options = new EnvelopeEncryptionOptions { TemporaryDirectory = _temp, CommitmentPolicy = policy };
            var client = new EnvelopeEncryptionClient(_s3.Client, recording, options);
            foreach (string corruption in new[] { "flip-text", "flip-tag", "drop-last", "wrong-iv", "too-small" })
            {
                await client.PutObjectAsync(Put(plaintext));
                if (corruption != "too-small")
                {
                    Corrupt(corruption, policy);
                }

                int room = corruption == "too-small" ? 2999 : 3100;
                Exception? error = await Catch(() => client.GetObjectBytesAsync(Bucket, Key, new byte[room]));
                Assert.NotNull(error);
                errors.Add(error);
            }

            Assert.Contains("plaintext", errors[^1].Message);
            foreach (Exception error in errors)
            {
                Assert.DoesNotContain(Convert.ToHexString(plaintext[..8]), error.ToString(),
                    StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.Equal(10, errors.Count);
        Assert.NotEmpty(recording.Handed);
        foreach (byte[] handed in recording.Handed)
        {
            Assert.True(handed.AsSpan().IndexOfAnyExcept((byte)0) < 0, "a data key was left in memory");
        }

        foreach (byte[] key in recording.Values)
        {
            foreach (Exception error in errors)
            {
                Secrets.AssertNotLeaked(error, key);
            }
        }
    }

    private void Corrupt(string corruption, CommitmentPolicy policy)
    {
        bool v2 = policy == CommitmentPolicy.ForbidEncryptAllowDecrypt;
        switch (corruption)
        {
            case "flip-text":
                Edit(body => body[3] ^= 0x80);
                break;
            case "flip-tag":
                Edit(body => body[^3] ^= 0x80);
                break;
            case "drop-last":
                Edit(body => { }, -1);
                break;
            case "append":
                Edit(body => { }, 1);
                break;
            case "body-shorter-than-length":
                _s3.WrapResponseBody = inner => new MemoryStream(ReadAll(inner)[..^5]);
                break;
            case "body-longer-than-length":
                _s3.WrapResponseBody = inner => new MemoryStream([.. ReadAll(inner), 1, 2, 3]);
                break;
            case "length-smaller-than-intact-body":
            {
                // The response says 5 bytes fewer than the intact body it then sends.
                byte[] intact = Stored().Body;
                Edit(body => { }, -5);
                _s3.WrapResponseBody = _ => new MemoryStream(intact);
                break;
            }

            case "length-larger-than-intact-body":
            {
                byte[] intact = Stored().Body;
                Edit(body => { }, 5);
                _s3.WrapResponseBody = _ => new MemoryStream(intact);
                break;
            }

            case "only-15-bytes":
                Edit(body => { }, -(Stored().Body.Length - 15));
                break;
            case "empty-body":
                Edit(body => { }, -Stored().Body.Length);
                break;
            case "wrong-iv":
                SetMeta(v2 ? "x-amz-iv" : "x-amz-i", Convert.ToBase64String(new byte[v2 ? 12 : 28]));
                break;
            case "recorded-length-plus-one":
                if (v2)
                {
                    SetMeta("x-amz-unencrypted-content-length",
                        (long.Parse(Stored().Get("x-amz-unencrypted-content-length")!) + 1).ToString());
                }
                else
                {
                    Edit(body => body[3] ^= 0x80);
                }

                break;
            case "no-wrapped-key":
                SetMeta(v2 ? "x-amz-key-v2" : "x-amz-3", null);
                break;
            case "bad-cipher":
                SetMeta(v2 ? "x-amz-cek-alg" : "x-amz-c", v2 ? "AES/CBC/PKCS5Padding" : "99");
                break;
        }
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static async Task<Exception?> Catch(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private StoredObject Stored() => _s3.Objects[Bucket + "/" + Key];

    private void SetMeta(string name, string? value) => _s3.Objects[Bucket + "/" + Key] = Stored().With(name, value);

    private void Edit(Action<byte[]> edit, int change = 0)
    {
        byte[] copy = (byte[])Stored().Body.Clone();
        edit(copy);
        copy = change < 0 ? copy[..^(-change)] : change > 0 ? [.. copy, .. new byte[change]] : copy;
        _s3.Objects[Bucket + "/" + Key] = Stored() with { Body = copy };
    }

    private EnvelopeEncryptionClient Client(
        CommitmentPolicy policy = CommitmentPolicy.RequireEncryptAllowDecrypt,
        EnvelopeStorage storage = EnvelopeStorage.ObjectMetadata, int? inMemoryLimit = null) =>
        new(_s3.Client, _masterKey, new EnvelopeEncryptionOptions
        {
            TemporaryDirectory = _temp,
            CommitmentPolicy = policy,
            Storage = storage,
            InMemoryLimit = inMemoryLimit ?? EnvelopeEncryptionOptions.DefaultInMemoryLimit,
        });

    private static PutObjectRequest Put(byte[] plaintext) =>
        new() { BucketName = Bucket, Key = Key, InputStream = new MemoryStream(plaintext) };

    private static byte[] Filled(int length)
    {
        byte[] array = new byte[length];
        array.AsSpan().Fill(Fill);
        return array;
    }

    /// <summary>Hands out 1 to <c>max</c> bytes per read, in a fixed pseudo-random pattern.</summary>
    private sealed class TrickleStream(Stream inner, int max, bool yieldEachRead = false) : ReadOnlyStream
    {
        private int _next = 1;

        public override async ValueTask<int> ReadAsync(
            Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (yieldEachRead)
            {
                await Task.Yield();
            }

            _next = (_next * 5 + 3) % max + 1;
            return await inner.ReadAsync(buffer[..Math.Min(buffer.Length, _next)], cancellationToken);
        }
    }

    private sealed class FailingStream(Stream inner, long failAfter) : ReadOnlyStream
    {
        private long _passed;

        public override async ValueTask<int> ReadAsync(
            Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_passed >= failAfter)
            {
                throw new IOException("The connection was reset.");
            }

            int read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, failAfter - _passed)],
                cancellationToken);
            _passed += read;
            return read;
        }
    }

    /// <summary>Reads as asked but reports <c>extra</c> bytes more on its first read.</summary>
    private sealed class OverclaimingStream(Stream inner, int extra) : ReadOnlyStream
    {
        private bool _lied;

        public override async ValueTask<int> ReadAsync(
            Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await inner.ReadAsync(buffer, cancellationToken);
            if (read > 0 && !_lied)
            {
                _lied = true;
                return read + extra;
            }

            return read;
        }
    }

    private abstract class ReadOnlyStream : Stream
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

        public override int Read(byte[] buffer, int offset, int count) =>
            ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken token) =>
            ReadAsync(buffer.AsMemory(offset, count), token).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Cancels the token while the data key is being unwrapped, then returns the key.</summary>
    private sealed class CancellingMasterKey(MasterKey inner, CancellationTokenSource cancel) : MasterKey
    {
        public List<byte[]> Handed { get; } = [];

        public override string WrapAlgorithm => inner.WrapAlgorithm;

        internal override Task<WrappedDataKey> GenerateDataKeyAsync(
            string contentCipher, CancellationToken cancellationToken) =>
            inner.GenerateDataKeyAsync(contentCipher, cancellationToken);

        internal override async Task<byte[]> UnwrapDataKeyAsync(
            byte[] wrappedKey, string contentCipher, IReadOnlyDictionary<string, string> materialsDescription,
            CancellationToken cancellationToken)
        {
            byte[] key = await inner.UnwrapDataKeyAsync(wrappedKey, contentCipher, materialsDescription,
                cancellationToken);
            await cancel.CancelAsync();
            Handed.Add(key);
            return key;
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
