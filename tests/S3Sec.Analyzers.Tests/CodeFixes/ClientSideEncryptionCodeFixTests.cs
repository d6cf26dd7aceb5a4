using System.Threading.Tasks;
using S3Sec.Analyzers.Tests.Verifiers;
using Xunit;
using Fix = S3Sec.CodeFixes.ClientSideEncryptionCodeFixProvider;
using VerifyCS = S3Sec.Analyzers.Tests.Verifiers.Verify<S3Sec.Analyzers.Rules.ClientSideEncryptionAnalyzer>;

namespace S3Sec.Analyzers.Tests.CodeFixes;

public sealed class ClientSideEncryptionCodeFixTests
{
    private const string Usings = """
        using Amazon.Extensions.S3.Encryption;

        """;

    [Fact]
    public Task V2AndLegacy_BecomesV2() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Vault
        {
            AmazonS3CryptoConfigurationV2 Create()
                => new AmazonS3CryptoConfigurationV2({|S3SEC031:SecurityProfile.V2AndLegacy|});
        }
        """ + StandIns.EncryptionClient,
        Usings + """
        class Vault
        {
            AmazonS3CryptoConfigurationV2 Create()
                => new AmazonS3CryptoConfigurationV2(SecurityProfile.V2);
        }
        """ + StandIns.EncryptionClient,
        Fix.UseSafeValueEquivalenceKey);

    [Fact]
    public Task V4AndLegacy_BecomesV4() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Vault
        {
            void Configure(AmazonS3CryptoConfigurationV4 config)
            {
                config.SecurityProfile = {|S3SEC031:SecurityProfile.V4AndLegacy|}; // migration done
            }
        }
        """ + StandIns.EncryptionClient,
        Usings + """
        class Vault
        {
            void Configure(AmazonS3CryptoConfigurationV4 config)
            {
                config.SecurityProfile = SecurityProfile.V4; // migration done
            }
        }
        """ + StandIns.EncryptionClient,
        Fix.UseSafeValueEquivalenceKey);

    [Fact]
    public Task ForbidEncryptAllowDecrypt_BecomesRequireEncryptRequireDecrypt() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Vault
        {
            void Configure(AmazonS3CryptoConfigurationV4 config)
            {
                config.CommitmentPolicy = {|S3SEC031:CommitmentPolicy.ForbidEncryptAllowDecrypt|};
            }
        }
        """ + StandIns.EncryptionClient,
        Usings + """
        class Vault
        {
            void Configure(AmazonS3CryptoConfigurationV4 config)
            {
                config.CommitmentPolicy = CommitmentPolicy.RequireEncryptRequireDecrypt;
            }
        }
        """ + StandIns.EncryptionClient,
        Fix.UseSafeValueEquivalenceKey);

    [Fact]
    public Task AesGcm_BecomesAesGcmWithCommitment() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Vault
        {
            void Configure(AmazonS3CryptoConfigurationV4 config)
            {
                config.ContentEncryptionAlgorithm = {|S3SEC031:ContentEncryptionAlgorithm.AesGcm|};
            }
        }
        """ + StandIns.EncryptionClient,
        Usings + """
        class Vault
        {
            void Configure(AmazonS3CryptoConfigurationV4 config)
            {
                config.ContentEncryptionAlgorithm = ContentEncryptionAlgorithm.AesGcmWithCommitment;
            }
        }
        """ + StandIns.EncryptionClient,
        Fix.UseSafeValueEquivalenceKey,
        editorConfig: "s3sec.require_key_commitment = true");

    [Fact]
    public Task UsingStaticProfile_IsRenamed() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        using static Amazon.Extensions.S3.Encryption.SecurityProfile;

        class Vault
        {
            AmazonS3CryptoConfigurationV2 Create() => new AmazonS3CryptoConfigurationV2({|S3SEC031:V2AndLegacy|});
        }
        """ + StandIns.EncryptionClient,
        Usings + """
        using static Amazon.Extensions.S3.Encryption.SecurityProfile;

        class Vault
        {
            AmazonS3CryptoConfigurationV2 Create() => new AmazonS3CryptoConfigurationV2(V2);
        }
        """ + StandIns.EncryptionClient,
        Fix.UseSafeValueEquivalenceKey);

    [Fact]
    public Task FixAll_FixesEveryLegacyProfile() => VerifyCS.CodeFixAsync<Fix>(
        Usings + """
        class Vault
        {
            AmazonS3CryptoConfigurationV2 Reader()
                => new AmazonS3CryptoConfigurationV2({|S3SEC031:SecurityProfile.V2AndLegacy|});
            AmazonS3CryptoConfigurationV4 Writer()
                => new AmazonS3CryptoConfigurationV4({|S3SEC031:SecurityProfile.V4AndLegacy|});
        }
        """ + StandIns.EncryptionClient,
        Usings + """
        class Vault
        {
            AmazonS3CryptoConfigurationV2 Reader()
                => new AmazonS3CryptoConfigurationV2(SecurityProfile.V2);
            AmazonS3CryptoConfigurationV4 Writer()
                => new AmazonS3CryptoConfigurationV4(SecurityProfile.V4);
        }
        """ + StandIns.EncryptionClient,
        Fix.UseSafeValueEquivalenceKey);

    [Fact]
    public Task LegacyClient_HasNoFix() => VerifyCS.NoCodeFixAsync<Fix>(
        """
        #pragma warning disable CS0618
        using Amazon.S3.Encryption;

        class Vault
        {
            AmazonS3EncryptionClient Create(EncryptionMaterials materials)
                => {|S3SEC031:new AmazonS3EncryptionClient(materials)|};
        }
        """,
        SdkLine.V37);
}
