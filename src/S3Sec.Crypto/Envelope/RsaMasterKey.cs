using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace S3Sec.Crypto.Envelope;

/// <summary>
/// An RSA master key (wrap algorithm <c>RSA-OAEP-SHA1</c>, the V2 format's only RSA wrap). A public key
/// suffices to write; reading needs the private key. The RSA object is owned and disposed by this key.
/// </summary>
public sealed class RsaMasterKey : MasterKey
{
    private readonly RSA _rsa;
    private bool _disposed;

    /// <summary>Wraps an RSA key of at least 2048 bits; this object takes ownership of it.</summary>
    /// <exception cref="ArgumentException">The key is shorter than 2048 bits.</exception>
    public RsaMasterKey(RSA rsa)
    {
        ArgumentNullException.ThrowIfNull(rsa);
        if (rsa.KeySize < 2048)
        {
            throw new ArgumentException("An RSA master key must be at least 2048 bits.", nameof(rsa));
        }

        _rsa = rsa;
    }

    /// <summary>Loads a private key from PKCS#8 DER bytes.</summary>
    public static RsaMasterKey FromPkcs8PrivateKey(ReadOnlySpan<byte> pkcs8)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        }
        catch (CryptographicException ex)
        {
            rsa.Dispose();
            throw new ArgumentException("The bytes are not a PKCS#8 RSA private key.", nameof(pkcs8), ex);
        }

        return new RsaMasterKey(rsa);
    }

    /// <summary>Loads a public key (write only) from SubjectPublicKeyInfo DER bytes.</summary>
    public static RsaMasterKey FromSubjectPublicKeyInfo(ReadOnlySpan<byte> spki)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportSubjectPublicKeyInfo(spki, out _);
        }
        catch (CryptographicException ex)
        {
            rsa.Dispose();
            throw new ArgumentException("The bytes are not an RSA SubjectPublicKeyInfo.", nameof(spki), ex);
        }

        return new RsaMasterKey(rsa);
    }

    /// <inheritdoc />
    public override string WrapAlgorithm => EnvelopeKeys.WrapRsaOaepSha1;

    /// <inheritdoc />
    public override string ToString() => $"RsaMasterKey(RSA-OAEP-SHA1, {_rsa.KeySize} bits)";

    internal override Task<WrappedDataKey> GenerateDataKeyAsync(
        string contentCipher, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        byte[] dataKey = RandomNumberGenerator.GetBytes(32);
        byte[] cipherName = Encoding.ASCII.GetBytes(contentCipher);
        byte[] message = new byte[1 + dataKey.Length + cipherName.Length];
        try
        {
            message[0] = (byte)dataKey.Length;
            dataKey.CopyTo(message, 1);
            cipherName.CopyTo(message, 1 + dataKey.Length);
            byte[] wrapped = _rsa.Encrypt(message, RSAEncryptionPadding.OaepSHA1);
            return Task.FromResult(new WrappedDataKey(dataKey, wrapped, new Dictionary<string, string>()));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(message);
        }
    }

    internal override Task<byte[]> UnwrapDataKeyAsync(
        byte[] wrappedKey, string contentCipher, IReadOnlyDictionary<string, string> materialsDescription,
        CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        byte[] message;
        try
        {
            message = _rsa.Decrypt(wrappedKey, RSAEncryptionPadding.OaepSHA1);
        }
        catch (CryptographicException ex)
        {
            throw new KeyUnwrapException(
                "The data key could not be unwrapped with the RSA master key: wrong private key, a public-only "
                + "key, or a changed wrapped key.", ex);
        }

        try
        {
            byte[] cipherName = Encoding.ASCII.GetBytes(contentCipher);
            if (message.Length != 1 + 32 + cipherName.Length || message[0] != 32)
            {
                throw new KeyUnwrapException("The RSA-unwrapped data key block has an unexpected layout.");
            }

            // The content cipher is bound inside the RSA block: a metadata edit of the cipher is caught here.
            if (!CryptographicOperations.FixedTimeEquals(message.AsSpan(33), cipherName))
            {
                throw new KeyUnwrapException(
                    "The content cipher sealed with the data key does not match the object's content cipher.");
            }

            return Task.FromResult(message.AsSpan(1, 32).ToArray());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(message);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _rsa.Dispose();
        }

        _disposed = true;
    }
}
