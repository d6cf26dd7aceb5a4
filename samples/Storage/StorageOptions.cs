namespace Contoso.Documents.Storage;

/// <summary>Where the service keeps its objects; bound from configuration at start-up.</summary>
public sealed class StorageOptions
{
    public string DocumentsBucket { get; init; } = "contoso-documents";

    public string ReportsBucket { get; init; } = "contoso-reports";

    public string BackupBucket { get; init; } = "contoso-backups";

    /// <summary>The customer managed KMS key that protects documents and backups.</summary>
    public string DocumentsKmsKeyId { get; init; } = "alias/contoso-documents";

    public TimeSpan UploadLinkLifetime { get; init; } = TimeSpan.FromMinutes(15);
}
