using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;

namespace S3Sec.Crypto.Envelope;

/// <summary>
/// A KMS key (wrap algorithm <c>kms+context</c>): data keys come from KMS <c>GenerateDataKey</c> and are
/// unwrapped with KMS <c>Decrypt</c> under the object's encryption context, which also names the content cipher.
/// </summary>
public sealed class KmsMasterKey : MasterKey
{
    private readonly IAmazonKeyManagementService _kms;
    private readonly string _keyId;
    private readonly IReadOnlyDictionary<string, string> _encryptionContext;
    private bool _disposed;

    /// <summary>Creates the master key.</summary>
    /// <param name="kms">The KMS client (not owned).</param>
    /// <param name="keyId">Key id, ARN or alias of the KMS key.</param>
    /// <param name="encryptionContext">
    /// Caller encryption context; stored with the object, required to match on read. Must not use the reserved
    /// name <c>aws:x-amz-cek-alg</c>.
    /// </param>
    public KmsMasterKey(
        IAmazonKeyManagementService kms, string keyId, IReadOnlyDictionary<string, string>? encryptionContext = null)
    {
        ArgumentNullException.ThrowIfNull(kms);
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        if (encryptionContext != null && encryptionContext.ContainsKey(EnvelopeKeys.ReservedContextKey))
        {
            throw new ArgumentException(
                $"'{EnvelopeKeys.ReservedContextKey}' is reserved for the content cipher.", nameof(encryptionContext));
        }

        _kms = kms;
        _keyId = keyId;
        _encryptionContext = new Dictionary<string, string>(
            encryptionContext ?? new Dictionary<string, string>(), StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public override string WrapAlgorithm => EnvelopeKeys.WrapKmsContext;

    /// <inheritdoc />
    public override string ToString() => $"KmsMasterKey(kms+context, {_keyId})";

    internal override async Task<WrappedDataKey> GenerateDataKeyAsync(
        string contentCipher, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var context = new Dictionary<string, string>(_encryptionContext, StringComparer.Ordinal)
        {
            [EnvelopeKeys.ReservedContextKey] = contentCipher,
        };
        GenerateDataKeyResponse response;
        try
        {
            response = await _kms.GenerateDataKeyAsync(
                new GenerateDataKeyRequest { KeyId = _keyId, KeySpec = DataKeySpec.AES_256,
                    EncryptionContext = context },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException ex)
        {
            throw new S3EncryptionException("KMS refused to generate a data key.", ex);
        }

        byte[] dataKey = TakeBytes(response.Plaintext);
        if (dataKey.Length != 32)
        {
            CryptographicOperations.ZeroMemory(dataKey);
            throw new S3EncryptionException("KMS returned a data key that is not 32 bytes.");
        }

        return new WrappedDataKey(dataKey, TakeBytes(response.CiphertextBlob), context);
    }

    internal override async Task<byte[]> UnwrapDataKeyAsync(
        byte[] wrappedKey, string contentCipher, IReadOnlyDictionary<string, string> materialsDescription,
        CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!materialsDescription.TryGetValue(EnvelopeKeys.ReservedContextKey, out string? sealedCipher)
            || sealedCipher != contentCipher)
        {
            throw new KeyUnwrapException(
                "The KMS encryption context does not name the object's content cipher.");
        }

        foreach (KeyValuePair<string, string> expected in _encryptionContext)
        {
            if (!materialsDescription.TryGetValue(expected.Key, out string? actual) || actual != expected.Value)
            {
                throw new KeyUnwrapException(
                    $"The object's KMS encryption context does not hold the expected value for '{expected.Key}'.");
            }
        }

        DecryptResponse response;
        try
        {
            using var blob = new MemoryStream(wrappedKey, writable: false);
            response = await _kms.DecryptAsync(
                new DecryptRequest
                {
                    CiphertextBlob = blob,
                    KeyId = _keyId,
                    EncryptionContext = materialsDescription.ToDictionary(p => p.Key, p => p.Value,
                        StringComparer.Ordinal),
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException ex)
        {
            throw new KeyUnwrapException("KMS refused to decrypt the data key (" + ex.ErrorCode + ").", ex);
        }

        byte[] dataKey = TakeBytes(response.Plaintext);
        if (dataKey.Length != 32)
        {
            CryptographicOperations.ZeroMemory(dataKey);
            throw new KeyUnwrapException("KMS returned a data key that is not 32 bytes.");
        }

        return dataKey;
    }

    /// <summary>
    /// Holds no key bytes (KMS does), but a disposed key must still refuse use, as the other master keys do,
    /// rather than go on wrapping and unwrapping for a caller who believes it is gone.
    /// </summary>
    protected override void Dispose(bool disposing) => _disposed = true;

    private static byte[] TakeBytes(MemoryStream? stream)
    {
        if (stream == null)
        {
            return Array.Empty<byte>();
        }

        byte[] bytes = stream.ToArray();
        if (stream.TryGetBuffer(out ArraySegment<byte> buffer))
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan());
        }

        return bytes;
    }
}
