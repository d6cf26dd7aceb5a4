using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using S3Sec.Analyzers.Rules;
using S3Sec.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyCS = S3Sec.Analyzers.Tests.Verifiers.Verify<S3Sec.Analyzers.Rules.HardCodedKeyAnalyzer>;

namespace S3Sec.Analyzers.Tests.Rules;

/// <summary>S3SEC013 on the key material handed to S3Sec.Crypto, compiled against the real assembly.</summary>
public sealed class S3SEC013_CryptoKeyFactoryTests
{
    private const string Usings = """
        using System;
        using System.Security.Cryptography;
        using System.Text;
        using System.Threading.Tasks;
        using Amazon.KeyManagementService;
        using Amazon.KeyManagementService.Model;
        using S3Sec.Crypto.Envelope;
        using S3Sec.Crypto.Metadata;
        using S3Sec.Crypto.SseC;

        """;

    private const string Key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private static Task CheckAsync(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
        => VerifyCS.AnalyzerWithCryptoAsync(Usings + source.Replace("KEY64", Key), broken: false, expected);

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult Expected(int location, string key)
        => VerifyCS.Diagnostic(Descriptors.S3SEC013_HardCodedKey).WithLocation(location).WithArguments(key);

    [Fact]
    public Task SseCustomerKeyFromBase64Literal_Triggers() => CheckAsync(
        """
        class Keys
        {
            SseCustomerKey Load() => SseCustomerKey.FromBase64({|#0:"KEY64"|});
        }
        """,
        Expected(0, "The SSE-C key (SseCustomerKey.FromBase64)"));

    [Fact]
    public Task SseCustomerKeyFromBytesArrayLiteral_Triggers() => CheckAsync(
        """
        class Keys
        {
            SseCustomerKey Load() => SseCustomerKey.FromBytes({|#0:new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }|});
        }
        """,
        Expected(0, "The SSE-C key (SseCustomerKey.FromBytes)"));

    [Fact]
    public Task SseCustomerKeyFromConstThroughLocal_Triggers() => CheckAsync("""
        class Keys
        {
            private const string CustomerKey = "KEY64";

            SseCustomerKey Load()
            {
                var bytes = Convert.FromBase64String(CustomerKey);
                return SseCustomerKey.FromBytes({|S3SEC013:bytes|});
            }
        }
        """);

    [Fact]
    public Task AesMasterKeyFromBase64String_Triggers() => CheckAsync(
        """
        class Keys
        {
            AesMasterKey Load() => new AesMasterKey({|#0:Convert.FromBase64String("KEY64")|});
        }
        """,
        Expected(0, "The client-side encryption master key (new AesMasterKey)"));

    [Fact]
    public Task AesMasterKeyFromStaticReadonlyArray_Triggers() => CheckAsync("""
        class Keys
        {
            private static readonly byte[] Master = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };

            AesMasterKey Load() => new AesMasterKey({|S3SEC013:Master|});
        }
        """);

    [Fact]
    public Task AesMasterKeyFromCollectionExpressionAndUtf8Literal_Triggers() => CheckAsync("""
        class Keys
        {
            AesMasterKey A() => new AesMasterKey({|S3SEC013:[1, 2, 3, 4, 5, 6, 7, 8]|});

            AesMasterKey B() => new AesMasterKey({|S3SEC013:"0123456789abcdef0123456789abcdef"u8|});
        }
        """);

    [Fact]
    public Task AesMasterKeyFromBase64Literal_Triggers() => CheckAsync(
        """
        class Keys
        {
            AesMasterKey Load() => AesMasterKey.FromBase64({|#0:"KEY64"|});
        }
        """,
        Expected(0, "The client-side encryption master key (AesMasterKey.FromBase64)"));

    [Fact]
    public Task RsaMasterKeyFromPkcs8Literal_Triggers() => CheckAsync(
        """
        class Keys
        {
            RsaMasterKey Load() => RsaMasterKey.FromPkcs8PrivateKey({|#0:Convert.FromBase64String("MIIEvQIBADANBg")|});
        }
        """,
        Expected(0, "The client-side encryption master key (RsaMasterKey.FromPkcs8PrivateKey)"));

    [Fact]
    public Task RsaMasterKeyOverRsaWithImportedPem_Triggers() => CheckAsync(
        """
        class Keys
        {
            RsaMasterKey Load()
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem({|#0:"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----"|});
                return new RsaMasterKey(rsa);
            }
        }
        """,
        Expected(0, "The client-side encryption master key (new RsaMasterKey)"));

    [Fact]
    public Task ProtectedMetadataDataKeyNamedArgument_Triggers() => CheckAsync(
        """
        class Keys
        {
            ProtectedMetadata Load()
                => new ProtectedMetadata(
                    objectKey: "users/42.json",
                    {|#0:dataKey: Encoding.UTF8.GetBytes("0123456789abcdef0123456789abcdef")|});
        }
        """,
        Expected(0, "The metadata data key (new ProtectedMetadata)"));

    [Fact]
    public Task KeysFromEnvironmentParameterOrDelegate_DoNotTrigger() => CheckAsync("""
        class Keys
        {
            SseCustomerKey FromEnvironment()
                => SseCustomerKey.FromBase64(Environment.GetEnvironmentVariable("SSE_C_KEY")!);

            AesMasterKey FromParameter(byte[] key) => new AesMasterKey(key);

            AesMasterKey FromConfiguration(Func<string, string> configuration)
                => AesMasterKey.FromBase64(configuration("s3:masterKey"));

            RsaMasterKey FromFile(string path) => RsaMasterKey.FromPkcs8PrivateKey(System.IO.File.ReadAllBytes(path));
        }
        """);

    [Fact]
    public Task RandomAndGeneratedKeys_DoNotTrigger() => CheckAsync("""
        class Keys
        {
            SseCustomerKey A() => SseCustomerKey.FromBytes(RandomNumberGenerator.GetBytes(32));

            SseCustomerKey B() => SseCustomerKey.Generate();

            AesMasterKey C() => AesMasterKey.Generate();

            ProtectedMetadata D()
            {
                var key = new byte[32];
                RandomNumberGenerator.Fill(key);
                return new ProtectedMetadata(key);
            }
        }
        """);

    [Fact]
    public Task KmsDataKeyPlaintext_DoesNotTrigger() => CheckAsync("""
        class Keys
        {
            async Task<ProtectedMetadata> Load(IAmazonKeyManagementService kms)
            {
                var response = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest
                {
                    KeyId = "alias/metadata",
                    KeySpec = DataKeySpec.AES_256,
                });
                return new ProtectedMetadata(response.Plaintext.ToArray(), "bucket", "key");
            }
        }
        """);

    [Fact]
    public Task PublicKeyAndKmsKeyId_DoNotTrigger() => CheckAsync("""
        class Keys
        {
            RsaMasterKey Writer() => RsaMasterKey.FromSubjectPublicKeyInfo(Convert.FromBase64String("MIIBIjANBgkq"));

            KmsMasterKey Kms(IAmazonKeyManagementService kms) => new KmsMasterKey(kms, "alias/s3-envelope");

            RsaMasterKey PublicPem()
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem("-----BEGIN RSA PUBLIC KEY-----\nMIIBCgKCAQEA\n-----END RSA PUBLIC KEY-----");
                return new RsaMasterKey(rsa);
            }
        }
        """);

    // Keys a team loads at run time: from files, hashed from a parameter, filled by a random generator; and RSA
    // objects holding a public key only, whatever way it was imported.
    [Fact]
    public Task KeysFromFilesAndPublicRsaImports_DoNotTrigger() => CheckAsync("""
        class Keys
        {
            private const string PublicPem = "-----BEGIN PUBLIC KEY-----\nMFwwDQYJ\n-----END PUBLIC KEY-----";

            RsaMasterKey Der() => RsaMasterKey.FromPkcs8PrivateKey(System.IO.File.ReadAllBytes("key.der"));

            RsaMasterKey Pem()
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem(System.IO.File.ReadAllText("key.pem"));
                return new RsaMasterKey(rsa);
            }

            RsaMasterKey PublicConstant()
            {
                var rsa = RSA.Create();
                rsa.ImportFromPem(PublicPem);
                return new RsaMasterKey(rsa);
            }

            RsaMasterKey PublicParameters()
            {
                var rsa = RSA.Create();
                rsa.ImportParameters(new RSAParameters
                {
                    Modulus = Convert.FromBase64String("AQAB"),
                    Exponent = new byte[] { 1, 0, 1 },
                });
                return new RsaMasterKey(rsa);
            }

            RsaMasterKey PublicXml()
            {
                var rsa = RSA.Create();
                rsa.FromXmlString("<RSAKeyValue><Modulus>AQAB</Modulus><Exponent>AQAB</Exponent></RSAKeyValue>");
                return new RsaMasterKey(rsa);
            }

            RsaMasterKey PublicDerFromFile()
            {
                var rsa = RSA.Create();
                rsa.ImportRSAPublicKey(System.IO.File.ReadAllBytes("pub.der"), out _);
                return new RsaMasterKey(rsa);
            }

            RsaMasterKey Fresh()
            {
                using var rsa = RSA.Create(2048);
                return new RsaMasterKey(rsa);
            }

            AesMasterKey Stack()
            {
                Span<byte> key = stackalloc byte[32];
                RandomNumberGenerator.Fill(key);
                return new AesMasterKey(key);
            }

            AesMasterKey OldRng()
            {
                var key = new byte[32];
                using (var rng = RandomNumberGenerator.Create())
                {
                    rng.GetBytes(key);
                }

                return new AesMasterKey(key);
            }

            SseCustomerKey Derived(string password)
                => SseCustomerKey.FromBytes(SHA256.HashData(Encoding.UTF8.GetBytes(password)));

            AesMasterKey FromFile() => new AesMasterKey(Convert.FromBase64String(System.IO.File.ReadAllText("k")));
        }
        """);

    [Fact]
    public Task SameNamedTypesWithoutTheAssembly_DoNotTrigger() => VerifyCS.AnalyzerAsync(
        "using System;\nusing S3Sec.Crypto.Envelope;\n" + """
        class Keys
        {
            AesMasterKey A() => new AesMasterKey(new byte[] { 1, 2, 3, 4 });

            AesMasterKey B() => AesMasterKey.FromBase64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        }
        """ + StandIns.EnvelopeMasterKeys);

    [Fact]
    public Task BrokenCode_DoesNotThrow() => VerifyCS.AnalyzerWithCryptoAsync(
        Usings + """
        class Keys
        {
            SseCustomerKey A() => SseCustomerKey.FromBase64();
            SseCustomerKey B() => SseCustomerKey.FromBase64("a", "b");
            AesMasterKey C() => new AesMasterKey();
            AesMasterKey D() => new AesMasterKey(missing);
            RsaMasterKey E() => new RsaMasterKey(RSA.Create(), 1);
            RsaMasterKey F() => RsaMasterKey.FromPkcs8PrivateKey(
            ProtectedMetadata G() => new ProtectedMetadata(objectKey: "k");
            SseCustomerKey H() => SseCustomerKey.Nope("AAAA");
        }
        """,
        broken: true);

    /// <summary>
    /// The factories' actions exist only where S3Sec.Crypto is referenced: a project without it pays nothing per
    /// invocation, and one with AWSSDK.S3 alone keeps the rule's two SDK actions.
    /// </summary>
    [Fact]
    public async Task OperationActions_AreRegisteredOnlyForTheAssembliesReferenced()
    {
        var none = await SdkReferences.None.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var s3 = await SdkReferences.Resolve(SdkLine.V4);

        Assert.Equal(0, await CountOperationActionsAsync(none));
        Assert.Equal(2, await CountOperationActionsAsync(s3));
        Assert.Equal(2, await CountOperationActionsAsync(none.Add(SdkReferences.S3SecCrypto)));
        Assert.Equal(4, await CountOperationActionsAsync(s3.Add(SdkReferences.S3SecCrypto)));
    }

    private static async Task<int> CountOperationActionsAsync(ImmutableArray<MetadataReference> references)
    {
        var compilation = CSharpCompilation.Create(
            "Gate",
            new[] { CSharpSyntaxTree.ParseText("class Program { void M() { M(); } }") },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var analyzer = new HardCodedKeyAnalyzer();
        var telemetry = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(analyzer))
            .GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
        return telemetry.OperationActionsCount;
    }
}
