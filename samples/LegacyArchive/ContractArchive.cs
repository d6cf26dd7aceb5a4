using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Encryption;
using Amazon.S3.Model;

namespace Contoso.Archive;

/// <summary>
/// Archives signed contracts with client-side encryption under a local master key, so that AWS never holds the
/// plaintext. Written against the V1 encryption client, and with a "recovery" shortcut that defeats the point.
/// </summary>
public sealed class ContractArchive
{
    private readonly Aes _masterKey;
    private readonly IAmazonS3 _s3;

    public ContractArchive(byte[] masterKey)
    {
        _masterKey = Aes.Create();
        _masterKey.Key = masterKey;
        var materials = new EncryptionMaterials(_masterKey);
        _s3 = new AmazonS3EncryptionClient(new AmazonS3CryptoConfiguration(), materials);
    }

    public Task ArchiveAsync(string bucket, string key, string path)
    {
        var request = new PutObjectRequest { BucketName = bucket, Key = key, FilePath = path };

        // "So we can recover it later": the master key now travels with every object, in clear metadata.
        request.Metadata.Add("recovery-key", Convert.ToBase64String(_masterKey.Key));
        return _s3.PutObjectAsync(request);
    }
}
