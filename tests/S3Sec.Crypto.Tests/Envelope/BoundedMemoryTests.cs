using System;
using System.IO;
using System.Security.Cryptography;
using S3Sec.Crypto.Envelope;
using Xunit;

namespace S3Sec.Crypto.Tests.Envelope;

public class BoundedMemoryTests
{
    private const int Size = 32 * 1024 * 1024;

    [Fact]
    public void EncryptingStream_32MiBSource_AllocatesUnderOneMiB()
    {
        byte[] key = RandomNumberGenerator.GetBytes(32);
        using var source = new ZeroStream(Size);
        byte[] buffer = new byte[81920];
        long before = GC.GetAllocatedBytesForCurrentThread();

        using (var stream = new EncryptingStream(source, Size, key, new byte[12], default))
        {
            long total = 0;
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += read;
            }

            Assert.Equal(Size + 16, total);
        }

        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1024 * 1024);
    }

    [Fact]
    public void EncryptingStream_RewindToStart_YieldsSameCiphertext()
    {
        byte[] key = RandomNumberGenerator.GetBytes(32);
        using var source = new MemoryStream(RandomNumberGenerator.GetBytes(100_000));
        using var stream = new EncryptingStream(source, source.Length, key, new byte[12], default);
        using var first = new MemoryStream();
        stream.CopyTo(first);

        stream.Position = 0;
        using var second = new MemoryStream();
        stream.CopyTo(second);

        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Fact]
    public void EncryptingStream_SourceShorterThanDeclared_Throws()
    {
        using var source = new MemoryStream(new byte[10]);
        using var stream = new EncryptingStream(source, 20, new byte[32], new byte[12], default);

        Assert.Throws<IOException>(() => stream.CopyTo(Stream.Null));
    }

    /// <summary>A seekable source of zeros that holds no buffer, so only the stream under test allocates.</summary>
    private sealed class ZeroStream : Stream
    {
        private readonly long _length;

        public ZeroStream(long length) => _length = length;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => _length;

        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = (int)Math.Min(count, _length - Position);
            Array.Clear(buffer, offset, n);
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
}
