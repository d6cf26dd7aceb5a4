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
    public const string ConfigurationCategory = "S3Sec.Configuration";

    public static readonly DiagnosticDescriptor S3SEC001_UnencryptedWrite = Create(
        RuleIdentifiers.UnencryptedWrite,
        "Object written without server-side encryption",
        "{0} writes an object without server-side encryption; {1}",
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

    public static readonly DiagnosticDescriptor S3SEC010_SseCustomerKeyOverHttp = Create(
        RuleIdentifiers.SseCustomerKeyOverHttp,
        "SSE-C key sent over plain HTTP",
        "{0} sends an SSE-C key over plain HTTP ({1}); treat the key as compromised and use HTTPS",
        TransportCategory,
        DiagnosticSeverity.Error,
        "SSE-C sends the raw customer-provided key in a header of every request. Over plain HTTP anyone on the "
        + "path reads it, and the AWS SDK for .NET does not refuse to send it. Local endpoints are no exception.");

    public static readonly DiagnosticDescriptor S3SEC011_PlainHttpClient = Create(
        RuleIdentifiers.PlainHttpClient,
        "S3 client configured for plain HTTP",
        "S3 traffic goes over plain HTTP ({0}); use HTTPS, or list a local host in "
        + "s3sec.allowed_http_endpoints",
        TransportCategory,
        DiagnosticSeverity.Warning,
        "Plain HTTP sends object data, metadata and request signatures without encryption in transit. "
        + "Local emulators (s3sec.allowed_http_endpoints) are exempt.");

    public static readonly DiagnosticDescriptor S3SEC012_MalformedSseCustomerKey = Create(
        RuleIdentifiers.MalformedSseCustomerKey,
        "SSE-C settings incomplete or malformed",
        "{0}: {1}",
        KeyManagementCategory,
        DiagnosticSeverity.Warning,
        "S3 rejects an SSE-C request whose algorithm comes without a key (or the reverse), whose key is not the "
        + "base64 of 256 bits, or whose key MD5 does not match the key; a copy from an SSE-C source needs the "
        + "source's key too.");

    public static readonly DiagnosticDescriptor S3SEC013_HardCodedKey = Create(
        RuleIdentifiers.HardCodedKey,
        "Encryption key material hard-coded",
        "{0} is hard-coded in source; load it from a key store or derive it at run time",
        KeyManagementCategory,
        DiagnosticSeverity.Warning,
        "A key written in source code is readable by everyone with the repository or the binary, and cannot be "
        + "rotated without a release. This covers SSE-C keys and client-side encryption master keys.");

    public static readonly DiagnosticDescriptor S3SEC014_SseCustomerKeyForbidden = Create(
        RuleIdentifiers.SseCustomerKeyForbidden,
        "SSE-C used where the policy forbids it",
        "{0} uses SSE-C (customer-provided keys), which the policy forbids; use SSE-KMS or client-side encryption",
        KeyManagementCategory,
        DiagnosticSeverity.Warning,
        "Some teams ban SSE-C: the key travels with every request, and S3 is blocking SSE-C on new buckets by "
        + "default. Enabled by s3sec.allow_sse_c = false or by setting the rule's severity.",
        isEnabledByDefault: false);

    /// <summary>
    /// S3SEC014 as reported when <c>s3sec.allow_sse_c = false</c> turns it on: the same id, enabled, so the
    /// policy option alone is enough. A <c>dotnet_diagnostic.S3SEC014.severity</c> line still overrides it.
    /// </summary>
    // Release tracking lists the rule's default (Disabled); this enabled twin is the policy option's switch.
#pragma warning disable RS2001
    internal static readonly DiagnosticDescriptor S3SEC014_ForbiddenByPolicy = Create(
        RuleIdentifiers.SseCustomerKeyForbidden,
        S3SEC014_SseCustomerKeyForbidden.Title.ToString(),
        S3SEC014_SseCustomerKeyForbidden.MessageFormat.ToString(),
        KeyManagementCategory,
        DiagnosticSeverity.Warning,
        S3SEC014_SseCustomerKeyForbidden.Description.ToString(),
        isEnabledByDefault: true);
#pragma warning restore RS2001

    public static readonly DiagnosticDescriptor S3SEC020_SensitiveMetadata = Create(
        RuleIdentifiers.SensitiveMetadata,
        "Sensitive data in object metadata",
        "Metadata '{0}' receives '{1}'{2}; S3 stores object metadata unencrypted",
        DataExposureCategory,
        DiagnosticSeverity.Warning,
        "User metadata (x-amz-meta-*) is never encrypted by SSE-S3, SSE-KMS, SSE-C or client-side encryption, "
        + "and anyone allowed to HEAD the object reads it. Keep secrets and personal data out of metadata, or "
        + "store them encrypted (for example with S3Sec.Crypto's ProtectedMetadata) or hashed.");

    public static readonly DiagnosticDescriptor S3SEC021_SensitiveTagOrKey = Create(
        RuleIdentifiers.SensitiveTagOrKey,
        "Sensitive data in an object tag or key name",
        "{0} '{1}'{3}; S3 stores {2}",
        DataExposureCategory,
        DiagnosticSeverity.Warning,
        "Object tags and object key names are never encrypted; key names also appear in listings, access logs, "
        + "CloudTrail, inventory reports and URLs. Use an opaque identifier (a user id, a random id, or a keyed "
        + "hash) instead of the secret or personal value.");

    public static readonly DiagnosticDescriptor S3SEC030_MasterKeySentToAws = Create(
        RuleIdentifiers.MasterKeySentToAws,
        "Client-side master key sent to AWS",
        "The client-side master key is sent to AWS through {0}",
        ClientSideEncryptionCategory,
        DiagnosticSeverity.Error,
        "Client-side encryption with a local master key exists so that neither the master key nor the plaintext "
        + "ever reaches AWS. A master key (or an export of it: its bytes, Base64, hex, private RSA parameters) "
        + "placed in an object body, metadata, a tag, an SSE-C key, a KMS plaintext, a secret, a parameter or "
        + "any other AWS request defeats it: whoever can read that request's target can decrypt every object.");

    public static readonly DiagnosticDescriptor S3SEC031_LegacyClientSideEncryption = Create(
        RuleIdentifiers.LegacyClientSideEncryption,
        "Legacy or weak client-side encryption",
        "{0}; {1}",
        ClientSideEncryptionCategory,
        DiagnosticSeverity.Warning,
        "The V1 S3 encryption client and its materials use AES-CBC or unauthenticated key wrapping; the "
        + "...AndLegacy security profiles and the ForbidEncryptAllowDecrypt commitment policy keep accepting "
        + "those legacy or non-committing formats. Use the V2 or V4 client with SecurityProfile.V2 or V4, "
        + "and key commitment where the policy asks for it.");

    public static readonly DiagnosticDescriptor S3SEC032_KmsWrappedWhereLocalRequired = Create(
        RuleIdentifiers.KmsWrappedWhereLocalRequired,
        "Client-side encryption wrapped with KMS where local master keys are required",
        "{0} wraps data keys with the KMS key, but the policy requires a client-side master key",
        ClientSideEncryptionCategory,
        DiagnosticSeverity.Warning,
        "With s3sec.client_side_master_keys = local the team requires that data keys are wrapped with a master "
        + "key that never reaches AWS; KMS-wrapped materials send every data key to AWS KMS.",
        isEnabledByDefault: false);

    public static readonly DiagnosticDescriptor S3SEC033_PlainClientWhereClientSideRequired = Create(
        RuleIdentifiers.PlainClientWhereClientSideRequired,
        "Plaintext written through a plain S3 client where client-side encryption is required",
        "{0} writes through a plain S3 client, but the policy requires client-side encryption",
        EncryptionAtRestCategory,
        DiagnosticSeverity.Warning,
        "With s3sec.required_encryption = client-side every object must be encrypted before upload, by an S3 "
        + "encryption client (AmazonS3EncryptionClientV2/V4) or your own envelope encryption; a plain "
        + "AmazonS3Client sends the plaintext to S3.",
        isEnabledByDefault: false);

    public static readonly DiagnosticDescriptor S3SEC090_UnrecognisedOption = Create(
        RuleIdentifiers.UnrecognisedOption,
        "S3Sec option not recognised",
        "{0}",
        ConfigurationCategory,
        DiagnosticSeverity.Warning,
        "An s3sec.* option in .editorconfig or .globalconfig whose name or value S3Sec does not know is ignored, "
        + "so a typo quietly puts the default policy in force: often a weaker one than the team chose.");

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
