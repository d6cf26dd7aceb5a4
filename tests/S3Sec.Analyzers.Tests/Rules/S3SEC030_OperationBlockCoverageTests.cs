using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using S3Sec.Analyzers.Rules;
using S3Sec.Analyzers.Tests.Verifiers;
using Xunit;

namespace S3Sec.Analyzers.Tests.Rules;

/// <summary>
/// S3SEC030 registers its actions per operation block: a holder and a sink outside a method body (field and
/// property initializers, constructor and primary constructor base arguments, top-level statements), in local
/// functions, lambdas and collection expressions, or in a partial method's implementation file are still seen.
/// </summary>
public sealed class S3SEC030_OperationBlockCoverageTests
{
    private static Task VerifyAsync(string source) => S3SEC030_MasterKeySentToAwsTests.VerifyAsync(source);

    [Fact]
    public Task FieldInitializers_Trigger() => VerifyAsync("""
        class Backup
        {
            private static readonly Aes Key1 = Aes.Create();
            private static readonly EncryptionMaterialsV2 M = new(Key1, SymmetricAlgorithmType.AesGcm);
            private static readonly PutObjectRequest R = new PutObjectRequest
            {
                BucketName = "b",
                {|S3SEC030:ContentBody = Convert.ToBase64String(Key1.Key)|},
            };
        }
        """);

    [Fact]
    public Task PropertyInitializer_Triggers() => VerifyAsync("""
        class Backup
        {
            private static readonly Aes Key1 = Aes.Create();
            private static readonly EncryptionMaterialsV2 M = new(Key1, SymmetricAlgorithmType.AesGcm);
            public PutObjectRequest R { get; } = new PutObjectRequest
            {
                BucketName = "b",
                {|S3SEC030:ContentBody = Convert.ToBase64String(Key1.Key)|},
            };
        }
        """);

    [Fact]
    public Task PrimaryConstructorBaseArgument_Triggers() => VerifyAsync("""
        class Sender { public Sender(PutObjectRequest r) { } }
        class Backup(Aes aes) : Sender(new PutObjectRequest
            {
                BucketName = "b",
                {|S3SEC030:ContentBody = Convert.ToBase64String(aes.Key)|},
            })
        {
            private readonly EncryptionMaterialsV2 _m = new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
        }
        """);

    [Fact]
    public Task ConstructorInitializerArgument_Triggers() => VerifyAsync("""
        class Sender { public Sender(PutObjectRequest r) { } }
        class Backup : Sender
        {
            public Backup(Aes aes) : base(new PutObjectRequest
            {
                BucketName = "b",
                {|S3SEC030:ContentBody = Convert.ToBase64String(aes.Key)|},
            })
            {
                var m = new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
            }
        }
        """);

    [Fact]
    public Task LocalFunctionLambdaAndCollectionExpression_Trigger() => VerifyAsync("""
        record Wrapper(PutObjectRequest R);
        class Backup
        {
            void Put(Aes aes)
            {
                var m = new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
                void Local(PutObjectRequest r) { {|S3SEC030:r.ContentBody = Convert.ToBase64String(aes.Key)|}; }
                Action<PutObjectRequest> f = r => { {|S3SEC030:r.ContentBody = Convert.ToBase64String(aes.Key)|}; };
                List<PutObjectRequest> all =
                [
                    new PutObjectRequest { {|S3SEC030:ContentBody = Convert.ToBase64String(aes.Key)|} },
                ];
            }
        }
        """);
}

public sealed class S3SEC030_OperationBlockCoverageInFilesTests
{
    private const string Usings = """
        using System;
        using System.Security.Cryptography;
        using System.Threading.Tasks;
        using Amazon.Extensions.S3.Encryption;
        using Amazon.Extensions.S3.Encryption.Primitives;
        using Amazon.S3;
        using Amazon.S3.Model;

        """;

    [Fact]
    public Task TopLevelStatements_Trigger()
    {
        var test = new CSharpAnalyzerTest<MasterKeyExposureAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = SdkReferences.For(SdkLine.V4),
        };
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.TestState.Sources.Add(("Program.cs", Usings + """
            var aes = Aes.Create();
            var m = new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
            var r = new PutObjectRequest
            {
                BucketName = "b",
                {|S3SEC030:ContentBody = Convert.ToBase64String(aes.Key)|},
            };
            """));
        test.TestState.Sources.Add(("StandIns.cs", StandIns.EncryptionClient + StandIns.EnvelopeMasterKeys));
        return test.RunAsync();
    }

    [Fact]
    public Task PartialMethodImplementedInAnotherFile_Triggers()
    {
        var test = new CSharpAnalyzerTest<MasterKeyExposureAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = SdkReferences.For(SdkLine.V4),
        };
        test.TestState.Sources.Add(("A.cs", Usings + """
            partial class Backup
            {
                partial void Put(Aes aes, PutObjectRequest r);
            }
            """));
        test.TestState.Sources.Add(("B.cs", Usings + """
            partial class Backup
            {
                partial void Put(Aes aes, PutObjectRequest r)
                {
                    var m = new EncryptionMaterialsV2(aes, SymmetricAlgorithmType.AesGcm);
                    {|S3SEC030:r.ContentBody = Convert.ToBase64String(aes.Key)|};
                }
            }
            """));
        test.TestState.Sources.Add(("StandIns.cs", StandIns.EncryptionClient + StandIns.EnvelopeMasterKeys));
        return test.RunAsync();
    }
}
