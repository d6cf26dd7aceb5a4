using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using S3Sec.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyCS = S3Sec.Analyzers.Tests.Verifiers.Verify<S3Sec.Analyzers.Rules.SensitiveDataAnalyzer>;

namespace S3Sec.Analyzers.Tests.Rules;

public sealed class S3SEC020_SensitiveMetadataTests
{
    private const string Usings = """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;
        using Amazon.S3.Transfer;

        """;

    private const string User = """

        class User
        {
            public string Id { get; set; }
            public string Email { get; set; }
            public string Ssn { get; set; }
            public string Department { get; set; }
            public string PasswordHash { get; set; }
            public bool EmailConfirmed { get; set; }
        }
        """;

    public static TheoryData<SdkLine> Lines => SdkReferences.Lines;

    private static Task VerifyAsync(string source, SdkLine line = SdkLine.V4, string? editorConfig = null)
        => VerifyCS.AnalyzerAsync(Usings + source + User, line, editorConfig);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task MetadataAddOfEmail_Triggers(SdkLine line) => VerifyCS.AnalyzerAsync(
        Usings + """
        class Uploader
        {
            async Task Put(IAmazonS3 s3, User user)
            {
                var request = new PutObjectRequest { BucketName = "b", Key = "k" };
                {|#0:request.Metadata.Add("email", user.Email)|};
                await s3.PutObjectAsync(request);
            }
        }
        """ + User,
        line,
        editorConfig: null,
        VerifyCS.Diagnostic(Descriptors.S3SEC020_SensitiveMetadata)
            .WithLocation(0)
            .WithArguments("email", "user.Email", ", a sensitive value"));

    [Fact]
    public Task SensitiveNameWithOrdinaryValue_SaysTheNameIsWhatIsSensitive() => VerifyCS.AnalyzerAsync(
        Usings + """
        class Uploader
        {
            async Task Put(IAmazonS3 s3, string imageId)
            {
                var request = new PutObjectRequest { BucketName = "b", Key = "k" };
                {|#0:request.Metadata["street-view"] = imageId|};
                await s3.PutObjectAsync(request);
            }
        }
        """,
        SdkLine.V4,
        editorConfig: null,
        VerifyCS.Diagnostic(Descriptors.S3SEC020_SensitiveMetadata)
            .WithLocation(0)
            .WithMessage("Metadata 'street-view' receives 'imageId' under a name for sensitive data; "
                + "S3 stores object metadata unencrypted"));

    [Theory]
    [MemberData(nameof(Lines))]
    public Task MetadataIndexer_Triggers(SdkLine line) => VerifyAsync("""
        class Uploader
        {
            void Put(User user)
            {
                var request = new PutObjectRequest { BucketName = "b", Key = "k" };
                {|S3SEC020:request.Metadata["ssn"] = user.Ssn|};
            }
        }
        """, line);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task MetadataIndexerInObjectInitializer_Triggers(SdkLine line) => VerifyAsync("""
        class Uploader
        {
            PutObjectRequest Build(User user) => new PutObjectRequest
            {
                BucketName = "b",
                Metadata = { {|S3SEC020:["email"] = user.Email|} },
            };
        }
        """, line);

    [Fact]
    public Task RawMetadataHeader_Triggers() => VerifyAsync("""
        class Uploader
        {
            void Put(User user)
            {
                var request = new PutObjectRequest { BucketName = "b", Key = "k" };
                {|S3SEC020:request.Headers["x-amz-meta-owner"] = user.Email|};
            }
        }
        """);

    [Fact]
    public Task HeaderThatIsNotMetadata_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            void Put(User user)
            {
                var request = new PutObjectRequest { BucketName = "b", Key = "k" };
                request.Headers["Content-Disposition"] = "attachment; filename=" + user.Email;
            }
        }
        """);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task InitiateMultipartUpload_Triggers(SdkLine line) => VerifyAsync("""
        class Uploader
        {
            void Start(User user)
            {
                var request = new InitiateMultipartUploadRequest { BucketName = "b", Key = "k" };
                {|S3SEC020:request.Metadata.Add("owner", user.Email)|};
            }
        }
        """, line);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task TransferUtilityUpload_Triggers(SdkLine line) => VerifyAsync("""
        class Uploader
        {
            void Upload(User user)
            {
                var request = new TransferUtilityUploadRequest { BucketName = "b", Key = "k", FilePath = "f" };
                {|S3SEC020:request.Metadata.Add("email", user.Email)|};
            }
        }
        """, line);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task TransferUtilityUploadDirectory_Triggers(SdkLine line) => VerifyAsync("""
        class Uploader
        {
            void Upload(User user)
            {
                var request = new TransferUtilityUploadDirectoryRequest { BucketName = "b", Directory = "d" };
                {|S3SEC020:request.Metadata.Add("email", user.Email)|};
            }
        }
        """, line);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task PresignedPut_Triggers(SdkLine line) => VerifyAsync("""
        class Uploader
        {
            void Sign(User user)
            {
                var request = new GetPreSignedUrlRequest { BucketName = "b", Key = "k", Verb = HttpVerb.PUT };
                {|S3SEC020:request.Metadata.Add("email", user.Email)|};
            }
        }
        """, line);

    [Fact]
    public Task PresignedGet_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            void Sign(User user)
            {
                var request = new GetPreSignedUrlRequest { BucketName = "b", Key = "k" };
                request.Metadata.Add("email", user.Email);
            }
        }
        """);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task CopyObjectWithReplaceDirective_Triggers(SdkLine line) => VerifyAsync("""
        class Copier
        {
            void Copy(User user)
            {
                var request = new CopyObjectRequest
                {
                    SourceBucket = "a", SourceKey = "k", DestinationBucket = "b", DestinationKey = "k",
                    MetadataDirective = S3MetadataDirective.REPLACE,
                };
                {|S3SEC020:request.Metadata.Add("email", user.Email)|};
            }
        }
        """, line);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task CopyObjectWithoutReplaceDirective_DoesNotTrigger(SdkLine line) => VerifyAsync("""
        class Copier
        {
            void Copy(User user)
            {
                var request = new CopyObjectRequest
                {
                    SourceBucket = "a", SourceKey = "k", DestinationBucket = "b", DestinationKey = "k",
                };
                request.Metadata.Add("email", user.Email);
            }
        }
        """, line);

    [Fact]
    public Task CopyObjectWithCopyDirective_DoesNotTrigger() => VerifyAsync("""
        class Copier
        {
            void Copy(User user)
            {
                var request = new CopyObjectRequest { MetadataDirective = S3MetadataDirective.COPY };
                request.Metadata.Add("email", user.Email);
            }
        }
        """);

    [Fact]
    public Task CopyObjectRequestFromParameter_DoesNotTrigger() => VerifyAsync("""
        class Copier
        {
            void Fill(CopyObjectRequest request, User user) => request.Metadata.Add("email", user.Email);
        }
        """);

    [Fact]
    public Task PutObjectRequestFromParameter_Triggers() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, User user) => {|S3SEC020:request.Metadata.Add("email", user.Email)|};
        }
        """);

    [Fact]
    public Task SensitiveNameWithValueFromParameter_Triggers() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, string value) => {|S3SEC020:request.Metadata.Add("phone", value)|};
        }
        """);

    [Fact]
    public Task AcronymPluralName_Triggers() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, string value) => {|S3SEC020:request.Metadata["dependentSSNs"] = value|};
        }
        """);

    [Fact]
    public Task RecordIdsAfterAddress_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, string value) => request.Metadata["AddressIDs"] = value;
        }
        """);

    [Fact]
    public Task SensitiveSymbolUnderNeutralName_Triggers() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, User user) => {|S3SEC020:request.Metadata.Add("contact", user.Email)|};
        }
        """);

    [Fact]
    public Task SensitiveLocalName_Triggers() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, string apiKey) => {|S3SEC020:request.Metadata["caller"] = apiKey|};
        }
        """);

    [Fact]
    public Task LocalAssignedFromSensitiveProperty_Triggers() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, User user)
            {
                var reference = user.Ssn.Trim();
                {|S3SEC020:request.Metadata["reference"] = reference|};
            }
        }
        """);

    [Fact]
    public Task InterpolatedSensitiveValue_Triggers() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, User user)
                => {|S3SEC020:request.Metadata["owner"] = $"{user.Department}:{user.Email.ToLowerInvariant()}"|};
        }
        """);

    [Fact]
    public Task UnknownNameWithSensitiveValue_Triggers() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, string name, User user)
                => {|S3SEC020:request.Metadata[name] = user.Email|};
        }
        """);

    [Fact]
    public Task UnknownNameWithOrdinaryValue_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, string name, string value) => request.Metadata[name] = value;
        }
        """);

    [Fact]
    public Task PersonalDataAttribute_Triggers() => VerifyCS.AnalyzerAsync(Usings + """
        using Microsoft.AspNetCore.Identity;

        class Profile
        {
            [PersonalData]
            public string Nickname { get; set; }
        }

        class Uploader
        {
            void Fill(PutObjectRequest request, Profile profile)
                => {|S3SEC020:request.Metadata["nick"] = profile.Nickname|};
        }
        """ + StandIns.Classification, SdkLine.V4, editorConfig: null);

    [Fact]
    public Task ProtectedPersonalDataAttribute_Triggers() => VerifyCS.AnalyzerAsync(Usings + """
        using Microsoft.AspNetCore.Identity;

        class Profile
        {
            [ProtectedPersonalData]
            public string Handle { get; set; }
        }

        class Uploader
        {
            void Fill(PutObjectRequest request, Profile profile)
                => {|S3SEC020:request.Metadata["handle"] = profile.Handle|};
        }
        """ + StandIns.Classification, SdkLine.V4, editorConfig: null);

    [Fact]
    public Task DataClassificationAttribute_Triggers() => VerifyCS.AnalyzerAsync(Usings + """
        using Contoso.Compliance;

        class Patient
        {
            [PrivateData]
            public string Ward { get; set; }
        }

        class Uploader
        {
            void Fill(PutObjectRequest request, Patient patient)
                => {|S3SEC020:request.Metadata["ward"] = patient.Ward|};
        }
        """ + StandIns.Classification, SdkLine.V4, editorConfig: null);

    [Fact]
    public Task SensitiveAttributeOnParameter_Triggers() => VerifyCS.AnalyzerAsync(Usings + """
        using Contoso.Compliance;

        class Uploader
        {
            void Fill(PutObjectRequest request, [Sensitive] string note)
                => {|S3SEC020:request.Metadata["note"] = note|};
        }
        """ + StandIns.Classification, SdkLine.V4, editorConfig: null);

    [Fact]
    public Task NoDataClassificationAttribute_DoesNotTrigger() => VerifyCS.AnalyzerAsync(Usings + """
        using Microsoft.Extensions.Compliance.Classification;

        class Document
        {
            [NoDataClassification]
            public string Title { get; set; }
        }

        class Uploader
        {
            void Fill(PutObjectRequest request, Document document) => request.Metadata["title"] = document.Title;
        }
        """ + StandIns.Classification, SdkLine.V4, editorConfig: null);

    [Fact]
    public Task ConfiguredSensitiveName_Triggers() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, string value)
                => {|S3SEC020:request.Metadata["employee-number"] = value|};
        }
        """, editorConfig: "s3sec.sensitive_names = employee_number, badge");

    [Fact]
    public Task ConfiguredSensitiveSymbolName_Triggers() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, string badge) => {|S3SEC020:request.Metadata["b"] = badge|};
        }
        """, editorConfig: "s3sec.sensitive_names = employee_number, badge");

    [Fact]
    public Task VocabularyWordRemovedByConfiguration_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, User user) => request.Metadata["email"] = user.Email;
        }
        """, editorConfig: "s3sec.non_sensitive_names = email");

    [Fact]
    public Task NameAllowedByConfiguration_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, string value) => request.Metadata["support-email"] = value;
        }
        """, editorConfig: "s3sec.non_sensitive_names = support_email");

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
    public Task EnvelopeMetadata_DoesNotTrigger(string name) => VerifyAsync("""
        class Envelope
        {
            void Fill(PutObjectRequest request, string wrappedSecret) => request.Metadata["NAME"] = wrappedSecret;
        }
        """.Replace("NAME", name));

    [Fact]
    public Task EnvelopeMetadataThroughRawHeader_DoesNotTrigger() => VerifyAsync("""
        class Envelope
        {
            void Fill(PutObjectRequest request, string wrappedSecret)
                => request.Headers["x-amz-meta-x-amz-key-v2"] = wrappedSecret;
        }
        """);

    [Theory]
    [InlineData("content-type")]
    [InlineData("tokenizer-version")]
    [InlineData("key-count")]
    [InlineData("emailed-at")]
    [InlineData("password-policy")]
    public Task OrdinaryNameWithOrdinaryValue_DoesNotTrigger(string name) => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, string value) => request.Metadata["NAME"] = value;
        }
        """.Replace("NAME", name));

    // Acronym plurals and ids after personal data, as a value's own name and as the metadata name: an acronym's
    // plural s stays on it without joining the next word, and an id or ids names another record.
    [Theory]
    [InlineData("ProcessIDs")]
    [InlineData("GUIDs")]
    [InlineData("HTTPSettings")]
    [InlineData("OSVersion")]
    [InlineData("phoneNumberIDs")]
    [InlineData("emailIDs")]
    [InlineData("emailTemplateId")]
    [InlineData("emailAddressId")]
    [InlineData("emailMessageID")]
    [InlineData("emailIdType")]
    [InlineData("passportIdCountry")]
    [InlineData("SSNsHash")]
    [InlineData("CVVsRequired")]
    public Task IdOrAcronymPluralName_DoesNotTrigger(string name) => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, string NAME) => request.Metadata["NAME"] = NAME;
        }
        """.Replace("NAME", name));

    [Theory]
    [InlineData("customerSSNs")]
    [InlineData("addressLine")]
    [InlineData("emailId")]
    [InlineData("UserEmails")]
    public Task PersonalDataName_Triggers(string name) => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, string NAME) => {|S3SEC020:request.Metadata["NAME"] = NAME|};
        }
        """.Replace("NAME", name));

    // A whole number named after the plural of personal data counts it: emailsSent, customerSSNs. The singular
    // stays sensitive, as a number may be the datum (an SSN held in an int).
    [Fact]
    public Task NumberNamedAfterPluralOfPersonalData_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            void Value(PutObjectRequest request, int emailsSent) => request.Metadata["batch"] = emailsSent.ToString();

            void Name(PutObjectRequest request, int sent) => request.Metadata["emails-sent"] = sent.ToString();

            void Interpolated(PutObjectRequest request, long count) => request.Metadata["SSNs"] = $"{count}";

            void Formatted(PutObjectRequest request, int customerSSNs)
                => request.Metadata["batch"] = customerSSNs.ToString("D");
        }
        """);

    [Fact]
    public Task NumberNamedAfterPersonalDataOrPluralText_Triggers() => VerifyAsync("""
        class Uploader
        {
            void Number(PutObjectRequest request, int ssn) => {|S3SEC020:request.Metadata["batch"] = ssn.ToString()|};

            void Text(PutObjectRequest request, string emails) => {|S3SEC020:request.Metadata["batch"] = emails|};

            void Name(PutObjectRequest request, int n) => {|S3SEC020:request.Metadata["ssn"] = n.ToString()|};

            void Mixed(PutObjectRequest request, int n, string s)
                => {|S3SEC020:request.Metadata["emails"] = $"{n} {s}"|};
        }
        """);

    // The metadata name is not the leak (a constant value under it is not reported): a value made fresh by the
    // program, a new Guid, the current time, a count, cannot be a person's SSN, email or date of birth.
    [Fact]
    public Task FreshValueUnderPersonalDataName_DoesNotTrigger() => VerifyAsync("""
        using System.Collections.Generic;
        using System.Threading;

        class Uploader
        {
            int uploads;

            void Guid1(PutObjectRequest request) => request.Metadata["ssn"] = Guid.NewGuid().ToString();

            void Guid2(PutObjectRequest request) => request.Metadata["email"] = $"{Guid.NewGuid():N}";

            void Guid3(PutObjectRequest request) => request.Metadata["ssn"] = Guid.NewGuid().ToString("N").ToUpper();

            void Clock(PutObjectRequest request) => request.Metadata["dob"] = DateTime.UtcNow.ToString("o");

            void Offset(PutObjectRequest request) => request.Metadata["birthday"] = DateTimeOffset.Now.ToString();

            void Count(PutObjectRequest request, List<User> users)
                => request.Metadata["phone"] = users.Count.ToString();

            void Counter(PutObjectRequest request)
                => request.Metadata["ssn"] = Interlocked.Increment(ref uploads).ToString();

            void Local(PutObjectRequest request)
            {
                var id = Guid.NewGuid();
                request.Metadata["passport"] = id.ToString();
            }

            void HashHex(PutObjectRequest request, byte[] data)
                => request.Metadata["email"] = BitConverter.ToString(SHA256.HashData(data));
        }
        """);

    // One plus the value given is the value given: only a counter field of the program's own is a count it makes.
    [Fact]
    public Task IncrementOfGivenValueUnderPersonalDataName_Triggers() => VerifyAsync("""
        using System.Threading;

        class Uploader
        {
            void Prefix(PutObjectRequest request, int ssn)
                => {|S3SEC020:request.Metadata["ssn"] = (++ssn).ToString()|};

            void Interpolated(PutObjectRequest request, int ssn)
                => {|S3SEC020:request.Metadata["ssn"] = $"{ssn--}"|};

            void Counter(PutObjectRequest request, int ssn)
                => {|S3SEC020:request.Metadata["ssn"] = Interlocked.Increment(ref ssn).ToString()|};

            void Other(PutObjectRequest request, Account account)
                => {|S3SEC020:request.Metadata["ssn"] = Interlocked.Increment(ref account.Number).ToString()|};
        }

        class Account
        {
            public int Number;
        }
        """);

    // A fresh random value under a secret's name may well be the secret (a generated upload token); a date or a
    // number that is not visibly the clock or a count may be the datum itself.
    [Fact]
    public Task ValueThatMayCarryTheDatumUnderSensitiveName_Triggers() => VerifyAsync("""
        class Uploader
        {
            void Token(PutObjectRequest request)
                => {|S3SEC020:request.Metadata["upload-token"] = Guid.NewGuid().ToString()|};

            void Secret(PutObjectRequest request) => {|S3SEC020:request.Metadata["secret"] = $"{Guid.NewGuid()}"|};

            void Born(PutObjectRequest request, DateTime born)
                => {|S3SEC020:request.Metadata["dob"] = born.ToString("d")|};

            void Parsed(PutObjectRequest request, string s)
                => {|S3SEC020:request.Metadata["ssn"] = Guid.Parse(s).ToString()|};

            void Mixed(PutObjectRequest request, string s)
                => {|S3SEC020:request.Metadata["email"] = $"{Guid.NewGuid()}-{s}"|};

            void Length(PutObjectRequest request, string s) => {|S3SEC020:request.Metadata["ssn"] = s.Length + s|};

            void Hex(PutObjectRequest request, User user)
                => {|S3SEC020:request.Metadata["batch"] = BitConverter.ToString(Encoding.UTF8.GetBytes(user.Email))|};

            void OwnStatic(PutObjectRequest request) => {|S3SEC020:request.Metadata["ssn"] = Ids.ToString("next")|};
        }

        static class Ids
        {
            public static string ToString(string kind) => Lookup(kind);

            static string Lookup(string kind) => kind;
        }
        """);

    // A name of s3sec.sensitive_names may name a secret: a random value under it is still reported.
    [Fact]
    public Task NewGuidUnderConfiguredName_Triggers() => VerifyAsync("""
        class Uploader
        {
            void Badge(PutObjectRequest request) => {|S3SEC020:request.Metadata["badge"] = Guid.NewGuid().ToString()|};

            void Clock(PutObjectRequest request) => request.Metadata["badge"] = DateTime.UtcNow.ToString();
        }
        """, editorConfig: "s3sec.sensitive_names = badge");

    [Fact]
    public Task UserId_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, User user) => request.Metadata["user-id"] = user.Id;
        }
        """);

    [Fact]
    public Task ConstantUnderSensitiveName_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            const string SupportAddress = "support@example.com";

            void Fill(PutObjectRequest request) => request.Metadata["email"] = SupportAddress;
        }
        """);

    [Fact]
    public Task FlagNamedAfterSensitiveData_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, User user)
                => request.Metadata["verified"] = user.EmailConfirmed.ToString();
        }
        """);

    [Fact]
    public Task PasswordHashProperty_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, User user) => request.Metadata["auth"] = user.PasswordHash;
        }
        """);

    [Fact]
    public Task Sha256HexOfSensitiveValue_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, User user)
                => request.Metadata["email"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(user.Email)));
        }
        """);

    [Fact]
    public Task HmacOfSensitiveValue_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, User user, HMACSHA256 hmac)
                => request.Metadata["ssn"] = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(user.Ssn)));
        }
        """);

    [Fact]
    public Task DataProtectorProtect_DoesNotTrigger() => VerifyCS.AnalyzerAsync(Usings + """
        using Microsoft.AspNetCore.DataProtection;

        class Uploader
        {
            void Fill(PutObjectRequest request, User user, IDataProtector protector)
                => request.Metadata["email"] = protector.Protect(user.Email);
        }
        """ + User + StandIns.Classification, SdkLine.V4, editorConfig: null);

    [Fact]
    public Task ProtectedMetadataProtect_DoesNotTrigger() => VerifyCS.AnalyzerAsync(Usings + """
        using S3Sec.Crypto.Metadata;

        class Uploader
        {
            void Fill(PutObjectRequest request, User user, ProtectedMetadata protector)
                => request.Metadata.Add("email", protector.Protect("email", user.Email));
        }
        """ + User + StandIns.ProtectedMetadata, SdkLine.V4, editorConfig: null);

    [Fact]
    public Task ValueThroughUnknownMethod_IsNotReported_Limitation() => VerifyAsync("""
        class Uploader
        {
            void Fill(PutObjectRequest request, User user) => request.Metadata["owner"] = Describe(user.Email);

            static string Describe(string text) => text;
        }
        """);

    [Fact]
    public Task MetadataOfReadResponse_DoesNotTrigger() => VerifyAsync("""
        class Reader
        {
            void Fill(GetObjectResponse response, User user) => response.Metadata["email"] = user.Email;
        }
        """);

    [Fact]
    public Task BrokenCode_DoesNotThrow()
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<
            S3Sec.Analyzers.Rules.SensitiveDataAnalyzer, DefaultVerifier>
        {
            TestCode = Usings + """
                class Uploader
                {
                    void Fill(PutObjectRequest request, User user)
                    {
                        request.Metadata.Add("email", );
                        request.Metadata[] = user.Email;
                        var copy = new CopyObjectRequest { MetadataDirective = Missing.REPLACE, Metadata = { [1] = } };
                        var tag = new Tag { Key = , Value = user. };
                        new PutObjectRequest { Key = $"{user.Nope}" + , TagSet = { tag, null } };
                    }
                }
                """ + User,
            ReferenceAssemblies = SdkReferences.For(SdkLine.V4),
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task WithoutAwsSdk_DoesNotTrigger() => VerifyCS.AnalyzerWithoutSdkAsync("""
        using System.Collections.Generic;

        class Uploader
        {
            void Fill(Dictionary<string, string> metadata, string email) => metadata.Add("email", email);
        }
        """);
}
