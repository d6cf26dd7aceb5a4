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
            using Amazon.Runtime;

            public enum SecurityProfile { V2, V2AndLegacy, V4, V4AndLegacy }

            public class EncryptionMaterialsV2
            {
                public EncryptionMaterialsV2(
                    System.Security.Cryptography.Aes aes, Primitives.SymmetricAlgorithmType type) { }
                public EncryptionMaterialsV2(
                    System.Security.Cryptography.RSA rsa, Primitives.AsymmetricAlgorithmType type) { }
                public EncryptionMaterialsV2(string kmsKeyId, Primitives.KmsType type,
                    System.Collections.Generic.Dictionary<string, string> context) { }
            }

            public class EncryptionMaterialsV4
            {
                public EncryptionMaterialsV4(
                    System.Security.Cryptography.Aes aes, Primitives.SymmetricAlgorithmType type) { }
                public EncryptionMaterialsV4(
                    System.Security.Cryptography.RSA rsa, Primitives.AsymmetricAlgorithmType type) { }
            }

            public class AmazonS3CryptoConfigurationV2 : Amazon.S3.AmazonS3Config
            {
                public AmazonS3CryptoConfigurationV2(SecurityProfile profile) { }
            }

            public class AmazonS3EncryptionClientV2 : Amazon.S3.AmazonS3Client
            {
                public AmazonS3EncryptionClientV2(AmazonS3CryptoConfigurationV2 config, EncryptionMaterialsV2 materials)
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
}
