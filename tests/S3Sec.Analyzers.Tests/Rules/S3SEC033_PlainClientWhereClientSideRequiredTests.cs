using System.Threading.Tasks;
using S3Sec.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyCS = S3Sec.Analyzers.Tests.Verifiers.Verify<S3Sec.Analyzers.Rules.PlainClientWriteAnalyzer>;

namespace S3Sec.Analyzers.Tests.Rules;

/// <summary>S3SEC033: a write through a plain S3 client where the policy requires client-side encryption.</summary>
public sealed class S3SEC033_PlainClientWhereClientSideRequiredTests
{
    private const string Policy =
        "s3sec.required_encryption = client-side\ndotnet_diagnostic.S3SEC033.severity = warning";

    private const string Usings = """
        using System.Threading.Tasks;
        using Amazon;
        using Amazon.Extensions.S3.Encryption;
        using Amazon.S3;
        using Amazon.S3.Model;
        using Amazon.S3.Transfer;

        """;

    private static Task VerifyAsync(string source, string? editorConfig = Policy, SdkLine line = SdkLine.V4)
        => VerifyCS.AnalyzerAsync(Usings + source + StandIns.EncryptionClient, line, editorConfig);

    [Theory]
    [MemberData(nameof(SdkReferences.Lines), MemberType = typeof(SdkReferences))]
    public Task PutThroughPlainClientType_Triggers(SdkLine line) => VerifyAsync("""
        class Uploader
        {
            Task Put(AmazonS3Client s3, PutObjectRequest request) => {|S3SEC033:s3.PutObjectAsync(request)|};
        }
        """,
        line: line);

    [Fact]
    public Task PutThroughLocalBuiltAsPlainClient_Triggers() => VerifyAsync("""
        class Uploader
        {
            Task Put(PutObjectRequest request)
            {
                IAmazonS3 s3 = new AmazonS3Client(RegionEndpoint.EUWest1);
                return {|S3SEC033:s3.PutObjectAsync(request)|};
            }
        }
        """);

    [Fact]
    public Task PutThroughFieldBuiltAsPlainClient_Triggers() => VerifyAsync("""
        class Uploader
        {
            private readonly IAmazonS3 _s3 = new AmazonS3Client();

            Task Put(PutObjectRequest request) => {|S3SEC033:_s3.PutObjectAsync(request)|};
        }
        """);

    // A caller's object initializer may give the init accessor an encryption client: only the type's own value
    // (a private init) is judged.
    [Fact]
    public Task PutThroughInitPropertyOthersMaySet_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            public IAmazonS3 S3 { get; init; } = new AmazonS3Client();

            private IAmazonS3 Own { get; init; } = new AmazonS3Client();

            Task Put(PutObjectRequest request) => S3.PutObjectAsync(request);

            Task PutOwn(PutObjectRequest request) => {|S3SEC033:Own.PutObjectAsync(request)|};
        }
        """);

    [Fact]
    public Task UploadPartThroughPlainClient_Triggers() => VerifyAsync("""
        class Uploader
        {
            Task Part(AmazonS3Client s3, UploadPartRequest request) => {|S3SEC033:s3.UploadPartAsync(request)|};
        }
        """);

    [Fact]
    public Task TransferUtilityOverPlainClient_Triggers() => VerifyAsync("""
        class Uploader
        {
            Task Upload()
            {
                var transfer = new TransferUtility(new AmazonS3Client());
                var request = new TransferUtilityUploadRequest
                {
                    FilePath = "a.txt",
                    BucketName = "bucket",
                    ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
                };
                return {|S3SEC033:transfer.UploadAsync(request)|};
            }
        }
        """);

    [Fact]
    public Task UnencryptedRequestThroughPlainClient_IsLeftToS3SEC001() => VerifyAsync("""
        class Uploader
        {
            Task Put(AmazonS3Client s3) => s3.PutObjectAsync(new PutObjectRequest { BucketName = "b", Key = "k" });
        }
        """);

    [Fact]
    public Task RequestLessUploadThroughPlainClient_IsLeftToS3SEC001() => VerifyAsync("""
        class Uploader
        {
            Task Upload() => new TransferUtility(new AmazonS3Client()).UploadAsync("a.txt", "bucket");
        }
        """);

    [Fact]
    public Task SseS3RequestThroughPlainClient_Triggers() => VerifyAsync("""
        class Uploader
        {
            Task Put(AmazonS3Client s3) => {|S3SEC033:s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = "b",
                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
            })|};
        }
        """);

    [Fact]
    public Task PutWithoutPolicy_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            Task Put(AmazonS3Client s3, PutObjectRequest request) => s3.PutObjectAsync(request);
        }
        """,
        editorConfig: "dotnet_diagnostic.S3SEC033.severity = warning");

    [Fact]
    public Task PutThroughInjectedInterface_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            Task Put(IAmazonS3 s3, PutObjectRequest request) => s3.PutObjectAsync(request);
        }
        """);

    [Fact]
    public Task PutThroughEncryptionClientTypedAsPlain_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            Task Put(PutObjectRequest request, EncryptionMaterialsV2 materials)
            {
                AmazonS3Client s3 = new AmazonS3EncryptionClientV2(
                    new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), materials);
                return s3.PutObjectAsync(request);
            }
        }
        """);

    [Fact]
    public Task TransferUtilityOverEncryptionClient_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            Task Upload(AmazonS3EncryptionClientV2 client)
                => new TransferUtility(client).UploadAsync("a.txt", "bucket");
        }
        """);

    [Fact]
    public Task ReadThroughPlainClient_DoesNotTrigger() => VerifyAsync("""
        class Reader
        {
            Task<GetObjectResponse> Get(AmazonS3Client s3) => s3.GetObjectAsync("bucket", "key");
        }
        """);

    [Fact]
    public Task TransferUtilityParameter_IsNotReported_Limitation() => VerifyAsync("""
        class Uploader
        {
            Task Upload(TransferUtility transfer) => transfer.UploadAsync("a.txt", "bucket");
        }
        """);

    // The user's own uploads on a type derived from the transfer utility: their bodies, not the SDK's, decide which
    // client the object goes through (here an encryption client), so the plain client the base was built with is
    // not known to be the one that writes.
    [Theory]
    [MemberData(nameof(SdkReferences.Lines), MemberType = typeof(SdkReferences))]
    public Task OwnUploadsOfDerivedTransferUtility_DoNotTrigger(SdkLine line) => VerifyAsync("""
        class Uploader
        {
            Task Upload(TransferUtilityUploadRequest request, EncryptionMaterialsV2 materials)
            {
                var transfer = new SealingTransfer(new AmazonS3Client(), materials);
                return transfer.UploadAsync(request);
            }

            Task UploadFile(EncryptionMaterialsV2 materials)
                => new SealingTransfer(new AmazonS3Client(), materials).UploadAsync("a.txt", "bucket", "a.txt");
        }

        class SealingTransfer : TransferUtility
        {
            private readonly TransferUtility _sealed;

            public SealingTransfer(IAmazonS3 s3, EncryptionMaterialsV2 materials) : base(s3)
                => _sealed = new TransferUtility(
                    new AmazonS3EncryptionClientV2(new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), materials));

            public new Task UploadAsync(TransferUtilityUploadRequest request) => _sealed.UploadAsync(request);

            public new Task UploadAsync(string filePath, string bucketName, string key)
                => _sealed.UploadAsync(filePath, bucketName, key);
        }
        """,
        line: line);

    // Known gap: the user's own upload that only forwards to base over the caller's plain client. The call binds to
    // the user's method, whose body is not read, and base.UploadAsync inside it has no creation in sight.
    [Theory]
    [MemberData(nameof(SdkReferences.Lines), MemberType = typeof(SdkReferences))]
    public Task OwnUploadForwardingToBaseOverPlainClient_DoesNotTrigger(SdkLine line) => VerifyAsync("""
        class Uploader
        {
            Task Upload(TransferUtilityUploadRequest request)
                => new LoggingTransfer(new AmazonS3Client()).UploadAsync(request);
        }

        class LoggingTransfer : TransferUtility
        {
            public LoggingTransfer(IAmazonS3 s3) : base(s3)
            {
            }

            public new Task UploadAsync(TransferUtilityUploadRequest request) => base.UploadAsync(request);
        }
        """,
        line: line);

    [Theory]
    [MemberData(nameof(SdkReferences.Lines), MemberType = typeof(SdkReferences))]
    public Task InheritedUploadOfDerivedTransferUtility_Triggers(SdkLine line) => VerifyAsync("""
        class Uploader
        {
            Task Upload(TransferUtilityUploadRequest request)
            {
                var transfer = new PlainTransfer(new AmazonS3Client());
                return {|S3SEC033:transfer.UploadAsync(request)|};
            }
        }

        class PlainTransfer : TransferUtility
        {
            public PlainTransfer(IAmazonS3 s3) : base(s3) { }
        }
        """,
        line: line);

    // The base built by the SDK's own constructors from a region, or by the implicit constructor: a plain client.
    [Theory]
    [MemberData(nameof(SdkReferences.Lines), MemberType = typeof(SdkReferences))]
    public Task DerivedTransferUtilityBuildingItsOwnPlainClient_Triggers(SdkLine line) => VerifyAsync("""
        class Uploader
        {
            Task Upload(TransferUtilityUploadRequest request)
                => {|S3SEC033:new RegionTransfer(RegionEndpoint.EUWest1).UploadAsync(request)|};

            Task UploadDefault(TransferUtilityUploadRequest request)
                => {|S3SEC033:new DefaultTransfer().UploadAsync(request)|};
        }

        class RegionTransfer : TransferUtility
        {
            public RegionTransfer(RegionEndpoint region) : base(region)
            {
            }
        }

        class DefaultTransfer : TransferUtility
        {
        }
        """,
        line: line);

    // The derived type's constructor is the user's: here it builds its base over an encryption client, whatever
    // the caller passes; only a constructor that visibly hands its base its own client parameter is followed.
    [Theory]
    [MemberData(nameof(SdkReferences.Lines), MemberType = typeof(SdkReferences))]
    public Task DerivedTransferUtilityBuildingItsBaseOverEncryptionClient_DoesNotTrigger(SdkLine line)
        => VerifyAsync("""
        class Uploader
        {
            Task Upload(TransferUtilityUploadRequest request, EncryptionMaterialsV2 materials)
                => new SealedTransfer(materials).UploadAsync(request);

            Task UploadOver(TransferUtilityUploadRequest request, EncryptionMaterialsV2 materials)
                => new SealedTransfer(new AmazonS3Client(), materials).UploadAsync(request);
        }

        class SealedTransfer : TransferUtility
        {
            public SealedTransfer(EncryptionMaterialsV2 materials)
                : base(Sealed(materials))
            {
            }

            public SealedTransfer(IAmazonS3 inner, EncryptionMaterialsV2 materials)
                : base(Sealed(materials))
            {
            }

            private static IAmazonS3 Sealed(EncryptionMaterialsV2 materials)
                => new AmazonS3EncryptionClientV2(new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), materials);
        }
        """,
        line: line);

    // A type derived from the user's own derived transfer utility: each constructor down the chain hands its base
    // its own parameters (or runs the parameterless one), so the caller's client still reaches the SDK's.
    [Theory]
    [MemberData(nameof(SdkReferences.Lines), MemberType = typeof(SdkReferences))]
    public Task TransferUtilityDerivedFromDerivedForwardingTheClient_Triggers(SdkLine line) => VerifyAsync("""
        class Uploader
        {
            Task Upload(TransferUtilityUploadRequest request)
                => {|S3SEC033:new AuditedTransfer(new AmazonS3Client(), "audit").UploadAsync(request)|};

            Task UploadDefault(TransferUtilityUploadRequest request)
                => {|S3SEC033:new DefaultAuditedTransfer().UploadAsync(request)|};
        }

        class PlainTransfer : TransferUtility
        {
            public PlainTransfer(IAmazonS3 s3) : base(s3)
            {
            }
        }

        class AuditedTransfer : PlainTransfer
        {
            public AuditedTransfer(IAmazonS3 s3, string log) : base(s3)
            {
            }
        }

        class DefaultTransfer : TransferUtility
        {
        }

        class DefaultAuditedTransfer : DefaultTransfer
        {
        }
        """,
        line: line);

    // Down the chain a constructor builds its base's client itself, or the base constructor called cannot be told
    // without overload resolution: the caller's plain client is not known to be the one that writes.
    [Theory]
    [MemberData(nameof(SdkReferences.Lines), MemberType = typeof(SdkReferences))]
    public Task TransferUtilityDerivedFromDerivedNotForwardingTheClient_DoesNotTrigger(SdkLine line)
        => VerifyAsync("""
        class Uploader
        {
            Task Upload(TransferUtilityUploadRequest request, EncryptionMaterialsV2 materials)
                => new AuditedTransfer(new AmazonS3Client(), materials).UploadAsync(request);

            Task UploadAmbiguous(TransferUtilityUploadRequest request)
                => new AuditedOverloaded(new AmazonS3Client()).UploadAsync(request);
        }

        class SealedTransfer : TransferUtility
        {
            public SealedTransfer(IAmazonS3 inner, EncryptionMaterialsV2 materials)
                : base(new AmazonS3EncryptionClientV2(new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), materials))
            {
            }
        }

        class AuditedTransfer : SealedTransfer
        {
            public AuditedTransfer(IAmazonS3 inner, EncryptionMaterialsV2 materials) : base(inner, materials)
            {
            }
        }

        class Overloaded : TransferUtility
        {
            public Overloaded(IAmazonS3 s3) : base(s3)
            {
            }

            public Overloaded(string region) : base(Sealed(region))
            {
            }

            private static IAmazonS3 Sealed(string region) => throw new System.NotSupportedException(region);
        }

        class AuditedOverloaded : Overloaded
        {
            public AuditedOverloaded(IAmazonS3 s3) : base(s3)
            {
            }
        }
        """,
        line: line);

    // The constructor called hands its base the caller's plain client as it is: that an other constructor of the
    // type builds an encryption client does not make this transfer utility one.
    [Theory]
    [MemberData(nameof(SdkReferences.Lines), MemberType = typeof(SdkReferences))]
    public Task DerivedTransferUtilityForwardingPlainClientBesideEncryptingConstructor_Triggers(SdkLine line)
        => VerifyAsync("""
        class Uploader
        {
            Task Upload(TransferUtilityUploadRequest request)
                => {|S3SEC033:new FlexibleTransfer(new AmazonS3Client()).UploadAsync(request)|};

            Task UploadSealed(TransferUtilityUploadRequest request, EncryptionMaterialsV2 materials)
                => new FlexibleTransfer(materials).UploadAsync(request);
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
        """,
        line: line);

    // Generic types down the chain: the constructed constructors' parameters are followed as the plain ones are.
    [Theory]
    [MemberData(nameof(SdkReferences.Lines), MemberType = typeof(SdkReferences))]
    public Task GenericTransferUtilityChainForwardingTheClient_Triggers(SdkLine line) => VerifyAsync("""
        class Uploader
        {
            Task Upload(TransferUtilityUploadRequest request)
                => {|S3SEC033:new Tagged<int>(new AmazonS3Client(), 1).UploadAsync(request)|};
        }

        class Tagged<T> : Forwarding<T>
        {
            public Tagged(IAmazonS3 s3, T tag) : base(s3)
            {
            }
        }

        class Forwarding<T> : TransferUtility
        {
            public Forwarding(IAmazonS3 s3) : base(s3)
            {
            }
        }
        """,
        line: line);

    // Derived constructors that do not compile or cannot be read: a missing or cyclic base, base(...) with an
    // unknown name or too many arguments, this(...) to no constructor or round in a cycle, a constructor beside a
    // primary one that calls neither, base arguments on two parts of a primary constructor's partial type, a
    // duplicate beside a static one.
    [Theory]
    [MemberData(nameof(SdkReferences.Lines), MemberType = typeof(SdkReferences))]
    public Task BrokenDerivedConstructors_DoNotThrow(SdkLine line) => VerifyCS.AnalyzerOnBrokenCodeAsync(
        Usings + """
        class Uploader
        {
            Task A(TransferUtilityUploadRequest r) => new NoBase(new AmazonS3Client()).UploadAsync(r);
            Task B(TransferUtilityUploadRequest r) => new Chained(new AmazonS3Client()).UploadAsync(r);
            Task C(TransferUtilityUploadRequest r) => new Primary(new AmazonS3Client(), 1).UploadAsync(r);
            Task D(TransferUtilityUploadRequest r) => new WithStatic(new AmazonS3Client()).UploadAsync(r);
            Task E(TransferUtilityUploadRequest r) => new Missing(new AmazonS3Client()).UploadAsync(r);
            Task F(TransferUtilityUploadRequest r) => new Cyclic1(new AmazonS3Client()).UploadAsync(r);
            Task G(TransferUtilityUploadRequest r) => new OnMissing(new AmazonS3Client()).UploadAsync(r);
            Task H(TransferUtilityUploadRequest r) => new TooMany(new AmazonS3Client()).UploadAsync(r);
            Task I(TransferUtilityUploadRequest r) => new Looping(new AmazonS3Client()).UploadAsync(r);
            Task J(TransferUtilityUploadRequest r) => new TwoBases(new AmazonS3Client()).UploadAsync(r);
            Task K(PutObjectRequest r) => new CyclicClient1().PutObjectAsync(r);
            Task L(PutObjectRequest r) => new ClientOnMissing().PutObjectAsync(r);
        }

        class NoBase : TransferUtility
        {
            public NoBase(IAmazonS3 s3) : base(s3, undefined) { }
        }

        class Chained : TransferUtility
        {
            public Chained(IAmazonS3 s3) : this(s3, 1) { }
        }

        class Primary(IAmazonS3 s3) : TransferUtility(s3)
        {
            public Primary(IAmazonS3 s3, int retries) { }
        }

        class Looping : TransferUtility
        {
            public Looping(IAmazonS3 s3) : this(s3, 1) { }
            public Looping(IAmazonS3 s3, int retries) : this(s3) { }
        }

        partial class TwoBases(IAmazonS3 s3) : TransferUtility(s3);
        partial class TwoBases : TransferUtility(s3);

        class WithStatic : TransferUtility
        {
            static WithStatic() { }
            public WithStatic(IAmazonS3 s3) : base(s3) { }
            public WithStatic(IAmazonS3 s3) : base(s3) { }
        }

        class Cyclic1 : Cyclic2 { public Cyclic1(IAmazonS3 s3) : base(s3) { } }
        class Cyclic2 : Cyclic1 { public Cyclic2(IAmazonS3 s3) : base(s3) { } }

        class OnMissing : MissingBase { public OnMissing(IAmazonS3 s3) : base(s3) { } }

        class CyclicClient1 : CyclicClient2 { static CyclicClient1() { } }
        class CyclicClient2 : CyclicClient1 { }
        class ClientOnMissing : MissingClient { }

        class Forwarding : TransferUtility { public Forwarding(IAmazonS3 s3) : base(s3) { } }
        class TooMany : Forwarding { public TooMany(IAmazonS3 s3) : base(s3, s3, s3) { } }
        """ + StandIns.EncryptionClient,
        line,
        Policy);

    // A primary constructor hands its base what its base type's argument list names, and a constructor calling
    // this(...) what the constructor it calls hands on: here the caller's plain client, a constant beside it.
    [Theory]
    [MemberData(nameof(SdkReferences.Lines), MemberType = typeof(SdkReferences))]
    public Task PrimaryOrChainedTransferUtilityForwardingTheClient_Triggers(SdkLine line) => VerifyAsync("""
        class Uploader
        {
            Task Upload(TransferUtilityUploadRequest request)
                => {|S3SEC033:new PrimaryTransfer(new AmazonS3Client(), "audit").UploadAsync(request)|};

            Task UploadChained(TransferUtilityUploadRequest request)
                => {|S3SEC033:new ChainedTransfer(new AmazonS3Client()).UploadAsync(request)|};

            Task UploadChainedToPrimary(TransferUtilityUploadRequest request)
                => {|S3SEC033:new PrimaryTransfer(new AmazonS3Client()).UploadAsync(request)|};
        }

        class PrimaryTransfer(IAmazonS3 s3, string log) : TransferUtility(s3)
        {
            public PrimaryTransfer(IAmazonS3 s3) : this(s3, "audit")
            {
            }

            public string Log => log;
        }

        class ChainedTransfer : TransferUtility
        {
            public ChainedTransfer(IAmazonS3 s3) : this(s3, Defaults.Log)
            {
            }

            public ChainedTransfer(IAmazonS3 s3, string log) : base(s3)
            {
            }
        }

        static class Defaults
        {
            public const string Log = "audit";
        }
        """,
        line: line);

    // A primary constructor or this(...) that builds or changes what it hands on may hand an encryption client, and
    // a client the caller got from outside is unknown: not reported.
    [Theory]
    [MemberData(nameof(SdkReferences.Lines), MemberType = typeof(SdkReferences))]
    public Task PrimaryOrChainedTransferUtilityNotForwardingTheClient_DoesNotTrigger(SdkLine line)
        => VerifyAsync("""
        class Uploader
        {
            Task Upload(TransferUtilityUploadRequest request, EncryptionMaterialsV2 materials)
                => new SealedPrimaryTransfer(new AmazonS3Client(), materials).UploadAsync(request);

            Task UploadChained(TransferUtilityUploadRequest request, EncryptionMaterialsV2 materials)
                => new SealedChainedTransfer(new AmazonS3Client(), materials).UploadAsync(request);

            Task UploadInjected(TransferUtilityUploadRequest request, IAmazonS3 s3)
                => new ChainedTransfer(s3).UploadAsync(request);
        }

        class SealedPrimaryTransfer(IAmazonS3 inner, EncryptionMaterialsV2 materials)
            : TransferUtility(Sealing.Seal(inner, materials));

        class SealedChainedTransfer : TransferUtility
        {
            public SealedChainedTransfer(IAmazonS3 inner, EncryptionMaterialsV2 materials)
                : this(Sealing.Seal(inner, materials))
            {
            }

            private SealedChainedTransfer(IAmazonS3 s3) : base(s3)
            {
            }
        }

        class ChainedTransfer : TransferUtility
        {
            public ChainedTransfer(IAmazonS3 s3) : this(s3, "audit")
            {
            }

            public ChainedTransfer(IAmazonS3 s3, string log) : base(s3)
            {
            }
        }

        static class Sealing
        {
            public static IAmazonS3 Seal(IAmazonS3 inner, EncryptionMaterialsV2 materials)
                => new AmazonS3EncryptionClientV2(new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), materials);
        }
        """,
        line: line);

    // A client of your own type derived from AmazonS3Client, one or two levels down, with a primary constructor
    // or none: whatever its constructors hand the base, the base is a plain client, as S3SEC010 follows such types.
    [Theory]
    [MemberData(nameof(SdkReferences.Lines), MemberType = typeof(SdkReferences))]
    public Task PutThroughDerivedPlainClients_Triggers(SdkLine line) => VerifyAsync("""
        class Uploader
        {
            Task Put(PutObjectRequest request)
                => {|S3SEC033:new RegionClient(RegionEndpoint.EUWest1).PutObjectAsync(request)|};

            Task PutAudited(PutObjectRequest request)
            {
                IAmazonS3 s3 = new AuditedClient(new AmazonS3Config(), "audit");
                return {|S3SEC033:s3.PutObjectAsync(request)|};
            }

            Task PutPrimary(PutObjectRequest request)
                => {|S3SEC033:new PrimaryClient(Secured()).PutObjectAsync(request)|};

            Task Upload(TransferUtilityUploadRequest request)
            {
                var transfer = new TransferUtility(new AuditedClient(new AmazonS3Config(), "audit"));
                return {|S3SEC033:transfer.UploadAsync(request)|};
            }

            static AmazonS3Config Secured() => new() { ServiceURL = "https://storage.internal" };
        }

        class RegionClient : AmazonS3Client
        {
            public RegionClient(RegionEndpoint region) : base(region)
            {
            }
        }

        class ConfigClient : AmazonS3Client
        {
            public ConfigClient(AmazonS3Config config) : base(Checked(config))
            {
            }

            static AmazonS3Config Checked(AmazonS3Config config) => config;
        }

        class AuditedClient : ConfigClient
        {
            public AuditedClient(AmazonS3Config config, string log) : base(config)
            {
            }
        }

        class PrimaryClient(AmazonS3Config config) : AmazonS3Client(config);
        """,
        line: line);

    // A derived client that is, or may make itself, an encryption client: derived from one (two levels down), one
    // that names one in its code, one that changes the SDK's pipeline or declares a write of its own. A client
    // passed in typed as your derived type is unknown, as IAmazonS3 is.
    [Theory]
    [MemberData(nameof(SdkReferences.Lines), MemberType = typeof(SdkReferences))]
    public Task PutThroughDerivedClientsThatMayEncrypt_DoesNotTrigger(SdkLine line) => VerifyAsync("""
        class Uploader
        {
            Task Put(PutObjectRequest request, EncryptionMaterialsV2 materials)
                => new AuditedSealedClient(materials).PutObjectAsync(request);

            Task PutNaming(PutObjectRequest request, EncryptionMaterialsV2 materials)
                => new NamingClient(materials).PutObjectAsync(request);

            Task PutPipeline(PutObjectRequest request) => new PipelineClient().PutObjectAsync(request);

            Task PutOwn(PutObjectRequest request)
            {
                IAmazonS3 s3 = new OwnWriteClient();
                return s3.PutObjectAsync(request);
            }

            Task PutGiven(PutObjectRequest request, PipelineClient s3) => s3.PutObjectAsync(request);
        }

        class SealedClient : AmazonS3EncryptionClientV2
        {
            public SealedClient(EncryptionMaterialsV2 materials)
                : base(new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), materials)
            {
            }
        }

        class AuditedSealedClient(EncryptionMaterialsV2 materials) : SealedClient(materials);

        class NamingClient : AmazonS3Client
        {
            private readonly IAmazonS3 _sealed;

            public NamingClient(EncryptionMaterialsV2 materials)
                => _sealed = new AmazonS3EncryptionClientV2(
                    new AmazonS3CryptoConfigurationV2(SecurityProfile.V2), materials);
        }

        class PipelineClient : AmazonS3Client
        {
            protected override void CustomizeRuntimePipeline(Amazon.Runtime.Internal.RuntimePipeline pipeline)
            {
                base.CustomizeRuntimePipeline(pipeline);
            }
        }

        class OwnWriteClient : AmazonS3Client, IAmazonS3
        {
            public new Task<PutObjectResponse> PutObjectAsync(
                PutObjectRequest request, System.Threading.CancellationToken cancellationToken = default)
                => Task.FromResult(new PutObjectResponse());
        }
        """,
        line: line);

    // A write of its own may also be an explicit implementation of the interface the call goes through.
    [Fact]
    public Task PutThroughDerivedClientWithExplicitWrite_DoesNotTrigger() => VerifyAsync("""
        class Uploader
        {
            Task Put(PutObjectRequest request)
            {
                IAmazonS3 s3 = new ExplicitWriteClient();
                return s3.PutObjectAsync(request);
            }

            Task Upload(UploadPartRequest request)
            {
                IAmazonS3 s3 = new ExplicitPartClient();
                return s3.UploadPartAsync(request);
            }
        }

        class ExplicitWriteClient : AmazonS3Client, IAmazonS3
        {
            Task<PutObjectResponse> IAmazonS3.PutObjectAsync(
                PutObjectRequest request, System.Threading.CancellationToken cancellationToken)
                => Task.FromResult(new PutObjectResponse());
        }

        class ExplicitPartClient : AmazonS3Client, IAmazonS3
        {
            Task<UploadPartResponse> IAmazonS3.UploadPartAsync(
                UploadPartRequest request, System.Threading.CancellationToken cancellationToken)
                => Task.FromResult(new UploadPartResponse());
        }
        """);

    [Fact]
    public Task BrokenCode_DoesNotThrow() => VerifyCS.AnalyzerOnBrokenCodeAsync(
        Usings + """
        class Uploader
        {
            Task Put(AmazonS3Client s3) => s3.PutObjectAsync(;
            Task Up() => new TransferUtility(Missing).UploadAsync(
        }
        """ + StandIns.EncryptionClient,
        editorConfig: Policy);
}
