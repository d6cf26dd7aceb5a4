namespace S3Sec.Crypto.Guard;

/// <summary>What the runtime guard refused.</summary>
public enum PolicyViolation
{
    /// <summary>A write without server-side encryption.</summary>
    MissingEncryption,

    /// <summary>A write with weaker encryption than the policy.</summary>
    WeakerEncryption,

    /// <summary>An SSE-C key on a plain-HTTP request.</summary>
    SseCOverHttp,

    /// <summary>SSE-C where the options forbid it.</summary>
    SseCForbidden,

    /// <summary>A sensitive metadata name with a value that is not protected.</summary>
    SensitiveMetadata,

    /// <summary>A sensitive object tag key with a value that is not protected.</summary>
    SensitiveTag,
}

/// <summary>
/// The runtime guard refused a request before it left the process. The message names the operation, the
/// rule and, for metadata and tags, the name or tag key, never a value or key.
/// </summary>
public sealed class S3PolicyViolationException : S3EncryptionException
{
    /// <summary>Creates the exception.</summary>
    public S3PolicyViolationException(PolicyViolation violation, string operation, string message)
        : base(message)
    {
        Violation = violation;
        Operation = operation;
    }

    /// <summary>The rule that was broken.</summary>
    public PolicyViolation Violation { get; }

    /// <summary>The S3 operation, e.g. <c>PutObject</c>.</summary>
    public string Operation { get; }
}
