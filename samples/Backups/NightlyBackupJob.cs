using Amazon.S3;
using Amazon.S3.Model;
using Contoso.Documents.Storage;

namespace Contoso.Documents.Backups;

/// <summary>Copies the day's new documents and the database dump to the backup bucket every night.</summary>
public sealed class NightlyBackupJob
{
    private readonly IAmazonS3 _s3;
    private readonly StorageOptions _options;

    public NightlyBackupJob(IAmazonS3 s3, StorageOptions options)
    {
        _s3 = s3;
        _options = options;
    }

    public async Task RunAsync(DateOnly day, CancellationToken token)
    {
        var prefix = "owners/";
        var listing = new ListObjectsV2Request { BucketName = _options.DocumentsBucket, Prefix = prefix };
        ListObjectsV2Response page;
        do
        {
            page = await _s3.ListObjectsV2Async(listing, token);
            foreach (var item in page.S3Objects ?? new List<S3Object>())
            {
                if (DateOnly.FromDateTime(item.LastModified ?? DateTime.MinValue) != day)
                {
                    continue;
                }

                await _s3.CopyObjectAsync(
                    _options.DocumentsBucket,
                    item.Key,
                    _options.BackupBucket,
                    $"documents/{day:yyyy-MM-dd}/{item.Key}",
                    token);
            }

            listing.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
    }

    /// <summary>The database dump is the most sensitive object we keep: KMS with our own key.</summary>
    public Task BackUpDatabaseDumpAsync(string dumpKey, DateOnly day, CancellationToken token)
    {
        var copy = new CopyObjectRequest
        {
            SourceBucket = _options.DocumentsBucket,
            SourceKey = dumpKey,
            DestinationBucket = _options.BackupBucket,
            DestinationKey = $"database/{day:yyyy-MM-dd}.dump",
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
            ServerSideEncryptionKeyManagementServiceKeyId = _options.DocumentsKmsKeyId,
        };

        return _s3.CopyObjectAsync(copy, token);
    }

    /// <summary>A small manifest of what was copied, for the restore tooling.</summary>
    public Task WriteManifestAsync(DateOnly day, int objectCount, CancellationToken token)
    {
        var manifest = new PutObjectRequest
        {
            BucketName = _options.BackupBucket,
            Key = $"manifests/{day:yyyy-MM-dd}.json",
            ContentBody = $"{{\"day\":\"{day:yyyy-MM-dd}\",\"objects\":{objectCount}}}",
            ContentType = "application/json",
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
        };

        return _s3.PutObjectAsync(manifest, token);
    }
}
