using System;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using S3Sec.Crypto.SseC;
using S3Sec.Crypto.Tests.TestSupport;
using Xunit;

namespace S3Sec.Crypto.Tests.SseC;

public class SseCustomerKeyTests
{
    private static readonly AmazonS3Config Https = new() { RegionEndpoint = Amazon.RegionEndpoint.USEast1 };
    private readonly byte[] _bytes = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void Generate_TwoKeys_Differ()
    {
        using SseCustomerKey a = SseCustomerKey.Generate();
        using SseCustomerKey b = SseCustomerKey.Generate();

        Assert.NotEqual(a.ExportBase64(), b.ExportBase64());
        Assert.Equal(32, Convert.FromBase64String(a.ExportBase64()).Length);
    }

    [Fact]
    public void FromBase64_ValidKey_RoundTrips()
    {
        using SseCustomerKey key = SseCustomerKey.FromBase64(Convert.ToBase64String(_bytes));

        Assert.Equal(Convert.ToBase64String(_bytes), key.ExportBase64());
    }

    [Fact]
    public void KeyMD5_IsBase64Md5OfKeyBytes()
    {
        using SseCustomerKey key = SseCustomerKey.FromBytes(_bytes);

        Assert.Equal(Convert.ToBase64String(MD5.HashData(_bytes)), key.KeyMD5);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void FromBytes_WrongLength_ThrowsWithoutKeyMaterial(int length)
    {
        byte[] bytes = RandomNumberGenerator.GetBytes(length);

        ArgumentException error = Assert.Throws<ArgumentException>(() => SseCustomerKey.FromBytes(bytes));

        Assert.Contains("32 bytes", error.Message);
        if (length > 0)
        {
            Secrets.AssertNotLeaked(error, bytes);
        }
    }

    [Fact]
    public void FromBase64_WrongLength_ThrowsWithoutKeyMaterial()
    {
        byte[] bytes = RandomNumberGenerator.GetBytes(24);

        ArgumentException error = Assert.Throws<ArgumentException>(()
            => SseCustomerKey.FromBase64(Convert.ToBase64String(bytes)));

        Secrets.AssertNotLeaked(error, bytes);
    }

    [Fact]
    public void FromBase64_NotBase64_ThrowsWithoutEchoingText()
    {
        const string text = "this-is-not-base64-key-text!!";

        ArgumentException error = Assert.Throws<ArgumentException>(() => SseCustomerKey.FromBase64(text));

        Assert.DoesNotContain(text, error.ToString());
    }

    [Fact]
    public void ToString_ShowsNoKeyMaterial()
    {
        using SseCustomerKey key = SseCustomerKey.FromBytes(_bytes);

        Secrets.AssertNotLeaked(key.ToString(), _bytes);
        Assert.StartsWith("SseCustomerKey(AES256", key.ToString());
    }

    [Fact]
    public void Dispose_ThenUse_ThrowsObjectDisposed()
    {
        SseCustomerKey key = SseCustomerKey.FromBytes(_bytes);
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => key.ExportBase64());
        Assert.Throws<ObjectDisposedException>(() => key.KeyMD5);
        Assert.Throws<ObjectDisposedException>(() => key.ApplyTo(new PutObjectRequest(), Https));
    }

    [Fact]
    public void Dispose_ZeroesKeyBytes()
    {
        SseCustomerKey key = SseCustomerKey.FromBytes(_bytes);
        var field = typeof(SseCustomerKey).GetField("_key",
            System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        byte[] held = (byte[])field.GetValue(key)!;

        key.Dispose();

        Assert.All(held, b => Assert.Equal(0, b));
    }

    [Fact]
    public void ApplyTo_PutObject_SetsAllThreeMembers()
    {
        using SseCustomerKey key = SseCustomerKey.FromBytes(_bytes);
        var request = new PutObjectRequest();

        key.ApplyTo(request, Https);

        Assert.Equal(ServerSideEncryptionCustomerMethod.AES256, request.ServerSideEncryptionCustomerMethod);
        Assert.Equal(Convert.ToBase64String(_bytes), request.ServerSideEncryptionCustomerProvidedKey);
        Assert.Equal(key.KeyMD5, request.ServerSideEncryptionCustomerProvidedKeyMD5);
    }

    [Fact]
    public void ApplyTo_EveryRequestType_SetsKey()
    {
        using SseCustomerKey key = SseCustomerKey.FromBytes(_bytes);
        string expected = Convert.ToBase64String(_bytes);
        var initiate = new InitiateMultipartUploadRequest();
        var part = new UploadPartRequest();
        var get = new GetObjectRequest();
        var head = new GetObjectMetadataRequest();
        var copy = new CopyObjectRequest();
        var copyPart = new CopyPartRequest();
        var complete = new CompleteMultipartUploadRequest();
        var listParts = new ListPartsRequest();
        var attributes = new GetObjectAttributesRequest();
        var upload = new TransferUtilityUploadRequest();
        var download = new TransferUtilityDownloadRequest();
        var openStream = new TransferUtilityOpenStreamRequest();
        var downloadDirectory = new TransferUtilityDownloadDirectoryRequest();

        key.ApplyTo(initiate, Https);
        key.ApplyTo(part, Https);
        key.ApplyTo(get, Https);
        key.ApplyTo(head, Https);
        key.ApplyTo(copy, Https);
        key.ApplyTo(copyPart, Https);
        key.ApplyTo(complete, Https);
        key.ApplyTo(listParts, Https);
        key.ApplyTo(attributes, Https);
        key.ApplyTo(upload, Https);
        key.ApplyTo(download, Https);
        key.ApplyTo(openStream, Https);
        key.ApplyTo(downloadDirectory, Https);

        Assert.All(
            new[]
            {
                initiate.ServerSideEncryptionCustomerProvidedKey, part.ServerSideEncryptionCustomerProvidedKey,
                get.ServerSideEncryptionCustomerProvidedKey, head.ServerSideEncryptionCustomerProvidedKey,
                copy.ServerSideEncryptionCustomerProvidedKey, copyPart.ServerSideEncryptionCustomerProvidedKey,
                complete.SSECustomerKey, listParts.SSECustomerKey, attributes.SSECustomerKey,
                upload.ServerSideEncryptionCustomerProvidedKey, download.ServerSideEncryptionCustomerProvidedKey,
                openStream.ServerSideEncryptionCustomerProvidedKey,
                    downloadDirectory.ServerSideEncryptionCustomerProvidedKey,
            },
            actual => Assert.Equal(expected, actual));
        Assert.Equal("AES256", complete.SSECustomerAlgorithm);
        Assert.Equal(key.KeyMD5, attributes.SSECustomerKeyMD5);
        Assert.Null(copy.CopySourceServerSideEncryptionCustomerProvidedKey);
    }

    [Fact]
    public void ApplyToCopySource_CopyObject_SetsOnlySourceMembers()
    {
        using SseCustomerKey key = SseCustomerKey.FromBytes(_bytes);
        var copy = new CopyObjectRequest();

        key.ApplyToCopySource(copy, Https);

        Assert.Equal(ServerSideEncryptionCustomerMethod.AES256, copy.CopySourceServerSideEncryptionCustomerMethod);
        Assert.Equal(Convert.ToBase64String(_bytes), copy.CopySourceServerSideEncryptionCustomerProvidedKey);
        Assert.Equal(key.KeyMD5, copy.CopySourceServerSideEncryptionCustomerProvidedKeyMD5);
        Assert.Null(copy.ServerSideEncryptionCustomerProvidedKey);
    }

    [Fact]
    public void ApplyToCopySource_CopyPart_SetsOnlySourceMembers()
    {
        using SseCustomerKey key = SseCustomerKey.FromBytes(_bytes);
        var copy = new CopyPartRequest();

        key.ApplyToCopySource(copy, Https);

        Assert.Equal(Convert.ToBase64String(_bytes), copy.CopySourceServerSideEncryptionCustomerProvidedKey);
        Assert.Null(copy.ServerSideEncryptionCustomerProvidedKey);
    }

    [Fact]
    public void ApplyTo_PresignedUrl_SetsOnlyMethod()
    {
        using SseCustomerKey key = SseCustomerKey.FromBytes(_bytes);
        var request = new GetPreSignedUrlRequest { Protocol = Protocol.HTTPS };

        key.ApplyTo(request, Https);

        Assert.Equal(ServerSideEncryptionCustomerMethod.AES256, request.ServerSideEncryptionCustomerMethod);
    }

    [Fact]
    public void ApplyTo_PresignedUrlOverHttp_Throws()
    {
        using SseCustomerKey key = SseCustomerKey.FromBytes(_bytes);
        var request = new GetPreSignedUrlRequest { Protocol = Protocol.HTTP };

        Assert.Throws<InsecureTransportException>(() => key.ApplyTo(request, Https));
        Assert.Null(request.ServerSideEncryptionCustomerMethod);
    }

    [Fact]
    public void ApplyTo_ClientWithUseHttp_Throws()
    {
        using SseCustomerKey key = SseCustomerKey.FromBytes(_bytes);
        var request = new PutObjectRequest();

        InsecureTransportException error = Assert.Throws<InsecureTransportException>(
            () => key.ApplyTo(request, new AmazonS3Config { UseHttp = true,
                RegionEndpoint = Amazon.RegionEndpoint.USEast1 }));

        Assert.Null(request.ServerSideEncryptionCustomerProvidedKey);
        Secrets.AssertNotLeaked(error, _bytes);
    }

    [Fact]
    public void ApplyTo_ClientWithHttpServiceUrl_Throws()
    {
        using SseCustomerKey key = SseCustomerKey.FromBytes(_bytes);
        var request = new GetObjectRequest();

        Assert.Throws<InsecureTransportException>(
            () => key.ApplyTo(request, new AmazonS3Config { ServiceURL = "http://127.0.0.1:9000" }));
        Assert.Null(request.ServerSideEncryptionCustomerProvidedKey);
    }

    /// <summary>
    /// Spellings the SDK accepts and resolves to an http:// endpoint (it parses ServiceURL with Uri, which trims
    /// whitespace and turns backslashes into slashes); a check on the text's start let all but the upper case pass.
    /// </summary>
    [Theory]
    [InlineData(" http://127.0.0.1:9000")]
    [InlineData("\thttp://127.0.0.1:9000")]
    [InlineData("\nhttp://127.0.0.1:9000")]
    [InlineData("http:\\\\127.0.0.1:9000")]
    [InlineData("HTTP://127.0.0.1:9000")]
    public void ApplyTo_ServiceUrlTheSdkSendsOverHttp_Throws(string serviceUrl)
    {
        using SseCustomerKey key = SseCustomerKey.FromBytes(_bytes);
        var config = new AmazonS3Config { ServiceURL = serviceUrl };
        var request = new GetObjectRequest();

        Assert.Throws<InsecureTransportException>(() => key.ApplyTo(request, config));
        Assert.Null(request.ServerSideEncryptionCustomerProvidedKey);
        Assert.Equal("http", new Uri(config.ServiceURL).Scheme);
    }

    [Theory]
    [InlineData("https://s3.example.test")]
    [InlineData(" https://s3.example.test")]
    [InlineData("HTTPS://s3.example.test")]
    public void ApplyTo_ServiceUrlTheSdkSendsOverHttps_Succeeds(string serviceUrl)
    {
        using SseCustomerKey key = SseCustomerKey.FromBytes(_bytes);
        var request = new GetObjectRequest();

        key.ApplyTo(request, new AmazonS3Config { ServiceURL = serviceUrl });

        Assert.NotNull(request.ServerSideEncryptionCustomerProvidedKey);
    }

    [Fact]
    public void ApplyTo_ClientWithHttpsServiceUrl_Succeeds()
    {
        using SseCustomerKey key = SseCustomerKey.FromBytes(_bytes);
        var request = new GetObjectRequest();

        key.ApplyTo(request, new AmazonS3Config { ServiceURL = "https://s3.example.test" });

        Assert.NotNull(request.ServerSideEncryptionCustomerProvidedKey);
    }
}
