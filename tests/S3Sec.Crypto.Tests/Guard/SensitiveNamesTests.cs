using S3Sec.Crypto.Guard;
using Xunit;

namespace S3Sec.Crypto.Tests.Guard;

public class SensitiveNamesTests
{
    [Theory]
    [InlineData("userEmail", "user email")]
    [InlineData("user_email", "user email")]
    [InlineData("user-email", "user email")]
    [InlineData("SSNNumber", "ssn number")]
    [InlineData("apiKey2", "api key2")]
    [InlineData("x-amz-meta-Password", "x amz meta password")]
    public void SplitWords_Styles_GiveLowerCaseWords(string name, string words)
    {
        Assert.Equal(words, string.Join(' ', SensitiveNames.SplitWords(name)));
    }

    [Theory]
    [InlineData("password")]
    [InlineData("db-password")]
    [InlineData("clientSecret")]
    [InlineData("refresh_token")]
    [InlineData("customer-ssn")]
    [InlineData("contactEmail")]
    [InlineData("api-key")]
    [InlineData("creditCardNumber")]
    public void IsSensitive_WholeWordMatch_True(string name)
    {
        Assert.True(SensitiveNames.IsSensitive(name, S3RuntimeGuardOptions.DefaultSensitiveNames));
    }

    [Theory]
    [InlineData("tokenizer")]
    [InlineData("emailed")]
    [InlineData("secretary")]
    [InlineData("content-type")]
    [InlineData("key")]
    [InlineData("api")]
    public void IsSensitive_PartOfAWord_False(string name)
    {
        Assert.False(SensitiveNames.IsSensitive(name, S3RuntimeGuardOptions.DefaultSensitiveNames));
    }
}
