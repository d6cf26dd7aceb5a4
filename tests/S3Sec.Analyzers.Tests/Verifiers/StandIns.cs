namespace S3Sec.Analyzers.Tests.Verifiers;

/// <summary>
/// Minimal declarations with the namespaces and signatures of Amazon.Extensions.S3.Encryption, which is not
/// served to this build: the analyzers recognise its types by name, so these stand-ins exercise the same paths.
/// </summary>
internal static class StandIns
{
    public const string EncryptionClient = """

        namespace Amazon.Extensions.S3.Encryption
        {
            using System.Collections.Generic;
            using System.Security.Cryptography;
            using Amazon.Extensions.S3.Encryption.Primitives;
            using Amazon.Runtime;

            public enum SecurityProfile { V2, V2AndLegacy, V4, V4AndLegacy }

            public enum CommitmentPolicy
            {
                ForbidEncryptAllowDecrypt, RequireEncryptAllowDecrypt, RequireEncryptRequireDecrypt
            }

            public enum ContentEncryptionAlgorithm { AesGcm, AesGcmWithCommitment }

            public class EncryptionMaterialsV2
            {
                public EncryptionMaterialsV2(Aes aes, SymmetricAlgorithmType type) { }
                public EncryptionMaterialsV2(AsymmetricAlgorithm algorithm, AsymmetricAlgorithmType type) { }
                public EncryptionMaterialsV2(string kmsKeyId, KmsType type, Dictionary<string, string> context) { }
            }

            public class EncryptionMaterialsV4
            {
                public EncryptionMaterialsV4(Aes aes, SymmetricAlgorithmType type) { }
                public EncryptionMaterialsV4(AsymmetricAlgorithm algorithm, AsymmetricAlgorithmType type) { }
                public EncryptionMaterialsV4(string kmsKeyId, KmsType type, Dictionary<string, string> context) { }
            }

            public class AmazonS3CryptoConfigurationV2 : Amazon.S3.AmazonS3Config
            {
                public AmazonS3CryptoConfigurationV2(SecurityProfile profile) { SecurityProfile = profile; }
                public AmazonS3CryptoConfigurationV2(
                    SecurityProfile profile, CommitmentPolicy policy, ContentEncryptionAlgorithm algorithm)
                {
                    SecurityProfile = profile;
                    CommitmentPolicy = policy;
                    ContentEncryptionAlgorithm = algorithm;
                }
                public SecurityProfile SecurityProfile { get; set; }
                // The real setters throw NotSupportedException for any other value than ForbidEncryptAllowDecrypt
                // and AesGcm: the V2 format has no key commitment.
                public CommitmentPolicy CommitmentPolicy { get; set; }
                public ContentEncryptionAlgorithm ContentEncryptionAlgorithm { get; set; }
            }

            public class AmazonS3CryptoConfigurationV4 : Amazon.S3.AmazonS3Config
            {
                public AmazonS3CryptoConfigurationV4(SecurityProfile profile) { SecurityProfile = profile; }
                public AmazonS3CryptoConfigurationV4(
                    SecurityProfile profile, CommitmentPolicy policy, ContentEncryptionAlgorithm algorithm)
                {
                    SecurityProfile = profile;
                    CommitmentPolicy = policy;
                    ContentEncryptionAlgorithm = algorithm;
                }
                public SecurityProfile SecurityProfile { get; set; }
                public CommitmentPolicy CommitmentPolicy { get; set; }
                public ContentEncryptionAlgorithm ContentEncryptionAlgorithm { get; set; }
            }

            public class AmazonS3EncryptionClientV2 : Amazon.S3.AmazonS3Client
            {
                public AmazonS3EncryptionClientV2(AmazonS3CryptoConfigurationV2 config, EncryptionMaterialsV2 materials)
                    : base(new AnonymousAWSCredentials(), Amazon.RegionEndpoint.USEast1) { }
            }

            public class AmazonS3EncryptionClientV4 : Amazon.S3.AmazonS3Client
            {
                public AmazonS3EncryptionClientV4(AmazonS3CryptoConfigurationV4 config, EncryptionMaterialsV4 materials)
                    : base(new AnonymousAWSCredentials(), Amazon.RegionEndpoint.USEast1) { }
            }
        }

        namespace Amazon.Extensions.S3.Encryption.Primitives
        {
            public enum SymmetricAlgorithmType { AesGcm }
            public enum AsymmetricAlgorithmType { RsaOaepSha1 }
            public enum KmsType { KmsContext }
        }
        """;

    /// <summary>AWS Secrets Manager requests (AWSSDK.SecretsManager is not served), on the real request base.</summary>
    public const string SecretsManager = """

        namespace Amazon.SecretsManager.Model
        {
            public class PutSecretValueRequest : Amazon.Runtime.AmazonWebServiceRequest
            {
                public string SecretId { get; set; }
                public string SecretString { get; set; }
                public System.IO.MemoryStream SecretBinary { get; set; }
            }

            public class CreateSecretRequest : Amazon.Runtime.AmazonWebServiceRequest
            {
                public string Name { get; set; }
                public string SecretString { get; set; }
                public System.IO.MemoryStream SecretBinary { get; set; }
            }
        }
        """;

    /// <summary>A stand-in of S3Sec.Crypto's envelope master keys, recognised by namespace and name.</summary>
    public const string EnvelopeMasterKeys = """

        namespace S3Sec.Crypto.Envelope
        {
            public abstract class MasterKey { }

            public sealed class AesMasterKey : MasterKey
            {
                public AesMasterKey(System.ReadOnlySpan<byte> key) { }
                public static AesMasterKey FromBase64(string base64Key) => new AesMasterKey(default);
            }

            public sealed class RsaMasterKey : MasterKey
            {
                public RsaMasterKey(System.Security.Cryptography.RSA rsa) { }
                public static RsaMasterKey FromSubjectPublicKeyInfo(System.ReadOnlySpan<byte> spki) => null;
            }

            public sealed class KmsMasterKey : MasterKey
            {
                public KmsMasterKey(string keyId) { }
            }
        }
        """;

    /// <summary>
    /// S3Sec.Crypto's protected metadata as the analyzers and the fix see it: a <c>Protect</c> method, and the
    /// constructor and <c>ForObject</c> that bind a protector to a bucket and object key (parameter names as in
    /// S3Sec.Crypto; the constructor without arguments is the tests' shorthand for an unbound one).
    /// </summary>
    public const string ProtectedMetadata = """

        namespace S3Sec.Crypto.Metadata
        {
            public sealed class ProtectedMetadata
            {
                public ProtectedMetadata() { }

                public ProtectedMetadata(byte[] dataKey, string bucketName = null, string objectKey = null) { }

                public ProtectedMetadata ForObject(string bucketName, string objectKey) => this;

                public string Protect(string name, string value) => value;
            }
        }
        """;

    /// <summary>
    /// Data-classification attributes of ASP.NET Core Identity and Microsoft.Extensions.Compliance, and a team's
    /// own <c>[Sensitive]</c>: recognised by name, so these declarations stand in for the packages.
    /// </summary>
    public const string Classification = """

        namespace Microsoft.AspNetCore.Identity
        {
            public class PersonalDataAttribute : System.Attribute { }
            public class ProtectedPersonalDataAttribute : PersonalDataAttribute { }
        }

        namespace Microsoft.Extensions.Compliance.Classification
        {
            public abstract class DataClassificationAttribute : System.Attribute { }
            public sealed class NoDataClassificationAttribute : DataClassificationAttribute { }
        }

        namespace Contoso.Compliance
        {
            public sealed class PrivateDataAttribute
                : Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute { }
            public sealed class SensitiveAttribute : System.Attribute { }
        }

        namespace Microsoft.AspNetCore.DataProtection
        {
            public interface IDataProtector
            {
                byte[] Protect(byte[] plaintext);
            }

            public static class DataProtectionCommonExtensions
            {
                public static string Protect(this IDataProtector protector, string plaintext) => plaintext;
            }
        }
        """;
}
