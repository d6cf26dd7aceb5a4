using System.Text;

namespace S3Sec.Analyzers.Tests.Robustness;

/// <summary>
/// Generates realistic AWSSDK.S3 code with a known number of unencrypted writes: the ground truth for the large-file
/// and concurrency tests, and a seed for the mutation tests.
/// </summary>
internal static class S3CodeGenerator
{
    public const string Usings = """
        using System;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;
        using Amazon.S3.Transfer;

        """;

    private const int Kinds = 8;

    /// <summary>One class with <paramref name="methods"/> methods; returns the source and the S3SEC001 count.</summary>
    public static (string Source, int UnencryptedWrites) Generate(int methods, int offset = 0, string ns = "Generated")
    {
        var builder = new StringBuilder(Usings);
        builder.Append("namespace ").Append(ns).Append("\n{\n");
        builder.Append("    public sealed class Store").Append(offset).Append('\n');
        builder.Append("    {\n        private readonly IAmazonS3 _s3;\n");
        builder.Append("        private readonly ITransferUtility _transfer;\n\n");
        builder.Append("        public Store").Append(offset)
            .Append("(IAmazonS3 s3, ITransferUtility transfer)\n        {\n            _s3 = s3;\n")
            .Append("            _transfer = transfer;\n        }\n");
        var unencrypted = 0;
        for (var i = 0; i < methods; i++)
        {
            var n = offset + i;
            builder.Append('\n');
            switch (n % Kinds)
            {
                case 0:
                    unencrypted++;
                    builder.Append($$"""
                                public Task Put{{n}}(string key, Stream body) => _s3.PutObjectAsync(new PutObjectRequest
                                {
                                    BucketName = "bucket-{{n}}",
                                    Key = key,
                                    InputStream = body,
                                });

                        """);
                    break;
                case 1:
                    builder.Append($$"""
                                public async Task PutEncrypted{{n}}(string key, string body)
                                {
                                    var request = new PutObjectRequest { BucketName = "bucket-{{n}}", Key = key };
                                    request.ContentBody = body;
                                    request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256;
                                    await _s3.PutObjectAsync(request);
                                }

                        """);
                    break;
                case 2:
                    builder.Append($$"""
                                public Task PutKms{{n}}(string key) => _s3.PutObjectAsync(new PutObjectRequest
                                {
                                    BucketName = "bucket-{{n}}",
                                    Key = key,
                                    ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
                                    ServerSideEncryptionKeyManagementServiceKeyId = "alias/app-{{n}}",
                                });

                        """);
                    break;
                case 3:
                    unencrypted++;
                    builder.Append($$"""
                                public Task Upload{{n}}(string path, CancellationToken ct)
                                    => _transfer.UploadAsync(path, "bucket-{{n}}", Path.GetFileName(path), ct);

                        """);
                    break;
                case 4:
                    unencrypted++;
                    builder.Append($$"""
                                public Task Copy{{n}}(string key) => _s3.CopyObjectAsync(new CopyObjectRequest
                                {
                                    SourceBucket = "bucket-{{n}}",
                                    SourceKey = key,
                                    DestinationBucket = "archive-{{n}}",
                                    DestinationKey = key,
                                    ServerSideEncryptionMethod = ServerSideEncryptionMethod.None,
                                });

                        """);
                    break;
                case 5:
                    builder.Append($$"""
                                public Task Forward{{n}}(PutObjectRequest request) => _s3.PutObjectAsync(request);

                        """);
                    break;
                case 6:
                    unencrypted++;
                    builder.Append($$"""
                                public string Link{{n}}(string key) => _s3.GetPreSignedURL(new GetPreSignedUrlRequest
                                {
                                    BucketName = "bucket-{{n}}",
                                    Key = key,
                                    Verb = HttpVerb.PUT,
                                    Expires = DateTime.UtcNow.AddMinutes(10),
                                });

                        """);
                    break;
                default:
                    builder.Append($$"""
                                public string Read{{n}}(string key) => _s3.GetPreSignedURL(new GetPreSignedUrlRequest
                                {
                                    BucketName = "bucket-{{n}}",
                                    Key = key,
                                    Expires = DateTime.UtcNow.AddMinutes(10),
                                });

                        """);
                    break;
            }
        }

        builder.Append("    }\n}\n");
        return (builder.ToString(), unencrypted);
    }
}
