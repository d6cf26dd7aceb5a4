using System;
using System.Collections.Generic;
using S3Sec.Analyzers.Model;

namespace S3Sec.Crypto.Guard;

/// <summary>The least server-side encryption a write must ask for.</summary>
public enum RequiredEncryption
{
    /// <summary><c>sse-s3</c>: any explicit server-side encryption header (SSE-S3, SSE-KMS, DSSE-KMS or
    /// SSE-C).</summary>
    SseS3,

    /// <summary><c>sse-kms</c>: SSE-KMS or DSSE-KMS.</summary>
    SseKms,

    /// <summary><c>sse-kms-cmk</c>: SSE-KMS or DSSE-KMS with a customer-managed key id.</summary>
    SseKmsCmk,

    /// <summary><c>dsse-kms</c>: DSSE-KMS (dual-layer).</summary>
    DsseKms,
}

/// <summary>What the guard does with a write that sends no server-side encryption at all.</summary>
public enum GuardMode
{
    /// <summary>Throw <see cref="S3PolicyViolationException"/> before the request leaves the process.</summary>
    Reject,

    /// <summary>Add the encryption headers the policy asks for. A write that asks for weaker encryption is still
    /// rejected.</summary>
    Complete,
}

/// <summary>Settings of an <see cref="S3RuntimeGuard"/>.</summary>
public sealed class S3RuntimeGuardOptions
{
    /// <summary>
    /// The built-in sensitive words and phrases, those of the analyzers' S3SEC020 and S3SEC021 (<c>password</c>,
    /// <c>api_key</c>, <c>email</c>, <c>date_of_birth</c>, ...), matched as whole words of snake, kebab or camel case
    /// names with the analyzers' plurals and qualifiers (see <see cref="SensitiveNames.IsSensitive"/>).
    /// </summary>
    public static IReadOnlyList<string> DefaultSensitiveNames { get; } = SensitiveVocabulary.BuiltInNames;

    /// <summary>Policy for writes. Default <see cref="Guard.RequiredEncryption.SseS3"/>.</summary>
    public RequiredEncryption RequiredEncryption { get; set; } = RequiredEncryption.SseS3;

    /// <summary>Reject (default) or complete writes that send no encryption.</summary>
    public GuardMode Mode { get; set; } = GuardMode.Reject;

    /// <summary>KMS key id used by <see cref="GuardMode.Complete"/>; required there for <c>sse-kms-cmk</c>.</summary>
    public string? KmsKeyId { get; set; }

    /// <summary>Whether SSE-C is allowed at all (over HTTPS). Default true.</summary>
    public bool AllowSseC { get; set; } = true;

    /// <summary>Metadata words refused unless the value is a <c>ProtectedMetadata</c> value. Editable.</summary>
    public ISet<string> SensitiveMetadataNames { get; } =
        new HashSet<string>(DefaultSensitiveNames, StringComparer.OrdinalIgnoreCase);

    /// <summary>Parses the policy names used in <c>.editorconfig</c>: sse-s3, sse-kms, sse-kms-cmk, dsse-kms.</summary>
    public static RequiredEncryption ParseRequiredEncryption(string value) => value?.Trim().ToLowerInvariant() switch
    {
        "sse-s3" => RequiredEncryption.SseS3,
        "sse-kms" => RequiredEncryption.SseKms,
        "sse-kms-cmk" => RequiredEncryption.SseKmsCmk,
        "dsse-kms" => RequiredEncryption.DsseKms,
        // Valid .editorconfig values, so the caller needs the reason as well as the choices.
        "client-side" or "bucket-default" => throw new ArgumentException(
            $"'{value}' is an analyzer policy with no server-side encryption for the guard to require; "
                + Choices, nameof(value)),
        _ => throw new ArgumentException($"Unknown required encryption '{value}'; " + Choices, nameof(value)),
    };

    private const string Choices = "expected sse-s3, sse-kms, sse-kms-cmk or dsse-kms.";

    internal void Validate()
    {
        // An undefined mode (a cast from a number) was taken as Complete, which fills in headers the caller meant
        // to be refused for.
        if (!Enum.IsDefined(Mode))
        {
            throw new ArgumentOutOfRangeException(nameof(Mode), $"{(int)Mode} is not a {nameof(GuardMode)}.");
        }

        if (!Enum.IsDefined(RequiredEncryption))
        {
            throw new ArgumentOutOfRangeException(
                nameof(RequiredEncryption), $"{(int)RequiredEncryption} is not a {nameof(Guard.RequiredEncryption)}.");
        }

        if (Mode == GuardMode.Complete && RequiredEncryption == RequiredEncryption.SseKmsCmk
            && string.IsNullOrWhiteSpace(KmsKeyId))
        {
            throw new ArgumentException("Complete mode under sse-kms-cmk needs KmsKeyId.", nameof(KmsKeyId));
        }

        if (RequiredEncryption == RequiredEncryption.SseKmsCmk && S3RuntimeGuard.IsAwsManagedAlias(KmsKeyId))
        {
            throw new ArgumentException(
                "KmsKeyId names an AWS managed key (alias/aws/...); sse-kms-cmk needs a customer managed key.",
                nameof(KmsKeyId));
        }
    }
}
