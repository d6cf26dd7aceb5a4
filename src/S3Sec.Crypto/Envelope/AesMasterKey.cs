using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace S3Sec.Crypto.Envelope;

/// <summary>
/// A local AES-256 master key (wrap algorithm <c>AES/GCM</c>). The master key never leaves the process:
/// neither AWS nor the object sees it.
/// </summary>
public sealed class AesMasterKey : MasterKey
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly byte[] _key;
    private bool _disposed;

    /// <summary>Creates the master key from 32 bytes, which are copied.</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    public AesMasterKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException(
                $"An AES master key must be 256 bits (32 bytes); got {key.Length} bytes.", nameof(key));
        }

        _key = GC.AllocateArray<byte>(32, pinned: true);
        key.CopyTo(_key);
    }

    /// <summary>Creates the master key from its base64 form.</summary>
    /// <exception cref="ArgumentException">The text is not base64 of 32 bytes.</exception>
    public static AesMasterKey FromBase64(string base64Key)
    {
        ArgumentNullException.ThrowIfNull(base64Key);
        byte[] bytes = KeyText.DecodeBase64(base64Key, "AES master key");
        try
        {
            return new AesMasterKey(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Generates a random master key.</summary>
    public static AesMasterKey Generate()
    {
        Span<byte> key = stackalloc byte[32];
        RandomNumberGenerator.Fill(key);
        var masterKey = new AesMasterKey(key);
        CryptographicOperations.ZeroMemory(key);
        return masterKey;
    }

    /// <inheritdoc />
    public override string WrapAlgorithm => EnvelopeKeys.WrapAesGcm;

    /// <inheritdoc />
    public override string ToString() => "AesMasterKey(AES/GCM)";

    internal override Task<WrappedDataKey> GenerateDataKeyAsync(
        string contentCipher, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        byte[] dataKey = RandomNumberGenerator.GetBytes(32);
        byte[] wrapped = new byte[NonceSize + dataKey.Length + TagSize];
        RandomNumberGenerator.Fill(wrapped.AsSpan(0, NonceSize));
        using (var gcm = new AesGcm(_key, TagSize))
        {
            gcm.Encrypt(
                wrapped.AsSpan(0, NonceSize), dataKey, wrapped.AsSpan(NonceSize, dataKey.Length),
                wrapped.AsSpan(NonceSize + dataKey.Length), Encoding.ASCII.GetBytes(contentCipher));
        }

        var description = new Dictionary<string, string>();
        return Task.FromResult(new WrappedDataKey(dataKey, wrapped, description));
    }

    internal override Task<byte[]> UnwrapDataKeyAsync(
        byte[] wrappedKey, string contentCipher, IReadOnlyDictionary<string, string> materialsDescription,
        CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        if (wrappedKey.Length != NonceSize + 32 + TagSize)
        {
            throw new KeyUnwrapException(
                $"An AES/GCM wrapped data key is {NonceSize + 32 + TagSize} bytes; got {wrappedKey.Length}.");
        }

        byte[] dataKey = new byte[32];
        try
        {
            using var gcm = new AesGcm(_key, TagSize);
            gcm.Decrypt(
                wrappedKey.AsSpan(0, NonceSize), wrappedKey.AsSpan(NonceSize, 32), wrappedKey.AsSpan(NonceSize + 32),
                dataKey, Encoding.ASCII.GetBytes(contentCipher));
            return Task.FromResult(dataKey);
        }
        catch (CryptographicException ex)
        {
            CryptographicOperations.ZeroMemory(dataKey);
            throw new KeyUnwrapException(
                "The data key could not be unwrapped with the AES master key: wrong master key, or the wrapped key "
                + "or content cipher was changed.", ex);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        CryptographicOperations.ZeroMemory(_key);
        _disposed = true;
    }
}
