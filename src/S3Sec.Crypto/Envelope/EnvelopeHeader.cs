using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace S3Sec.Crypto.Envelope;

/// <summary>The parsed envelope of one object, and the content-key derivation of its format.</summary>
internal sealed class EnvelopeHeader
{
    public const int MessageIdSize = 28;
    public const int CommitmentSize = 28;
    private static readonly byte[] SuiteId = { 0x00, 0x73 };
    private static readonly byte[] CommittingNonce =
        { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };

    public EnvelopeFormat Format { get; init; }

    public string ContentCipher { get; init; } = "";

    public string WrapAlgorithm { get; init; } = "";

    public byte[] WrappedKey { get; init; } = Array.Empty<byte>();

    public byte[] Iv { get; init; } = Array.Empty<byte>();

    public byte[] MessageId { get; init; } = Array.Empty<byte>();

    public byte[] KeyCommitment { get; init; } = Array.Empty<byte>();

    public IReadOnlyDictionary<string, string> MaterialsDescription { get; init; } =
        new Dictionary<string, string>();

    public long? PlaintextLength { get; init; }

    /// <summary>True when the metadata holds a wrapped key, i.e. no instruction file is needed.</summary>
    public static bool HasWrappedKey(IReadOnlyDictionary<string, string> metadata) =>
        metadata.ContainsKey(EnvelopeKeys.V2WrappedKey) || metadata.ContainsKey(EnvelopeKeys.V3WrappedKey)
        || metadata.ContainsKey(EnvelopeKeys.V1WrappedKey);

    public static EnvelopeHeader Parse(IReadOnlyDictionary<string, string> metadata)
    {
        if (metadata.ContainsKey(EnvelopeKeys.V3ContentCipher) || metadata.ContainsKey(EnvelopeKeys.V3WrappedKey))
        {
            return ParseV3(metadata);
        }

        if (metadata.ContainsKey(EnvelopeKeys.V2WrappedKey))
        {
            return ParseV2(metadata);
        }

        if (metadata.ContainsKey(EnvelopeKeys.V1WrappedKey))
        {
            throw new UnsupportedEncryptionAlgorithmException(
                "The object uses the legacy V1 client-side encryption format, which is not read.");
        }

        throw new EncryptionMetadataException(
            "The object carries no client-side encryption envelope (no wrapped data key in its metadata or "
            + "instruction file).");
    }

    private static EnvelopeHeader ParseV2(IReadOnlyDictionary<string, string> metadata)
    {
        string cipher = Required(metadata, EnvelopeKeys.V2ContentCipher);
        if (cipher != EnvelopeKeys.CipherAesGcm)
        {
            throw new UnsupportedEncryptionAlgorithmException(
                $"Content cipher '{Printable(cipher)}' is not supported; only {EnvelopeKeys.CipherAesGcm} is read.");
        }

        if (metadata.TryGetValue(EnvelopeKeys.V2TagLength, out string? tagLength) && tagLength != "128")
        {
            throw new UnsupportedEncryptionAlgorithmException(
                $"Tag length '{Printable(tagLength)}' is not supported; only 128 is read.");
        }

        string wrap = Required(metadata, EnvelopeKeys.V2WrapAlgorithm);
        if (EnvelopeKeys.ToV3WrapCode(wrap) == null)
        {
            throw new UnsupportedEncryptionAlgorithmException(
                $"Wrap algorithm '{Printable(wrap)}' is not supported.");
        }

        long? length = null;
        if (metadata.TryGetValue(EnvelopeKeys.V2PlaintextLength, out string? lengthText))
        {
            if (!long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out long parsed))
            {
                throw new EncryptionMetadataException(
                    $"'{EnvelopeKeys.V2PlaintextLength}' is not a non-negative decimal number.");
            }

            length = parsed;
        }

        return new EnvelopeHeader
        {
            Format = EnvelopeFormat.V2,
            ContentCipher = cipher,
            WrapAlgorithm = wrap,
            WrappedKey = Base64(metadata, EnvelopeKeys.V2WrappedKey, null),
            Iv = Base64(metadata, EnvelopeKeys.V2Iv, 12),
            MaterialsDescription = Json(metadata, EnvelopeKeys.V2MaterialsDescription),
            PlaintextLength = length,
        };
    }

    private static EnvelopeHeader ParseV3(IReadOnlyDictionary<string, string> metadata)
    {
        string cipher = Required(metadata, EnvelopeKeys.V3ContentCipher);
        if (cipher != EnvelopeKeys.CipherCommittingSuite)
        {
            throw new UnsupportedEncryptionAlgorithmException(
                $"Content cipher '{Printable(cipher)}' in '{EnvelopeKeys.V3ContentCipher}' is not supported; "
                + $"only {EnvelopeKeys.CipherCommittingSuite} is read.");
        }

        string code = Required(metadata, EnvelopeKeys.V3WrapAlgorithm);
        string wrap = EnvelopeKeys.FromV3WrapCode(code)
            ?? throw new UnsupportedEncryptionAlgorithmException(
                $"Wrap algorithm code '{Printable(code)}' is not supported.");
        string descriptionKey = wrap == EnvelopeKeys.WrapKmsContext
            ? EnvelopeKeys.V3EncryptionContext
            : EnvelopeKeys.V3MaterialsDescription;
        return new EnvelopeHeader
        {
            Format = EnvelopeFormat.V3KeyCommitting,
            ContentCipher = cipher,
            WrapAlgorithm = wrap,
            WrappedKey = Base64(metadata, EnvelopeKeys.V3WrappedKey, null),
            MessageId = Base64(metadata, EnvelopeKeys.V3MessageId, MessageIdSize),
            KeyCommitment = Base64(metadata, EnvelopeKeys.V3KeyCommitment, CommitmentSize),
            MaterialsDescription = Json(metadata, descriptionKey),
        };
    }

    /// <summary>Content key, nonce and AAD for the body; checks the key commitment of V3 first.</summary>
    public ContentParameters DeriveContent(ReadOnlySpan<byte> dataKey)
    {
        if (Format == EnvelopeFormat.V2)
        {
            return new ContentParameters(dataKey.ToArray(), Iv, Array.Empty<byte>());
        }

        byte[] commitment = DeriveCommitment(dataKey, MessageId);
        bool matches = CryptographicOperations.FixedTimeEquals(commitment, KeyCommitment);
        CryptographicOperations.ZeroMemory(commitment);
        if (!matches)
        {
            throw new KeyCommitmentException(
                "The stored key commitment does not match the one derived from the data key and message id.");
        }

        return new ContentParameters(DeriveContentKey(dataKey, MessageId), CommittingNonce, SuiteId);
    }

    public static byte[] DeriveCommitment(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> messageId) =>
        Hkdf(dataKey, messageId, "COMMITKEY", CommitmentSize);

    public static byte[] DeriveContentKey(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> messageId) =>
        Hkdf(dataKey, messageId, "DERIVEKEY", 32);

    public static ReadOnlySpan<byte> CommittingContentNonce => CommittingNonce;

    public static ReadOnlySpan<byte> CommittingContentAad => SuiteId;

    private static byte[] Hkdf(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> salt, string label, int length)
    {
        byte[] info = new byte[2 + label.Length];
        SuiteId.CopyTo(info, 0);
        Encoding.ASCII.GetBytes(label, 0, label.Length, info, 2);
        byte[] output = new byte[length];
        HKDF.DeriveKey(HashAlgorithmName.SHA512, dataKey, output, salt, info);
        return output;
    }

    private static string Required(IReadOnlyDictionary<string, string> metadata, string name) =>
        metadata.TryGetValue(name, out string? value)
            ? value
            : throw new EncryptionMetadataException($"The envelope lacks '{name}'.");

    private static byte[] Base64(IReadOnlyDictionary<string, string> metadata, string name, int? length)
    {
        string text = Required(metadata, name);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text);
        }
        catch (FormatException ex)
        {
            throw new EncryptionMetadataException($"'{name}' is not valid base64.", ex);
        }

        if (length is int expected && bytes.Length != expected)
        {
            throw new EncryptionMetadataException($"'{name}' must be {expected} bytes; got {bytes.Length}.");
        }

        return bytes;
    }

    private static IReadOnlyDictionary<string, string> Json(IReadOnlyDictionary<string, string> metadata, string name)
    {
        if (!metadata.TryGetValue(name, out string? text))
        {
            return new Dictionary<string, string>();
        }

        try
        {
            return JsonMap.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new EncryptionMetadataException($"'{name}' is not a JSON object of strings with distinct names.", ex);
        }
    }

    /// <summary>Values from metadata may be attacker-chosen; keep them short and printable in messages.</summary>
    private static string Printable(string value)
    {
        var builder = new StringBuilder();
        foreach (char c in value.Length > 40 ? value[..40] : value)
        {
            builder.Append(c is >= ' ' and <= '~' ? c : '?');
        }

        return builder.ToString();
    }
}

internal sealed class ContentParameters : IDisposable
{
    public ContentParameters(byte[] key, byte[] nonce, byte[] associatedData)
    {
        Key = key;
        Nonce = nonce;
        AssociatedData = associatedData;
    }

    public byte[] Key { get; }

    public byte[] Nonce { get; }

    public byte[] AssociatedData { get; }

    public void Dispose() => CryptographicOperations.ZeroMemory(Key);
}

internal static class JsonMap
{
    /// <summary>
    /// Parses a JSON object whose values are all strings and whose names are distinct (instruction files, material
    /// descriptions, encryption contexts).
    /// </summary>
    public static Dictionary<string, string> Parse(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("Expected a JSON object.");
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw new JsonException("Expected string values.");
            }

            // Readers disagree on which of two equal names wins; an envelope that means different things to
            // different readers is refused, not resolved.
            if (!map.TryAdd(property.Name, property.Value.GetString()!))
            {
                throw new JsonException("A name appears twice.");
            }
        }

        return map;
    }

    public static string Write(IEnumerable<KeyValuePair<string, string>> entries)
    {
        using var buffer = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (KeyValuePair<string, string> entry in entries)
            {
                writer.WriteString(entry.Key, entry.Value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
