using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace S3Sec.Crypto.Tests.TestSupport;

/// <summary>
/// Passes reads through to an inner stream and cancels a token once a given number of bytes went by, the way a
/// user pressing Cancel interrupts a transfer in the middle. Like a network stream, it hands out at most 64 KiB
/// per read and refuses to read under a cancelled token.
/// </summary>
public sealed class CancellingStream : Stream
{
    private const int MaxRead = 64 * 1024;
    private readonly Stream _inner;
    private readonly long _cancelAfter;
    private readonly CancellationTokenSource _source;
    private readonly bool _seekable;
    private long _passed;

    public CancellingStream(Stream inner, long cancelAfter, CancellationTokenSource source, bool seekable = true)
    {
        _inner = inner;
        _cancelAfter = cancelAfter;
        _source = source;
        _seekable = seekable;
    }

    public long BytesPassed => _passed;

    public override bool CanRead => true;

    public override bool CanSeek => _seekable && _inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => CanSeek ? _inner.Length : throw new NotSupportedException();

    public override long Position
    {
        get => CanSeek ? _inner.Position : throw new NotSupportedException();
        set => _inner.Position = CanSeek ? value : throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read = _inner.Read(buffer[..Math.Min(buffer.Length, MaxRead)]);
        Passed(read);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int read = await _inner.ReadAsync(buffer[..Math.Min(buffer.Length, MaxRead)], cancellationToken)
            .ConfigureAwait(false);
        Passed(read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) =>
        CanSeek ? _inner.Seek(offset, origin) : throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Passed(int read)
    {
        _passed += read;
        if (_passed >= _cancelAfter)
        {
            _source.Cancel();
        }
    }
}
