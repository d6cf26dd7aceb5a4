using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using S3Sec.Crypto.Envelope;
using S3Sec.Crypto.Gcm;
using Xunit;

namespace S3Sec.Crypto.Tests.Envelope;

/// <summary>
/// GetObject's two ways to plaintext: in memory (one rented array, decrypted in place after the whole body is
/// there) and through an encrypted temporary file (decrypted on read, at any offset).
/// </summary>
public sealed class BodyDecryptorTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("s3sec-test-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(4095)]
    [InlineData(65536)]
    [InlineData(65537)]
    [InlineData(1_048_579)]
    public async Task InMemory_BodyInShortReads_YieldsThePlaintext(int size)
    {
        (byte[] plaintext, byte[] body, ContentParameters content) = Encrypted(size);
        using (content)
        {
            using Stream result = await BodyDecryptor.DecryptInMemoryAsync(
                new RecordingBody(body, size), body.Length, content, size, CancellationToken.None);

            Assert.Equal(size, result.Length);
            Assert.False(((MemoryStream)result).TryGetBuffer(out _));
            Assert.Equal(plaintext, ReadAll(result));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(500)]
    [InlineData(70_000)]
    [InlineData(70_015)]
    public async Task InMemory_TamperedByte_ThrowsAndZeroesWhatItRead(int index)
    {
        (_, byte[] body, ContentParameters content) = Encrypted(70_000);
        body[index] ^= 0x10;
        var recording = new RecordingBody(body, 7);
        using (content)
        {
            await Assert.ThrowsAsync<ObjectAuthenticationException>(() => BodyDecryptor.DecryptInMemoryAsync(
                recording, body.Length, content, null, CancellationToken.None));
        }

        Assert.True(recording.Target!.AsSpan(0, body.Length).IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public async Task InMemory_BodyLongerThanDeclared_Throws()
    {
        (_, byte[] body, ContentParameters content) = Encrypted(1000);
        using (content)
        {
            var error = await Assert.ThrowsAsync<ObjectAuthenticationException>(() =>
                BodyDecryptor.DecryptInMemoryAsync(
                    new MemoryStream(body), body.Length - 1, content, null, CancellationToken.None));
            Assert.Contains("longer than its declared length", error.Message);
        }
    }

    [Fact]
    public async Task InMemory_BodyShorterThanDeclared_Throws()
    {
        (_, byte[] body, ContentParameters content) = Encrypted(1000);
        using (content)
        {
            await Assert.ThrowsAsync<ObjectAuthenticationException>(() => BodyDecryptor.DecryptInMemoryAsync(
                new MemoryStream(body, 0, body.Length - 1), body.Length, content, null, CancellationToken.None));
        }
    }

    [Fact]
    public async Task InMemory_Dispose_ZeroesPlaintextAndTag()
    {
        (_, byte[] body, ContentParameters content) = Encrypted(5000);
        var recording = new RecordingBody(body, 100_000);
        using (content)
        {
            Stream result = await BodyDecryptor.DecryptInMemoryAsync(
                recording, body.Length, content, 5000, CancellationToken.None);
            Assert.True(recording.Target!.AsSpan(0, 5000).IndexOfAnyExcept((byte)0) >= 0);

            result.Dispose();
        }

        Assert.True(recording.Target!.AsSpan(0, body.Length).IndexOfAnyExcept((byte)0) < 0);
    }

    [Theory]
    [InlineData(BodyDecryptor.PooledBodyLimit - 16)]
    [InlineData(BodyDecryptor.PooledBodyLimit - 15)]
    public async Task InMemory_EitherSideOfThePooledLimit_DecryptsAndZeroesOnDispose(int size)
    {
        (byte[] plaintext, byte[] body, ContentParameters content) = Encrypted(size);
        var recording = new RecordingBody(body, 1 << 20);
        using (content)
        {
            Stream result = await BodyDecryptor.DecryptInMemoryAsync(
                recording, body.Length, content, size, CancellationToken.None);
            Assert.Equal(plaintext, ReadAll(result));
            if (body.Length > BodyDecryptor.PooledBodyLimit)
            {
                // Allocated to the byte, not a pool's power of two.
                Assert.Equal(body.Length, recording.Target!.Length);
            }


            result.Dispose();
        }

        Assert.True(recording.Target!.AsSpan(0, body.Length).IndexOfAnyExcept((byte)0) < 0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    [InlineData(65537)]
    [InlineData(1_000_003)]
    public async Task ThroughFile_ReadsAtRandomOffsets_YieldThePlaintext(int size)
    {
        (byte[] plaintext, byte[] body, ContentParameters content) = Encrypted(size);
        using (content)
        {
            await using Stream result = await BodyDecryptor.DecryptThroughFileAsync(
                new RecordingBody(body, 30_000), _temp, content, size, CancellationToken.None);

            Assert.Equal(StitchedAesGcm.IsSupported, ((SpooledPlaintextStream)result).UsesStitchedCounter);
            Assert.Equal(plaintext, ReadAll(result));
            var random = new Random(size);
            for (int i = 0; i < 50 && size > 0; i++)
            {
                int start = random.Next(size);
                int count = Math.Min(size - start, random.Next(1, 5000));
                byte[] piece = new byte[count];
                result.Position = start;
                result.ReadExactly(piece);
                Assert.True(plaintext.AsSpan(start, count).SequenceEqual(piece), $"offset {start}");
            }
        }
    }

    [Fact]
    public async Task ThroughFile_Dispose_ZeroesTheCounterKeySchedule()
    {
        if (!StitchedAesGcm.IsSupported)
        {
            return;
        }

        (_, byte[] body, ContentParameters content) = Encrypted(1000);
        Stream result;
        using (content)
        {
            result = await BodyDecryptor.DecryptThroughFileAsync(
                new MemoryStream(body), _temp, content, 1000, CancellationToken.None);
        }

        var stitched = (StitchedAesGcm)typeof(SpooledPlaintextStream)
            .GetField("_stitched", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(result)!;
        Assert.True(stitched.SecretMaterial.IndexOfAnyExcept((byte)0) >= 0);

        result.Dispose();

        Assert.True(stitched.SecretMaterial.IndexOfAnyExcept((byte)0) < 0);
    }

    private static (byte[] Plaintext, byte[] Body, ContentParameters Content) Encrypted(int size)
    {
        var random = new Random(size);
        byte[] plaintext = new byte[size];
        random.NextBytes(plaintext);
        byte[] key = RandomNumberGenerator.GetBytes(32);
        byte[] nonce = RandomNumberGenerator.GetBytes(12);
        byte[] aad = RandomNumberGenerator.GetBytes(10);
        byte[] body = new byte[size + 16];
        using (var gcm = new AesGcm(key, 16))
        {
            gcm.Encrypt(nonce, plaintext, body.AsSpan(0, size), body.AsSpan(size), aad);
        }

        return (plaintext, body, new ContentParameters(key, nonce, aad));
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>A response body that returns at most a given number of bytes per read and keeps the array it
    /// was last asked to fill, so a test can look at the decryptor's buffer afterwards.</summary>
    private sealed class RecordingBody : MemoryStream
    {
        private readonly int _maxRead;

        public RecordingBody(byte[] content, int maxRead)
            : base(content, writable: false) => _maxRead = Math.Max(1, maxRead);

        public byte[]? Target { get; private set; }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (MemoryMarshal.TryGetArray(buffer, out ArraySegment<byte> segment) && buffer.Length > 1)
            {
                Target = segment.Array;
            }

            return base.ReadAsync(buffer[..Math.Min(buffer.Length, _maxRead)], cancellationToken);
        }
    }
}
