using System;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace S3Sec.Crypto.Gcm;

/// <summary>
/// The GCM counter-mode keystream (32-bit big-endian counter after a 96-bit nonce), produced in batches with
/// the platform's AES-ECB so encryption runs at the speed of the hardware AES instructions. Seekable, so a
/// spooled ciphertext can be decrypted from any offset.
/// </summary>
internal sealed class CtrKeystream : IDisposable
{
    private const int BatchBlocks = 4096;

    /// <summary>GCM allows 2^32 - 2 counter blocks per nonce.</summary>
    public const long MaxTextLength = (((long)1 << 32) - 2) * 16;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _counters = new byte[BatchBlocks * 16];
    private readonly byte[] _keystream = new byte[BatchBlocks * 16];
    private long _batchStart = -1;
    private int _batchLength;
    private long _position;

    public CtrKeystream(Aes aes, ReadOnlySpan<byte> nonce)
    {
        if (nonce.Length != 12)
        {
            throw new ArgumentException("The GCM nonce must be 12 bytes.", nameof(nonce));
        }

        _aes = aes;

        // A transform keeps one native cipher context for every batch; Aes.EncryptEcb sets one up per call, which
        // cost about a third of the keystream's time at 64 KiB batches. ECB has no chaining state to carry.
        aes.Mode = CipherMode.ECB;
        aes.Padding = PaddingMode.None;
        _ecb = aes.CreateEncryptor();
        nonce.CopyTo(_nonce);
        for (int i = 0; i < BatchBlocks; i++)
        {
            nonce.CopyTo(_counters.AsSpan(i * 16));
        }
    }

    public long Position => _position;

    public void Seek(long position)
    {
        if (position < 0 || position > MaxTextLength)
        {
            throw new ArgumentOutOfRangeException(nameof(position));
        }

        _position = position;
    }

    /// <summary>Writes input XOR keystream to output and advances.</summary>
    public void Transform(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (_position + input.Length > MaxTextLength)
        {
            throw new CryptographicException("GCM cannot encrypt more than 2^32 - 2 blocks under one nonce.");
        }

        while (!input.IsEmpty)
        {
            if (_batchStart < 0 || _position < _batchStart || _position >= _batchStart + _batchLength)
            {
                FillBatch(_position - (_position % 16));
            }

            int offset = (int)(_position - _batchStart);
            int take = Math.Min(input.Length, _batchLength - offset);
            Xor(input[..take], _keystream.AsSpan(offset, take), output[..take]);
            input = input[take..];
            output = output[take..];
            _position += take;
        }
    }

    /// <summary>Encrypts the pre-counter block J0 (nonce || 1) that masks the GCM tag.</summary>
    public void EncryptJ0(Span<byte> destination)
    {
        Span<byte> j0 = stackalloc byte[16];
        _nonce.CopyTo(j0);
        BinaryPrimitives.WriteUInt32BigEndian(j0[12..], 1);
        _aes.EncryptEcb(j0, destination, PaddingMode.None);
    }

    private void FillBatch(long blockAlignedStart)
    {
        // Text block n uses counter value n + 2: J0 holds 1 and the first text block is inc32(J0).
        uint counter = (uint)((blockAlignedStart / 16) + 2);
        for (int i = 0; i < BatchBlocks; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_counters.AsSpan((i * 16) + 12), unchecked(counter + (uint)i));
        }

        _ecb.TransformBlock(_counters, 0, _counters.Length, _keystream, 0);
        _batchStart = blockAlignedStart;
        _batchLength = _keystream.Length;
    }

    internal static void Xor(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> destination)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<byte>.Count)
        {
            int vectorBytes = a.Length - (a.Length % Vector<byte>.Count);
            ReadOnlySpan<Vector<byte>> va = MemoryMarshal.Cast<byte, Vector<byte>>(a[..vectorBytes]);
            ReadOnlySpan<Vector<byte>> vb = MemoryMarshal.Cast<byte, Vector<byte>>(b[..vectorBytes]);
            Span<Vector<byte>> vd = MemoryMarshal.Cast<byte, Vector<byte>>(destination[..vectorBytes]);
            for (int v = 0; v < va.Length; v++)
            {
                vd[v] = va[v] ^ vb[v];
            }

            i = vectorBytes;
        }

        for (; i < a.Length; i++)
        {
            destination[i] = (byte)(a[i] ^ b[i]);
        }
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_keystream);
        _ecb.Dispose();
        _batchStart = -1;
    }
}
