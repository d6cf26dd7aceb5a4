using System;
using System.Security.Cryptography;
using S3Sec.Crypto.Metadata;
using S3Sec.Crypto.Tests.TestSupport;
using Xunit;

namespace S3Sec.Crypto.Tests.Metadata;

public class ProtectedMetadataTests
{
    private readonly byte[] _dataKey = RandomNumberGenerator.GetBytes(32);

    [Theory]
    [InlineData("")]
    [InlineData("alice@example.com")]
    [InlineData("Zoë – ünïcode ✓")]
    public void Protect_ThenUnprotect_ReturnsValue(string value)
    {
        using var protector = new ProtectedMetadata(_dataKey, "bucket", "key");

        string sealedValue = protector.Protect("email", value);

        Assert.Equal(value, protector.Unprotect("email", sealedValue));
    }

    [Fact]
    public void Protect_Output_IsCompactPrefixedAsciiWithoutPlaintext()
    {
        using var protector = new ProtectedMetadata(_dataKey);

        string sealedValue = protector.Protect("email", "alice@example.com");

        Assert.StartsWith("s3m1.", sealedValue);
        Assert.True(ProtectedMetadata.IsProtectedValue(sealedValue));
        Assert.DoesNotContain("alice", sealedValue);
        Assert.Equal(5 + (int)Math.Ceiling((12 + 17 + 16) * 4 / 3.0), sealedValue.Length);
    }

    [Fact]
    public void Protect_SameValueTwice_GivesDifferentOutputs()
    {
        using var protector = new ProtectedMetadata(_dataKey);

        Assert.NotEqual(protector.Protect("email", "a"), protector.Protect("email", "a"));
    }

    [Fact]
    public void Unprotect_NameCaseAndPrefix_AreNormalized()
    {
        using var protector = new ProtectedMetadata(_dataKey);

        string sealedValue = protector.Protect("Email", "a");

        Assert.Equal("a", protector.Unprotect("x-amz-meta-email", sealedValue));
    }

    [Fact]
    public void Unprotect_OtherName_Throws()
    {
        using var protector = new ProtectedMetadata(_dataKey);
        string sealedValue = protector.Protect("email", "a");

        Assert.Throws<MetadataAuthenticationException>(() => protector.Unprotect("phone", sealedValue));
    }

    [Fact]
    public void Unprotect_OtherObject_Throws()
    {
        using var protector = new ProtectedMetadata(_dataKey, "bucket", "a.txt");
        string sealedValue = protector.Protect("email", "a");
        using ProtectedMetadata other = protector.ForObject("bucket", "b.txt");

        Assert.Throws<MetadataAuthenticationException>(() => other.Unprotect("email", sealedValue));
    }

    [Fact]
    public void Unprotect_OtherKey_Throws()
    {
        using var protector = new ProtectedMetadata(_dataKey);
        using var other = new ProtectedMetadata(RandomNumberGenerator.GetBytes(32));
        string sealedValue = protector.Protect("email", "a");

        Assert.Throws<MetadataAuthenticationException>(() => other.Unprotect("email", sealedValue));
    }

    [Fact]
    public void Unprotect_TamperedValue_Throws()
    {
        using var protector = new ProtectedMetadata(_dataKey);
        string sealedValue = protector.Protect("email", "alice@example.com");
        char last = sealedValue[^2];
        string tampered = sealedValue[..^2] + (last == 'A' ? 'B' : 'A') + sealedValue[^1];

        Assert.Throws<MetadataAuthenticationException>(() => protector.Unprotect("email", tampered));
    }

    [Theory]
    [InlineData("alice@example.com")]
    [InlineData("s3m1.")]
    [InlineData("s3m1.AAAA")]
    [InlineData("s3m2.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("s3m1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+/")]
    public void Unprotect_NotAProtectedValue_Throws(string value)
    {
        using var protector = new ProtectedMetadata(_dataKey);

        Assert.Throws<MetadataAuthenticationException>(() => protector.Unprotect("email", value));
    }

    [Fact]
    public void Unprotect_Failure_MessageHasNoValueOrKey()
    {
        using var protector = new ProtectedMetadata(_dataKey);
        using var other = new ProtectedMetadata(RandomNumberGenerator.GetBytes(32));
        string sealedValue = protector.Protect("email", "alice@example.com");

        var error = Assert.Throws<MetadataAuthenticationException>(() => other.Unprotect("email", sealedValue));

        Assert.DoesNotContain("alice", error.Message);
        Assert.DoesNotContain(sealedValue, error.Message);
        Secrets.AssertNotLeaked(error, _dataKey);
    }

    [Fact]
    public void TryUnprotect_Tampered_ReturnsFalse()
    {
        using var protector = new ProtectedMetadata(_dataKey);

        Assert.False(protector.TryUnprotect("email", "s3m1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            out string? value));
        Assert.Null(value);
    }

    [Fact]
    public void Protect_ValueOverS3Limit_Throws()
    {
        using var protector = new ProtectedMetadata(_dataKey);

        Assert.Throws<ArgumentException>(() => protector.Protect("notes", new string('x', 1600)));
    }

    /// <summary>
    /// A lone surrogate has no UTF-8 form; the default encoder replaced it with U+FFFD, so the value sealed fine
    /// and opened as different text.
    /// </summary>
    /// <remarks>A fact, not a theory: xUnit's theory data serialization turns a lone surrogate into U+FFFD.</remarks>
    [Fact]
    public void Protect_LoneSurrogate_ThrowsWithoutTheValue()
    {
        using var protector = new ProtectedMetadata(_dataKey);
        foreach (string value in new[] { "\ud800x", "ab\udfff", "\udc00\ud800" })
        {
            ArgumentException error = Assert.Throws<ArgumentException>(() => protector.Protect("notes", value));

            Assert.Equal("value", error.ParamName);
            Assert.Contains("lone UTF-16 surrogate", error.Message);

            // The encoder's exception quotes the character and its index; it stays out of the caller's sight.
            Assert.DoesNotContain("\\u", error.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Null(error.InnerException);
        }
    }

    /// <summary>
    /// An empty bucket or object key bound nothing: values sealed by such a protector opened in an unbound one
    /// (and the other way round) while its ToString said "bound to /".
    /// </summary>
    [Theory]
    [InlineData("", "key", "bucketName")]
    [InlineData("bucket", "", "objectKey")]
    [InlineData("", "", "bucketName")]
    [InlineData("", null, "bucketName")]
    [InlineData(null, "", "objectKey")]
    public void Create_EmptyBucketOrObjectKey_Throws(string? bucketName, string? objectKey, string parameter)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(
            () => new ProtectedMetadata(_dataKey, bucketName, objectKey));

        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void Create_WrongKeyLength_ThrowsWithoutKeyMaterial()
    {
        byte[] key = RandomNumberGenerator.GetBytes(16);

        ArgumentException error = Assert.Throws<ArgumentException>(() => new ProtectedMetadata(key));

        Secrets.AssertNotLeaked(error, key);
    }

    [Fact]
    public void Dispose_ThenProtect_ThrowsObjectDisposed()
    {
        var protector = new ProtectedMetadata(_dataKey);
        protector.Dispose();

        Assert.Throws<ObjectDisposedException>(() => protector.Protect("email", "a"));
    }

    [Fact]
    public void ToString_ShowsNoKeyMaterial()
    {
        using var protector = new ProtectedMetadata(_dataKey, "bucket", "key");

        Secrets.AssertNotLeaked(protector.ToString(), _dataKey);
    }
}
