using System.Threading.Tasks;
using S3Sec.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyCS = S3Sec.Analyzers.Tests.Verifiers.Verify<S3Sec.Analyzers.Rules.ServerSideEncryptionAnalyzer>;
using VerifyMasterKey = S3Sec.Analyzers.Tests.Verifiers.Verify<S3Sec.Analyzers.Rules.MasterKeyExposureAnalyzer>;

namespace S3Sec.Analyzers.Tests.Rules;

/// <summary>
/// Generated code stays silent: the analyzers leave the check of each reported location to themselves instead of
/// the compiler (it scanned whole files), so these pin what the compiler's check used to guarantee. Generated
/// files (<c>// &lt;auto-generated/&gt;</c>) are covered by the test framework, which reruns every test with that
/// header added and expects no diagnostics.
/// </summary>
public sealed class GeneratedCodeTests
{
    private const string Usings = """
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;

        """;

    [Fact]
    public Task TypeMarkedGeneratedCode_DoesNotTrigger() => VerifyCS.AnalyzerAsync(Usings + """
        [System.CodeDom.Compiler.GeneratedCode("tool", "1.0")]
        class Uploader
        {
            Task Put(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest { BucketName = "b", Key = "k" });
        }
        """);

    [Fact]
    public Task MethodMarkedGeneratedCode_DoesNotTrigger_NeighbourDoes() => VerifyCS.AnalyzerAsync(Usings + """
        class Uploader
        {
            [System.CodeDom.Compiler.GeneratedCode("tool", "1.0")]
            Task Generated(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest { BucketName = "b" });

            Task Written(IAmazonS3 s3) => s3.PutObjectAsync({|S3SEC001:new PutObjectRequest|} { BucketName = "b" });
        }
        """);

    [Fact]
    public Task LineHiddenRegion_DoesNotTrigger_VisibleCodeDoes() => VerifyCS.AnalyzerAsync(Usings + """
        class Uploader
        {
        #line hidden
            Task Hidden(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest { BucketName = "b" });
        #line default
            Task Visible(IAmazonS3 s3) => s3.PutObjectAsync({|S3SEC001:new PutObjectRequest|} { BucketName = "b" });
        }
        """);

    /// <summary>
    /// The master key analysis first searches a type's text for a holder's name; a partial part that builds the
    /// materials with a target-typed <c>new(...)</c> names no holder and must still be analyzed.
    /// </summary>
    [Fact]
    public Task MaterialsBuiltByTargetTypedNewInOtherPart_Triggers() => VerifyMasterKey.AnalyzerAsync("""
        using System;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Amazon.Extensions.S3.Encryption;
        using Amazon.Extensions.S3.Encryption.Primitives;
        using Amazon.S3;
        using Amazon.S3.Model;

        partial class Backup
        {
            private EncryptionMaterialsV2 _materials;
        }

        partial class Backup
        {
            Task Put(IAmazonS3 s3, Aes aes)
            {
                _materials = new(aes, SymmetricAlgorithmType.AesGcm);
                return s3.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = "b",
                    {|S3SEC030:ContentBody = Convert.ToBase64String(aes.Key)|},
                });
            }
        }
        """ + StandIns.EncryptionClient);
}
