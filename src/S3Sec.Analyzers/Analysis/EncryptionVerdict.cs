using System.Collections.Immutable;

namespace S3Sec.Analyzers.Analysis;

internal enum EncryptionVerdictKind
{
    /// <summary>Nothing to say: not a write, unknown values, SSE-C, or an encryption client.</summary>
    Silent,

    /// <summary>Every value the write can send is "no server-side encryption".</summary>
    Unencrypted,

    /// <summary>The write encrypts, with the listed server-side encryption values.</summary>
    Encrypted,
}

/// <summary>What the analysis concluded about one write's server-side encryption.</summary>
internal readonly struct EncryptionVerdict
{
    public EncryptionVerdict(
        EncryptionVerdictKind kind, ImmutableArray<string> methods, bool hasKmsKeyId, bool awsManagedKey = false)
    {
        Kind = kind;
        Methods = methods;
        HasKmsKeyId = hasKmsKeyId;
        AwsManagedKey = awsManagedKey;
    }

    public static EncryptionVerdict Silent => new(EncryptionVerdictKind.Silent, ImmutableArray<string>.Empty, false);

    public EncryptionVerdictKind Kind { get; }

    /// <summary>The <c>x-amz-server-side-encryption</c> values the write may send (empty string: none).</summary>
    public ImmutableArray<string> Methods { get; }

    /// <summary>
    /// True when a customer managed KMS key id is set, or may be (a value the analysis cannot see); an AWS managed
    /// alias such as <c>alias/aws/s3</c> does not count.
    /// </summary>
    public bool HasKmsKeyId { get; }

    /// <summary>True when the only key ids the write may name are AWS managed aliases.</summary>
    public bool AwsManagedKey { get; }
}
