using Amazon.S3;
using Amazon.S3.Model;
using Contoso.Documents.Storage;

namespace Contoso.Documents.Uploads;

/// <summary>Stores documents that users upload through the web front end.</summary>
public sealed class DocumentUploadService
{
    private readonly IAmazonS3 _s3;
    private readonly ObjectStore _store;
    private readonly StorageOptions _options;

    public DocumentUploadService(IAmazonS3 s3, ObjectStore store, StorageOptions options)
    {
        _s3 = s3;
        _store = store;
        _options = options;
    }

    /// <summary>Contracts and ID scans: encrypted with the documents key.</summary>
    public Task<string> StoreSensitiveAsync(string ownerId, string fileName, Stream content, CancellationToken token)
    {
        var request = new PutObjectRequest
        {
            BucketName = _options.DocumentsBucket,
            Key = $"owners/{ownerId}/sensitive/{Guid.NewGuid():N}/{fileName}",
            InputStream = content,
            ContentType = ContentTypes.FromFileName(fileName),
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
            ServerSideEncryptionKeyManagementServiceKeyId = _options.DocumentsKmsKeyId,
        };

        return _store.PutAsync(request, token);
    }

    /// <summary>Everything else users upload: invoices, photos, notes.</summary>
    public async Task<string> StoreAsync(string ownerId, string fileName, Stream content, CancellationToken token)
    {
        var request = new PutObjectRequest
        {
            BucketName = _options.DocumentsBucket,
            Key = $"owners/{ownerId}/{Guid.NewGuid():N}/{fileName}",
            InputStream = content,
            ContentType = ContentTypes.FromFileName(fileName),
        };
        request.Metadata.Add("original-name", fileName);

        var response = await _s3.PutObjectAsync(request, token);
        return response.ETag;
    }

    /// <summary>
    /// Lets the browser upload large files straight to S3. The browser sends only what the URL was signed for.
    /// </summary>
    public async Task<Uri> CreateUploadLinkAsync(string ownerId, string fileName)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = _options.DocumentsBucket,
            Key = $"owners/{ownerId}/{Guid.NewGuid():N}/{fileName}",
            Verb = HttpVerb.PUT,
            Expires = DateTime.UtcNow.Add(_options.UploadLinkLifetime),
            ContentType = ContentTypes.FromFileName(fileName),
        };

        return new Uri(await _s3.GetPreSignedURLAsync(request));
    }

    /// <summary>Upload link for avatars; signed with SSE-S3 so the browser must send the header.</summary>
    public async Task<Uri> CreateAvatarUploadLinkAsync(string ownerId)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = _options.DocumentsBucket,
            Key = $"owners/{ownerId}/avatar.png",
            Verb = HttpVerb.PUT,
            Expires = DateTime.UtcNow.Add(_options.UploadLinkLifetime),
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
        };

        return new Uri(await _s3.GetPreSignedURLAsync(request));
    }

    /// <summary>Download links are reads: encryption settings do not apply to them.</summary>
    public async Task<Uri> CreateDownloadLinkAsync(string key)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = _options.DocumentsBucket,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = DateTime.UtcNow.AddMinutes(5),
        };

        return new Uri(await _s3.GetPreSignedURLAsync(request));
    }
}
