using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using S3Sec.Crypto.Envelope;
using Xunit;

namespace S3Sec.Crypto.Tests.Envelope;

/// <summary>
/// The PutObject body: byte for byte what one-shot <see cref="AesGcm"/> produces, whatever the source (a
/// MemoryStream that hides or shows its buffer, a stream of short reads, a MemoryStream subclass) and whatever
/// size the reader asks for.
/// </summary>
public class EncryptingStreamTests
{
    private static readonly int[] Sizes =
    {
        0, 1, 15, 16, 17, 127, 128, 129, 4095, 16384, 65535, 65536, 65537, 131_073, 200_003,
    };

    private static readonly int[] ReadSizes = { 1, 15, 16, 17, 4095, 16383, 16384, 65536, 65537, 100_000 };

    public enum Source
    {
        PrivateMemoryStream,
        PublicMemoryStream,
        WrittenMemoryStream,
        ShortReads,
        MemoryStreamSubclass,
    }

    public static IEnumerable<object[]> SourcesAndReadSizes()
    {
        foreach (Source source in Enum.GetValues<Source>())
        {
            foreach (int readSize in ReadSizes)
            {
                yield return new object[] { source, readSize };
            }
        }
    }

    [Theory]
    [MemberData(nameof(SourcesAndReadSizes))]
    public void Read_EachSizeAndReadBuffer_EqualsOneShotAesGcm(Source kind, int readSize)
    {
        foreach (int size in Sizes)
        {
            var random = new Random(size + readSize);
            byte[] plaintext = Bytes(random, size);
            byte[] key = Bytes(random, 32);
            byte[] nonce = Bytes(random, 12);
            byte[] aad = Bytes(random, size % 7);
            Stream source = Open(kind, plaintext, prefix: 0, random);

            using var stream = new EncryptingStream(source, size, key, nonce, aad);
            byte[] actual = ReadAll(stream, readSize);

            Assert.True(OneShot(plaintext, key, nonce, aad).AsSpan().SequenceEqual(actual), $"size {size}");
            Assert.Equal(size + 16, stream.Position);
            Assert.Equal(0, stream.Read(new byte[readSize]));
        }
    }

    [Theory]
    [InlineData(Source.PrivateMemoryStream)]
    [InlineData(Source.PublicMemoryStream)]
    [InlineData(Source.WrittenMemoryStream)]
    [InlineData(Source.ShortReads)]
    [InlineData(Source.MemoryStreamSubclass)]
    public void Rewind_AfterPartAndAfterAll_ReencryptsFromTheSourceStart(Source kind)
    {
        var random = new Random(17);
        byte[] plaintext = Bytes(random, 150_001);
        byte[] key = Bytes(random, 32);
        byte[] nonce = Bytes(random, 12);
        Stream source = Open(kind, plaintext, prefix: 1000, random);
        byte[] expected = OneShot(plaintext, key, nonce, Array.Empty<byte>());
        using var stream = new EncryptingStream(source, plaintext.Length, key, nonce, default);

        byte[] part = new byte[70_000];
        int got = stream.Read(part);
        stream.Position = 0;
        byte[] first = ReadAll(stream, 65536);
        stream.Seek(0, SeekOrigin.Begin);
        byte[] second = ReadAll(stream, 4095);

        Assert.True(got > 0);
        Assert.True(expected.AsSpan(0, got).SequenceEqual(part.AsSpan(0, got)));
        Assert.Equal(expected, first);
        Assert.Equal(expected, second);
        Assert.Equal(1000 + plaintext.Length, source.Position);
    }

    [Theory]
    [InlineData(Source.PrivateMemoryStream, 65536)]
    [InlineData(Source.PublicMemoryStream, 65536)]
    [InlineData(Source.PublicMemoryStream, 100)]
    [InlineData(Source.WrittenMemoryStream, 20_000)]
    public void Read_SourcePosition_AdvancesByThePlaintextConsumed(Source kind, int readSize)
    {
        var random = new Random(3);
        byte[] plaintext = Bytes(random, 300_000);
        Stream source = Open(kind, plaintext, prefix: 7, random);
        using var stream = new EncryptingStream(source, plaintext.Length, new byte[32], new byte[12], default);

        int got = stream.Read(new byte[readSize]);

        // A small read is served from a 64 KiB chunk, so the source is ahead of the caller by the chunk.
        long consumed = readSize >= EncryptingStream.DirectReadMinimum ? got : 65536;
        Assert.Equal(7 + consumed, source.Position);
    }

    [Fact]
    public void Read_LargeBufferWithTextLeft_ReturnsWholeEightBlockSteps()
    {
        byte[] plaintext = new byte[300_000];
        using var stream = new EncryptingStream(
            new MemoryStream(plaintext, 0, plaintext.Length, false, true), plaintext.Length, new byte[32],
            new byte[12], default);

        Assert.Equal(65536, stream.Read(new byte[65537]));
        Assert.Equal(16384, stream.Read(new byte[16400]));
    }

    [Theory]
    [InlineData(Source.PrivateMemoryStream, 65536)]
    [InlineData(Source.PublicMemoryStream, 65536)]
    [InlineData(Source.PublicMemoryStream, 17)]
    [InlineData(Source.ShortReads, 65536)]
    public void Read_SourceShorterThanDeclared_Throws(Source kind, int readSize)
    {
        var random = new Random(5);
        Stream source = Open(kind, Bytes(random, 100_000), prefix: 0, random);
        using var stream = new EncryptingStream(source, 100_001, new byte[32], new byte[12], default);

        IOException error = Assert.Throws<IOException>(() => ReadAll(stream, readSize));
        Assert.Contains("ended before its declared length", error.Message);
    }

    [Fact]
    public void Read_MemoryStreamSubclass_GoesThroughItsRead()
    {
        byte[] plaintext = new byte[100_000];
        var source = new CountingMemoryStream(plaintext);
        using var stream = new EncryptingStream(source, plaintext.Length, new byte[32], new byte[12], default);

        ReadAll(stream, 65536);

        Assert.True(source.Reads > 0);
    }

    [Fact]
    public void Read_PublicMemoryStreamWrittenDuringUpload_EncryptsWhatItHoldsAtEachRead()
    {
        // The buffer is looked up at each read, so a stream that grows (and reallocates) is read correctly.
        var random = new Random(9);
        byte[] first = Bytes(random, 70_000);
        byte[] second = Bytes(random, 200_000);
        var source = new MemoryStream();
        source.Write(first);
        source.Position = 0;
        byte[] key = Bytes(random, 32);
        using var stream = new EncryptingStream(source, first.Length + second.Length, key, new byte[12], default);

        byte[] head = new byte[65536];
        int got = stream.Read(head);
        long resume = source.Position;
        source.Seek(0, SeekOrigin.End);
        source.Write(second);
        source.Position = resume;
        using var rest = new MemoryStream();
        rest.Write(head, 0, got);
        stream.CopyTo(rest);

        byte[] plaintext = [.. first, .. second];
        Assert.Equal(OneShot(plaintext, key, new byte[12], Array.Empty<byte>()), rest.ToArray());
    }

    [Theory]
    [InlineData(Source.PrivateMemoryStream, 17)]
    [InlineData(Source.PrivateMemoryStream, 65536)]
    [InlineData(Source.PublicMemoryStream, 65537)]
    [InlineData(Source.WrittenMemoryStream, 4095)]
    [InlineData(Source.ShortReads, 65536)]
    [InlineData(Source.MemoryStreamSubclass, 20_000)]
    public async Task ReadAsync_EachSource_EqualsOneShotAesGcm(Source kind, int readSize)
    {
        var random = new Random(readSize);
        byte[] plaintext = Bytes(random, 200_003);
        byte[] key = Bytes(random, 32);
        byte[] nonce = Bytes(random, 12);
        using var stream = new EncryptingStream(
            Open(kind, plaintext, prefix: 3, random), plaintext.Length, key, nonce, default);
        using var output = new MemoryStream();
        byte[] buffer = new byte[readSize];

        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0)
        {
            output.Write(buffer, 0, n);
        }

        Assert.Equal(OneShot(plaintext, key, nonce, Array.Empty<byte>()), output.ToArray());
    }

    [Fact]
    public async Task ReadAsync_Canceled_ReadsNothing()
    {
        var source = new MemoryStream(new byte[100_000]);
        using var stream = new EncryptingStream(source, source.Length, new byte[32], new byte[12], default);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => stream.ReadAsync(new byte[65536], cancelled.Token).AsTask());
        Assert.Equal(0, source.Position);
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public async Task ReadAsync_SourceShorterThanDeclared_ThrowsWhenAwaited()
    {
        using var stream = new EncryptingStream(
            new MemoryStream(new byte[1000]), 1001, new byte[32], new byte[12], default);

        byte[] buffer = new byte[65536];

        Assert.Equal(1000, await stream.ReadAsync(buffer));
        ValueTask<int> next = stream.ReadAsync(buffer);
        await Assert.ThrowsAsync<IOException>(async () => await next);
    }

    private static Stream Open(Source kind, byte[] plaintext, int prefix, Random random)
    {
        byte[] withPrefix = new byte[prefix + plaintext.Length];
        plaintext.CopyTo(withPrefix, prefix);
        Stream stream = kind switch
        {
            Source.PrivateMemoryStream => new MemoryStream(withPrefix, writable: false),
            Source.PublicMemoryStream => new MemoryStream(withPrefix, 0, withPrefix.Length, false, true),
            Source.WrittenMemoryStream => Written(withPrefix),
            Source.ShortReads => new ShortReadStream(withPrefix, new Random(random.Next())),
            _ => new CountingMemoryStream(withPrefix),
        };
        stream.Position = prefix;
        return stream;
    }

    private static MemoryStream Written(byte[] content)
    {
        var stream = new MemoryStream();
        stream.Write(content);
        return stream;
    }

    private static byte[] ReadAll(Stream stream, int readSize)
    {
        using var output = new MemoryStream();
        byte[] buffer = new byte[readSize];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            output.Write(buffer, 0, n);
        }

        return output.ToArray();
    }

    private static byte[] OneShot(byte[] plaintext, byte[] key, byte[] nonce, byte[] aad)
    {
        byte[] result = new byte[plaintext.Length + 16];
        using var gcm = new AesGcm(key, 16);
        gcm.Encrypt(nonce, plaintext, result.AsSpan(0, plaintext.Length), result.AsSpan(plaintext.Length), aad);
        return result;
    }

    private static byte[] Bytes(Random random, int count)
    {
        byte[] bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A seekable source that returns 1 to 5,000 bytes per read, however many were asked for.</summary>
    private sealed class ShortReadStream : Stream
    {
        private readonly byte[] _content;
        private readonly Random _random;

        public ShortReadStream(byte[] content, Random random)
        {
            _content = content;
            _random = random;
        }

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => _content.Length;

        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = (int)Math.Min(Math.Min(buffer.Length, _random.Next(1, 5001)), _content.Length - Position);
            _content.AsSpan((int)Position, n).CopyTo(buffer);
            Position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = offset;

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Shows its buffer, but as a subclass it may read differently, so it must be read through Read.</summary>
    private sealed class CountingMemoryStream : MemoryStream
    {
        public CountingMemoryStream(byte[] content)
            : base(content, 0, content.Length, writable: false, publiclyVisible: true)
        {
        }

        public int Reads { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Reads++;
            return base.Read(buffer, offset, count);
        }

        public override int Read(Span<byte> buffer)
        {
            Reads++;
            return base.Read(buffer);
        }
    }
}
