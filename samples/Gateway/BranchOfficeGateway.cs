using Amazon.S3;
using Amazon.S3.Model;

namespace Contoso.Documents.Gateway;

/// <summary>
/// Mirrors scanned contracts to the branch office's S3-compatible appliance. The appliance has no TLS
/// certificate, so someone pointed the client at plain HTTP, and the contracts use customer-provided keys.
/// </summary>
public sealed class BranchOfficeGateway
{
    // The customer key for contracts, "temporarily" pasted from the key ceremony notes.
    private const string ContractKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private static readonly AmazonS3Config ApplianceConfig = new()
    {
        ServiceURL = "http://s3.branch.contoso.example:9000",
        ForcePathStyle = true,
    };

    private readonly AmazonS3Client _appliance = new(ApplianceConfig);

    public Task MirrorAsync(string bucket, string key, Stream contract, CancellationToken token)
    {
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = contract,
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
        };
        request.ServerSideEncryptionCustomerProvidedKey = ContractKey;
        return _appliance.PutObjectAsync(request, token);
    }

    public Task RenameAsync(string bucket, string from, string to, CancellationToken token)
    {
        return _appliance.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = bucket,
            SourceKey = from,
            DestinationBucket = bucket,
            DestinationKey = to,
            CopySourceServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            ServerSideEncryptionCustomerProvidedKey = Environment.GetEnvironmentVariable("CONTRACT_KEY"),
        }, token);
    }
}
