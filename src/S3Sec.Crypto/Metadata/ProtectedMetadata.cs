using System;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace S3Sec.Crypto.Metadata;

/// <summary>
/// Encrypts single user-metadata values (<c>x-amz-meta-*</c>), which S3 never encrypts, so a sensitive field
/// can travel with its object. Each value is AES-256-GCM sealed under a key derived from a data key, with the
/// metadata name and, when given, the bucket and object key as associated data: a value moved to another
/// name or object fails to open. Output: <c>s3m1.</c> followed by unpadded base64url of nonce, ciphertext, tag.
/// </summary>
/// <example>
/// <code>
/// using var protector = new ProtectedMetadata(dataKey, bucketName, key);
/// request.Metadata.Add("email", protector.Protect("email", user.Email));
/// string email = protector.Unprotect("email", response.Metadata["email"]);
/// </code>
/// </example>
public sealed class ProtectedMetadata : IDisposable
{
    /// <summary>Version prefix of every protected value.</summary>
    public const string Prefix = "s3m1.";

    /// <summary>S3 allows 2 KB of user metadata per object; one value may not exceed it.</summary>
    public const int MaxProtectedLength = 2048;

    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] KeyLabel = Encoding.ASCII.GetBytes("S3Sec protected metadata v1");

    /// <summary>Throws on a lone surrogate, which the default encoder replaces: the value would open changed.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false,
        throwOnInvalidBytes: true);
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly byte[] _key;
    private readonly string? _bucketName;
    private readonly string? _objectKey;
    private bool _disposed;

    /// <summary>Creates a protector from a 32-byte data key (copied; a sub-key is derived from it).</summary>
    /// <param name="dataKey">The data key, for example a KMS <c>GenerateDataKey</c> plaintext.</param>
    /// <param name="bucketName">Binds values to this bucket when given.</param>
    /// <param name="objectKey">Binds values to this object key when given.</param>
    /// <exception cref="ArgumentException">The data key is not 32 bytes, or the bucket name or object key is empty.
    /// </exception>
    public ProtectedMetadata(ReadOnlySpan<byte> dataKey, string? bucketName = null, string? objectKey = null)
    {
        if (dataKey.Length != 32)
        {
            throw new ArgumentException(
                $"The metadata data key must be 256 bits (32 bytes); got {dataKey.Length} bytes.", nameof(dataKey));
        }

        // No bucket or object key is empty, and an empty one would bind nothing: the values would open in any
        // protector left unbound, while ToString claimed a binding.
        if (bucketName is "")
        {
            throw new ArgumentException("The bucket name is empty; pass null to leave values unbound.",
                nameof(bucketName));
        }

        if (objectKey is "")
        {
            throw new ArgumentException("The object key is empty; pass null to leave values unbound.",
                nameof(objectKey));
        }

        _key = GC.AllocateArray<byte>(32, pinned: true);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, dataKey, _key, ReadOnlySpan<byte>.Empty, KeyLabel);
        _bucketName = bucketName;
        _objectKey = objectKey;
    }

    private ProtectedMetadata(byte[] derivedKey, string? bucketName, string? objectKey)
    {
        _key = GC.AllocateArray<byte>(32, pinned: true);
        derivedKey.CopyTo(_key, 0);
        _bucketName = bucketName;
        _objectKey = objectKey;
    }

    /// <summary>A protector with the same key, bound to another bucket and object key.</summary>
    public ProtectedMetadata ForObject(string bucketName, string objectKey)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentException.ThrowIfNullOrEmpty(bucketName);
        ArgumentException.ThrowIfNullOrEmpty(objectKey);
        return new ProtectedMetadata(_key, bucketName, objectKey);
    }

    /// <summary>True when <paramref name="value"/> has the shape of a protected value (it is not opened).</summary>
    public static bool IsProtectedValue(string? value)
    {
        if (value == null || !value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        int encoded = value.Length - Prefix.Length;
        if (encoded < Base64Url.EncodedLength(NonceSize + TagSize))
        {
            return false;
        }

        foreach (char c in value.AsSpan(Prefix.Length))
        {
            if (!(c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Seals <paramref name="value"/> under the metadata <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The result would exceed S3's 2 KB metadata limit, or the value is not
    /// well-formed UTF-16 (a lone surrogate).</exception>
    public string Protect(string name, string value)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(value);
        byte[] associatedData = AssociatedData(name);
        byte[] plaintext;
        try
        {
            plaintext = StrictUtf8.GetBytes(value);
        }
        catch (EncoderFallbackException)
        {
            // The encoder's own message quotes the offending character of the value.
            throw new ArgumentException(
                "The value holds a lone UTF-16 surrogate, which UTF-8 cannot carry; it would open changed.",
                nameof(value));
        }

        byte[] sealedValue = new byte[NonceSize + plaintext.Length + TagSize];
        try
        {
            RandomNumberGenerator.Fill(sealedValue.AsSpan(0, NonceSize));
            using var gcm = new AesGcm(_key, TagSize);
            gcm.Encrypt(
                sealedValue.AsSpan(0, NonceSize), plaintext, sealedValue.AsSpan(NonceSize, plaintext.Length),
                sealedValue.AsSpan(NonceSize + plaintext.Length), associatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        string result = Prefix + Base64Url.Encode(sealedValue);
        if (result.Length > MaxProtectedLength)
        {
            throw new ArgumentException(
                $"The protected value would be {result.Length} characters; S3 allows 2 KB of user metadata.",
                nameof(value));
        }

        return result;
    }

    /// <summary>Opens a value made by <see cref="Protect"/> under the same name (and bucket and key, if
    /// bound).</summary>
    /// <exception cref="MetadataAuthenticationException">The value was changed, moved, or sealed under another
    /// key.</exception>
    public string Unprotect(string name, string protectedValue)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(protectedValue);
        if (!IsProtectedValue(protectedValue))
        {
            throw new MetadataAuthenticationException(
                $"The value of metadata '{NormalizeName(name)}' is not a protected value "
                + $"({Prefix} prefix, base64url).");
        }

        byte[]? sealedValue = Base64Url.Decode(protectedValue.AsSpan(Prefix.Length));
        if (sealedValue == null || sealedValue.Length < NonceSize + TagSize)
        {
            throw new MetadataAuthenticationException(
                $"The value of metadata '{NormalizeName(name)}' is malformed.");
        }

        byte[] plaintext = new byte[sealedValue.Length - NonceSize - TagSize];
        try
        {
            using var gcm = new AesGcm(_key, TagSize);
            gcm.Decrypt(
                sealedValue.AsSpan(0, NonceSize), sealedValue.AsSpan(NonceSize, plaintext.Length),
                sealedValue.AsSpan(NonceSize + plaintext.Length), plaintext, AssociatedData(name));
            return Encoding.UTF8.GetString(plaintext);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new MetadataAuthenticationException(
                $"The value of metadata '{NormalizeName(name)}' failed authentication: it was changed, moved to "
                + "another name or object, or protected under another key.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Like <see cref="Unprotect"/>, returning false instead of throwing on a value that does not
    /// open.</summary>
    public bool TryUnprotect(string name, string protectedValue, out string? value)
    {
        try
        {
            value = Unprotect(name, protectedValue);
            return true;
        }
        catch (MetadataAuthenticationException)
        {
            value = null;
            return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => _bucketName == null
        ? "ProtectedMetadata(unbound)"
        : $"ProtectedMetadata(bound to {_bucketName}/{_objectKey})";

    /// <summary>Zeroes the derived key; later use throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_key);
        _disposed = true;
    }

    /// <summary>S3 stores metadata names in lower case, without the <c>x-amz-meta-</c> prefix.</summary>
    internal static string NormalizeName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        string trimmed = name.Trim();
        if (trimmed.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed["x-amz-meta-".Length..];
        }

        return trimmed.ToLowerInvariant();
    }

    private byte[] AssociatedData(string name)
    {
        // Length-prefixed fields, so no two (name, bucket, key) triples share an encoding.
        string[] fields = { "s3m1", NormalizeName(name), _bucketName ?? "", _objectKey ?? "" };
        int total = 0;
        foreach (string field in fields)
        {
            total += 4 + Encoding.UTF8.GetByteCount(field);
        }

        byte[] data = new byte[total];
        int offset = 0;
        foreach (string field in fields)
        {
            int length = Encoding.UTF8.GetBytes(field, 0, field.Length, data, offset + 4);
            BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(offset), length);
            offset += 4 + length;
        }

        return data;
    }
}

internal static class Base64Url
{
    public static int EncodedLength(int bytes) => ((bytes * 4) + 2) / 3;

    public static string Encode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[]? Decode(ReadOnlySpan<char> text)
    {
        if (text.Length % 4 == 1)
        {
            return null;
        }

        var builder = new StringBuilder(text.Length + 3);
        foreach (char c in text)
        {
            builder.Append(c switch { '-' => '+', '_' => '/', _ => c });
        }

        builder.Append('=', (4 - (text.Length % 4)) % 4);
        try
        {
            return Convert.FromBase64String(builder.ToString());
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
