using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using S3Sec.Analyzers.Rules;
using S3Sec.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyCS = S3Sec.Analyzers.Tests.Verifiers.Verify<S3Sec.Analyzers.Rules.MasterKeyExposureAnalyzer>;

namespace S3Sec.Analyzers.Tests.Rules;

/// <summary>S3SEC030: a client-side master key, or an export of it, placed in anything sent to AWS.</summary>
public sealed class S3SEC030_MasterKeySentToAwsTests
{
    internal const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Security.Cryptography;
        using System.Text;
        using System.Threading.Tasks;
        using Amazon.Extensions.S3.Encryption;
        using Amazon.Extensions.S3.Encryption.Primitives;
        using Amazon.S3;
        using Amazon.S3.Model;
        using Amazon.S3.Transfer;
        using S3Sec.Crypto.Envelope;

        """;

    /// <summary>The source after the usings, with the encryption client and S3Sec master key stand-ins.</summary>
    internal static Task VerifyAsync(string source)
        => VerifyCS.AnalyzerAsync(Usings + source + StandIns.EncryptionClient + StandIns.EnvelopeMasterKeys);

    /// <summary>
    /// The source alone in its file, the stand-ins and an alias of the materials in another: the file under test
    /// then names no holder type, so the only hint of a holder in its text is a target-typed <c>new(...)</c>.
    /// </summary>
    private static Task VerifyInOwnFileAsync(string source)
    {
        var test = new CSharpAnalyzerTest<MasterKeyExposureAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = SdkReferences.For(SdkLine.V4),
        };
        test.TestState.Sources.Add(("Backup.cs", Usings + source));
        test.TestState.Sources.Add(("StandIns.cs",
            "global using Materials = Amazon.Extensions.S3.Encryption.EncryptionMaterialsV2;\n"
            + StandIns.EncryptionClient + StandIns.EnvelopeMasterKeys));
        return test.RunAsync();
    }

    // Sources and exports.

    [Fact]
    public Task AesKeyOfMaterialsInContentBody_Triggers() => VerifyAsync("""
        class Backup
        {
            Task Put(IAmazonS3 s3, Aes aes)
            {
                var materials = new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
                return s3.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = "b",
                    {|S3SEC030:ContentBody = Convert.ToBase64String(aes.Key)|},
                });
            }
        }
        """);

    [Fact]
    public Task AesKeyOfMaterialsV4InMetadataAdd_Triggers() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request)
            {
                var aes = Aes.Create();
                var materials = new EncryptionMaterialsV4(aes, SymmetricAlgorithmType.AesGcm);
                {|S3SEC030:request.Metadata.Add("key", Convert.ToBase64String(aes.Key))|};
            }
        }
        """);

    [Fact]
    public Task RsaPrivateParameterInMetadataIndexer_Triggers() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request)
            {
                var rsa = RSA.Create();
                var materials = new EncryptionMaterialsV2(rsa, AsymmetricAlgorithmType.RsaOaepSha1);
                {|S3SEC030:request.Metadata["d"] = Convert.ToBase64String(rsa.ExportParameters(true).D)|};
            }
        }
        """);

    [Fact]
    public Task RsaParametersLocalPrimeInMetadata_Triggers() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, RSA rsa)
            {
                var materials = new EncryptionMaterialsV2(rsa, AsymmetricAlgorithmType.RsaOaepSha1);
                var parameters = rsa.ExportParameters(true);
                {|S3SEC030:request.Metadata["p"] = Convert.ToHexString(parameters.P)|};
            }
        }
        """);

    [Fact]
    public Task RsaPkcs8ExportInInputStream_Triggers() => VerifyAsync("""
        class Backup
        {
            PutObjectRequest Build(RSA rsa)
            {
                var materials = new EncryptionMaterialsV2(rsa, AsymmetricAlgorithmType.RsaOaepSha1);
                return new PutObjectRequest
                {
                    {|S3SEC030:InputStream = new MemoryStream(rsa.ExportPkcs8PrivateKey())|},
                };
            }
        }
        """);

    [Fact]
    public Task RsaPrivateKeyExportAsSseCustomerKey_Triggers() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, RSA rsa)
            {
                var materials = new EncryptionMaterialsV2(rsa, AsymmetricAlgorithmType.RsaOaepSha1);
                {|S3SEC030:request.ServerSideEncryptionCustomerProvidedKey
                    = Convert.ToBase64String(rsa.ExportRSAPrivateKey())|};
            }
        }
        """);

    [Fact]
    public Task RsaPrivateXmlInContentBody_Triggers() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, RSA rsa)
            {
                var materials = new EncryptionMaterialsV2(rsa, AsymmetricAlgorithmType.RsaOaepSha1);
                {|S3SEC030:request.ContentBody = rsa.ToXmlString(true)|};
            }
        }
        """);

    [Fact]
    public Task KeyDecodedAsTextInContentBody_Triggers() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, Aes aes)
            {
                var materials = new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
                {|S3SEC030:request.ContentBody = Encoding.Latin1.GetString(aes.Key)|};
            }
        }
        """);

    [Fact]
    public Task KeyInInterpolatedString_Triggers() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, Aes aes)
            {
                var materials = new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
                {|S3SEC030:request.ContentBody = $"key={Convert.ToBase64String(aes.Key)}"|};
            }
        }
        """);

    [Fact]
    public Task KeyInConcatenation_Triggers() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, Aes aes)
            {
                var materials = new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
                {|S3SEC030:request.ContentBody = "key=" + Convert.ToBase64String(aes.Key)|};
            }
        }
        """);

    [Fact]
    public Task KeyThroughLocals_Triggers() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, Aes aes)
            {
                var materials = new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
                var exported = aes.Key;
                var text = Convert.ToBase64String(exported);
                {|S3SEC030:request.ContentBody = text|};
            }
        }
        """);

    [Fact]
    public Task KeyBytesSetOnMaterialsAes_Triggers() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, byte[] keyBytes)
            {
                var aes = Aes.Create();
                aes.Key = keyBytes;
                var materials = new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
                {|S3SEC030:request.InputStream = new MemoryStream(keyBytes)|};
            }
        }
        """);

    [Fact]
    public Task MasterKeyFieldUsedInAnotherMethod_Triggers() => VerifyAsync("""
        class Backup
        {
            private readonly Aes _master = Aes.Create();
            private readonly EncryptionMaterialsV2 _materials;

            public Backup()
            {
                _materials = new EncryptionMaterialsV2(_master, SymmetricAlgorithmType.AesGcm);
            }

            void Put(PutObjectRequest request)
            {
                {|S3SEC030:request.ContentBody = Convert.ToBase64String(_master.Key)|};
            }
        }
        """);

    [Fact]
    public Task FieldHoldingExportedKey_Triggers() => VerifyAsync("""
        class Backup
        {
            private readonly string _keyText;

            public Backup(Aes master)
            {
                var materials = new EncryptionMaterialsV2(master, SymmetricAlgorithmType.AesGcm);
                _keyText = Convert.ToBase64String(master.Key);
            }

            void Put(PutObjectRequest request)
            {
                {|S3SEC030:request.ContentBody = _keyText|};
            }
        }
        """);

    [Fact]
    public Task EnvelopeMasterKeyBytesInMetadata_Triggers() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, byte[] keyBytes)
            {
                var master = new AesMasterKey(keyBytes);
                {|S3SEC030:request.Metadata.Add("k", Convert.ToBase64String(keyBytes))|};
            }
        }
        """);

    [Fact]
    public Task EnvelopeMasterKeyFromBase64InTag_Triggers() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, string keyText)
            {
                var master = AesMasterKey.FromBase64(keyText);
                request.TagSet = new List<Tag> { new Tag { Key = "k", {|S3SEC030:Value = keyText|} } };
            }
        }
        """);

    [Fact]
    public Task TextTheEnvelopeKeyWasDecodedFrom_Triggers() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, string keyText)
            {
                var bytes = Convert.FromBase64String(keyText);
                var master = new AesMasterKey(bytes);
                {|S3SEC030:request.ContentBody = keyText|};
            }
        }
        """);

    [Fact]
    public Task EnvelopeRsaMasterKeyPrivateExportInMetadata_Triggers() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, RSA rsa)
            {
                var master = new RsaMasterKey(rsa);
                {|S3SEC030:request.Metadata["k"] = Convert.ToBase64String(rsa.ExportPkcs8PrivateKey())|};
            }
        }
        """);

    // Sinks.

    [Fact]
    public Task KeyFileUploadedByFilePath_Triggers() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, Aes aes, string path)
            {
                var materials = new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
                File.WriteAllBytes(path, aes.Key);
                {|S3SEC030:request.FilePath = path|};
            }
        }
        """);

    [Fact]
    public Task KeyFileUploadedThroughTransferUtility_Triggers() => VerifyAsync("""
        class Backup
        {
            Task Put(TransferUtility transfer, Aes aes)
            {
                var materials = new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
                File.WriteAllText("master.key", Convert.ToBase64String(aes.Key));
                return transfer.UploadAsync({|S3SEC030:"master.key"|}, "bucket");
            }
        }
        """);

    [Fact]
    public Task KeyStreamUploadedThroughTransferUtility_Triggers() => VerifyAsync("""
        class Backup
        {
            Task Put(TransferUtility transfer, Aes aes)
            {
                var materials = new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
                return transfer.UploadAsync({|S3SEC030:new MemoryStream(aes.Key)|}, "bucket", "k");
            }
        }
        """);

    [Fact]
    public Task KeyAsObjectKeyNameOfClientCall_Triggers() => VerifyAsync("""
        class Backup
        {
            Task Delete(IAmazonS3 s3, Aes aes)
            {
                var materials = new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
                return s3.DeleteObjectAsync("bucket", {|S3SEC030:Convert.ToBase64String(aes.Key)|});
            }
        }
        """);

    [Fact]
    public Task KeyInHeadersIndexer_Triggers() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, Aes aes)
            {
                var materials = new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
                {|S3SEC030:request.Headers["x-amz-meta-k"] = Convert.ToBase64String(aes.Key)|};
            }
        }
        """);

    [Fact]
    public Task KeyAsKmsPlaintext_Triggers() => VerifyCS.AnalyzerAsync(
        Usings.Replace("using S3Sec.Crypto.Envelope;", "using Amazon.KeyManagementService.Model;") + """
        class Backup
        {
            EncryptRequest Wrap(Aes aes)
            {
                var materials = new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
                return new EncryptRequest { KeyId = "alias/k", {|S3SEC030:Plaintext = new MemoryStream(aes.Key)|} };
            }
        }
        """ + StandIns.EncryptionClient,
        SdkReferences.V4WithKmsAndSsm);

    [Fact]
    public Task KeyStoredInSsmParameter_Triggers() => VerifyCS.AnalyzerAsync(
        Usings.Replace("using S3Sec.Crypto.Envelope;", "using Amazon.SimpleSystemsManagement.Model;") + """
        class Backup
        {
            PutParameterRequest Store(Aes aes)
            {
                var materials = new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
                return new PutParameterRequest
                {
                    Name = "/app/key",
                    {|S3SEC030:Value = Convert.ToBase64String(aes.Key)|},
                };
            }
        }
        """ + StandIns.EncryptionClient,
        SdkReferences.V4WithKmsAndSsm);

    [Fact]
    public Task KeyStoredAsSecretString_Triggers() => VerifyCS.AnalyzerAsync(
        Usings + "using Amazon.SecretsManager.Model;\n" + """
        class Backup
        {
            PutSecretValueRequest Store(Aes aes)
            {
                var materials = new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
                return new PutSecretValueRequest
                {
                    SecretId = "k",
                    {|S3SEC030:SecretString = Convert.ToBase64String(aes.Key)|},
                };
            }
        }
        """ + StandIns.EncryptionClient + StandIns.EnvelopeMasterKeys + StandIns.SecretsManager);

    [Fact]
    public Task KeyStoredAsNewSecretBinary_Triggers() => VerifyCS.AnalyzerAsync(
        Usings + "using Amazon.SecretsManager.Model;\n" + """
        class Backup
        {
            CreateSecretRequest Store(byte[] keyBytes)
            {
                var master = new AesMasterKey(keyBytes);
                return new CreateSecretRequest { Name = "k", {|S3SEC030:SecretBinary = new MemoryStream(keyBytes)|} };
            }
        }
        """ + StandIns.EncryptionClient + StandIns.EnvelopeMasterKeys + StandIns.SecretsManager);

    [Fact]
    public Task LegacyMaterialsKeyInMetadata_Triggers() => VerifyCS.AnalyzerAsync(
        """
        using System;
        using System.Security.Cryptography;
        using Amazon.S3.Encryption;
        using Amazon.S3.Model;

        class Backup
        {
            void Put(PutObjectRequest request, Aes aes)
            {
        #pragma warning disable CS0618
                var materials = new EncryptionMaterials(aes);
        #pragma warning restore CS0618
                {|S3SEC030:request.Metadata.Add("k", Convert.ToBase64String(aes.Key))|};
            }
        }
        """,
        SdkLine.V37,
        editorConfig: null);

    // Not the master key, or not sent to AWS.

    [Fact]
    public Task AesNeverUsedAsMasterKey_DoesNotTrigger() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, Aes aes)
            {
                request.ContentBody = Convert.ToBase64String(aes.Key);
            }
        }
        """);

    [Fact]
    public Task KeyWrittenToLocalFileNotUploaded_DoesNotTrigger() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, Aes aes)
            {
                var materials = new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
                File.WriteAllBytes("/secure/master.key", aes.Key);
                request.FilePath = "/data/report.csv";
            }
        }
        """);

    [Fact]
    public Task KeyReadFromLocalFile_DoesNotTrigger() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request)
            {
                var master = new AesMasterKey(File.ReadAllBytes("/secure/master.key"));
                request.FilePath = "/data/report.csv";
            }
        }
        """);

    [Fact]
    public Task KmsKeyIdInRequest_DoesNotTrigger() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, string kmsKeyId)
            {
                var context = new Dictionary<string, string>();
                var materials = new EncryptionMaterialsV2(kmsKeyId, KmsType.KmsContext, context);
                request.ServerSideEncryptionKeyManagementServiceKeyId = kmsKeyId;
            }
        }
        """);

    [Fact]
    public Task EnvelopeKmsMasterKeyIdInMetadata_DoesNotTrigger() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, string keyId)
            {
                var master = new KmsMasterKey(keyId);
                request.Metadata.Add("kms-key", keyId);
            }
        }
        """);

    [Fact]
    public Task DataKeyEncryptedWithAesCbc_DoesNotTrigger() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, Aes aes, byte[] dataKey, byte[] iv)
            {
                var materials = new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
                request.Metadata.Add("wrapped", Convert.ToBase64String(aes.EncryptCbc(dataKey, iv)));
            }
        }
        """);

    [Fact]
    public Task DataKeyEncryptedWithRsa_DoesNotTrigger() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, RSA rsa, byte[] dataKey)
            {
                var materials = new EncryptionMaterialsV2(rsa, AsymmetricAlgorithmType.RsaOaepSha1);
                var wrapped = rsa.Encrypt(dataKey, RSAEncryptionPadding.OaepSHA256);
                request.Metadata["wrapped"] = Convert.ToBase64String(wrapped);
            }
        }
        """);

    [Fact]
    public Task AesGcmOutputUnderMasterKey_DoesNotTrigger() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, Aes aes, byte[] data, byte[] nonce)
            {
                var materials = new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
                using var gcm = new AesGcm(aes.Key, 16);
                var cipher = new byte[data.Length];
                var tag = new byte[16];
                gcm.Encrypt(nonce, data, cipher, tag);
                request.InputStream = new MemoryStream(cipher);
            }
        }
        """);

    [Fact]
    public Task PublicRsaParameters_DoesNotTrigger() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, RSA rsa)
            {
                var materials = new EncryptionMaterialsV2(rsa, AsymmetricAlgorithmType.RsaOaepSha1);
                request.Metadata["modulus"] = Convert.ToBase64String(rsa.ExportParameters(false).Modulus);
            }
        }
        """);

    [Fact]
    public Task PublicRsaKeyExport_DoesNotTrigger() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, RSA rsa)
            {
                var materials = new EncryptionMaterialsV2(rsa, AsymmetricAlgorithmType.RsaOaepSha1);
                request.Metadata["public"] = Convert.ToBase64String(rsa.ExportRSAPublicKey());
            }
        }
        """);

    [Fact]
    public Task PublicRsaXml_DoesNotTrigger() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, RSA rsa)
            {
                var materials = new EncryptionMaterialsV2(rsa, AsymmetricAlgorithmType.RsaOaepSha1);
                request.ContentBody = rsa.ToXmlString(false);
            }
        }
        """);

    [Fact]
    public Task PublicKeyOfEnvelopeFactory_DoesNotTrigger() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, byte[] spki)
            {
                var master = RsaMasterKey.FromSubjectPublicKeyInfo(spki);
                request.Metadata["public"] = Convert.ToBase64String(spki);
            }
        }
        """);

    [Fact]
    public Task BrokenCode_DoesNotThrow() => VerifyCS.AnalyzerOnBrokenCodeAsync(
        Usings + """
        class Backup
        {
            void Put(PutObjectRequest request, Aes aes)
            {
                var materials = new EncryptionMaterialsV2(aes, );
                request.ContentBody = Convert.ToBase64String(aes.Key;
                request.Metadata.Add("k", Missing(aes.Key));
                request. = new MemoryStream(aes.
            }
        }
        """ + StandIns.EncryptionClient + StandIns.EnvelopeMasterKeys);

    [Fact]
    public Task WithoutAwsSdk_DoesNotTrigger() => VerifyCS.AnalyzerWithoutSdkAsync("""
        using System;
        using System.Security.Cryptography;

        class Backup
        {
            string Export(Aes aes) => Convert.ToBase64String(aes.Key);
        }
        """);

    // A file whose text names no holder: only a target-typed new can build one there.

    [Fact]
    public Task TargetTypedHolderInFileNamingNoHolder_KeyFileUploaded_Triggers() => VerifyInOwnFileAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, Aes aes, string path)
            {
                Materials materials = new(aes, SymmetricAlgorithmType.AesGcm);
                File.WriteAllBytes(path, aes.Key);
                {|S3SEC030:request.FilePath = path|};
            }
        }
        """);

    [Fact]
    public Task TargetTypedHolderInFileNamingNoHolder_KeyInContentBody_Triggers() => VerifyInOwnFileAsync("""
        class Other
        {
            string Name => "other";
        }

        class Backup
        {
            Task Put(IAmazonS3 s3, Aes aes)
            {
                Materials materials = new (aes, SymmetricAlgorithmType.AesGcm);
                return s3.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = "b",
                    {|S3SEC030:ContentBody = Convert.ToBase64String(aes.Key)|},
                });
            }
        }
        """);

    [Fact]
    public Task HolderBuiltInAnotherTypeOfTheFile_IsNotReported() => VerifyInOwnFileAsync("""
        class Keys
        {
            Materials Build(Aes aes) => new(aes, SymmetricAlgorithmType.AesGcm);
        }

        class Backup
        {
            void Put(PutObjectRequest request, Aes aes) => request.ContentBody = Convert.ToBase64String(aes.Key);
        }
        """);

    [Fact]
    public Task TargetTypedHolderBesideArraysAndAnonymousObjects_Triggers() => VerifyInOwnFileAsync("""
        class Backup
        {
            Task Put(IAmazonS3 s3, Aes aes)
            {
                var sizes = new[] { 1, 2 };
                var shape = new { Name = "n", Size = sizes.Length };
                Materials materials = new(aes, SymmetricAlgorithmType.AesGcm);
                return s3.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = shape.Name,
                    {|S3SEC030:ContentBody = Convert.ToBase64String(aes.Key)|},
                });
            }
        }
        """);

    // Limitations: pinned silent behaviour.

    [Fact]
    public Task HolderNamedByGlobalAliasInFileNamingNoHolder_IsNotReported_Limitation() => VerifyInOwnFileAsync("""
        class Backup
        {
            Task Put(IAmazonS3 s3, Aes aes)
            {
                var materials = new Materials(aes, SymmetricAlgorithmType.AesGcm);
                return s3.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = "b",
                    ContentBody = Convert.ToBase64String(aes.Key),
                });
            }
        }
        """);

    [Fact]
    public Task KeyPassedThroughOwnHelperMethod_IsNotReported_Limitation() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, Aes aes)
            {
                var materials = new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
                Store(request, Convert.ToBase64String(aes.Key));
            }

            static void Store(PutObjectRequest request, string text) => request.ContentBody = text;
        }
        """);

    [Fact]
    public Task KeyStoredInCollectionFirst_IsNotReported_Limitation() => VerifyAsync("""
        class Backup
        {
            void Put(PutObjectRequest request, Aes aes)
            {
                var materials = new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
                var parts = new List<string> { Convert.ToBase64String(aes.Key) };
                request.ContentBody = parts[0];
            }
        }
        """);
}
