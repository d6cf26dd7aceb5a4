using System.Threading.Tasks;
using S3Sec.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyCS = S3Sec.Analyzers.Tests.Verifiers.Verify<S3Sec.Analyzers.Rules.HardCodedKeyAnalyzer>;

namespace S3Sec.Analyzers.Tests.Rules;

public sealed class S3SEC013_HardCodedKeyTests
{
    private const string Usings = """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        """;

    private const string EncryptionUsings = """
        using Amazon.Extensions.S3.Encryption;
        using Amazon.Extensions.S3.Encryption.Primitives;

        """;

    public static TheoryData<SdkLine> Lines => SdkReferences.Lines;

    private static Task CheckAsync(string source, SdkLine line = SdkLine.V4)
        => VerifyCS.AnalyzerAsync(Usings + source, line, editorConfig: null);

    private static Task CheckWithEncryptionClientAsync(string source)
        => VerifyCS.AnalyzerAsync(Usings + EncryptionUsings + source + StandIns.EncryptionClient);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task SseCustomerKeyLiteral_Triggers(SdkLine line) => VerifyCS.AnalyzerAsync(
        Usings + """
        class Reader
        {
            Task Get(IAmazonS3 s3) => s3.GetObjectAsync(new GetObjectRequest
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                {|#0:ServerSideEncryptionCustomerProvidedKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="|},
            });
        }
        """,
        line,
        editorConfig: null,
        VerifyCS.Diagnostic(Descriptors.S3SEC013_HardCodedKey)
            .WithLocation(0)
            .WithArguments("The SSE-C key (ServerSideEncryptionCustomerProvidedKey)"));

    [Fact]
    public Task ConstKey_TriggersWhereAssigned() => CheckAsync("""
        class Reader
        {
            private const string CustomerKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

            Task Get(IAmazonS3 s3)
            {
                var request = new GetObjectRequest { ServerSideEncryptionCustomerMethod = "AES256" };
                {|S3SEC013:request.ServerSideEncryptionCustomerProvidedKey = CustomerKey|};
                return s3.GetObjectAsync(request);
            }
        }
        """);

    [Fact]
    public Task Base64OfByteArrayLiteral_Triggers() => CheckAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                {|S3SEC013:ServerSideEncryptionCustomerProvidedKey =
                    Convert.ToBase64String(new byte[] { 1, 2, 3, 4 })|},
            });
        }
        """);

    [Fact]
    public Task Base64OfEncodedPassphrase_Triggers() => CheckAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                {|S3SEC013:ServerSideEncryptionCustomerProvidedKey =
                    Convert.ToBase64String(Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef"))|},
            });
        }
        """);

    [Fact]
    public Task Base64OfUtf8Literal_Triggers() => CheckAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                {|S3SEC013:ServerSideEncryptionCustomerProvidedKey =
                    Convert.ToBase64String("0123456789abcdef0123456789abcdef"u8)|},
            });
        }
        """);

    [Fact]
    public Task StaticReadOnlyByteArrayField_Triggers() => CheckAsync("""
        class Uploader
        {
            private static readonly byte[] Key = { 0x10, 0x20, 0x30, 0x40 };

            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                {|S3SEC013:ServerSideEncryptionCustomerProvidedKey = Convert.ToBase64String(Key)|},
            });
        }
        """);

    [Fact]
    public Task CollectionExpressionKey_Triggers() => CheckAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3)
            {
                byte[] key = [1, 2, 3, 4, 5, 6, 7, 8];
                return s3.PutObjectAsync(new PutObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    {|S3SEC013:ServerSideEncryptionCustomerProvidedKey = Convert.ToBase64String(key)|},
                });
            }
        }
        """);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task SseCustomerKeyStringOnCompleteMultipartUpload_Triggers(SdkLine line) => CheckAsync("""
        class Uploader
        {
            Task Complete(IAmazonS3 s3)
            {
                var request = new CompleteMultipartUploadRequest { SSECustomerAlgorithm = "AES256" };
                {|S3SEC013:request.SSECustomerKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="|};
                return s3.CompleteMultipartUploadAsync(request);
            }
        }
        """, line);

    [Fact]
    public Task CopySourceKeyLiteral_Triggers() => CheckAsync("""
        class Copier
        {
            Task Copy(IAmazonS3 s3) => s3.CopyObjectAsync(new CopyObjectRequest
            {
                CopySourceServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                {|S3SEC013:CopySourceServerSideEncryptionCustomerProvidedKey = "c2VjcmV0"|},
            });
        }
        """);

    [Fact]
    public Task MasterKeySetFromBase64Literal_Triggers() => CheckWithEncryptionClientAsync("""
        class Crypto
        {
            EncryptionMaterialsV2 Materials()
            {
                var aes = Aes.Create();
                {|S3SEC013:aes.Key = Convert.FromBase64String("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")|};
                return new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
            }
        }
        """);

    [Fact]
    public Task MasterKeyFromCollectionExpressionForV4_Triggers() => CheckWithEncryptionClientAsync("""
        class Crypto
        {
            EncryptionMaterialsV4 Materials()
            {
                using var aes = Aes.Create();
                {|S3SEC013:aes.Key = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]|};
                return new EncryptionMaterialsV4(aes, SymmetricAlgorithmType.AesGcm);
            }
        }
        """);

    [Fact]
    public Task RsaMasterKeyImportedFromPemLiteral_Triggers() => CheckWithEncryptionClientAsync("""
        class Crypto
        {
            private const string Pem = "-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----";

            EncryptionMaterialsV2 Materials()
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem({|S3SEC013:Pem|});
                return new EncryptionMaterialsV2(rsa, AsymmetricAlgorithmType.RsaOaepSha1);
            }
        }
        """);

    [Fact]
    public Task RsaMasterKeyImportedFromPublicKeyPemOrSpki_DoesNotTrigger() => CheckWithEncryptionClientAsync("""
        class Crypto
        {
            private const string Pem = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkq\n-----END PUBLIC KEY-----";

            EncryptionMaterialsV2 FromPem()
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem(Pem);
                return new EncryptionMaterialsV2(rsa, AsymmetricAlgorithmType.RsaOaepSha1);
            }

            EncryptionMaterialsV2 FromSpki()
            {
                var rsa = RSA.Create();
                rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String("MIIBIjANBgkq"), out _);
                return new EncryptionMaterialsV2(rsa, AsymmetricAlgorithmType.RsaOaepSha1);
            }

            EncryptionMaterialsV2 FromXml()
            {
                var rsa = RSA.Create();
                rsa.FromXmlString("<RSAKeyValue><Modulus>AQAB</Modulus><Exponent>AQAB</Exponent></RSAKeyValue>");
                return new EncryptionMaterialsV2(rsa, AsymmetricAlgorithmType.RsaOaepSha1);
            }
        }
        """);

    // A certificate and a public key are published on purpose; only a private key's text is a secret. The text is
    // read through a readonly field or a local as well as in place.
    [Fact]
    public Task RsaMasterKeyFromCertificateOrPublicKeyText_DoesNotTrigger() => CheckWithEncryptionClientAsync("""
        using System.Security.Cryptography.X509Certificates;

        class Crypto
        {
            private const string CertificatePem = "-----BEGIN CERTIFICATE-----\nMIID\n-----END CERTIFICATE-----";
            private static readonly string PublicPem = "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----";

            EncryptionMaterialsV2 FromCertificateText()
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem(CertificatePem);
                return new EncryptionMaterialsV2(rsa, AsymmetricAlgorithmType.RsaOaepSha1);
            }

            EncryptionMaterialsV2 FromReadonlyField()
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem(PublicPem);
                return new EncryptionMaterialsV2(rsa, AsymmetricAlgorithmType.RsaOaepSha1);
            }

            EncryptionMaterialsV2 FromLocal()
            {
                var pem = "-----BEGIN RSA PUBLIC KEY-----\nMIIBCgKCAQEA\n-----END RSA PUBLIC KEY-----";
                var rsa = RSA.Create();
                rsa.ImportFromPem(pem);
                return new EncryptionMaterialsV2(rsa, AsymmetricAlgorithmType.RsaOaepSha1);
            }

            EncryptionMaterialsV2 FromCertificate()
            {
                var certificate = X509Certificate2.CreateFromPem(CertificatePem);
                var rsa = certificate.GetRSAPublicKey();
                return new EncryptionMaterialsV2(rsa, AsymmetricAlgorithmType.RsaOaepSha1);
            }
        }
        """);

    // A private key block makes the text secret whatever else it holds; so does a label that is not known public.
    [Fact]
    public Task RsaMasterKeyFromPrivateKeyBesideCertificate_Triggers() => CheckWithEncryptionClientAsync("""
        class Crypto
        {
            private const string Bundle = "-----BEGIN CERTIFICATE-----\nMIID\n-----END CERTIFICATE-----\n"
                + "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----";
            private static readonly string Mixed = "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n"
                + "-----BEGIN EC PRIVATE KEY-----\nMHcC\n-----END EC PRIVATE KEY-----";
            private const string XmlAndPem = "<RSAKeyValue><Modulus>AQAB</Modulus></RSAKeyValue>\n"
                + "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----";

            EncryptionMaterialsV2 FromBundle()
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem({|S3SEC013:Bundle|});
                return new EncryptionMaterialsV2(rsa, AsymmetricAlgorithmType.RsaOaepSha1);
            }

            EncryptionMaterialsV2 FromMixed()
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem({|S3SEC013:Mixed|});
                return new EncryptionMaterialsV2(rsa, AsymmetricAlgorithmType.RsaOaepSha1);
            }

            EncryptionMaterialsV2 FromLocal()
            {
                var pem = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIF\n-----END ENCRYPTED PRIVATE KEY-----";
                var rsa = RSA.Create();
                rsa.ImportFromEncryptedPem({|S3SEC013:pem|}, "password");
                return new EncryptionMaterialsV2(rsa, AsymmetricAlgorithmType.RsaOaepSha1);
            }

            EncryptionMaterialsV2 PublicXmlBesidePrivatePem()
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem({|S3SEC013:XmlAndPem|});
                return new EncryptionMaterialsV2(rsa, AsymmetricAlgorithmType.RsaOaepSha1);
            }

            EncryptionMaterialsV2 Unlabelled()
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem({|S3SEC013:"-----BEGIN SOMETHING-----\nMIIE\n-----END SOMETHING-----"|});
                return new EncryptionMaterialsV2(rsa, AsymmetricAlgorithmType.RsaOaepSha1);
            }
        }
        """);

    // The certificate is public; the private key PEM handed beside it, taken out with GetRSAPrivateKey, is not.
    [Fact]
    public Task RsaMasterKeyFromCertificateWithPrivateKeyPem_Triggers() => CheckWithEncryptionClientAsync("""
        using System.Security.Cryptography.X509Certificates;

        class Crypto
        {
            private const string CertificatePem = "-----BEGIN CERTIFICATE-----\nMIID\n-----END CERTIFICATE-----";
            private const string KeyPem = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----";

            EncryptionMaterialsV2 FromLocal()
            {
                using var certificate = X509Certificate2.CreateFromPem(CertificatePem, {|S3SEC013:KeyPem|});
                var rsa = certificate.GetRSAPrivateKey();
                return new EncryptionMaterialsV2(rsa, AsymmetricAlgorithmType.RsaOaepSha1);
            }

            EncryptionMaterialsV2 InPlace()
            {
                var certificate = X509Certificate2.CreateFromEncryptedPem(CertificatePem, {|S3SEC013:KeyPem|}, "pw");
                return new EncryptionMaterialsV2(
                    certificate.GetRSAPrivateKey(), AsymmetricAlgorithmType.RsaOaepSha1);
            }
        }
        """);

    // Known gap (docs/rules/S3SEC013.md, Limitations): each use of a certificate field reports the same key PEM
    // argument again; the rule keeps no list of places it has reported.
    [Fact]
    public Task CertificateFieldUsedTwice_ReportsTheKeyTwice_Limitation() => VerifyCS.AnalyzerAsync(
        Usings + EncryptionUsings + """
        using System.Security.Cryptography.X509Certificates;

        class Crypto
        {
            private const string CertificatePem = "-----BEGIN CERTIFICATE-----\nMIID\n-----END CERTIFICATE-----";
            private const string KeyPem = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----";
            private static readonly X509Certificate2 Cert =
                X509Certificate2.CreateFromPem(CertificatePem, {|#0:KeyPem|});

            EncryptionMaterialsV2 First()
                => new EncryptionMaterialsV2(Cert.GetRSAPrivateKey(), AsymmetricAlgorithmType.RsaOaepSha1);

            EncryptionMaterialsV2 Second()
                => new EncryptionMaterialsV2(Cert.GetRSAPrivateKey(), AsymmetricAlgorithmType.RsaOaepSha1);
        }
        """ + StandIns.EncryptionClient,
        VerifyCS.Diagnostic(Descriptors.S3SEC013_HardCodedKey).WithLocation(0).WithArguments(
            "The client-side encryption master key"),
        VerifyCS.Diagnostic(Descriptors.S3SEC013_HardCodedKey).WithLocation(0).WithArguments(
            "The client-side encryption master key"));

    // A key read at run time, or only the certificate's public key, is not hard-coded key material.
    [Fact]
    public Task RsaMasterKeyFromCertificateWithKeyFromElsewhere_DoesNotTrigger() => CheckWithEncryptionClientAsync("""
        using System.Security.Cryptography.X509Certificates;

        class Crypto
        {
            private const string CertificatePem = "-----BEGIN CERTIFICATE-----\nMIID\n-----END CERTIFICATE-----";
            private const string KeyPem = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----";

            EncryptionMaterialsV2 FromFile(string keyPath)
            {
                var keyPem = System.IO.File.ReadAllText(keyPath);
                var certificate = X509Certificate2.CreateFromPem(CertificatePem, keyPem);
                return new EncryptionMaterialsV2(
                    certificate.GetRSAPrivateKey(), AsymmetricAlgorithmType.RsaOaepSha1);
            }

            EncryptionMaterialsV2 PublicOnly()
            {
                var certificate = X509Certificate2.CreateFromPem(CertificatePem, KeyPem);
                return new EncryptionMaterialsV2(
                    certificate.GetRSAPublicKey(), AsymmetricAlgorithmType.RsaOaepSha1);
            }
        }
        """);

    [Fact]
    public Task RsaMasterKeyFromPrivateXml_Triggers() => CheckWithEncryptionClientAsync("""
        class Crypto
        {
            EncryptionMaterialsV2 Materials()
            {
                var rsa = RSA.Create();
                rsa.FromXmlString({|S3SEC013:"<RSAKeyValue><Modulus>AQAB</Modulus><D>AQAB</D></RSAKeyValue>"|});
                return new EncryptionMaterialsV2(rsa, AsymmetricAlgorithmType.RsaOaepSha1);
            }
        }
        """);

    [Fact]
    public Task LegacyMaterialsWithLiteralKey_Triggers() => VerifyCS.AnalyzerAsync(
        Usings + """
        #pragma warning disable CS0618
        class Crypto
        {
            Amazon.S3.Encryption.EncryptionMaterials Materials()
            {
                var aes = Aes.Create();
                {|S3SEC013:aes.Key = Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef")|};
                return new Amazon.S3.Encryption.EncryptionMaterials(aes);
            }
        }
        """,
        SdkLine.V37,
        editorConfig: null);

    [Fact]
    public Task SseCustomerKeyFromParameter_DoesNotTrigger() => CheckAsync("""
        class Reader
        {
            Task Get(IAmazonS3 s3, string key) => s3.GetObjectAsync(new GetObjectRequest
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                ServerSideEncryptionCustomerProvidedKey = key,
            });
        }
        """);

    [Fact]
    public Task SseCustomerKeyFromRandomBytes_DoesNotTrigger() => CheckAsync("""
        class Reader
        {
            Task Get(IAmazonS3 s3) => s3.GetObjectAsync(new GetObjectRequest
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                ServerSideEncryptionCustomerProvidedKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            });
        }
        """);

    [Fact]
    public Task SseCustomerKeyDerivedFromSecret_DoesNotTrigger() => CheckAsync("""
        class Reader
        {
            Task Get(IAmazonS3 s3, string password, byte[] salt)
            {
                var key = Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);
                return s3.GetObjectAsync(new GetObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = Convert.ToBase64String(key),
                });
            }
        }
        """);

    [Fact]
    public Task ZeroedBufferFilledAtRunTime_DoesNotTrigger() => CheckAsync("""
        class Reader
        {
            Task Get(IAmazonS3 s3)
            {
                var key = new byte[32];
                RandomNumberGenerator.Fill(key);
                return s3.GetObjectAsync(new GetObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = Convert.ToBase64String(key),
                });
            }
        }
        """);

    [Fact]
    public Task MasterKeyFromParameter_DoesNotTrigger() => CheckWithEncryptionClientAsync("""
        class Crypto
        {
            EncryptionMaterialsV2 Materials(byte[] masterKey)
            {
                var aes = Aes.Create();
                aes.Key = masterKey;
                return new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
            }
        }
        """);

    [Fact]
    public Task ConstantKeyThatIsNotAnS3Key_DoesNotTrigger() => CheckWithEncryptionClientAsync("""
        class Crypto
        {
            byte[] Seal(byte[] data)
            {
                using var gcm = new AesGcm(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }, 16);
                var aes = Aes.Create();
                aes.Key = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
                return data;
            }
        }
        """);

    [Fact]
    public Task MasterKeyHeldInField_IsNotReported_Limitation() => CheckWithEncryptionClientAsync("""
        class Crypto
        {
            private readonly Aes _aes = Aes.Create();

            Crypto()
            {
                _aes.Key = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
            }

            EncryptionMaterialsV2 Materials() => new EncryptionMaterialsV2(_aes, SymmetricAlgorithmType.AesGcm);
        }
        """);

    [Fact]
    public Task KeyDerivedFromConstantPassphrase_IsNotReported_Limitation() => CheckAsync("""
        class Reader
        {
            Task Get(IAmazonS3 s3)
            {
                var key = SHA256.HashData(Encoding.UTF8.GetBytes("correct horse battery staple"));
                return s3.GetObjectAsync(new GetObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = Convert.ToBase64String(key),
                });
            }
        }
        """);

    [Fact]
    public Task BrokenCode_DoesNotThrow() => VerifyCS.BrokenCodeAsync(Usings + """
        class Reader
        {
            Task Get(IAmazonS3 s3)
            {
                var aes = Aes.Create();
                aes.Key = Convert.FromBase64String(;
                new Amazon.Extensions.S3.Encryption.EncryptionMaterialsV2(aes, );
                return s3.GetObjectAsync(new GetObjectRequest { ServerSideEncryptionCustomerProvidedKey = [1, , });
            }
        }
        """);
}
