using System;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace S3Sec.Crypto;

internal static class KeyText
{
    /// <summary>Decodes base64 key text; the error names the key kind but never echoes the text.</summary>
    public static byte[] DecodeBase64(string text, string keyKind)
    {
        byte[] buffer = new byte[Base64.GetMaxDecodedFromUtf8Length(text.Length)];
        if (!Convert.TryFromBase64String(text, buffer, out int written))
        {
            CryptographicOperations.ZeroMemory(buffer);
            throw new ArgumentException($"The {keyKind} text is not valid base64.", nameof(text));
        }

        byte[] result = buffer.AsSpan(0, written).ToArray();
        CryptographicOperations.ZeroMemory(buffer);
        return result;
    }
}
