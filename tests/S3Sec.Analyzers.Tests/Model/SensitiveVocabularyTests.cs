using S3Sec.Analyzers.Model;
using S3Sec.Analyzers.Options;
using Xunit;

namespace S3Sec.Analyzers.Tests.Model;

public sealed class SensitiveVocabularyTests
{
    [Theory]
    [InlineData("email")]
    [InlineData("user-email")]
    [InlineData("user_email")]
    [InlineData("userEmail")]
    [InlineData("EmailAddress")]
    [InlineData("USER_EMAIL")]
    [InlineData("x-amz-meta-email")]
    [InlineData("e-mail")]
    [InlineData("emails")]
    [InlineData("password")]
    [InlineData("passwd")]
    [InlineData("apiKey")]
    [InlineData("api-key")]
    [InlineData("APIKey")]
    [InlineData("secretAccessKey")]
    [InlineData("private_key")]
    [InlineData("accessToken")]
    [InlineData("session-token")]
    [InlineData("credentials")]
    [InlineData("creditCardNumber")]
    [InlineData("card-number")]
    [InlineData("PAN")]
    [InlineData("cvv")]
    [InlineData("customerSSN")]
    [InlineData("SSNLast4")]
    [InlineData("social-security-number")]
    [InlineData("national-id")]
    [InlineData("passport-id")]
    [InlineData("passportNumber")]
    [InlineData("tax-id")]
    [InlineData("iban")]
    [InlineData("account-number")]
    [InlineData("routingNumber")]
    [InlineData("date-of-birth")]
    [InlineData("dob")]
    [InlineData("BirthDate")]
    [InlineData("phone")]
    [InlineData("PhoneNumber")]
    [InlineData("mobile")]
    [InlineData("home-address")]
    [InlineData("street")]
    [InlineData("postcode")]
    [InlineData("zip-code")]
    [InlineData("diagnosis")]
    [InlineData("medical-record")]
    [InlineData("health")]
    [InlineData("NormalizedEmail")]
    [InlineData("password-reset-token")]
    [InlineData("EmailId")]
    [InlineData("password2")]
    [InlineData("email1")]
    [InlineData("userEmail2")]
    [InlineData("apiKey2")]
    [InlineData("customerSSNs")]
    [InlineData("IBANs")]
    [InlineData("CVVs")]
    [InlineData("x-amz-meta-DOBs")]
    public void SensitiveName_IsSensitive(string name)
    {
        Assert.True(SensitiveVocabulary.Default.IsSensitiveName(name));
    }

    [Theory]
    [InlineData("content-type")]
    [InlineData("tokenizer-version")]
    [InlineData("key-count")]
    [InlineData("user-id")]
    [InlineData("userId")]
    [InlineData("orderId")]
    [InlineData("emailed-at")]
    [InlineData("passwordless")]
    [InlineData("password-policy")]
    [InlineData("password-length")]
    [InlineData("PasswordHash")]
    [InlineData("hashed-password")]
    [InlineData("email-hash")]
    [InlineData("EmailConfirmed")]
    [InlineData("email-verified")]
    [InlineData("email-domain")]
    [InlineData("EmailDomain")]
    [InlineData("api-key-id")]
    [InlineData("access-key-id")]
    [InlineData("secret-name")]
    [InlineData("secret-arn")]
    [InlineData("token-type")]
    [InlineData("token-expires")]
    [InlineData("continuation-token")]
    [InlineData("NextToken")]
    [InlineData("cancellationToken")]
    [InlineData("input-tokens")]
    [InlineData("ip-address")]
    [InlineData("RemoteAddress")]
    [InlineData("health-check")]
    [InlineData("mobile-app-version")]
    [InlineData("IsMobile")]
    [InlineData("zip")]
    [InlineData("card-type")]
    [InlineData("masked-card-number")]
    [InlineData("x-amz-key-v2")]
    [InlineData("x-amz-meta-x-amz-iv")]
    [InlineData("Japan")]
    [InlineData("AddressId")]
    [InlineData("address-id")]
    [InlineData("PhoneId")]
    [InlineData("PassportCountry")]
    [InlineData("AddressIds")]
    [InlineData("AddressIDs")]
    [InlineData("PhoneIDs")]
    [InlineData("emailBatchId")]
    [InlineData("email-campaign-id")]
    [InlineData("PassportScanId")]
    [InlineData("span")]
    [InlineData("pass_word")]
    [InlineData("Pa55word")]
    [InlineData("")]
    public void OrdinaryName_IsNotSensitive(string name)
    {
        Assert.False(SensitiveVocabulary.Default.IsSensitiveName(name));
    }

    [Theory]
    [InlineData("x-amz-key")]
    [InlineData("x-amz-key-v2")]
    [InlineData("x-amz-iv")]
    [InlineData("x-amz-matdesc")]
    [InlineData("x-amz-cek-alg")]
    [InlineData("x-amz-wrap-alg")]
    [InlineData("x-amz-tag-len")]
    [InlineData("x-amz-unencrypted-content-length")]
    [InlineData("x-amz-c")]
    [InlineData("x-amz-3")]
    [InlineData("x-amz-w")]
    [InlineData("x-amz-d")]
    [InlineData("x-amz-i")]
    [InlineData("x-amz-m")]
    [InlineData("x-amz-t")]
    [InlineData("x-amz-meta-x-amz-key-v2")]
    [InlineData("X-Amz-Matdesc")]
    public void EnvelopeName_IsEnvelope(string name)
    {
        Assert.True(SensitiveVocabulary.IsEnvelopeName(name));
    }

    [Theory]
    [InlineData("x-amz-meta-email")]
    [InlineData("x-amz-server-side-encryption")]
    [InlineData("x-amz-keys")]
    public void OtherName_IsNotEnvelope(string name)
    {
        Assert.False(SensitiveVocabulary.IsEnvelopeName(name));
    }

    [Theory]
    [InlineData("userEmail", "user|Email")]
    [InlineData("user-email", "user|email")]
    [InlineData("SSNNumber", "SSN|Number")]
    [InlineData("address2", "address|2")]
    [InlineData("__api__key__", "api|key")]
    [InlineData("HTTPServer", "HTTP|Server")]
    [InlineData("SSNs", "SSNs")]
    [InlineData("customerSSNs", "customer|SSNs")]
    [InlineData("UserIDs", "User|IDs")]
    [InlineData("APIsList", "APIs|List")]
    [InlineData("SSNsecret", "SS|Nsecret")]
    public void Split_FindsWords(string text, string expected)
    {
        var bounds = new int[2 * NameWords.MaxWords];
        var count = NameWords.Split(text, 0, bounds);
        var words = new string[count];
        for (var i = 0; i < count; i++)
        {
            words[i] = text.Substring(bounds[2 * i], bounds[(2 * i) + 1]);
        }

        Assert.Equal(expected, string.Join("|", words));
    }

    [Theory]
    [InlineData("ÉtatCivil")]
    [InlineData("état-civil")]
    [InlineData("ÉTAT_CIVIL")]
    [InlineData("x-amz-meta-etat")]
    public void ConfiguredName_MatchesWhateverTheCaseOfItsFirstLetter(string name)
    {
        var vocabulary = SensitiveVocabulary.For(S3SecOptions.Read(new Settings("état_civil, etat")));

        Assert.True(vocabulary.IsSensitiveName(name));
    }

    [Theory]
    [InlineData("ÉtatMajor")]
    [InlineData("civil")]
    public void ConfiguredName_DoesNotMatchOtherWords(string name)
    {
        var vocabulary = SensitiveVocabulary.For(S3SecOptions.Read(new Settings("état_civil")));

        Assert.False(vocabulary.IsSensitiveName(name));
    }

    private sealed class Settings : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
    {
        private readonly string _sensitiveNames;

        public Settings(string sensitiveNames) => _sensitiveNames = sensitiveNames;

        public override bool TryGetValue(string key, out string value)
        {
            value = key == S3SecOptions.SensitiveNamesKey ? _sensitiveNames : null!;
            return value is not null;
        }
    }
}
