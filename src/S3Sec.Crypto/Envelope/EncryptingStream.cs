using System;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using S3Sec.Crypto.Gcm;

namespace S3Sec.Crypto.Envelope;

/// <summary>
/// Reads a plaintext source of known length and yields <c>ciphertext || tag</c>, holding at most one buffer.
/// Rewinding to the start re-encrypts from the start (the SDK reads a body twice when it signs the payload).
/// </summary>
/// <remarks>
/// A read buffer of <see cref="DirectReadMinimum"/> bytes or more receives the ciphertext directly: one read of
/// the source into it, then encryption in place. From a <see cref="MemoryStream"/> whose buffer is public
/// (<see cref="MemoryStream.TryGetBuffer"/>) the cipher instead reads the plaintext where it lies and the source's
/// position is advanced, so the plaintext is never copied. Smaller read buffers are served from a 64 KiB chunk,
/// allocated only for them.
/// </remarks>
internal sealed class EncryptingStream : Stream
{
    /// <summary>Read buffers at least this long are encrypted into directly instead of through the chunk.</summary>
    public const int DirectReadMinimum = 16 * 1024;

    private const int ChunkSize = 64 * 1024;

    // Whole eight-block steps of the stitched core per read, while more text follows, so no step is cut in two.
    private const int StepAlignment = 128;

    private readonly Stream _source;
    private readonly MemoryStream? _memorySource;
    private readonly long _sourceStart;
    private readonly long _plaintextLength;
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly byte[] _key;
    private readonly byte[] _nonce;
    private readonly byte[] _associatedData;
    private readonly byte[] _tag = new byte[StreamingAesGcm.TagSize];
    private byte[]? _chunk;
    private byte[] _held;
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private StreamingAesGcm? _gcm;
    private int _heldOffset;
    private int _heldLength;
    private long _plaintextRead;
    private long _position;
    private bool _tagReady;

    public EncryptingStream(
        Stream source, long plaintextLength, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> associatedData)
    {
        _source = source;

        // Only MemoryStream itself: a derived class may override Read, which reading its buffer would bypass.
        _memorySource = source.GetType() == typeof(MemoryStream) ? (MemoryStream)source : null;
        _sourceStart = source.CanSeek ? source.Position : 0;
        _plaintextLength = plaintextLength;
        _key = key.ToArray();
        _nonce = nonce.ToArray();
        _associatedData = associatedData.ToArray();
        _held = _tag;
        Restart();
    }

    public override bool CanRead => true;

    public override bool CanSeek => _source.CanSeek;

    public override bool CanWrite => false;

    public override long Length => _plaintextLength + StreamingAesGcm.TagSize;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int total = 0;
        while (!buffer.IsEmpty)
        {
            if (_heldOffset < _heldLength)
            {
                int n = Math.Min(buffer.Length, _heldLength - _heldOffset);
                _held.AsSpan(_heldOffset, n).CopyTo(buffer);
                _heldOffset += n;
                buffer = buffer[n..];
                total += n;
                continue;
            }

            if (buffer.Length >= DirectReadMinimum)
            {
                // The rest of a large buffer is left to the next call, which encrypts into it directly, rather
                // than filled through the chunk.
                if (total == 0 && _plaintextRead < _plaintextLength)
                {
                    total = EncryptNext(buffer[..NextLength(buffer.Length)]);
                }

                if (total > 0)
                {
                    break;
                }
            }

            if (!Refill())
            {
                break;
            }
        }

        _position += total;
        return total;
    }

    /// <summary>
    /// From a <see cref="MemoryStream"/> there is nothing to wait for, so the read runs on the caller's thread.
    /// <see cref="Stream"/>'s own ReadAsync would queue each read to the thread pool behind a semaphore, and
    /// HttpClient sends a request body through ReadAsync. Other sources keep that behaviour, as their reads may
    /// block.
    /// </summary>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_memorySource is null)
        {
            return base.ReadAsync(buffer, cancellationToken);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }

        try
        {
            return new ValueTask<int>(Read(buffer.Span));
        }
        catch (Exception ex)
        {
            return ValueTask.FromException<int>(ex);
        }
    }

    // Stream's ReadAsync(Memory) calls this overload, so other sources must reach Stream's own here.
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _memorySource is null
            ? base.ReadAsync(buffer, offset, count, cancellationToken)
            : ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>How much of a direct read to fill: whole 128-byte steps unless this is the end of the text.</summary>
    private int NextLength(int bufferLength)
    {
        long remaining = _plaintextLength - _plaintextRead;
        if (remaining <= bufferLength)
        {
            return (int)remaining;
        }

        return bufferLength >= StepAlignment ? bufferLength - (bufferLength % StepAlignment) : bufferLength;
    }

    /// <summary>Encrypts the next plaintext into <paramref name="destination"/>; returns the bytes produced.</summary>
    private int EncryptNext(Span<byte> destination)
    {
        int produced;
        if (_memorySource is not null && _memorySource.TryGetBuffer(out ArraySegment<byte> segment))
        {
            // The cipher reads the source's own buffer, which MemoryStream exposes for exactly this: no copy.
            long position = _memorySource.Position;
            produced = (int)Math.Clamp(segment.Count - position, 0, destination.Length);
            if (produced == 0)
            {
                throw SourceEnded();
            }

            _gcm!.Transform(segment.AsSpan((int)position, produced), destination);
            _memorySource.Position = position + produced;
        }
        else
        {
            produced = _source.Read(destination);
            if (produced == 0)
            {
                throw SourceEnded();
            }

            _gcm!.Transform(destination[..produced], destination[..produced]);
        }

        _plaintextRead += produced;
        return produced;
    }

    /// <summary>Puts the next chunk of ciphertext, or the tag after the last one, into the held buffer.</summary>
    private bool Refill()
    {
        if (_tagReady)
        {
            return false;
        }

        long remaining = _plaintextLength - _plaintextRead;
        if (remaining > 0)
        {
            _chunk ??= new byte[ChunkSize];
            int want = (int)Math.Min(ChunkSize, remaining);
            int got = 0;
            while (got < want)
            {
                got += EncryptNext(_chunk.AsSpan(got, want - got));
            }

            _held = _chunk;
            _heldOffset = 0;
            _heldLength = got;
            return true;
        }

        _gcm!.ComputeTag(_tag);
        _held = _tag;
        _heldOffset = 0;
        _heldLength = _tag.Length;
        _tagReady = true;
        return true;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => Length + offset,
        };
        if (target == _position)
        {
            return _position;
        }

        if (target != 0 || !_source.CanSeek)
        {
            throw new NotSupportedException("The encrypting stream can only rewind to its start.");
        }

        _source.Position = _sourceStart;
        Restart();
        return 0;
    }

    private void Restart()
    {
        _gcm?.Dispose();
        _gcm = new StreamingAesGcm(_key, _nonce, _associatedData, encrypt: true);
        _heldOffset = 0;
        _heldLength = 0;
        _plaintextRead = 0;
        _position = 0;
        _tagReady = false;
    }

    private static IOException SourceEnded() => new("The plaintext source ended before its declared length.");

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gcm?.Dispose();
            CryptographicOperations.ZeroMemory(_key);
            CryptographicOperations.ZeroMemory(_tag);
            if (_chunk is not null)
            {
                CryptographicOperations.ZeroMemory(_chunk);
            }
        }

        base.Dispose(disposing);
    }
}
