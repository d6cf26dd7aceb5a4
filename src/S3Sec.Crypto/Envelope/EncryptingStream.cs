using System;
using System.IO;
using System.Security.Cryptography;
using S3Sec.Crypto.Gcm;

namespace S3Sec.Crypto.Envelope;

/// <summary>
/// Reads a plaintext source of known length and yields <c>ciphertext || tag</c>, holding one buffer at a time.
/// Rewinding to the start re-encrypts from the start (the SDK reads a body twice when it signs the payload).
/// </summary>
internal sealed class EncryptingStream : Stream
{
    private const int ChunkSize = 64 * 1024;
    private readonly Stream _source;
    private readonly long _sourceStart;
    private readonly long _plaintextLength;
    private readonly byte[] _key;
    private readonly byte[] _nonce;
    private readonly byte[] _associatedData;
    private readonly byte[] _chunk = new byte[ChunkSize];
    private readonly byte[] _tag = new byte[StreamingAesGcm.TagSize];
    private StreamingAesGcm? _gcm;
    private int _chunkOffset;
    private int _chunkLength;
    private long _plaintextRead;
    private long _position;
    private bool _tagReady;

    public EncryptingStream(
        Stream source, long plaintextLength, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> associatedData)
    {
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
            int n = _source.Read(buffer[..want]);
            if (n == 0)
            {
                throw new IOException("The plaintext source ended before its declared length.");
            }

            _gcm!.Transform(buffer[..n], buffer[..n]);
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
