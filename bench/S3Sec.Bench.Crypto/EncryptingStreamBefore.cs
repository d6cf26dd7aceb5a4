using System;
using System.IO;
using System.Security.Cryptography;
using S3Sec.Crypto.Gcm;

namespace S3Sec.Bench.Crypto;

/// <summary>
/// <c>S3Sec.Crypto.Envelope.EncryptingStream</c> as it was before issue 8 (commit 81ab3e9), kept so the benchmark
/// compares the old and new body streams in one run: a read buffer of 64 KiB or more gets one source read and
/// one in-place transform, smaller buffers go through a 64 KiB chunk. With a piece size, the large-buffer path
/// instead copies and encrypts piece after piece, each encrypted while it is still in the first-level cache:
/// the interleaving tried for issue 8, which measured slower and was not adopted.
/// </summary>
internal sealed class EncryptingStreamBefore : Stream
{
    private const int ChunkSize = 64 * 1024;
    private readonly Stream _source;
    private readonly long _sourceStart;
    private readonly long _plaintextLength;
    private readonly byte[] _key;
    private readonly byte[] _nonce;
    private readonly byte[] _associatedData;
    private readonly int _pieceSize;
    private readonly byte[] _chunk = new byte[ChunkSize];
    private readonly byte[] _tag = new byte[StreamingAesGcm.TagSize];
    private StreamingAesGcm? _gcm;
    private int _chunkOffset;
    private int _chunkLength;
    private long _plaintextRead;
    private long _position;
    private bool _tagReady;

    public EncryptingStreamBefore(
        Stream source, long plaintextLength, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> associatedData, int pieceSize = int.MaxValue)
    {
        _pieceSize = pieceSize;
        _source = source;
        _sourceStart = source.CanSeek ? source.Position : 0;
        _plaintextLength = plaintextLength;
        _key = key.ToArray();
        _nonce = nonce.ToArray();
        _associatedData = associatedData.ToArray();
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
        long remaining = _plaintextLength - _plaintextRead;
        if (_chunkOffset == _chunkLength && remaining > 0 && buffer.Length >= ChunkSize)
        {
            // A caller with a large buffer gets the ciphertext in it directly, saving a copy through the chunk.
            int want = (int)Math.Min(buffer.Length, remaining);
            int n = 0;
            while (n < want)
            {
                Span<byte> piece = buffer.Slice(n, Math.Min(_pieceSize, want - n));
                int got = _source.Read(piece);
                if (got == 0)
                {
                    throw new IOException("The plaintext source ended before its declared length.");
                }

                _gcm!.Transform(piece[..got], piece[..got]);
                n += got;
                if (got < piece.Length)
                {
                    break;
                }
            }
            _plaintextRead += n;
            _position += n;
            return n;
        }

        int total = 0;
        while (!buffer.IsEmpty)
        {
            if (_chunkOffset == _chunkLength && !Refill())
            {
                break;
            }

            int take = Math.Min(buffer.Length, _chunkLength - _chunkOffset);
            _chunk.AsSpan(_chunkOffset, take).CopyTo(buffer);
            _chunkOffset += take;
            buffer = buffer[take..];
            total += take;
        }

        _position += total;
        return total;
    }

    private bool Refill()
    {
        if (_tagReady)
        {
            return false;
        }

        long remaining = _plaintextLength - _plaintextRead;
        if (remaining > 0)
        {
            int want = (int)Math.Min(ChunkSize, remaining);
            int got = 0;
            while (got < want)
            {
                int n = _source.Read(_chunk, got, want - got);
                if (n == 0)
                {
                    throw new IOException("The plaintext source ended before its declared length.");
                }

                got += n;
            }

            _gcm!.Transform(_chunk.AsSpan(0, got), _chunk.AsSpan(0, got));
            _plaintextRead += got;
            _chunkOffset = 0;
            _chunkLength = got;
            return true;
        }

        _gcm!.ComputeTag(_tag);
        _tag.CopyTo(_chunk, 0);
        _chunkOffset = 0;
        _chunkLength = _tag.Length;
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
        _chunkOffset = 0;
        _chunkLength = 0;
        _plaintextRead = 0;
        _position = 0;
        _tagReady = false;
    }

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
            CryptographicOperations.ZeroMemory(_chunk);
        }

        base.Dispose(disposing);
    }
}
