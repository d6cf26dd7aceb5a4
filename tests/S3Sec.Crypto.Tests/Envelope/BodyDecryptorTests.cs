using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using S3Sec.Crypto.Envelope;
using S3Sec.Crypto.Gcm;
using S3Sec.Crypto.Tests.TestSupport;
using Xunit;

namespace S3Sec.Crypto.Tests.Envelope;

/// <summary>
/// GetObject's ways to plaintext: in memory (one rented array, decrypted in place after the whole body is
/// there), into a caller's array (decrypted piece by piece as the body arrives) and through an encrypted
/// temporary file (decrypted on read, at any offset).
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

    /// <summary>
    /// A body that goes on past the Content-Length, or (length unknown) past the recorded plaintext length, is
    /// refused within one read of passing it; it was read, and spooled to disk, to its end, so a body that never
    /// ends hung the caller and filled the disk.
    /// </summary>
    [Theory]
    [InlineData(true, false, "longer than its declared length")]
    [InlineData(true, true, "longer than its declared length")]
    [InlineData(false, true, "recorded plaintext length")]
    public async Task ThroughFile_EndlessBodyPastDeclaredOrRecordedLength_ThrowsWithinOneRead(
        bool lengthKnown, bool lengthRecorded, string reason)
    {
        (_, byte[] body, ContentParameters content) = Encrypted(70_000);
        using (content)
        {
            var endless = new EndlessBody(body, giveUpAfter: 16 << 20);
            var error = await Assert.ThrowsAsync<ObjectAuthenticationException>(() =>
                BodyDecryptor.DecryptThroughFileAsync(
                    endless, _temp, content, lengthRecorded ? 70_000 : null, CancellationToken.None,
                    lengthKnown ? body.Length : -1));
            Assert.Contains(reason, error.Message);
            Assert.InRange(endless.BytesPassed, body.Length + 1, body.Length + (64 * 1024) + 16);

            var toArray = new EndlessBody(body, giveUpAfter: 16 << 20);
            error = await Assert.ThrowsAsync<ObjectAuthenticationException>(() =>
                BodyDecryptor.DecryptThroughFileToArrayAsync(
                    toArray, lengthKnown ? body.Length : -1, _temp, content, lengthRecorded ? 70_000 : null,
                    CancellationToken.None));
            Assert.Contains(reason, error.Message);
            Assert.InRange(toArray.BytesPassed, body.Length + 1, body.Length + (64 * 1024) + 16);
        }

        Assert.Empty(Directory.GetFiles(_temp));
    }

    /// <summary>
    /// A broken body stream that reports more bytes than it was asked for: the caller's-buffer path refused it
    /// with an IOException, but in memory and through the file it ended in an ArgumentOutOfRangeException or,
    /// with a few bytes, in a tag check over bytes the stream never wrote (a rented array's old content).
    /// </summary>
    [Theory]
    [InlineData(false, true, 100)]
    [InlineData(false, true, 100_000)]
    [InlineData(true, true, 100)]
    [InlineData(true, true, 100_000)]
    [InlineData(true, false, 100)]
    [InlineData(true, false, 100_000)]
    public async Task InMemoryOrThroughFile_BodyClaimsMoreThanAsked_ThrowsIOException(
        bool throughFile, bool lengthKnown, int extra)
    {
        (_, byte[] body, ContentParameters content) = Encrypted(70_000);
        using (content)
        {
            var lying = new OverclaimingBody(body, extra);
            IOException error = await Assert.ThrowsAsync<IOException>(() => throughFile
                ? BodyDecryptor.DecryptThroughFileAsync(
                    lying, _temp, content, null, CancellationToken.None, lengthKnown ? body.Length : -1)
                : BodyDecryptor.DecryptInMemoryAsync(lying, body.Length, content, null, CancellationToken.None));
            Assert.Contains("more bytes than it was asked for", error.Message);
        }

        Assert.Empty(Directory.GetFiles(_temp));
    }

    public static TheoryData<int, int, bool> ToArraySizes()
    {
        var data = new TheoryData<int, int, bool>();
        foreach (bool stitched in new[] { true, false })
        {
            foreach (int size in new[] { 0, 1, 15, 16, 17, 127, 128, 129, 4095 })
            {
                foreach (int maxRead in new[] { 1, 7, 15, 16, 17, 1 << 20 })
                {
                    data.Add(size, maxRead, stitched);
                }
            }

            foreach (int size in new[] { BodyDecryptor.PieceSize - 16, BodyDecryptor.PieceSize - 1,
                         BodyDecryptor.PieceSize, BodyDecryptor.PieceSize + 1, 70_000, 1_048_579 })
            {
                foreach (int maxRead in new[] { 17, 4093, 30_000, 1 << 20 })
                {
                    data.Add(size, maxRead, stitched);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ToArraySizes))]
    public async Task ToArray_ReadsOfAnySize_YieldThePlaintextInAnExactArray(int size, int maxRead, bool stitched)
    {
        (byte[] plaintext, byte[] body, ContentParameters content) = Encrypted(size);
        using (content)
        {
            byte[] result = await BodyDecryptor.DecryptToArrayAsync(
                new RecordingBody(body, maxRead), body.Length, content, size, CancellationToken.None, stitched);

            Assert.Equal(plaintext, result);
        }
    }

    /// <summary>Reads that end inside the text, cross into the tag, and split the tag itself.</summary>
    [Theory]
    [InlineData(new[] { 38, 10, 3, 5 })]
    [InlineData(new[] { 40, 1, 15 })]
    [InlineData(new[] { 39, 2, 14, 1 })]
    [InlineData(new[] { 56 })]
    [InlineData(new[] { 5, 35, 16 })]
    public async Task ToArray_TagSplitAcrossReads_YieldsThePlaintext(int[] reads)
    {
        (byte[] plaintext, byte[] body, ContentParameters content) = Encrypted(40);
        using (content)
        {
            byte[] result = await BodyDecryptor.DecryptToArrayAsync(
                new ScriptedBody(body, reads), body.Length, content, 40, CancellationToken.None);

            Assert.Equal(plaintext, result);
        }
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(32_767, true)]
    [InlineData(69_999, true)]
    [InlineData(70_000, true)]
    [InlineData(70_015, true)]
    [InlineData(500, false)]
    [InlineData(70_015, false)]
    public async Task ToArray_TamperedByte_ThrowsAndZeroesTheArray(int index, bool stitched)
    {
        (_, byte[] body, ContentParameters content) = Encrypted(70_000);
        body[index] ^= 0x10;
        var arrays = new ArrayRecorder();
        using (content)
        {
            var error = await Assert.ThrowsAsync<ObjectAuthenticationException>(() =>
                BodyDecryptor.DecryptToArrayAsync(
                    new RecordingBody(body, 7000), body.Length, content, null, CancellationToken.None, stitched,
                    arrays.Allocate));
            Assert.Contains("tag mismatch", error.Message);
        }

        // The stitched path decrypts into the caller's array as it reads, so it held text before the tag failed.
        Assert.Equal(stitched ? 1 : 0, arrays.Count);
        arrays.AssertAllZero();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ToArray_BodyShorterThanDeclared_ThrowsAndZeroesTheArray(bool stitched)
    {
        (_, byte[] body, ContentParameters content) = Encrypted(1000);
        var arrays = new ArrayRecorder();
        using (content)
        {
            await Assert.ThrowsAsync<ObjectAuthenticationException>(() => BodyDecryptor.DecryptToArrayAsync(
                new MemoryStream(body, 0, body.Length - 1), body.Length, content, null, CancellationToken.None,
                stitched, arrays.Allocate));
        }

        arrays.AssertAllZero();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ToArray_BodyLongerThanDeclared_ThrowsAndZeroesTheArray(bool stitched)
    {
        (_, byte[] body, ContentParameters content) = Encrypted(1000);
        var arrays = new ArrayRecorder();
        using (content)
        {
            var error = await Assert.ThrowsAsync<ObjectAuthenticationException>(() =>
                BodyDecryptor.DecryptToArrayAsync(new MemoryStream(body), body.Length - 1, content, null,
                    CancellationToken.None, stitched, arrays.Allocate));
            Assert.Contains("longer than its declared length", error.Message);
        }

        arrays.AssertAllZero();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    public async Task ToArray_DeclaredShorterThanTheTag_ThrowsWithoutReading(int declared)
    {
        (_, byte[] body, ContentParameters content) = Encrypted(0);
        var source = new MemoryStream(body);
        using (content)
        {
            var error = await Assert.ThrowsAsync<ObjectAuthenticationException>(() =>
                BodyDecryptor.DecryptToArrayAsync(source, declared, content, null, CancellationToken.None));
            Assert.Contains("shorter than the 16-byte GCM tag", error.Message);
        }

        Assert.Equal(0, source.Position);
    }

    [Fact]
    public async Task ToArray_RecordedLengthDiffers_ThrowsWithoutReading()
    {
        (_, byte[] body, ContentParameters content) = Encrypted(100);
        var source = new MemoryStream(body);
        using (content)
        {
            var error = await Assert.ThrowsAsync<ObjectAuthenticationException>(() =>
                BodyDecryptor.DecryptToArrayAsync(source, body.Length, content, 99, CancellationToken.None));
            Assert.Contains("recorded plaintext length", error.Message);
        }

        Assert.Equal(0, source.Position);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ToArray_CancelledMidBody_ThrowsCanceledAndZeroesTheArray(bool stitched)
    {
        (_, byte[] body, ContentParameters content) = Encrypted(300_000);
        using var cancel = new CancellationTokenSource();
        var source = new CancellingStream(new MemoryStream(body), 100_000, cancel);
        var arrays = new ArrayRecorder();
        using (content)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => BodyDecryptor.DecryptToArrayAsync(
                source, body.Length, content, 300_000, cancel.Token, stitched, arrays.Allocate));
        }

        Assert.InRange(source.BytesPassed, 100_000, body.Length - 1);
        arrays.AssertAllZero();
    }

    public static TheoryData<int, int, bool, bool> IntoSizes()
    {
        var data = new TheoryData<int, int, bool, bool>();
        foreach (object[] row in ToArraySizes())
        {
            foreach (bool lengthKnown in new[] { true, false })
            {
                data.Add((int)row[0], (int)row[1], (bool)row[2], lengthKnown);
            }
        }

        return data;
    }

    /// <summary>
    /// With the Content-Length known (and the plaintext length recorded), and with neither, when the body is read
    /// to its end and its last 16 bytes are the tag.
    /// </summary>
    [Theory]
    [MemberData(nameof(IntoSizes))]
    public async Task Into_ReadsOfAnySize_YieldThePlaintextAndLeaveTheRestUntouched(
        int size, int maxRead, bool stitched, bool lengthKnown)
    {
        (byte[] plaintext, byte[] body, ContentParameters content) = Encrypted(size);
        byte[] destination = Filled(size + 33);
        using (content)
        {
            int written = await BodyDecryptor.DecryptIntoAsync(
                new RecordingBody(body, maxRead), lengthKnown ? body.Length : -1, content,
                lengthKnown ? size : null, destination, CancellationToken.None, stitched);

            Assert.Equal(size, written);
        }

        Assert.True(plaintext.AsSpan().SequenceEqual(destination.AsSpan(0, size)));
        AssertUntouched(destination, size);
    }

    [Theory]
    [InlineData(new[] { 38, 10, 3, 5 }, true)]
    [InlineData(new[] { 40, 1, 15 }, true)]
    [InlineData(new[] { 39, 2, 14, 1 }, true)]
    [InlineData(new[] { 5, 35, 16 }, true)]
    [InlineData(new[] { 38, 10, 3, 5 }, false)]
    [InlineData(new[] { 40, 1, 15 }, false)]
    [InlineData(new[] { 39, 2, 14, 1 }, false)]
    [InlineData(new[] { 56 }, false)]
    [InlineData(new[] { 1 }, false)]
    public async Task Into_TagSplitAcrossReads_YieldsThePlaintext(int[] reads, bool lengthKnown)
    {
        (byte[] plaintext, byte[] body, ContentParameters content) = Encrypted(40);
        byte[] destination = Filled(40);
        using (content)
        {
            int written = await BodyDecryptor.DecryptIntoAsync(
                new ScriptedBody(body, reads), lengthKnown ? body.Length : -1, content, null, destination,
                CancellationToken.None);

            Assert.Equal(40, written);
        }

        Assert.Equal(plaintext, destination);
    }

    /// <summary>Refused from the Content-Length, from the recorded length, or from both, before any read.</summary>
    [Theory]
    [InlineData(1, true, false)]
    [InlineData(70_000, true, false)]
    [InlineData(70_000, false, true)]
    [InlineData(70_000, true, true)]
    public async Task Into_DestinationOneByteShort_ThrowsBeforeReading(
        int size, bool lengthKnown, bool lengthRecorded)
    {
        (_, byte[] body, ContentParameters content) = Encrypted(size);
        var source = new MemoryStream(body);
        byte[] destination = Filled(size);
        using (content)
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(() => BodyDecryptor.DecryptIntoAsync(
                source, lengthKnown ? body.Length : -1, content, lengthRecorded ? size : null,
                destination.AsMemory(0, size - 1), CancellationToken.None));
            Assert.Equal("destination", error.ParamName);
            Assert.Contains($"{size} bytes", error.Message);
            Assert.Contains($"{size - 1} bytes", error.Message);
        }

        Assert.Equal(0, source.Position);
        AssertUntouched(destination, 0);
    }

    /// <summary>
    /// Neither length known: the text that would overflow is refused before it is written, and what was written
    /// before it is zeroed.
    /// </summary>
    [Theory]
    [InlineData(1, 1, true)]
    [InlineData(17, 7, true)]
    [InlineData(70_000, 4093, true)]
    [InlineData(70_000, 1 << 20, true)]
    [InlineData(70_000, 4093, false)]
    [InlineData(70_000, 1 << 20, false)]
    public async Task Into_UnknownLengthOneByteTooLong_ThrowsAndZeroesWhatItWrote(int size, int maxRead, bool stitched)
    {
        (_, byte[] body, ContentParameters content) = Encrypted(size);
        byte[] destination = Filled(size + 10);
        using (content)
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(() => BodyDecryptor.DecryptIntoAsync(
                new RecordingBody(body, maxRead), -1, content, null, destination.AsMemory(0, size - 1),
                CancellationToken.None, stitched));
            Assert.Equal("destination", error.ParamName);
            Assert.Contains($"{size - 1} bytes", error.Message);
        }

        // Large reads fill whole pieces: two (64 KiB of text) fit before the third would overflow.
        AssertZeroedThenUntouched(destination, size > 1 << 16 && maxRead > 1 << 16 ? 1 << 16 : 0, size - 1);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Into_UnknownLengthLongerThanRecorded_ThrowsAndZeroesWhatItWrote(bool stitched)
    {
        (_, byte[] body, ContentParameters content) = Encrypted(70_000);
        byte[] destination = Filled(100_000);
        using (content)
        {
            var error = await Assert.ThrowsAsync<ObjectAuthenticationException>(() =>
                BodyDecryptor.DecryptIntoAsync(
                    new MemoryStream(body), -1, content, 69_999, destination, CancellationToken.None, stitched));
            Assert.Contains("recorded plaintext length", error.Message);
        }

        AssertZeroedThenUntouched(destination, 1 << 16, 69_999);
    }

    [Theory]
    [InlineData(0, true, true)]
    [InlineData(32_767, true, true)]
    [InlineData(69_999, true, true)]
    [InlineData(70_000, true, true)]
    [InlineData(70_015, true, true)]
    [InlineData(500, false, true)]
    [InlineData(70_015, false, true)]
    [InlineData(0, true, false)]
    [InlineData(70_015, true, false)]
    [InlineData(70_015, false, false)]
    public async Task Into_TamperedByte_ThrowsAndZeroesTheText(int index, bool stitched, bool lengthKnown)
    {
        (_, byte[] body, ContentParameters content) = Encrypted(70_000);
        body[index] ^= 0x10;
        byte[] destination = Filled(70_033);
        using (content)
        {
            var error = await Assert.ThrowsAsync<ObjectAuthenticationException>(() =>
                BodyDecryptor.DecryptIntoAsync(
                    new RecordingBody(body, 7000), lengthKnown ? body.Length : -1, content, null, destination,
                    CancellationToken.None, stitched));
            Assert.Contains("tag mismatch", error.Message);
        }

        // The whole text was decrypted into the destination before the tag failed.
        AssertZeroedThenUntouched(destination, 70_000, 70_000);
    }

    /// <summary>
    /// One byte short or long: refused against the Content-Length when it is known; otherwise the last 16 bytes
    /// are not the tag, and against a recorded length the text is one byte off.
    /// </summary>
    [Theory]
    [InlineData(-1, true, false, "shorter than its declared length")]
    [InlineData(1, true, false, "longer than its declared length")]
    [InlineData(-1, false, false, "tag mismatch")]
    [InlineData(1, false, false, "tag mismatch")]
    [InlineData(-1, false, true, "recorded plaintext length")]
    [InlineData(1, false, true, "recorded plaintext length")]
    public async Task Into_BodyShortOrLong_ThrowsAndZeroesWhatItWrote(
        int change, bool lengthKnown, bool lengthRecorded, string reason)
    {
        (_, byte[] body, ContentParameters content) = Encrypted(70_000);
        byte[] sent = change < 0 ? body[..^1] : [.. body, 0];
        byte[] destination = Filled(70_033);
        using (content)
        {
            foreach (bool stitched in new[] { true, false })
            {
                var error = await Assert.ThrowsAsync<ObjectAuthenticationException>(() =>
                    BodyDecryptor.DecryptIntoAsync(
                        new MemoryStream(sent), lengthKnown ? body.Length : -1, content,
                        lengthRecorded ? 70_000 : null, destination, CancellationToken.None, stitched));
                Assert.Contains(reason, error.Message);

                // Text is written up to the end of a body of unknown length, one byte past the real text when it
                // is long, unless a recorded length stops it first.
                AssertZeroedThenUntouched(destination, 1 << 16, change < 0 || !lengthRecorded ? 70_001 : 70_000);
            }
        }
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public async Task Into_CancelledMidBody_ThrowsCanceledAndZeroesWhatItWrote(bool stitched, bool lengthKnown)
    {
        (_, byte[] body, ContentParameters content) = Encrypted(300_000);
        using var cancel = new CancellationTokenSource();
        var source = new CancellingStream(new MemoryStream(body), 100_000, cancel);
        byte[] destination = Filled(300_033);
        using (content)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => BodyDecryptor.DecryptIntoAsync(
                source, lengthKnown ? body.Length : -1, content, 300_000, destination, cancel.Token, stitched));
        }

        Assert.InRange(source.BytesPassed, 100_000, body.Length - 1);
        AssertZeroedThenUntouched(destination, 1 << 16, 299_999);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    public async Task Into_BodyShorterThanTheTag_Throws(int length)
    {
        (_, byte[] body, ContentParameters content) = Encrypted(0);
        byte[] destination = Filled(16);
        using (content)
        {
            foreach (long declared in new long[] { length, -1 })
            {
                var error = await Assert.ThrowsAsync<ObjectAuthenticationException>(() =>
                    BodyDecryptor.DecryptIntoAsync(new MemoryStream(body, 0, length), declared, content, null,
                        destination, CancellationToken.None));
                Assert.Contains("shorter than the 16-byte GCM tag", error.Message);
            }
        }

        AssertUntouched(destination, 0);
    }

    [Fact]
    public async Task Into_RecordedLengthDiffers_ThrowsWithoutReading()
    {
        (_, byte[] body, ContentParameters content) = Encrypted(100);
        var source = new MemoryStream(body);
        using (content)
        {
            var error = await Assert.ThrowsAsync<ObjectAuthenticationException>(() =>
                BodyDecryptor.DecryptIntoAsync(source, body.Length, content, 99, new byte[200],
                    CancellationToken.None));
            Assert.Contains("recorded plaintext length", error.Message);
        }

        Assert.Equal(0, source.Position);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    [InlineData(1_000_003)]
    public async Task ThroughFileToArray_YieldsThePlaintextAndDeletesTheFile(int size)
    {
        (byte[] plaintext, byte[] body, ContentParameters content) = Encrypted(size);
        using (content)
        {
            byte[] result = await BodyDecryptor.DecryptThroughFileToArrayAsync(
                new RecordingBody(body, 30_000), body.Length, _temp, content, size, CancellationToken.None);

            Assert.Equal(plaintext, result);
        }

        Assert.Empty(Directory.GetFiles(_temp));
    }

    [Fact]
    public async Task ThroughFileToArray_LargerThanAnArray_ThrowsBeforeReading()
    {
        (_, byte[] body, ContentParameters content) = Encrypted(10);
        var source = new MemoryStream(body);
        using (content)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                BodyDecryptor.DecryptThroughFileToArrayAsync(
                    source, (long)Array.MaxLength + 17, _temp, content, null, CancellationToken.None));
            Assert.Contains("more than one array can hold", error.Message);
        }

        Assert.Equal(0, source.Position);
        Assert.Empty(Directory.GetFiles(_temp));
    }

    [Fact]
    public async Task ThroughFileToArray_CancelledWhileReadingBack_ZeroesTheArrayAndDeletesTheFile()
    {
        (_, byte[] body, ContentParameters content) = Encrypted(100_000);
        using var cancel = new CancellationTokenSource();
        byte[]? handed = null;
        using (content)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                BodyDecryptor.DecryptThroughFileToArrayAsync(
                    new MemoryStream(body), body.Length, _temp, content, null, cancel.Token, length =>
                    {
                        // The body is spooled and verified by now: cancel the read back into this array.
                        cancel.Cancel();
                        handed = new byte[length];
                        Array.Fill(handed, (byte)0xA5);
                        return handed;
                    }));
        }

        Assert.NotNull(handed);
        Assert.All(handed!, b => Assert.Equal(0, b));
        Assert.Empty(Directory.GetFiles(_temp));
    }

    [Fact]
    public async Task ThroughFileToArray_TamperedTag_ThrowsAndDeletesTheFile()
    {
        (_, byte[] body, ContentParameters content) = Encrypted(100_000);
        body[^3] ^= 1;
        using (content)
        {
            await Assert.ThrowsAsync<ObjectAuthenticationException>(() =>
                BodyDecryptor.DecryptThroughFileToArrayAsync(
                    new MemoryStream(body), body.Length, _temp, content, null, CancellationToken.None));
        }

        Assert.Empty(Directory.GetFiles(_temp));
    }

    [Fact]
    public async Task InMemory_SpanReads_CopyTheVerifiedPlaintextFromAnyPosition()
    {
        (byte[] plaintext, byte[] body, ContentParameters content) = Encrypted(10_000);
        using (content)
        {
            Stream result = await BodyDecryptor.DecryptInMemoryAsync(
                new MemoryStream(body), body.Length, content, 10_000, CancellationToken.None);
            byte[] piece = new byte[3000];

            result.Position = 8500;
            Assert.Equal(1500, result.Read(piece.AsSpan()));
            Assert.True(plaintext.AsSpan(8500).SequenceEqual(piece.AsSpan(0, 1500)));
            Assert.Equal(0, result.Read(piece.AsSpan()));
            result.Position = 20_000;
            Assert.Equal(0, result.Read(piece.AsSpan()));
            result.Position = 0;
            byte[] all = new byte[10_000];
            result.ReadExactly(all.AsSpan());
            Assert.Equal(plaintext, all);

            result.Dispose();
            Assert.Throws<ObjectDisposedException>(() => result.Read(piece.AsSpan()));
        }
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

    /// <summary>A destination filled, not zeroed, so a test sees which bytes the decryptor touched.</summary>
    private static byte[] Filled(int length)
    {
        byte[] array = new byte[length];
        array.AsSpan().Fill(0xA5);
        return array;
    }

    private static void AssertUntouched(byte[] destination, int from) =>
        Assert.True(destination.AsSpan(from).IndexOfAnyExcept((byte)0xA5) < 0, $"a byte past {from} was written");

    /// <summary>
    /// The destination as a failure must leave it: zeroes (what was written, at least <paramref name="atLeast"/>
    /// bytes, at most <paramref name="atMost"/>), then the fill, untouched; no byte of text.
    /// </summary>
    private static void AssertZeroedThenUntouched(byte[] destination, int atLeast, int atMost)
    {
        int zeroed = destination.AsSpan().IndexOfAnyExcept((byte)0);
        zeroed = zeroed < 0 ? destination.Length : zeroed;
        Assert.InRange(zeroed, atLeast, atMost);
        AssertUntouched(destination, zeroed);
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>
    /// A response body that, after its content, hands out bytes without end; it gives up with an IOException after
    /// <c>giveUpAfter</c> extra bytes, so a reader that never stops fails the test instead of hanging it.
    /// </summary>
    private sealed class EndlessBody : MemoryStream
    {
        private readonly long _giveUpAfter;
        private long _extra;

        public EndlessBody(byte[] content, long giveUpAfter)
            : base(content, writable: false) => _giveUpAfter = giveUpAfter;

        public long BytesPassed { get; private set; }

        public override async ValueTask<int> ReadAsync(
            Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await base.ReadAsync(buffer, cancellationToken);
            if (read == 0 && buffer.Length > 0)
            {
                if (_extra > _giveUpAfter)
                {
                    throw new IOException($"The reader went on {_extra} bytes past the body's end.");
                }

                buffer.Span.Fill(0x5A);
                read = buffer.Length;
                _extra += read;
            }

            BytesPassed += read;
            return read;
        }
    }

    /// <summary>A response body that reads as asked but reports <c>extra</c> bytes more on its first read.</summary>
    private sealed class OverclaimingBody(byte[] content, int extra) : MemoryStream(content, writable: false)
    {
        private bool _lied;

        public override async ValueTask<int> ReadAsync(
            Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await base.ReadAsync(buffer, cancellationToken);
            if (read > 0 && !_lied)
            {
                _lied = true;
                return read + extra;
            }

            return read;
        }
    }

    /// <summary>A response body that returns the given numbers of bytes per read, in turn, the last repeated.</summary>
    private sealed class ScriptedBody : MemoryStream
    {
        private readonly int[] _reads;
        private int _next;

        public ScriptedBody(byte[] content, int[] reads)
            : base(content, writable: false) => _reads = reads;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int size = _reads[Math.Min(_next++, _reads.Length - 1)];
            return base.ReadAsync(buffer[..Math.Min(buffer.Length, size)], cancellationToken);
        }
    }

    /// <summary>Hands out the decryptor's result arrays and keeps them, so a test can look at them after a
    /// failure.</summary>
    private sealed class ArrayRecorder
    {
        private readonly List<byte[]> _arrays = new();

        public int Count => _arrays.Count;

        public byte[] Allocate(int length)
        {
            // Filled, not zeroed, so a test cannot pass on an array the decryptor never touched.
            byte[] array = new byte[length];
            array.AsSpan().Fill(0xA5);
            _arrays.Add(array);
            return array;
        }

        public void AssertAllZero() =>
            Assert.All(_arrays, array => Assert.True(array.AsSpan().IndexOfAnyExcept((byte)0) < 0));
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
