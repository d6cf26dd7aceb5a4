using System.Linq;
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
    [InlineData("apiKey2", "api key 2")]
    [InlineData("email1", "email 1")]
    [InlineData("SSNLast4", "ssn last 4")]
    [InlineData("userEmail2", "user email 2")]
    [InlineData("x-amz-meta-Password", "x amz meta password")]
    [InlineData("customerSSNs", "customer ssns")]
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
    [InlineData("password2")]
    [InlineData("email1")]
    [InlineData("userEmail2")]
    [InlineData("apiKey2")]
    [InlineData("2fa-token")]
    [InlineData("e-mail")]
    [InlineData("E_Mail")]
    [InlineData("contact-e-mail")]
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
    [InlineData("sha256")]
    [InlineData("mail")]
    [InlineData("voice-mail")]
    public void IsSensitive_PartOfAWord_False(string name)
    {
        Assert.False(SensitiveNames.IsSensitive(name, S3RuntimeGuardOptions.DefaultSensitiveNames));
    }

    /// <summary>
    /// The analyzers' vocabulary has no phrase "pass word" (S3SEC020 accepts <c>pass_word</c>); the guard follows it
    /// rather than refuse a name the analyzers accept.
    /// </summary>
    [Theory]
    [InlineData("pass_word")]
    [InlineData("Pa55word")]
    public void IsSensitive_NameTheAnalyzersAccept_False(string name)
    {
        Assert.False(SensitiveNames.IsSensitive(name, S3RuntimeGuardOptions.DefaultSensitiveNames));
    }

    [Theory]
    [InlineData("emails")]
    [InlineData("userEmails")]
    [InlineData("api-keys")]
    [InlineData("passwords")]
    [InlineData("street")]
    [InlineData("home-address")]
    [InlineData("passportNumber")]
    [InlineData("zip-code")]
    [InlineData("mobile")]
    [InlineData("national-id")]
    [InlineData("signing_key")]
    [InlineData("connectionString")]
    public void IsSensitive_PluralOrPhraseOfTheAnalyzers_True(string name)
    {
        Assert.True(SensitiveNames.IsSensitive(name, S3RuntimeGuardOptions.DefaultSensitiveNames));
    }

    [Theory]
    [InlineData("password-policy")]
    [InlineData("PasswordHash")]
    [InlineData("hashed-password")]
    [InlineData("email-verified")]
    [InlineData("email-domain")]
    [InlineData("api-key-id")]
    [InlineData("access-key-id")]
    [InlineData("secret-arn")]
    [InlineData("token-type")]
    [InlineData("continuation-token")]
    [InlineData("NextToken")]
    [InlineData("phone-model")]
    [InlineData("ip-address")]
    [InlineData("health-check")]
    [InlineData("masked-card-number")]
    [InlineData("isMobile")]
    public void IsSensitive_QualifiedNameTheAnalyzersAccept_False(string name)
    {
        Assert.False(SensitiveNames.IsSensitive(name, S3RuntimeGuardOptions.DefaultSensitiveNames));
    }

    [Theory]
    [InlineData("api-key")]
    [InlineData("ApiKey")]
    [InlineData("API_KEY")]
    public void IsSensitive_BuiltInPhraseInAnotherSpelling_KeepsItsExceptions(string entry)
    {
        Assert.True(SensitiveNames.IsSensitive("partner-api-key", new[] { entry }));
        Assert.False(SensitiveNames.IsSensitive("partner-api-key-id", new[] { entry }));
    }

    [Fact]
    public void IsSensitive_AddedName_MatchesWithPluralsAndQualifiers()
    {
        string[] names = { "salary" };

        Assert.True(SensitiveNames.IsSensitive("base-salary", names));
        Assert.True(SensitiveNames.IsSensitive("salarys", names));
        Assert.False(SensitiveNames.IsSensitive("salary-policy", names));
        Assert.False(SensitiveNames.IsSensitive("salaryman", names));
    }

    [Fact]
    public void DefaultSensitiveNames_AreTheAnalyzersPhrases()
    {
        Assert.Contains("api_key", S3RuntimeGuardOptions.DefaultSensitiveNames);
        Assert.Contains("date_of_birth", S3RuntimeGuardOptions.DefaultSensitiveNames);
        Assert.Contains("street", S3RuntimeGuardOptions.DefaultSensitiveNames);
        Assert.Contains("passport", S3RuntimeGuardOptions.DefaultSensitiveNames);
    }

    /// <summary>
    /// A metadata name or tag key is the application's data, of any length: a sensitive word after the 32nd word
    /// is still one, and a qualifier there still qualifies (the analyzers' split stopped at 32 words).
    /// </summary>
    [Theory]
    [InlineData("a-", 40, "password", true)]
    [InlineData("a-", 40, "password-policy", false)]
    [InlineData("a1", 5000, "password", true)]
    [InlineData("x-", 31, "user-email", true)]
    public void IsSensitive_NameOfManyWords_SeesEveryWord(string filler, int count, string tail, bool expected)
    {
        string name = string.Concat(Enumerable.Repeat(filler, count)) + tail;

        Assert.Equal(expected, SensitiveNames.IsSensitive(name, S3RuntimeGuardOptions.DefaultSensitiveNames));
    }

    [Fact]
    public void IsSensitive_EntryOfManyWords_MatchesAllOfThem()
    {
        string entry = string.Join('-', Enumerable.Repeat("w", 33)) + "-salary";

        Assert.True(SensitiveNames.IsSensitive("base-" + entry, new[] { entry }));
        Assert.False(SensitiveNames.IsSensitive(string.Join('-', Enumerable.Repeat("w", 33)), new[] { entry }));
    }

    [Fact]
    public void SplitWords_TenThousandCharacters_GivesEveryWord()
    {
        string name = string.Concat(Enumerable.Repeat("a-", 5000));

        Assert.Equal(5000, SensitiveNames.SplitWords(name).Count);
    }

    /// <summary>
    /// Every word is read now. The qualifier check is linear in the name's words (5,000 matches of <c>password</c>
    /// each scanning the words after them took 8 to 22 seconds for this 45 KB name); speed is not asserted here,
    /// which would make the test depend on the machine, only that the long name is decided as its short form is.
    /// </summary>
    [Fact]
    public void IsSensitive_LongNameRepeatingAPhrase_IsDecidedAsItsShortForm()
    {
        string name = string.Concat(Enumerable.Repeat("password-", 5000)) + "policy";

        Assert.Equal(
            SensitiveNames.IsSensitive("password-password-policy", S3RuntimeGuardOptions.DefaultSensitiveNames),
            SensitiveNames.IsSensitive(name, S3RuntimeGuardOptions.DefaultSensitiveNames));
        Assert.False(SensitiveNames.IsSensitive(name, S3RuntimeGuardOptions.DefaultSensitiveNames));
    }
}
