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
                public EncryptionMaterialsV2(string kmsKeyId, Primitives.KmsType type,
                    System.Collections.Generic.Dictionary<string, string> context) { }
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
            public enum KmsType { KmsContext }
        }
        """;

    /// <summary>S3Sec.Crypto's protected metadata as the analyzers see it: a <c>Protect</c> method.</summary>
    public const string ProtectedMetadata = """

        namespace S3Sec.Crypto.Metadata
        {
            public sealed class ProtectedMetadata
            {
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
