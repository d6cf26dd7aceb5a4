using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using S3Sec.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyCS = S3Sec.Analyzers.Tests.Verifiers.Verify<S3Sec.Analyzers.Rules.ServerSideEncryptionAnalyzer>;

namespace S3Sec.Analyzers.Tests.Rules;

/// <summary>S3SEC001 and writes made through a client-side encryption client, which encrypts them.</summary>
public sealed class S3SEC001_EncryptionClientTests
{
    private const string Usings = """
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Amazon.Extensions.S3.Encryption;
        using Amazon.Extensions.S3.Encryption.Primitives;
        using Amazon.S3;
        using Amazon.S3.Model;
        using Amazon.S3.Transfer;

        """;

    private static Task VerifyAsync(string source)
        => VerifyCS.AnalyzerAsync(Usings + source + StandIns.EncryptionClient);

    [Fact]
    public Task PutThroughEncryptionClientType_DoesNotTrigger() => VerifyAsync("""
        class Vault
        {
            Task Put(AmazonS3EncryptionClientV2 client)
                => client.PutObjectAsync(new PutObjectRequest { BucketName = "b" });
        }
        """);

    [Fact]
    public Task PutThroughForwardingWrapperOnEncryptionClient_DoesNotTrigger() => VerifyAsync("""
        class Vault
        {
            void Put(AmazonS3EncryptionClientV2 client) => client.PutObject(new PutObjectRequest { BucketName = "b" });
        }

        static class SyncS3
        {
            public static PutObjectResponse PutObject(this IAmazonS3 client, PutObjectRequest request)
                => client.PutObjectAsync(request).GetAwaiter().GetResult();
        }
        """);

    [Fact]
    public Task PutThroughInstanceWrapperOverEncryptionClientField_DoesNotTrigger() => VerifyAsync("""
        class Files
        {
            Task Add(Vault vault) => vault.Put(new PutObjectRequest { BucketName = "b" });
        }

        class Vault
        {
            private readonly IAmazonS3 _s3;

            public Vault(EncryptionMaterialsV2 materials)
            {
                _s3 = new AmazonS3EncryptionClientV2(new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), materials);
            }

            public Task Put(PutObjectRequest request) => _s3.PutObjectAsync(request);
        }
        """);

    [Fact]
    public Task PutThroughInstanceWrapperBuiltOverEncryptionClient_DoesNotTrigger() => VerifyAsync("""
        class Files
        {
            Task Add(EncryptionMaterialsV2 materials)
            {
                var config = new AmazonS3CryptoConfigurationV2(SecurityProfile.V2);
                var client = new AmazonS3EncryptionClientV2(config, materials);
                var store = new Store(client);
                return store.Put(new PutObjectRequest { BucketName = "b" });
            }
        }

        class Store
        {
            private readonly IAmazonS3 _s3;

            public Store(IAmazonS3 s3) => _s3 = s3;

            public Task Put(PutObjectRequest request) => _s3.PutObjectAsync(request);
        }
        """);

    // The wrapper's method is declared by a base class; the subclass the caller holds, or built, hands the base an
    // encryption client. The derived class names it, not the base.
    [Fact]
    public Task PutThroughInheritedWrapperOfSubclassOverEncryptionClient_DoesNotTrigger() => VerifyAsync("""
        class Files
        {
            Task Add(EncryptedStore store) => store.Put(new PutObjectRequest { BucketName = "b" });

            Task AddBuilt(EncryptionMaterialsV2 materials)
            {
                Store store = new EncryptedStore(materials);
                return store.Put(new PutObjectRequest { BucketName = "b" });
            }

            Task AddToPlain(PlainStore store) => store.Put({|S3SEC001:new PutObjectRequest|} { BucketName = "b" });
        }

        class Store
        {
            private readonly IAmazonS3 _s3;

            protected Store(IAmazonS3 s3) => _s3 = s3;

            public Task Put(PutObjectRequest request) => _s3.PutObjectAsync(request);
        }

        sealed class EncryptedStore : Store
        {
            public EncryptedStore(EncryptionMaterialsV2 materials)
                : base(new AmazonS3EncryptionClientV2(new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), materials))
            {
            }
        }

        sealed class PlainStore : Store
        {
            public PlainStore() : base(new AmazonS3Client())
            {
            }
        }
        """);

    [Fact]
    public Task PutThroughLocalBuiltAsEncryptionClient_DoesNotTrigger() => VerifyAsync("""
        class Vault
        {
            async Task Put(Aes master)
            {
                var materials = new EncryptionMaterialsV2(master, SymmetricAlgorithmType.AesGcm);
                IAmazonS3 client = new AmazonS3EncryptionClientV2(
                    new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), materials);
                await client.PutObjectAsync(new PutObjectRequest { BucketName = "b" });
            }
        }
        """);

    [Fact]
    public Task PutThroughFieldBuiltAsEncryptionClientInConstructor_DoesNotTrigger() => VerifyAsync("""
        class Vault
        {
            private readonly IAmazonS3 _s3;

            public Vault(EncryptionMaterialsV2 materials)
            {
                _s3 = new AmazonS3EncryptionClientV2(new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), materials);
            }

            Task Put() => _s3.PutObjectAsync(new PutObjectRequest { BucketName = "b" });
        }
        """);

    [Fact]
    public Task PutThroughGetOnlyPropertyOverEncryptionClientField_DoesNotTrigger() => VerifyAsync("""
        class Vault
        {
            private readonly IAmazonS3 _s3;

            public Vault(EncryptionMaterialsV2 materials)
            {
                _s3 = new AmazonS3EncryptionClientV2(new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), materials);
            }

            private IAmazonS3 Client => _s3;

            private IAmazonS3 Other
            {
                get { return _s3; }
            }

            Task Put() => Client.PutObjectAsync(new PutObjectRequest { BucketName = "b" });

            Task PutOther() => Other.PutObjectAsync(new PutObjectRequest { BucketName = "b" });
        }
        """);

    [Fact]
    public Task PutThroughGetOnlyPropertyOverPlainClientField_Triggers() => VerifyAsync("""
        class Vault
        {
            private readonly IAmazonS3 _s3 = new AmazonS3Client();

            private IAmazonS3 Client => _s3;

            Task Put() => Client.PutObjectAsync({|S3SEC001:new PutObjectRequest|} { BucketName = "b" });
        }
        """);

    [Fact]
    public Task PutThroughFactoryMethodCallReturningEncryptionClient_DoesNotTrigger() => VerifyAsync("""
        class Vault
        {
            private readonly EncryptionMaterialsV2 _materials;

            public Vault(EncryptionMaterialsV2 materials) => _materials = materials;

            IAmazonS3 Make() => new AmazonS3EncryptionClientV2(
                new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), _materials);

            Task Put() => Make().PutObjectAsync(new PutObjectRequest { BucketName = "b" });
        }
        """);

    [Fact]
    public Task PutThroughLocalFromFactoryMethodReturningEncryptionClient_DoesNotTrigger() => VerifyAsync("""
        class Vault
        {
            async Task Put(EncryptionMaterialsV4 materials)
            {
                var client = Clients.Make(materials);
                await client.PutObjectAsync(new PutObjectRequest { BucketName = "b" });
            }
        }

        static class Clients
        {
            public static IAmazonS3 Make(EncryptionMaterialsV4 materials)
            {
                var config = new AmazonS3CryptoConfigurationV4(SecurityProfile.V4);
                return new AmazonS3EncryptionClientV4(config, materials);
            }
        }
        """);

    [Fact]
    public Task PutThroughFieldFromFactoryMethodInConstructor_DoesNotTrigger() => VerifyAsync("""
        class Vault
        {
            private readonly IAmazonS3 _s3;

            public Vault(EncryptionMaterialsV2 materials)
            {
                _s3 = Make(materials);
            }

            private static IAmazonS3 Make(EncryptionMaterialsV2 materials)
                => new AmazonS3EncryptionClientV2(new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), materials);

            Task Put() => _s3.PutObjectAsync(new PutObjectRequest { BucketName = "b" });
        }
        """);

    // A factory that may return an encryption client on one path is enough to stay silent: precision first.
    [Fact]
    public Task PutThroughFactoryMethodThatMayReturnEncryptionClient_DoesNotTrigger() => VerifyAsync("""
        class Vault
        {
            IAmazonS3 Make(bool encrypted, EncryptionMaterialsV2 materials)
            {
                if (encrypted)
                {
                    return new AmazonS3EncryptionClientV2(
                        new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), materials);
                }

                return new AmazonS3Client();
            }

            Task Put(EncryptionMaterialsV2 materials)
                => Make(true, materials).PutObjectAsync(new PutObjectRequest { BucketName = "b" });
        }
        """);

    [Fact]
    public Task PutThroughFactoryMethodReturningPlainClient_Triggers() => VerifyAsync("""
        class Vault
        {
            private readonly IAmazonS3 _s3;

            public Vault() => _s3 = Make();

            private static IAmazonS3 Make() => new AmazonS3Client();

            Task Put() => _s3.PutObjectAsync({|S3SEC001:new PutObjectRequest|} { BucketName = "b" });

            Task PutDirect() => Make().PutObjectAsync({|S3SEC001:new PutObjectRequest|} { BucketName = "b" });
        }
        """);

    // The factory builds an encryption client for another use and returns a plain one: what it returns decides,
    // not which types its body names.
    [Fact]
    public Task PutThroughFactoryThatNamesButDoesNotReturnEncryptionClient_Triggers() => VerifyAsync("""
        class Vault
        {
            private readonly IAmazonS3 _s3;
            private IAmazonS3 _sealed;

            public Vault(EncryptionMaterialsV2 materials) => _s3 = Make(materials);

            IAmazonS3 Make(EncryptionMaterialsV2 materials)
            {
                _sealed = new AmazonS3EncryptionClientV2(
                    new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), materials);
                var plain = new AmazonS3Client();
                return plain;
            }

            static IAmazonS3 MakeChecked(IAmazonS3 other)
                => other is AmazonS3EncryptionClientV2 ? new AmazonS3Client() : new AmazonS3Client(RegionEndpoint());

            static Amazon.RegionEndpoint RegionEndpoint() => Amazon.RegionEndpoint.EUWest1;

            Task Put() => _s3.PutObjectAsync({|S3SEC001:new PutObjectRequest|} { BucketName = "b" });

            Task PutDirect(EncryptionMaterialsV2 materials)
                => Make(materials).PutObjectAsync({|S3SEC001:new PutObjectRequest|} { BucketName = "b" });

            async Task PutLocal(IAmazonS3 other)
            {
                var client = MakeChecked(other);
                await client.PutObjectAsync({|S3SEC001:new PutObjectRequest|} { BucketName = "b" });
            }
        }
        """);

    // A factory returning a decorator of the user's own over an encryption client (retries, metrics) returns what
    // the decorator forwards to, which its type does not show: the body's names decide, as before.
    [Fact]
    public Task PutThroughFactoryReturningOwnDecorator_DoesNotTrigger() => VerifyAsync("""
        class Vault
        {
            IAmazonS3 Make(EncryptionMaterialsV2 materials)
                => new Retrying(new AmazonS3EncryptionClientV2(
                    new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), materials));

            Task Put(EncryptionMaterialsV2 materials)
                => Make(materials).PutObjectAsync(new PutObjectRequest { BucketName = "b" });
        }

        class Retrying : AmazonS3Client
        {
            private readonly IAmazonS3 _inner;

            public Retrying(IAmazonS3 inner) => _inner = inner;

            public override Task<PutObjectResponse> PutObjectAsync(
                PutObjectRequest request, System.Threading.CancellationToken cancellationToken = default)
                => _inner.PutObjectAsync(request, cancellationToken);
        }
        """);

    // Where the factory's result cannot be seen (a member set elsewhere, another factory's result), a body that
    // names an encryption client may still return one: silent, precision first.
    [Fact]
    public Task PutThroughFactoryReturningUnseenValueThatNamesEncryptionClient_DoesNotTrigger() => VerifyAsync("""
        class Vault
        {
            private IAmazonS3 _cached;

            IAmazonS3 Make(EncryptionMaterialsV2 materials)
            {
                if (_cached is null)
                {
                    _cached = new AmazonS3EncryptionClientV2(
                        new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), materials);
                }

                return _cached;
            }

            IAmazonS3 MakeLocal(EncryptionMaterialsV2 materials)
            {
                var client = new AmazonS3EncryptionClientV2(
                    new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), materials);
                return client;
            }

            Task Put(EncryptionMaterialsV2 materials)
                => Make(materials).PutObjectAsync(new PutObjectRequest { BucketName = "b" });

            // No return to read: the body's names decide, as before.
            IAmazonS3 MakeOrThrow(EncryptionMaterialsV2 materials)
            {
                _cached = new AmazonS3EncryptionClientV2(
                    new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), materials);
                throw new System.InvalidOperationException();
            }

            Task PutLocal(EncryptionMaterialsV2 materials)
                => MakeLocal(materials).PutObjectAsync(new PutObjectRequest { BucketName = "b" });

            Task PutThrowing(EncryptionMaterialsV2 materials)
                => MakeOrThrow(materials).PutObjectAsync(new PutObjectRequest { BucketName = "b" });
        }
        """);

    // Known gap: a factory declared in another file is read by the names in its body, as this file's semantic model
    // does not cover it; one that names an encryption client keeps silent although it returns a plain client.
    [Fact]
    public Task PutThroughFactoryOfAnotherFileThatNamesEncryptionClient_DoesNotTrigger()
    {
        var test = new CSharpAnalyzerTest<Analyzers.Rules.ServerSideEncryptionAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = SdkReferences.For(SdkLine.V4),
        };
        test.TestState.Sources.Add(("/0/Vault.cs", Usings + """
            class Vault
            {
                Task Put(EncryptionMaterialsV2 materials)
                    => Clients.Make(materials).PutObjectAsync(new PutObjectRequest { BucketName = "b" });
            }
            """));
        test.TestState.Sources.Add(("/0/Clients.cs", Usings + """
            static class Clients
            {
                public static IAmazonS3 Make(EncryptionMaterialsV2 materials)
                {
                    _ = new AmazonS3EncryptionClientV2(
                        new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), materials);
                    return new AmazonS3Client();
                }
            }
            """));
        test.TestState.Sources.Add(("/0/StandIns.cs", StandIns.EncryptionClient));
        return test.RunAsync();
    }

    [Fact]
    public Task TransferUtilityOverEncryptionClient_DoesNotTrigger() => VerifyAsync("""
        class Vault
        {
            Task Upload(EncryptionMaterialsV2 materials)
            {
                var config = new AmazonS3CryptoConfigurationV2(SecurityProfile.V2);
                var client = new AmazonS3EncryptionClientV2(config, materials);
                var transfer = new TransferUtility(client);
                return transfer.UploadAsync("a.txt", "bucket", "a.txt");
            }
        }
        """);

    // The transfer utility is the user's own type, whose constructor builds its base over an encryption client:
    // as for a factory, a type whose code names one may hold one.
    [Fact]
    public Task DerivedTransferUtilityBuildingItsBaseOverEncryptionClient_DoesNotTrigger() => VerifyAsync("""
        class Vault
        {
            Task Upload(EncryptionMaterialsV2 materials)
                => new SealedTransfer(materials).UploadAsync("a.txt", "bucket");

            Task Put(EncryptionMaterialsV2 materials)
                => new SealedTransfer(materials).UploadAsync(
                    new TransferUtilityUploadRequest { FilePath = "a.txt", BucketName = "bucket" });
        }

        class SealedTransfer : TransferUtility
        {
            public SealedTransfer(EncryptionMaterialsV2 materials)
                : base(new AmazonS3EncryptionClientV2(new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), materials))
            {
            }
        }
        """);

    [Fact]
    public Task DerivedTransferUtilityOverPlainClient_Triggers() => VerifyAsync("""
        class Vault
        {
            Task Upload() => {|S3SEC001:new PlainTransfer(new AmazonS3Client()).UploadAsync("a.txt", "bucket")|};
        }

        class PlainTransfer : TransferUtility
        {
            public PlainTransfer(IAmazonS3 s3) : base(s3)
            {
            }
        }
        """);

    // The constructor called hands its base the caller's plain client as it is; another constructor of the type
    // that builds an encryption client does not make this instance one.
    [Fact]
    public Task DerivedTransferUtilityForwardingPlainClientBesideEncryptingConstructor_Triggers() => VerifyAsync("""
        class Vault
        {
            Task Upload() => {|S3SEC001:new FlexibleTransfer(new AmazonS3Client()).UploadAsync("a.txt", "bucket")|};

            Task UploadSealed(EncryptionMaterialsV2 materials)
                => new FlexibleTransfer(materials).UploadAsync("a.txt", "bucket");
        }

        class FlexibleTransfer : TransferUtility
        {
            public FlexibleTransfer(IAmazonS3 s3) : base(s3)
            {
            }

            public FlexibleTransfer(EncryptionMaterialsV2 materials)
                : base(new AmazonS3EncryptionClientV2(new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), materials))
            {
            }
        }
        """);

    [Fact]
    public Task PutThroughInjectedClient_RequestDecides() => VerifyAsync("""
        class Uploader
        {
            private readonly IAmazonS3 _s3;

            public Uploader(IAmazonS3 s3) => _s3 = s3;

            Task Put() => _s3.PutObjectAsync({|S3SEC001:new PutObjectRequest|} { BucketName = "b" });
        }
        """);

    [Fact]
    public Task PutThroughPlainClientField_Triggers() => VerifyAsync("""
        class Uploader
        {
            private readonly IAmazonS3 _s3 = new AmazonS3Client();

            Task Put() => _s3.PutObjectAsync({|S3SEC001:new PutObjectRequest|} { BucketName = "b" });
        }
        """);
}
