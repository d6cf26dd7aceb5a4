using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using S3Sec.Analyzers.Tests.Verifiers;
using Xunit;

namespace S3Sec.Analyzers.Tests.Rules;

/// <summary>
/// A client field of a partial type used from every part: what each call gets must not depend on which file the
/// driver analysed first. The field is followed only from its declaring file (see the member-write cache), so
/// the call there sees the encryption client, and a call in another part sees an unknown client.
/// </summary>
public sealed class PartialTypeFileOrderTests
{
    private const string Usings = """
        using System.Threading.Tasks;
        using Amazon.Extensions.S3.Encryption;
        using Amazon.Extensions.S3.Encryption.Primitives;
        using Amazon.S3;
        using Amazon.S3.Model;

        """;

    private const string Declaring = Usings + """
        partial class Vault
        {
            private readonly IAmazonS3 _s3 = new AmazonS3EncryptionClientV2(
                new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), (EncryptionMaterialsV2)null!);

            Task Put() => _s3.PutObjectAsync(new PutObjectRequest { BucketName = "b" });
        }
        """;

    private const string OtherPart = Usings + """
        partial class Vault
        {
            Task PutOther() => _s3.PutObjectAsync({|S3SEC001:new PutObjectRequest|} { BucketName = "b" });
        }
        """;

    /// <summary>S3SEC033 asks for a visibly plain client: the unknown one in the other part is not.</summary>
    private const string OtherPart033 = Usings + """
        partial class Vault
        {
            Task PutOther() => _s3.PutObjectAsync(new PutObjectRequest { BucketName = "b" });
        }
        """;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public Task S3SEC001_EncryptionClientFieldOfPartialType_SameFindingsWhateverTheFileOrder(bool otherPartFirst)
    {
        var test = new CSharpAnalyzerTest<Analyzers.Rules.ServerSideEncryptionAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = SdkReferences.For(SdkLine.V4),
        };
        AddInOrder(test.TestState, otherPartFirst, OtherPart);
        return test.RunAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public Task S3SEC033_EncryptionClientFieldOfPartialType_NoFindingWhateverTheFileOrder(bool otherPartFirst)
    {
        var test = new CSharpAnalyzerTest<Analyzers.Rules.PlainClientWriteAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = SdkReferences.For(SdkLine.V4),
        };
        AddInOrder(test.TestState, otherPartFirst, OtherPart033);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n"
            + "s3sec.required_encryption = client-side\ndotnet_diagnostic.S3SEC033.severity = warning\n"));
        return test.RunAsync();
    }

    /// <summary>
    /// The constructor in another part replaces the encryption client of the initializer with a plain one: the
    /// declaring part alone does not show every write, so the field's value is unknown and the request decides.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public Task S3SEC001_FieldReassignedInAnotherPartsConstructor_Triggers(bool otherPartFirst)
    {
        var test = new CSharpAnalyzerTest<Analyzers.Rules.ServerSideEncryptionAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = SdkReferences.For(SdkLine.V4),
        };
        const string declaring = Usings + """
            partial class Vault
            {
                private readonly IAmazonS3 _s3 = new AmazonS3EncryptionClientV2(
                    new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), (EncryptionMaterialsV2)null!);

                Task Put() => _s3.PutObjectAsync({|S3SEC001:new PutObjectRequest|} { BucketName = "b" });
            }
            """;
        const string constructor = Usings + """
            partial class Vault
            {
                public Vault() => _s3 = new AmazonS3Client();
            }
            """;
        if (otherPartFirst)
        {
            test.TestState.Sources.Add(("/0/VaultSetup.cs", constructor));
        }

        test.TestState.Sources.Add(("/0/Vault.cs", declaring));
        if (!otherPartFirst)
        {
            test.TestState.Sources.Add(("/0/VaultSetup.cs", constructor));
        }

        test.TestState.Sources.Add(("/0/StandIns.cs", StandIns.EncryptionClient));
        return test.RunAsync();
    }

    /// <summary>
    /// The transport rules share the member-write cache: a static client over HTTP in the initializer that another
    /// part's static constructor replaces with an HTTPS one is not known to be plain, in either order.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public Task S3SEC010_StaticFieldReplacedInAnotherPartsStaticConstructor_DoesNotTrigger(bool otherPartFirst)
    {
        var test = new CSharpAnalyzerTest<Analyzers.Rules.TransportAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = SdkReferences.For(SdkLine.V4),
        };
        const string declaring = Usings + """
            partial class Store
            {
                private static readonly IAmazonS3 S3 = new AmazonS3Client(new AmazonS3Config { UseHttp = true });

                Task Put(string key) => S3.PutObjectAsync(new PutObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                });
            }
            """;
        const string setup = Usings + """
            partial class Store
            {
                static Store() => S3 = new AmazonS3Client(new AmazonS3Config { UseHttp = false });
            }
            """;
        test.TestState.Sources.Add(otherPartFirst ? ("/0/StoreSetup.cs", setup) : ("/0/Store.cs", declaring));
        test.TestState.Sources.Add(otherPartFirst ? ("/0/Store.cs", declaring) : ("/0/StoreSetup.cs", setup));
        test.TestState.Sources.Add(("/0/StandIns.cs", StandIns.EncryptionClient));
        test.TestState.AnalyzerConfigFiles.Add(
            ("/.editorconfig", "root = true\n[*]\ndotnet_diagnostic.S3SEC011.severity = none\n"));
        return test.RunAsync();
    }

    private static void AddInOrder(SolutionState state, bool otherPartFirst, string otherPart)
    {
        if (otherPartFirst)
        {
            state.Sources.Add(("/0/VaultOther.cs", otherPart));
            state.Sources.Add(("/0/Vault.cs", Declaring));
        }
        else
        {
            state.Sources.Add(("/0/Vault.cs", Declaring));
            state.Sources.Add(("/0/VaultOther.cs", otherPart));
        }

        state.Sources.Add(("/0/StandIns.cs", StandIns.EncryptionClient));
    }
}
