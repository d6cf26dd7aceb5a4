using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.S3;
using S3Sec.Crypto.Envelope;
using S3Sec.Crypto.Tests.TestSupport;
using Xunit;

namespace S3Sec.Crypto.Tests.Robustness;

/// <summary>
/// An envelope header sent twice, through the SDK's own response parsing (a real AmazonS3Client over an in-process
/// handler, no socket). AWSSDK.S3 4.1 keeps the first value and drops the second before the library sees the
/// metadata, so the library cannot refuse the repetition itself; what must hold is that a forged first value is
/// refused wherever the envelope authenticates it, and changes nothing where it does not.
/// </summary>
public sealed class DuplicateHeaderTests
{
    private const string Bucket = "dup-bucket";
    private const string Key = "dup/object.bin";

    public static IEnumerable<object[]> Fields() =>
        from v2 in new[] { true, false }
        from field in v2
            ? new[] { "x-amz-key-v2", "x-amz-iv", "x-amz-cek-alg", "x-amz-wrap-alg", "x-amz-tag-len",
                "x-amz-matdesc", "x-amz-unencrypted-content-length" }
            : new[] { "x-amz-3", "x-amz-c", "x-amz-w", "x-amz-d", "x-amz-i", "x-amz-m" }
        from same in new[] { true, false }
        select new object[] { v2, field, same };

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task EnvelopeHeaderSentTwice_ForgedFirstValueIsRefusedOrChangesNothing(
        bool v2, string field, bool sameValue)
    {
        FakeS3 fake = FakeS3.Create();
        using var masterKey = AesMasterKey.Generate();
        var options = new EnvelopeEncryptionOptions
        {
            CommitmentPolicy = v2
                ? CommitmentPolicy.ForbidEncryptAllowDecrypt
                : CommitmentPolicy.RequireEncryptAllowDecrypt,
        };
        await new EnvelopeEncryptionClient(fake.Client, masterKey, options).PutObjectAsync(
            new Amazon.S3.Model.PutObjectRequest { BucketName = Bucket, Key = Key, ContentBody = "secret text" });
        StoredObject stored = fake.Objects[$"{Bucket}/{Key}"];
        string header = "x-amz-meta-" + field;
        string value = stored.Metadata.Single(e => e.Key.Equals(header, StringComparison.OrdinalIgnoreCase)).Value;
        string second = sameValue ? value : (field is "x-amz-matdesc" or "x-amz-m" ? "{\"b\":\"c\"}" : "1" + value);
        using var s3 = new AmazonS3Client(
            new BasicAWSCredentials("AKIDEXAMPLE", "secret"),
            new AmazonS3Config
            {
                ServiceURL = "http://127.0.0.1:9",
                ForcePathStyle = true,
                AuthenticationRegion = "us-east-1",
                MaxErrorRetry = 0,
                HttpClientFactory = new CannedFactory(stored, header, second),
            });

        Task<byte[]> read = new EnvelopeEncryptionClient(s3, masterKey, options).GetObjectBytesAsync(Bucket, Key);

        if (sameValue || field is "x-amz-matdesc" or "x-amz-m")
        {
            // The material description of an AES master key is not authenticated, and not used to find the key.
            Assert.Equal("secret text"u8.ToArray(), await read);
        }
        else
        {
            S3EncryptionException error = await Assert.ThrowsAnyAsync<S3EncryptionException>(() => read);
            Assert.DoesNotContain("secret text", error.ToString());
        }
    }

    /// <summary>Answers every request with the stored object, one metadata header first sent with another value.
    /// </summary>
    private sealed class CannedFactory(StoredObject stored, string header, string second) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
            new(new Handler(stored, header, second));

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        private sealed class Handler(StoredObject stored, string header, string second) : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(
                HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = new ByteArrayContent(stored.Body),
                };
                response.Headers.TryAddWithoutValidation(header, second);
                foreach (KeyValuePair<string, string> entry in stored.Metadata)
                {
                    response.Headers.TryAddWithoutValidation(entry.Key, entry.Value);
                }

                return Task.FromResult(response);
            }
        }
    }
}
