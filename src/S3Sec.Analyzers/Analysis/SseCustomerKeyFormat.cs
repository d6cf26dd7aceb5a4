using System;
using System.Security.Cryptography;

namespace S3Sec.Analyzers.Analysis;

/// <summary>What S3 checks on an SSE-C key: base64 of exactly 256 bits, and an MD5 computed over those bits.</summary>
internal static class SseCustomerKeyFormat
{
    public const int KeyLengthInBytes = 32;

    /// <summary>The decoded key, or null when the text is not base64.</summary>
    public static byte[]? TryDecode(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static bool IsWellFormedKey(string text) => TryDecode(text) is { Length: KeyLengthInBytes };

    /// <summary>
    /// The <c>-key-MD5</c> header S3 expects: base64 of the MD5 of the decoded key, or null where the platform
    /// refuses MD5 (FIPS mode). MD5 is the protocol's check against a garbled key here, not a security primitive.
    /// </summary>
    public static string? KeyMd5(byte[] key)
    {
        try
        {
#pragma warning disable CA5351 // Required by the SSE-C protocol; it only detects transmission errors.
            using var md5 = MD5.Create();
#pragma warning restore CA5351
            return Convert.ToBase64String(md5.ComputeHash(key));
        }
        catch (InvalidOperationException)
        {
            return null;
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
