using System;
using System.Collections.Generic;

namespace S3Sec.Crypto.Envelope;

/// <summary>User-metadata names and values of the S3 Encryption Client object formats.</summary>
public static class EnvelopeKeys
{
    /// <summary>V2: wrapped data key (base64).</summary>
    public const string V2WrappedKey = "x-amz-key-v2";

    /// <summary>V2: content IV (base64, 12 bytes).</summary>
    public const string V2Iv = "x-amz-iv";

    /// <summary>V2: content cipher name.</summary>
    public const string V2ContentCipher = "x-amz-cek-alg";

    /// <summary>V2: wrap algorithm name.</summary>
    public const string V2WrapAlgorithm = "x-amz-wrap-alg";

    /// <summary>V2: tag length in bits.</summary>
    public const string V2TagLength = "x-amz-tag-len";

    /// <summary>V2: material description or KMS encryption context (JSON).</summary>
    public const string V2MaterialsDescription = "x-amz-matdesc";

    /// <summary>V2: plaintext length (decimal).</summary>
    public const string V2PlaintextLength = "x-amz-unencrypted-content-length";

    /// <summary>V1 (legacy, not read): wrapped key.</summary>
    public const string V1WrappedKey = "x-amz-key";

    /// <summary>V3: content cipher suite id.</summary>
    public const string V3ContentCipher = "x-amz-c";

    /// <summary>V3: wrapped data key (base64).</summary>
    public const string V3WrappedKey = "x-amz-3";

    /// <summary>V3: compressed wrap algorithm code.</summary>
    public const string V3WrapAlgorithm = "x-amz-w";

    /// <summary>V3: key commitment (base64, 28 bytes).</summary>
    public const string V3KeyCommitment = "x-amz-d";

    /// <summary>V3: message id, the HKDF salt (base64, 28 bytes).</summary>
    public const string V3MessageId = "x-amz-i";

    /// <summary>V3: material description for AES and RSA wraps (JSON).</summary>
    public const string V3MaterialsDescription = "x-amz-m";

    /// <summary>V3: KMS encryption context (JSON).</summary>
    public const string V3EncryptionContext = "x-amz-t";

    /// <summary>Marks a V2 instruction file.</summary>
    public const string InstructionFileMarker = "x-amz-crypto-instr-file";

    /// <summary>Suffix of the instruction file's object key.</summary>
    public const string InstructionFileSuffix = ".instruction";

    /// <summary>V2 content cipher value.</summary>
    public const string CipherAesGcm = "AES/GCM/NoPadding";

    /// <summary>V3 content cipher value (suite 0x0073: AES-256-GCM, HKDF-SHA512, key commitment).</summary>
    public const string CipherCommittingSuite = "115";

    /// <summary>Wrap algorithm: local AES-256 master key.</summary>
    public const string WrapAesGcm = "AES/GCM";

    /// <summary>Wrap algorithm: RSA master key.</summary>
    public const string WrapRsaOaepSha1 = "RSA-OAEP-SHA1";

    /// <summary>Wrap algorithm: KMS key with encryption context.</summary>
    public const string WrapKmsContext = "kms+context";

    /// <summary>Encryption context entry that seals the content cipher into a KMS-wrapped data key.</summary>
    public const string ReservedContextKey = "aws:x-amz-cek-alg";

    /// <summary>Every metadata name the formats write; none of them is sensitive.</summary>
    public static IReadOnlyCollection<string> All { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        V2WrappedKey, V2Iv, V2ContentCipher, V2WrapAlgorithm, V2TagLength, V2MaterialsDescription,
        V2PlaintextLength, V1WrappedKey, V3ContentCipher, V3WrappedKey, V3WrapAlgorithm, V3KeyCommitment,
        V3MessageId, V3MaterialsDescription, V3EncryptionContext, InstructionFileMarker,
    };

    internal static string? ToV3WrapCode(string wrapAlgorithm) => wrapAlgorithm switch
    {
        WrapAesGcm => "02",
        WrapKmsContext => "12",
        WrapRsaOaepSha1 => "22",
        _ => null,
    };

    internal static string? FromV3WrapCode(string code) => code switch
    {
        "02" => WrapAesGcm,
        "12" => WrapKmsContext,
        "22" => WrapRsaOaepSha1,
        _ => null,
    };
}
