using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace S3Sec.Crypto.Envelope;

/// <summary>
/// A key that wraps and unwraps the per-object data keys of client-side envelope encryption. The concrete
/// kinds are <see cref="AesMasterKey"/>, <see cref="RsaMasterKey"/> and <see cref="KmsMasterKey"/>.
/// </summary>
public abstract class MasterKey : IDisposable
{
    private protected MasterKey()
    {
    }

    /// <summary>The wrap algorithm as the V2 format names it: <c>AES/GCM</c>, <c>RSA-OAEP-SHA1</c> or
    /// <c>kms+context</c>.</summary>
    public abstract string WrapAlgorithm { get; }

    internal abstract Task<WrappedDataKey> GenerateDataKeyAsync(string contentCipher,
        CancellationToken cancellationToken);

    /// <summary>Returns the 32-byte data key; the caller zeroes it.</summary>
    internal abstract Task<byte[]> UnwrapDataKeyAsync(
        byte[] wrappedKey, string contentCipher, IReadOnlyDictionary<string, string> materialsDescription,
        CancellationToken cancellationToken);

    /// <summary>Releases the key and zeroes the key bytes held by this object.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Zeroes key bytes; overridden by kinds that hold them.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}

/// <summary>A fresh data key: the plaintext (zeroed by the caller after use) and its wrapped form.</summary>
internal sealed class WrappedDataKey
{
    public WrappedDataKey(byte[] plaintextKey, byte[] wrappedKey, IReadOnlyDictionary<string, string> description)
    {
        PlaintextKey = plaintextKey;
        WrappedKey = wrappedKey;
        MaterialsDescription = description;
    }

    public byte[] PlaintextKey { get; }

    public byte[] WrappedKey { get; }

    /// <summary>The material description (AES, RSA) or KMS encryption context, written as JSON.</summary>
    public IReadOnlyDictionary<string, string> MaterialsDescription { get; }
}
