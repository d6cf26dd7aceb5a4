using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using S3Sec.Cli.Analysis;
using Xunit;

namespace S3Sec.Cli.Tests;

/// <summary>
/// Which member bodies <see cref="LeanTrees"/> leaves out of the analysis, on sources with stand-in SDK types: each
/// kept case is a way a rule can start in a member, or read it from another one.
/// </summary>
public sealed class LeanTreesTests
{
    private const string StandIns = """
        namespace Amazon.S3
        {
            public interface IAmazonS3 { System.Threading.Tasks.Task PutObjectAsync(Model.PutObjectRequest r); }
        }
        namespace Amazon.S3.Model
        {
            public class PutObjectRequest { public string Key { get; set; } public string BucketName { get; set; } }
            public enum Kind { Plain, Encrypted }
        }
        namespace S3Sec.Crypto.Envelope
        {
            public sealed class AesMasterKey { public AesMasterKey(byte[] key) { } }
        }
        """;

    [Fact]
    public void PlainHelper_IsBlanked_MembersNamingTheSdk_AreNot()
    {
        var blanked = Blanked("""
            using Amazon.S3;
            using Amazon.S3.Model;
            public class Store
            {
                public void Upload(IAmazonS3 s3) { s3.PutObjectAsync(new PutObjectRequest()); }
                public int Add(int a, int b) { var list = new System.Collections.Generic.List<int>(); return a + b; }
                public Kind Mode() { return Kind.Plain; }
                public string Name { get { return "store".Trim(); } }
            }
            """);

        Assert.Equal(new[] { "Add", "get" }, blanked);
    }

    [Fact]
    public void Blanking_KeepsEveryPositionAndLine()
    {
        const string source = "using Amazon.S3;\r\npublic class Store\r\n{\r\n    public int Add(int a)\r\n    {\r\n"
            + "        /* a comment\u2028more */ var x = \"text\";\r\n        return a;\r\n    }\r\n"
            + "    public void Upload(IAmazonS3 s3) { s3.PutObjectAsync(null); }\r\n}\r\n";
        var (original, lean) = Lean(source);

        Assert.NotNull(lean);
        var before = original.GetText().ToString();
        var after = lean!.GetText().ToString();
        Assert.Equal(before.Length, after.Length);
        Assert.Equal(original.GetText().Lines.Count, lean.GetText().Lines.Count);
        Assert.DoesNotContain("comment", after);
        Assert.Equal(before.IndexOf("s3.PutObjectAsync"), after.IndexOf("s3.PutObjectAsync"));
        Assert.Equal(original.FilePath, lean.FilePath);
    }

    [Fact]
    public void ReceiversNamedOnlyThroughOwnDeclarations_AreKept()
    {
        var blanked = Blanked("""
            using Amazon.S3;
            using Amazon.S3.Model;
            public class Registry { public PutObjectRequest this[string name] => null; }
            public class Store(IAmazonS3 client)
            {
                private readonly IAmazonS3 _s3;
                private readonly Registry _registry = new Registry();
                private PutObjectRequest Make() => null;
                public void ByField() { _s3.PutObjectAsync(null); }
                public void ByFactory() { var r = Make(); r.Key = "k"; }
                public void ByIndexer() { _registry["a"].Key = "k"; }
                public void ByPrimaryConstructor() { client.PutObjectAsync(null); }
                public void Plain() { var x = 1; }
            }
            """);

        Assert.Equal(new[] { "Plain" }, blanked);
    }

    [Fact]
    public void TargetTypedNew_AliasesAndMasterKeys_AreKept()
    {
        var blanked = Blanked("""
            using Request = Amazon.S3.Model.PutObjectRequest;
            public class Store
            {
                private System.Func<Amazon.S3.Model.PutObjectRequest> _make;
                public void Implicit() { object o = new(); }
                public void Aliased() { var r = new Request(); }
                public void Key(byte[] bytes) { var k = new S3Sec.Crypto.Envelope.AesMasterKey(bytes); }
                public void Plain() { var x = new object(); }
            }
            """);

        Assert.Equal(new[] { "Plain" }, blanked);
    }

    [Fact]
    public void BodiesOtherMembersRead_AreKept()
    {
        var blanked = Blanked("""
            public class Store
            {
                private readonly string _endpoint;
                private string Region { get; set; }
                public Store() { _endpoint = "http://minio.local"; }
                public void SetRegion() { this.Region = "eu-west-1"; }
                public void Import(System.Security.Cryptography.RSA rsa, string pem) { rsa.ImportFromPem(pem); }
                public void Local() { string _other; _other = "x"; }
                public class Nested { public void Touch(Store s) { _endpoint2 = "x"; } }
                private static string _endpoint2;
                public void Directive()
                {
            #pragma warning disable CS0168
                    int unused;
                }
            }
            """);

        Assert.Equal(new[] { "Local" }, blanked);
    }

    [Fact]
    public void TypesDerivingFromTheSdk_AreKeptWhole()
    {
        var blanked = Blanked("""
            public class AuditedPut : Amazon.S3.Model.PutObjectRequest
            {
                public void Stamp() { Key = "audit/" + BucketName; }
            }
            public class MoreAudited : AuditedPut { public void Again() { Key = "x"; } }
            public class Other { public void Use() { var p = new MoreAudited(); } public void Plain() { var x = 1; } }
            """);

        Assert.Equal(new[] { "Plain" }, blanked);
    }

    [Fact]
    public void PartOfATypeWhoseOtherPartDerivesFromTheSdk_IsKeptWhole()
    {
        var blanked = Blanked("""
            public partial class AuditedPut { public void Stamp(string id) { Key = "audit/" + id; } }
            public partial class AuditedPut : Amazon.S3.Model.PutObjectRequest { }
            public class Other { public void Plain() { var x = 1; } }
            """);

        Assert.Equal(new[] { "Plain" }, blanked);
    }

    [Theory]
    [InlineData("using static Amazon.S3.Model.Kind;\npublic class Store { public object M() { return Plain; } }")]
    [InlineData("public class Store { public void M() { int x = ; } public void N() { } }")]
    public void FilesWithStaticSdkUsingsOrSyntaxErrors_AreKeptWhole(string source)
    {
        Assert.Null(Lean(source).Lean);
    }

    [Fact]
    public void GlobalStaticSdkUsing_KeepsEveryFileWhole()
    {
        var store = Parse("Store.cs", "public class Store { public int Add(int a) { return a; } }");
        var usings = Parse("Usings.cs", "global using static Amazon.S3.Model.Kind;");
        var compilation = CSharpCompilation.Create("App", new[] { Parse("StandIns.cs", StandIns), store, usings });
        var replaced = new Dictionary<SyntaxTree, SyntaxTree>();

        LeanTrees.Apply(compilation, new[] { store }, replaced, out var bodies, default);

        Assert.Empty(replaced);
        Assert.Equal(0, bodies);
    }

    /// <summary>The names of the members whose bodies were blanked (<c>get</c> for an accessor).</summary>
    private static string[] Blanked(string source)
    {
        var (original, lean) = Lean(source);
        if (lean is null)
        {
            return [];
        }

        var leanText = lean.GetText();
        return original.GetRoot().DescendantNodes().OfType<BlockSyntax>()
            .Where(b => b.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax)
            .Where(b => b.Statements.Count > 0 && leanText.ToString(b.Span).Trim() == "{}".Insert(1, Spaces(b)))
            .Select(b => b.Parent switch
            {
                MethodDeclarationSyntax method => method.Identifier.ValueText,
                ConstructorDeclarationSyntax constructor => constructor.Identifier.ValueText,
                AccessorDeclarationSyntax accessor => accessor.Keyword.ValueText,
                _ => "?",
            })
            .ToArray();
    }

    /// <summary>What a blanked body holds between its braces: spaces, and line breaks where the original had them.
    /// </summary>
    private static string Spaces(BlockSyntax block)
    {
        var inner = block.ToString()[1..^1];
        return new string(inner.Select(c => c is '\r' or '\n' or '\u2028' ? c : ' ').ToArray());
    }

    private static (SyntaxTree Original, SyntaxTree? Lean) Lean(string source)
    {
        var tree = Parse("Store.cs", source);
        var compilation = CSharpCompilation.Create("App", new[] { Parse("StandIns.cs", StandIns), tree });
        var replaced = new Dictionary<SyntaxTree, SyntaxTree>();
        LeanTrees.Apply(compilation, new[] { tree }, replaced, out _, default);
        return (tree, replaced.TryGetValue(tree, out var lean) ? lean : null);
    }

    private static SyntaxTree Parse(string path, string text) =>
        CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Preview), path);
}
