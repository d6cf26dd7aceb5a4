namespace S3Sec.Analyzers.Options;

/// <summary>The encryption a team's policy demands of every write (<c>s3sec.required_encryption</c>).</summary>
internal enum RequiredEncryption
{
    /// <summary>An explicit SSE-S3 header or anything stronger.</summary>
    SseS3,

    /// <summary>SSE-KMS (or DSSE-KMS), with the AWS managed key or a customer managed one.</summary>
    SseKms,

    /// <summary>SSE-KMS with a customer managed key id sent on the request.</summary>
    SseKmsCmk,

    /// <summary>Dual-layer SSE-KMS.</summary>
    DsseKms,

    /// <summary>Client-side encryption; server-side settings are judged by the client-side rules.</summary>
    ClientSide,

    /// <summary>Bucket default encryption is trusted: requests need not say anything.</summary>
    BucketDefault,
}
