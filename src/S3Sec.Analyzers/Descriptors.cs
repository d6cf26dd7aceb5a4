using Microsoft.CodeAnalysis;

namespace S3Sec.Analyzers;

/// <summary>The descriptors of every S3Sec rule, one per id, named after the id.</summary>
public static class Descriptors
{
    public const string EncryptionAtRestCategory = "S3Sec.EncryptionAtRest";
    public const string TransportCategory = "S3Sec.Transport";
    public const string KeyManagementCategory = "S3Sec.KeyManagement";
    public const string DataExposureCategory = "S3Sec.DataExposure";
    public const string ClientSideEncryptionCategory = "S3Sec.ClientSideEncryption";

    public static readonly DiagnosticDescriptor S3SEC001_UnencryptedWrite = Create(
        RuleIdentifiers.UnencryptedWrite,
        "Object written without server-side encryption",
        "{0} writes an object without server-side encryption; set {1}",
        EncryptionAtRestCategory,
        DiagnosticSeverity.Warning,
        "An S3 write that sends no server-side encryption header relies on bucket default encryption, which "
        + "bucket policies often refuse and compliance regimes do not accept as evidence. Send SSE-S3 (AES256) "
        + "or SSE-KMS (aws:kms) explicitly, or client-side encrypt the object.");

    public static readonly DiagnosticDescriptor S3SEC002_WeakerThanPolicy = Create(
        RuleIdentifiers.WeakerThanPolicy,
        "Server-side encryption weaker than the policy",
        "{0} uses {1}, but the policy requires {2}",
        EncryptionAtRestCategory,
        DiagnosticSeverity.Warning,
        "The write is encrypted, but with less than the team's policy (s3sec.required_encryption) asks for: "
        + "for example SSE-S3 where SSE-KMS is required, or SSE-KMS without a customer managed key.");

    public static readonly DiagnosticDescriptor S3SEC020_SensitiveMetadata = Create(
        RuleIdentifiers.SensitiveMetadata,
        "Sensitive data in object metadata",
        "Metadata '{0}' receives '{1}', a sensitive value; S3 stores object metadata unencrypted",
        DataExposureCategory,
        DiagnosticSeverity.Warning,
        "User metadata (x-amz-meta-*) is never encrypted by SSE-S3, SSE-KMS, SSE-C or client-side encryption, "
        + "and anyone allowed to HEAD the object reads it. Keep secrets and personal data out of metadata, or "
        + "store them encrypted (for example with S3Sec.Crypto's ProtectedMetadata) or hashed.");

    public static readonly DiagnosticDescriptor S3SEC021_SensitiveTagOrKey = Create(
        RuleIdentifiers.SensitiveTagOrKey,
        "Sensitive data in an object tag or key name",
        "{0} '{1}', a sensitive value; S3 stores {2}",
        DataExposureCategory,
        DiagnosticSeverity.Warning,
        "Object tags and object key names are never encrypted; key names also appear in listings, access logs, "
        + "CloudTrail, inventory reports and URLs. Use an opaque identifier (a user id, a random id, or a keyed "
        + "hash) instead of the secret or personal value.");

    private static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        string category,
        DiagnosticSeverity severity,
        string description,
        bool isEnabledByDefault = true)
    {
        return new DiagnosticDescriptor(
            id,
            title,
            messageFormat,
            category,
            severity,
            isEnabledByDefault,
            description,
            RuleIdentifiers.HelpLink(id));
    }
}
