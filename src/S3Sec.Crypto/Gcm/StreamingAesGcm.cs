using System;
using System.Security.Cryptography;

namespace S3Sec.Crypto.Gcm;

/// <summary>Which implementation a <see cref="StreamingAesGcm"/> runs; the output is the same for all.</summary>
internal enum GcmPath
{
    /// <summary>
    /// <see cref="Stitched"/> where the processor has AES-NI and PCLMULQDQ, else <see cref="Platform"/>.
    /// </summary>
    Fastest,

    /// <summary>
    /// One pass of AES-NI counter mode interleaved with PCLMULQDQ GHASH: <see cref="StitchedAesGcm"/>.
    /// </summary>
    Stitched,

    /// <summary>The platform's AES-ECB keystream, then GHASH (carry-less multiply where available), then XOR.</summary>
    Platform,

    /// <summary>
    /// As <see cref="Platform"/>, with the portable bitwise GHASH: the path of processors without CLMUL.
    /// </summary>
    PlatformPortableGhash,
}

/// <summary>
/// AES-256-GCM with a 12-byte nonce and a 16-byte tag, fed in pieces of any size. .NET's <see cref="AesGcm"/>
/// is one-shot only; this runs <see cref="StitchedAesGcm"/> where the processor allows, else composes the
/// platform AES (counter-mode keystream) with <see cref="GHash"/>, and both are checked against
/// <see cref="AesGcm"/> by the tests. Decryption here releases plaintext before the tag is known, so callers that
/// decrypt must hold the output back until <see cref="VerifyTag"/> succeeds.
/// </summary>
internal sealed class StreamingAesGcm : IDisposable
{
    public const int TagSize = 16;
    public const int NonceSize = 12;
    public const int KeySize = 32;
    private const int PieceSize = 8 * 1024;

    private readonly StitchedAesGcm? _stitched;
    private readonly Aes? _aes;
    private readonly CtrKeystream? _keystream;
    private readonly GHash? _ghash;
    private readonly bool _encrypt;
    private readonly ulong _aadLength;
    private ulong _textLength;
    private bool _authenticateOnly;
    private bool _finished;

    public StreamingAesGcm(
        ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> associatedData, bool encrypt,
        GcmPath path = GcmPath.Fastest)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException("The content key must be 32 bytes (AES-256).", nameof(key));
        }

        if (nonce.Length != NonceSize)
        {
            throw new ArgumentException("The GCM nonce must be 12 bytes.", nameof(nonce));
        }

        if (path == GcmPath.Fastest)
        {
            path = StitchedAesGcm.IsSupported ? GcmPath.Stitched : GcmPath.Platform;
        }

        Path = path;
        _encrypt = encrypt;
        _aadLength = (ulong)associatedData.Length;
        if (path == GcmPath.Stitched)
        {
            _stitched = new StitchedAesGcm(key, nonce);
            _stitched.AuthenticateAssociatedData(associatedData);
            return;
        }

        _aes = Aes.Create();
        byte[] keyCopy = key.ToArray();
        _aes.Key = keyCopy;
        CryptographicOperations.ZeroMemory(keyCopy);
        _keystream = new CtrKeystream(_aes, nonce);
        Span<byte> hashSubkey = stackalloc byte[16];
        _aes.EncryptEcb(stackalloc byte[16], hashSubkey, PaddingMode.None);
        _ghash = new GHash(hashSubkey, allowIntrinsics: path == GcmPath.Platform);
        CryptographicOperations.ZeroMemory(hashSubkey);
        _ghash.Update(associatedData);
        _ghash.PadToBlock();
    }

    /// <summary>The implementation in use, never <see cref="GcmPath.Fastest"/>.</summary>
    public GcmPath Path { get; }

    /// <summary>The stitched implementation when <see cref="Path"/> is stitched; for tests of its disposal.</summary>
    internal StitchedAesGcm? StitchedCore => _stitched;

    /// <summary>The GHASH of the platform and portable paths; for tests of its disposal.</summary>
    internal GHash? HashCore => _ghash;

    public long TextLength => (long)_textLength;

    /// <summary>Encrypts or decrypts the next piece; output may be the same memory as input.</summary>
    public void Transform(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (_finished)
        {
            throw new InvalidOperationException("The GCM operation is finished.");
        }

        if (_authenticateOnly)
        {
            throw new InvalidOperationException("An authenticate-only operation cannot also transform text.");
        }

        CheckLength(input.Length);
        if (_stitched is not null)
        {
            _stitched.Transform(input, output[..input.Length], _encrypt);
            _textLength += (ulong)input.Length;
            return;
        }

        // Piece by piece, so the authenticator reads text the keystream pass just left in the first-level cache.
        while (!input.IsEmpty)
        {
            int n = Math.Min(input.Length, PieceSize);
            if (!_encrypt)
            {
                _ghash!.Update(input[..n]);
            }

            _keystream!.Transform(input[..n], output[..n]);
            if (_encrypt)
            {
                _ghash!.Update(output[..n]);
            }

            _textLength += (ulong)n;
            input = input[n..];
            output = output[n..];
        }
    }

    /// <summary>
    /// Feeds ciphertext to the authenticator only, without producing plaintext. An operation that starts this way
    /// stays authenticate-only: the keystream is not advanced, so it cannot decrypt afterwards.
    /// </summary>
    public void AuthenticateOnly(ReadOnlySpan<byte> ciphertext)
    {
        if (_encrypt || _finished || (_textLength > 0 && !_authenticateOnly))
        {
            throw new InvalidOperationException("Authenticate-only is for decryption before finishing.");
        }

        CheckLength(ciphertext.Length);
        _authenticateOnly = true;
        if (_stitched is not null)
        {
            _stitched.Authenticate(ciphertext);
        }
        else
        {
            _ghash!.Update(ciphertext);
        }

        _textLength += (ulong)ciphertext.Length;
    }

    /// <summary>Computes the 16-byte tag over everything transformed so far.</summary>
    public void ComputeTag(Span<byte> tag)
    {
        if (_finished)
        {
            throw new InvalidOperationException("The GCM operation is finished.");
        }

        if (tag.Length < TagSize)
        {
            throw new ArgumentException("The tag buffer must hold 16 bytes.", nameof(tag));
        }

        _finished = true;
        if (_stitched is not null)
        {
            _stitched.ComputeTag(_aadLength * 8, _textLength * 8, tag);
            return;
        }

        Span<byte> s = stackalloc byte[16];
        _ghash!.Finish(_aadLength * 8, _textLength * 8, s);
        Span<byte> mask = stackalloc byte[16];
        _keystream!.EncryptJ0(mask);
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
        _stitched?.Dispose();
        _ghash?.Clear();
        _keystream?.Dispose();
        _aes?.Dispose();
    }

    private void CheckLength(int addition)
    {
        if ((long)_textLength + addition > CtrKeystream.MaxTextLength)
        {
            throw new CryptographicException("GCM cannot process more than 2^32 - 2 blocks under one nonce.");
        }
    }
}
