using System;
using System.Diagnostics;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;

namespace S3Sec.Crypto.SseC;

/// <summary>
/// A 256-bit SSE-C key (server-side encryption with a customer-provided key) and the code that puts it on
/// every S3 request that carries one. S3 keeps only a salted HMAC of the key, so losing it loses the object;
/// sending it over plain HTTP compromises it, so every <c>ApplyTo</c> checks the transport first.
/// The key bytes live in one pinned array that <see cref="Dispose"/> zeroes; <see cref="ToString"/> shows only
/// the algorithm and the key's MD5 fingerprint, which S3 itself echoes.
/// </summary>
public sealed class SseCustomerKey : IDisposable
{
    /// <summary>Key length in bytes.</summary>
    public const int KeySize = 32;

    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly byte[] _key;
    private readonly string _keyMD5;
    private bool _disposed;

    private SseCustomerKey(ReadOnlySpan<byte> key)
    {
        _key = GC.AllocateArray<byte>(KeySize, pinned: true);
        key.CopyTo(_key);
        Span<byte> digest = stackalloc byte[16];
        MD5.HashData(_key, digest);
        _keyMD5 = Convert.ToBase64String(digest);
    }

    /// <summary>The SSE-C algorithm, always <c>AES256</c>.</summary>
    public static ServerSideEncryptionCustomerMethod Algorithm => ServerSideEncryptionCustomerMethod.AES256;

    /// <summary>Generates a random key with <see cref="RandomNumberGenerator"/>.</summary>
    public static SseCustomerKey Generate()
    {
        Span<byte> key = stackalloc byte[KeySize];
        RandomNumberGenerator.Fill(key);
        try
        {
            return new SseCustomerKey(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Loads a key from its 32 bytes, which are copied.</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    public static SseCustomerKey FromBytes(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException(
                $"An SSE-C key must be 256 bits (32 bytes); got {key.Length} bytes.", nameof(key));
        }

        return new SseCustomerKey(key);
    }

    /// <summary>Loads a key from base64 text.</summary>
    /// <exception cref="ArgumentException">The text is not base64, or not of 32 bytes.</exception>
    public static SseCustomerKey FromBase64(string base64Key)
    {
        ArgumentNullException.ThrowIfNull(base64Key);
        byte[] bytes = KeyText.DecodeBase64(base64Key, "SSE-C key");
        try
        {
            return FromBytes(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Base64 MD5 of the key, as S3 expects in <c>x-amz-server-side-encryption-customer-key-MD5</c>.</summary>
    public string KeyMD5
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _keyMD5;
        }
    }

    /// <summary>
    /// Returns the key as base64, for storing it in a secret store. The returned string cannot be zeroed, so
    /// call this only where the key must leave the object.
    /// </summary>
    public string ExportBase64()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Convert.ToBase64String(_key);
    }

    /// <summary>Copies the key bytes into <paramref name="destination"/> (32 bytes).</summary>
    public void CopyTo(Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (destination.Length < KeySize)
        {
            throw new ArgumentException("The destination is shorter than 32 bytes.", nameof(destination));
        }

        _key.CopyTo(destination);
    }

    /// <summary>
    /// Throws <see cref="InsecureTransportException"/> when a client with this configuration would send the key
    /// over plain HTTP: <c>UseHttp</c>, or a <c>ServiceURL</c> that is not an <c>https://</c> URL.
    /// </summary>
    public static void EnsureSecureTransport(IClientConfig clientConfig)
    {
        ArgumentNullException.ThrowIfNull(clientConfig);
        if (clientConfig.UseHttp)
        {
            throw new InsecureTransportException(
                "The S3 client is configured with UseHttp = true; an SSE-C key must only travel over HTTPS.");
        }

        if (!string.IsNullOrEmpty(clientConfig.ServiceURL) && !IsHttps(clientConfig.ServiceURL))
        {
            throw new InsecureTransportException(
                "The S3 client's ServiceURL is not an https:// URL; an SSE-C key must only travel over HTTPS.");
        }
    }

    /// <summary>
    /// Parses the URL as the SDK does (<see cref="Uri"/>, which trims whitespace and reads <c>http:\\host</c> as
    /// <c>http://host</c>), so no spelling the SDK sends over HTTP passes a text comparison; a URL that does not
    /// parse is refused too.
    /// </summary>
    private static bool IsHttps(string serviceUrl) =>
        Uri.TryCreate(serviceUrl, UriKind.Absolute, out Uri? uri) && uri.Scheme == Uri.UriSchemeHttps;

    /// <summary>Sets the SSE-C key on a PUT.</summary>
    public void ApplyTo(PutObjectRequest request, IClientConfig clientConfig)
    {
        (string key, string md5) = Prepare(request, clientConfig);
        request.ServerSideEncryptionCustomerMethod = Algorithm;
        request.ServerSideEncryptionCustomerProvidedKey = key;
        request.ServerSideEncryptionCustomerProvidedKeyMD5 = md5;
    }

    /// <summary>Sets the SSE-C key on the start of a multipart upload.</summary>
    public void ApplyTo(InitiateMultipartUploadRequest request, IClientConfig clientConfig)
    {
        (string key, string md5) = Prepare(request, clientConfig);
        request.ServerSideEncryptionCustomerMethod = Algorithm;
        request.ServerSideEncryptionCustomerProvidedKey = key;
        request.ServerSideEncryptionCustomerProvidedKeyMD5 = md5;
    }

    /// <summary>Sets the SSE-C key on a part upload (every part must carry it).</summary>
    public void ApplyTo(UploadPartRequest request, IClientConfig clientConfig)
    {
        (string key, string md5) = Prepare(request, clientConfig);
        request.ServerSideEncryptionCustomerMethod = Algorithm;
        request.ServerSideEncryptionCustomerProvidedKey = key;
        request.ServerSideEncryptionCustomerProvidedKeyMD5 = md5;
    }

    /// <summary>Sets the SSE-C key on the completion of a multipart upload.</summary>
    public void ApplyTo(CompleteMultipartUploadRequest request, IClientConfig clientConfig)
    {
        (string key, string md5) = Prepare(request, clientConfig);
        request.SSECustomerAlgorithm = Algorithm.Value;
        request.SSECustomerKey = key;
        request.SSECustomerKeyMD5 = md5;
    }

    /// <summary>Sets the SSE-C key on a list of the parts of a multipart upload.</summary>
    public void ApplyTo(ListPartsRequest request, IClientConfig clientConfig)
    {
        (string key, string md5) = Prepare(request, clientConfig);
        request.SSECustomerAlgorithm = Algorithm.Value;
        request.SSECustomerKey = key;
        request.SSECustomerKeyMD5 = md5;
    }

    /// <summary>Sets the SSE-C key on a GET.</summary>
    public void ApplyTo(GetObjectRequest request, IClientConfig clientConfig)
    {
        (string key, string md5) = Prepare(request, clientConfig);
        request.ServerSideEncryptionCustomerMethod = Algorithm;
        request.ServerSideEncryptionCustomerProvidedKey = key;
        request.ServerSideEncryptionCustomerProvidedKeyMD5 = md5;
    }

    /// <summary>Sets the SSE-C key on a HEAD.</summary>
    public void ApplyTo(GetObjectMetadataRequest request, IClientConfig clientConfig)
    {
        (string key, string md5) = Prepare(request, clientConfig);
        request.ServerSideEncryptionCustomerMethod = Algorithm;
        request.ServerSideEncryptionCustomerProvidedKey = key;
        request.ServerSideEncryptionCustomerProvidedKeyMD5 = md5;
    }

    /// <summary>Sets the SSE-C key on a GetObjectAttributes request.</summary>
    public void ApplyTo(GetObjectAttributesRequest request, IClientConfig clientConfig)
    {
        (string key, string md5) = Prepare(request, clientConfig);
        request.SSECustomerAlgorithm = Algorithm.Value;
        request.SSECustomerKey = key;
        request.SSECustomerKeyMD5 = md5;
    }

    /// <summary>Encrypts the copy's destination with this key; <c>ApplyToCopySource</c> covers the source.</summary>
    public void ApplyTo(CopyObjectRequest request, IClientConfig clientConfig)
    {
        (string key, string md5) = Prepare(request, clientConfig);
        request.ServerSideEncryptionCustomerMethod = Algorithm;
        request.ServerSideEncryptionCustomerProvidedKey = key;
        request.ServerSideEncryptionCustomerProvidedKeyMD5 = md5;
    }

    /// <summary>Decrypts the copy's SSE-C source with this key (the <c>CopySource...</c> members).</summary>
    public void ApplyToCopySource(CopyObjectRequest request, IClientConfig clientConfig)
    {
        (string key, string md5) = Prepare(request, clientConfig);
        request.CopySourceServerSideEncryptionCustomerMethod = Algorithm;
        request.CopySourceServerSideEncryptionCustomerProvidedKey = key;
        request.CopySourceServerSideEncryptionCustomerProvidedKeyMD5 = md5;
    }

    /// <summary>Encrypts the copied part's destination upload with this key.</summary>
    public void ApplyTo(CopyPartRequest request, IClientConfig clientConfig)
    {
        (string key, string md5) = Prepare(request, clientConfig);
        request.ServerSideEncryptionCustomerMethod = Algorithm;
        request.ServerSideEncryptionCustomerProvidedKey = key;
        request.ServerSideEncryptionCustomerProvidedKeyMD5 = md5;
    }

    /// <summary>Decrypts the copied part's SSE-C source with this key (the <c>CopySource...</c> members).</summary>
    public void ApplyToCopySource(CopyPartRequest request, IClientConfig clientConfig)
    {
        (string key, string md5) = Prepare(request, clientConfig);
        request.CopySourceServerSideEncryptionCustomerMethod = Algorithm;
        request.CopySourceServerSideEncryptionCustomerProvidedKey = key;
        request.CopySourceServerSideEncryptionCustomerProvidedKeyMD5 = md5;
    }

    /// <summary>
    /// Marks a presigned URL as SSE-C. The key itself is not in the URL: whoever uses the URL must send the
    /// SSE-C headers, over HTTPS. Refused for <c>Protocol.HTTP</c> and for an HTTP client.
    /// </summary>
    public void ApplyTo(GetPreSignedUrlRequest request, IClientConfig clientConfig)
    {
        CheckUsable(request, clientConfig);
        if (request.Protocol == Protocol.HTTP)
        {
            throw new InsecureTransportException(
                "The presigned URL request uses Protocol.HTTP; an SSE-C key must only travel over HTTPS.");
        }

        request.ServerSideEncryptionCustomerMethod = Algorithm;
    }

    /// <summary>Sets the SSE-C key on a TransferUtility upload (file, stream or directory).</summary>
    public void ApplyTo(BaseUploadRequest request, IClientConfig clientConfig)
    {
        (string key, string md5) = Prepare(request, clientConfig);
        request.ServerSideEncryptionCustomerMethod = Algorithm;
        request.ServerSideEncryptionCustomerProvidedKey = key;
        request.ServerSideEncryptionCustomerProvidedKeyMD5 = md5;
    }

    /// <summary>Sets the SSE-C key on a TransferUtility download or open-stream request.</summary>
    public void ApplyTo(BaseDownloadRequest request, IClientConfig clientConfig)
    {
        (string key, string md5) = Prepare(request, clientConfig);
        request.ServerSideEncryptionCustomerMethod = Algorithm;
        request.ServerSideEncryptionCustomerProvidedKey = key;
        request.ServerSideEncryptionCustomerProvidedKeyMD5 = md5;
    }

    /// <summary>Sets the SSE-C key on a TransferUtility directory download.</summary>
    public void ApplyTo(TransferUtilityDownloadDirectoryRequest request, IClientConfig clientConfig)
    {
        (string key, string md5) = Prepare(request, clientConfig);
        request.ServerSideEncryptionCustomerMethod = Algorithm;
        request.ServerSideEncryptionCustomerProvidedKey = key;
        request.ServerSideEncryptionCustomerProvidedKeyMD5 = md5;
    }

    /// <summary>Shows the algorithm and MD5 fingerprint, never the key.</summary>
    public override string ToString() =>
        _disposed ? "SseCustomerKey(disposed)" : $"SseCustomerKey(AES256, MD5 {_keyMD5})";

    /// <summary>Zeroes the key bytes; every later use throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_key);
        _disposed = true;
    }

    private void CheckUsable(object request, IClientConfig clientConfig)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(request);
        EnsureSecureTransport(clientConfig);
    }

    private (string Key, string MD5) Prepare(object request, IClientConfig clientConfig)
    {
        CheckUsable(request, clientConfig);

        // The SDK takes the key as a string; that copy is the SDK's and cannot be zeroed here.
        return (Convert.ToBase64String(_key), _keyMD5);
    }
}
