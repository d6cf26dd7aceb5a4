using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Diagnostics;

namespace S3Sec.Analyzers.Options;

/// <summary>
/// The options S3Sec reads from <c>.editorconfig</c> or <c>.globalconfig</c>, all named <c>s3sec.&lt;option&gt;</c>.
/// An unrecognised value falls back to the default rather than failing the build.
/// </summary>
internal sealed class S3SecOptions
{
    public const string RequiredEncryptionKey = "s3sec.required_encryption";
    public const string KmsKeyIdKey = "s3sec.kms_key_id";
    public const string AllowedHttpEndpointsKey = "s3sec.allowed_http_endpoints";
    public const string AllowSseCustomerKeyKey = "s3sec.allow_sse_c";
    public const string SensitiveNamesKey = "s3sec.sensitive_names";
    public const string NonSensitiveNamesKey = "s3sec.non_sensitive_names";
    public const string ClientSideMasterKeysKey = "s3sec.client_side_master_keys";
    public const string RequireKeyCommitmentKey = "s3sec.require_key_commitment";

    public static readonly ImmutableArray<string> DefaultAllowedHttpEndpoints =
        ImmutableArray.Create("localhost", "127.0.0.1", "::1", "host.docker.internal");

    public static readonly S3SecOptions Default = new(
        RequiredEncryption.SseS3,
        kmsKeyId: null,
        DefaultAllowedHttpEndpoints,
        allowSseCustomerKey: true,
        ImmutableArray<string>.Empty,
        ImmutableArray<string>.Empty,
        clientSideMasterKeys: null,
        requireKeyCommitment: false);

    private S3SecOptions(
        RequiredEncryption requiredEncryption,
        string? kmsKeyId,
        ImmutableArray<string> allowedHttpEndpoints,
        bool allowSseCustomerKey,
        ImmutableArray<string> sensitiveNames,
        ImmutableArray<string> nonSensitiveNames,
        string? clientSideMasterKeys,
        bool requireKeyCommitment)
    {
        RequiredEncryption = requiredEncryption;
        KmsKeyId = kmsKeyId;
        AllowedHttpEndpoints = allowedHttpEndpoints;
        AllowSseCustomerKey = allowSseCustomerKey;
        SensitiveNames = sensitiveNames;
        NonSensitiveNames = nonSensitiveNames;
        ClientSideMasterKeys = clientSideMasterKeys;
        RequireKeyCommitment = requireKeyCommitment;
    }

    public RequiredEncryption RequiredEncryption { get; }

    /// <summary>The KMS key id or alias the SSE-KMS code fix writes, if the team configured one.</summary>
    public string? KmsKeyId { get; }

    public ImmutableArray<string> AllowedHttpEndpoints { get; }

    public bool AllowSseCustomerKey { get; }

    public ImmutableArray<string> SensitiveNames { get; }

    public ImmutableArray<string> NonSensitiveNames { get; }

    /// <summary><c>local</c>, <c>kms</c>, or null when the team has no preference.</summary>
    public string? ClientSideMasterKeys { get; }

    /// <summary>True when client-side encryption must use a key-committing content algorithm.</summary>
    public bool RequireKeyCommitment { get; }

    /// <summary>Whether every setting is the same as <paramref name="other"/>'s.</summary>
    public bool HasSameSettings(S3SecOptions other)
    {
        return RequiredEncryption == other.RequiredEncryption
            && KmsKeyId == other.KmsKeyId
            && SameItems(AllowedHttpEndpoints, other.AllowedHttpEndpoints)
            && AllowSseCustomerKey == other.AllowSseCustomerKey
            && SameItems(SensitiveNames, other.SensitiveNames)
            && SameItems(NonSensitiveNames, other.NonSensitiveNames)
            && ClientSideMasterKeys == other.ClientSideMasterKeys
            && RequireKeyCommitment == other.RequireKeyCommitment;
    }

    private static bool SameItems(ImmutableArray<string> left, ImmutableArray<string> right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Length; i++)
        {
            if (!string.Equals(left[i], right[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public static S3SecOptions Read(AnalyzerConfigOptions options)
    {
        return new S3SecOptions(
            ParseRequiredEncryption(Get(options, RequiredEncryptionKey)),
            Get(options, KmsKeyIdKey),
            Get(options, AllowedHttpEndpointsKey) is { } endpoints ? SplitList(endpoints) : DefaultAllowedHttpEndpoints,
            !string.Equals(Get(options, AllowSseCustomerKeyKey), "false", StringComparison.OrdinalIgnoreCase),
            SplitList(Get(options, SensitiveNamesKey)),
            SplitList(Get(options, NonSensitiveNamesKey)),
            Get(options, ClientSideMasterKeysKey)?.ToLowerInvariant(),
            string.Equals(Get(options, RequireKeyCommitmentKey), "true", StringComparison.OrdinalIgnoreCase));
    }

    public static RequiredEncryption ParseRequiredEncryption(string? value)
    {
        return value?.ToLowerInvariant() switch
        {
            "sse-kms" => RequiredEncryption.SseKms,
            "sse-kms-cmk" => RequiredEncryption.SseKmsCmk,
            "dsse-kms" => RequiredEncryption.DsseKms,
            "client-side" => RequiredEncryption.ClientSide,
            "bucket-default" => RequiredEncryption.BucketDefault,
            _ => RequiredEncryption.SseS3,
        };
    }

    /// <summary>The policy's name as users write it in <c>.editorconfig</c>, for messages.</summary>
    public static string Describe(RequiredEncryption policy)
    {
        return policy switch
        {
            RequiredEncryption.SseKms => "SSE-KMS",
            RequiredEncryption.SseKmsCmk => "SSE-KMS with a customer managed key",
            RequiredEncryption.DsseKms => "DSSE-KMS",
            RequiredEncryption.ClientSide => "client-side encryption",
            RequiredEncryption.BucketDefault => "bucket default encryption",
            _ => "SSE-S3",
        };
    }

    private static string? Get(AnalyzerConfigOptions options, string key)
    {
        if (!options.TryGetValue(key, out var value))
        {
            return null;
        }

        value = value.Trim();
        return value.Length == 0 ? null : value;
    }

    private static ImmutableArray<string> SplitList(string? value)
    {
        if (value is null)
        {
            return ImmutableArray<string>.Empty;
        }

        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var item in value.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var trimmed = item.Trim();
            if (trimmed.Length > 0)
            {
                builder.Add(trimmed);
            }
        }

        return builder.ToImmutable();
    }
}
