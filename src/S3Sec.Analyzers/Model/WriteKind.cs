namespace S3Sec.Analyzers.Model;

/// <summary>The request types through which the AWS SDK for .NET writes an object.</summary>
internal enum WriteKind
{
    PutObject,
    InitiateMultipartUpload,
    CopyObject,
    TransferUpload,
    TransferUploadDirectory,
    PresignedUrl,
}
