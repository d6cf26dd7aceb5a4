using System;
using System.Linq;
using System.Threading.Tasks;
using Amazon.S3.Model;
using S3Sec.Crypto.Envelope;
using S3Sec.Crypto.Tests.TestSupport;
using Xunit;

namespace S3Sec.Crypto.Tests.Envelope;

/// <summary>What the client makes of its options: checked once, at construction, and copied there.</summary>
public sealed class EnvelopeOptionsTests
{
    private readonly FakeS3 _s3 = FakeS3.Create();

    [Fact]
    public void UndefinedCommitmentPolicy_Refused()
    {
        using var masterKey = AesMasterKey.Generate();
        var options = new EnvelopeEncryptionOptions { CommitmentPolicy = (CommitmentPolicy)77 };

        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => new EnvelopeEncryptionClient(_s3.Client, masterKey, options));

        Assert.Equal("CommitmentPolicy", error.ParamName);
    }

    [Fact]
    public void UndefinedStorage_Refused()
    {
        // With a KMS master key it wrote an instruction file, which the constructor refuses for InstructionFile.
        using var masterKey = new KmsMasterKey(FakeKms.Create().Client, "alias/data");
        var options = new EnvelopeEncryptionOptions { Storage = (EnvelopeStorage)5 };

        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => new EnvelopeEncryptionClient(_s3.Client, masterKey, options));

        Assert.Equal("Storage", error.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void BlankTemporaryDirectory_Refused(string folder)
    {
        using var masterKey = AesMasterKey.Generate();
        var options = new EnvelopeEncryptionOptions { TemporaryDirectory = folder };

        var error = Assert.Throws<ArgumentException>(
            () => new EnvelopeEncryptionClient(_s3.Client, masterKey, options));

        Assert.Equal("TemporaryDirectory", error.ParamName);
    }

    [Fact]
    public void OptionsChangedAfterConstruction_DoNotChangeTheClient()
    {
        using var masterKey = AesMasterKey.Generate();
        var options = new EnvelopeEncryptionOptions();
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey, options);

        options.CommitmentPolicy = CommitmentPolicy.ForbidEncryptAllowDecrypt;

        Assert.Equal(EnvelopeFormat.V3KeyCommitting, client.WriteFormat);
    }

    [Fact]
    public async Task InstructionFileSetAfterConstruction_KmsEnvelopeStaysInMetadata()
    {
        using var masterKey = new KmsMasterKey(FakeKms.Create().Client, "alias/data");
        var options = new EnvelopeEncryptionOptions();
        var client = new EnvelopeEncryptionClient(_s3.Client, masterKey, options);
        options.Storage = EnvelopeStorage.InstructionFile;

        await client.PutObjectAsync(new PutObjectRequest { BucketName = "bucket", Key = "k", ContentBody = "x" });

        Assert.Equal(new[] { "bucket/k" }, _s3.Objects.Keys.ToArray());
        Assert.NotNull(_s3.Objects["bucket/k"].Get("x-amz-3"));
    }
}
