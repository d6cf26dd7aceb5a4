using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using S3Sec.Cli.Analysis;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

/// <summary>
/// Which files <see cref="CompilationClosure"/> compiles beside the candidates, on small inputs: each case is a way
/// a file can matter to another one.
/// </summary>
public sealed class CompilationClosureTests
{
    [Fact]
    public void NamedTypes_AreFollowedTransitively_UnnamedOnesLeftOut()
    {
        var compiled = Compile(
            ("Store.cs", "class Store { object M() => Helper.Make(); }"),
            ("Helper.cs", "static class Helper { public static Widget Make() => new(); }"),
            ("Widget.cs", "class Widget : Part { }"),
            ("Part.cs", "namespace Parts { } class Part { Outer.Inner Value; }"),
            ("Outer.cs", "class Outer { public class Inner { } }"),
            ("Calculator.cs", "static class Calculator { static int Add(int a, int b) => a + b; }"));

        Assert.Equal(new[] { "Helper.cs", "Outer.cs", "Part.cs", "Store.cs", "Widget.cs" }, compiled);
    }

    [Fact]
    public void AliasesUsingStaticNameofAndTypeArguments_NameTheirTypes()
    {
        var compiled = Compile(
            ("Store.cs", """
                using Alias = Lib.Box;
                using static Lib.Consts;
                class Store { string a = nameof(Widget); System.Collections.Generic.List<Gadget> g; Alias b; }
                """),
            ("Box.cs", "namespace Lib { class Box { } }"),
            ("Consts.cs", "namespace Lib { static class Consts { public const string Endpoint = \"x\"; } }"),
            ("Widget.cs", "class Widget { }"),
            ("Gadget.cs", "enum Gadget { A }"),
            ("Other.cs", "namespace Lib { class Other { } }"));

        Assert.Equal(new[] { "Box.cs", "Consts.cs", "Gadget.cs", "Store.cs", "Widget.cs" }, compiled);
    }

    [Fact]
    public void PartialParts_OfACandidateType_AreCompiled()
    {
        var compiled = Compile(
            ("Store.cs", "partial class Store { void M() { } }"),
            ("Store.Settings.cs", "partial class Store { const string Endpoint = \"x\"; }"),
            ("Other.cs", "class Other { }"));

        Assert.Equal(new[] { "Store.Settings.cs", "Store.cs" }, compiled);
    }

    [Theory]
    [InlineData("static class Ext { public static void Go(this string s) { } }")]
    [InlineData("static class Ext { extension(string s) { public void Go() { } } }")]
    [InlineData("global using System.Text;")]
    [InlineData("[assembly: System.Reflection.AssemblyTitle(\"x\")]")]
    [InlineData("namespace System.Runtime.CompilerServices { static class IsExternalInit { } }")]
    [InlineData("class Broken { void M( }")]
    public void FilesTheCompilerUsesWithoutAName_AreAlwaysCompiled(string source)
    {
        var compiled = Compile(
            ("Store.cs", "class Store { }"), ("Other.cs", source), ("Unused.cs", "class Unused { }"));

        Assert.Equal(new[] { "Other.cs", "Store.cs" }, compiled);
    }

    [Fact]
    public void AlwaysCompiledFiles_BringWhatTheyName()
    {
        var compiled = Compile(
            ("Store.cs", "class Store { }"),
            ("Ext.cs", "static class Ext { public static Customer Owner(this string s) => null; }"),
            ("Customer.cs", "class Customer { }"));

        Assert.Equal(new[] { "Customer.cs", "Ext.cs", "Store.cs" }, compiled);
    }

    [Fact]
    public void AttributeWrittenWithoutItsSuffix_BringsTheAttributeClass()
    {
        var compiled = Compile(
            ("Store.cs", "class Store { [Sensitive] string Reference; }"),
            ("Sensitive.cs", "class SensitiveAttribute : System.Attribute { }"),
            ("Other.cs", "class OtherAttribute : System.Attribute { }"));

        Assert.Equal(new[] { "Sensitive.cs", "Store.cs" }, compiled);
    }

    [Fact]
    public void TopLevelStatements_BringTheOtherPartsOfProgram()
    {
        var compiled = Compile(
            ("Program.cs", "System.Console.WriteLine(Endpoint);"),
            ("Program.Settings.cs", "partial class Program { const string Endpoint = \"x\"; }"),
            ("Other.cs", "class Other { }"));

        Assert.Equal(new[] { "Program.Settings.cs", "Program.cs" }, compiled);
    }

    [Fact]
    public void NamespaceOnlyAnotherFileDeclares_IsCompiledOnceWhenNamed()
    {
        // Inside Contoso, `Settings` would be the namespace Contoso.Settings, not the class.
        var compiled = Compile(
            ("Store.cs", "namespace Contoso { class Store { string U = Settings.Endpoint; } }"),
            ("Settings.cs", "static class Settings { public const string Endpoint = \"x\"; }"),
            ("Marker.cs", "namespace Contoso.Settings { class Marker { } }"),
            ("Marker2.cs", "namespace Contoso.Settings { class Marker2 { } }"),
            ("Sibling.cs", "namespace Contoso { class Sibling { } }"));

        Assert.Equal(new[] { "Marker.cs", "Settings.cs", "Store.cs" }, compiled);
    }

    [Fact]
    public void OutsideTrees_BringWhatTheyName()
    {
        var trees = Parse(("Store.cs", "class Store { }"), ("Json.cs", "namespace Contoso.Json { class Codec { } }"));
        var names = trees.Select(FileNames.Of).ToList();
        var closure = new CompilationClosure(names);
        closure.IncludeNamesOf(FileNames.Of(CSharpSyntaxTree.ParseText("global using Codec = Contoso.Json.Codec;")));
        closure.Include(0);

        Assert.True(closure.Contains(1));
    }

    [Fact]
    public void FileNames_ReadsIdentifiersDeclarationsAndMention()
    {
        var names = FileNames.Of(CSharpSyntaxTree.ParseText("""
            namespace A.B
            {
                partial class Outer<T> { delegate void D(); enum E { X } record R; }
                class ThingAttribute : System.Attribute { }
            }
            class Uses { void M(object s3) => s3.PutObjectAsync(@class); }
            """));

        Assert.Equal(S3Mention.MemberName, names.Mention);
        Assert.Equal(new[] { "Outer", "D", "E", "R", "ThingAttribute", "Thing", "Uses" }, names.DeclaredTypes);
        Assert.Equal(new[] { "A", "A.B" }, names.DeclaredNamespaces);
        Assert.Contains("class", names.Identifiers);
        Assert.Null(names.AlwaysNeeded);
    }

    [Theory]
    [InlineData(64, false)]
    [InlineData(65, true)]
    [InlineData(100_000, true)]
    public void NamespaceNamesTooLongToIndex_MakeTheFileCompiledWhole(int parts, bool tooDeep)
    {
        // A name of 100,000 parts once took minutes (every prefix was built) and then overflowed the stack.
        var name = string.Join(".", Enumerable.Repeat("N", parts));
        var names = FileNames.Of(Parse(("Deep.cs", $"namespace {name} {{ class Deep {{ }} }}"))[0]);

        Assert.Equal(tooDeep ? "declares namespaces or types nested too deep to index" : null, names.AlwaysNeeded);
        Assert.Equal(tooDeep ? 0 : parts, names.DeclaredNamespaces.Count);
    }

    [Fact]
    public void TypesNestedTooDeepToIndex_MakeTheFileCompiledWhole()
    {
        var source = string.Concat(Enumerable.Range(0, 70).Select(i => $"class C{i} {{ "))
            + new string('}', 70).Replace("}", "} ");
        var names = FileNames.Of(Parse(("Nested.cs", source))[0]);

        Assert.Equal("declares namespaces or types nested too deep to index", names.AlwaysNeeded);
        Assert.Contains("C63", names.DeclaredTypes);
    }

    [Fact]
    public void EveryFileACandidate_CompilesEverything()
    {
        var trees = Parse(("A.cs", "class A { }"), ("B.cs", "class B { }"));

        var compiled = SelectiveAnalysis.Compiled(
            trees, trees.Select(FileNames.Of).ToList(), trees, [], NoOptions.Instance);

        Assert.Equal(trees, compiled);
    }

    /// <summary>The paths compiled when the first file is the only candidate, sorted.</summary>
    private static List<string> Compile(params (string Path, string Text)[] files)
    {
        var trees = Parse(files);
        var compiled = SelectiveAnalysis.Compiled(
            trees, trees.Select(FileNames.Of).ToList(), new[] { trees[0] }, [], NoOptions.Instance);
        return compiled.Select(t => t.FilePath).OrderBy(p => p, System.StringComparer.Ordinal).ToList();
    }

    private static List<SyntaxTree> Parse(params (string Path, string Text)[] files)
    {
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        return files.Select(f => CSharpSyntaxTree.ParseText(f.Text, options, f.Path)).ToList();
    }

    private sealed class NoOptions : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider
    {
        public static readonly NoOptions Instance = new();

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GlobalOptions => Empty.Instance;

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(SyntaxTree tree) =>
            Empty.Instance;

        public override Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            Empty.Instance;

        private sealed class Empty : Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions
        {
            public static readonly Empty Instance = new();

            public override IEnumerable<string> Keys => [];

            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
            {
                value = null;
                return false;
            }
        }
    }
}
