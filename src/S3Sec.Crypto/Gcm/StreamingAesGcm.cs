using System;
using System.Security.Cryptography;

namespace S3Sec.Crypto.Gcm;

/// <summary>
/// AES-256-GCM with a 12-byte nonce and a 16-byte tag, fed in pieces of any size. .NET's <see cref="AesGcm"/>
/// is one-shot only; this composes the platform AES (counter-mode keystream) with <see cref="GHash"/> and is
/// checked against <see cref="AesGcm"/> by the tests. Decryption here releases plaintext before the tag is
/// known, so callers that decrypt must hold the output back until <see cref="VerifyTag"/> succeeds.
/// </summary>
internal sealed class StreamingAesGcm : IDisposable
{
    public const int TagSize = 16;
    public const int NonceSize = 12;
    public const int KeySize = 32;
    private const int PieceSize = 8 * 1024;

    private readonly Aes _aes;
    private readonly CtrKeystream _keystream;
    private readonly GHash _ghash;
    private readonly bool _encrypt;
    private readonly ulong _aadLength;
    private ulong _textLength;
    private bool _finished;

    public StreamingAesGcm(
        ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, bool encrypt,
        bool allowIntrinsics = true)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException("The content key must be 32 bytes (AES-256).", nameof(key));
        }

        if (nonce.Length != NonceSize)
        {
            throw new ArgumentException("The GCM nonce must be 12 bytes.", nameof(nonce));
        }

        _aes = Aes.Create();
        byte[] keyCopy = key.ToArray();
        _aes.Key = keyCopy;
        CryptographicOperations.ZeroMemory(keyCopy);
        _keystream = new CtrKeystream(_aes, nonce);
        Span<byte> hashSubkey = stackalloc byte[16];
        _aes.EncryptEcb(stackalloc byte[16], hashSubkey, PaddingMode.None);
        _ghash = new GHash(hashSubkey, allowIntrinsics);
        CryptographicOperations.ZeroMemory(hashSubkey);
        _ghash.Update(associatedData);
        _ghash.PadToBlock();
        _aadLength = (ulong)associatedData.Length;
        _encrypt = encrypt;
    }

    public bool IsAccelerated => _ghash.IsAccelerated;

    public long TextLength => (long)_textLength;

    /// <summary>Encrypts or decrypts the next piece; output may be the same memory as input.</summary>
    public void Transform(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (_finished)
        {
            throw new InvalidOperationException("The GCM operation is finished.");
        }

        // Piece by piece, so the authenticator reads text the keystream pass just left in the first-level cache.
        while (!input.IsEmpty)
        {
            int n = Math.Min(input.Length, PieceSize);
            if (!_encrypt)
            {
                _ghash.Update(input[..n]);
            }

            _keystream.Transform(input[..n], output[..n]);
            if (_encrypt)
            {
                _ghash.Update(output[..n]);
            }

            _textLength += (ulong)n;
            input = input[n..];
            output = output[n..];
        }
    }

    /// <summary>Feeds ciphertext to the authenticator only, without producing plaintext.</summary>
    public void AuthenticateOnly(ReadOnlySpan<byte> ciphertext)
    {
        if (_encrypt || _finished)
        {
            throw new InvalidOperationException("Authenticate-only is for decryption before finishing.");
        }

        if ((long)_textLength + ciphertext.Length > CtrKeystream.MaxTextLength)
        {
            throw new CryptographicException("GCM cannot process more than 2^32 - 2 blocks under one nonce.");
        }

        _ghash.Update(ciphertext);
        _textLength += (ulong)ciphertext.Length;
    }

    /// <summary>Computes the 16-byte tag over everything transformed so far.</summary>
    public void ComputeTag(Span<byte> tag)
    {
        if (_finished)
        {
            throw new InvalidOperationException("The GCM operation is finished.");
        }

        _finished = true;
        Span<byte> s = stackalloc byte[16];
        _ghash.Finish(_aadLength * 8, _textLength * 8, s);
        Span<byte> mask = stackalloc byte[16];
        _keystream.EncryptJ0(mask);
        CtrKeystream.Xor(s, mask, tag);
        CryptographicOperations.ZeroMemory(s);
        CryptographicOperations.ZeroMemory(mask);
    }

    /// <summary>Compares the computed tag with the expected one in constant time.</summary>
    public bool VerifyTag(ReadOnlySpan<byte> expectedTag)
    {
        Span<byte> tag = stackalloc byte[TagSize];
        ComputeTag(tag);
        return expectedTag.Length == TagSize && CryptographicOperations.FixedTimeEquals(tag, expectedTag);
    }

    public void Dispose()
    {
        _keystream.Dispose();
        _aes.Dispose();
    }
}
