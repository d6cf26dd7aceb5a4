using Amazon.S3;
using Amazon.S3.Model;

namespace Contoso.Documents.Storage;

/// <summary>
/// Thin wrapper the other services write through. Callers build the request, so the encryption decision is
/// theirs; this class only adds logging and retries around the SDK call.
/// </summary>
public sealed class ObjectStore
{
    private readonly IAmazonS3 _s3;

    public ObjectStore(IAmazonS3 s3)
    {
        _s3 = s3;
    }

    public async Task<string> PutAsync(PutObjectRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await _s3.PutObjectAsync(request, cancellationToken);
                Console.WriteLine($"stored s3://{request.BucketName}/{request.Key} ({response.ETag})");
                return response.ETag;
            }
            catch (AmazonS3Exception ex) when (attempt < 3 && (int)ex.StatusCode >= 500)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
            }
        }
    }
}
