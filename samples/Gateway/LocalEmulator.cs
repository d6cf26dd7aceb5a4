using Amazon.S3;

namespace Contoso.Documents.Gateway;

/// <summary>The client developers use against a MinIO container on their own machine.</summary>
public static class LocalEmulator
{
    public static IAmazonS3 CreateClient() => new AmazonS3Client(
        "minioadmin",
        "minioadmin",
        new AmazonS3Config { ServiceURL = "http://localhost:9000", ForcePathStyle = true });
}
