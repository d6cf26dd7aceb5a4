using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using S3Sec.Analyzers.Analysis;
using Xunit;

namespace S3Sec.Analyzers.Tests.Analysis;

public sealed class MemberCacheTests
{
    private static readonly SyntaxTree Declaring = CSharpSyntaxTree.ParseText("partial class C { int _field; }");
    private static readonly SyntaxTree OtherPart = CSharpSyntaxTree.ParseText("partial class C { }");
    private static readonly ISymbol Field = CSharpCompilation.Create("T", new[] { Declaring, OtherPart })
        .GetTypeByMetadataName("C")!.GetMembers("_field").Single();

    [Fact]
    public void Answer_IsFoundFromTheFileItWasStoredFor()
    {
        var cache = new MemberCache<bool>();
        cache.Add(Field, Declaring, true);

        Assert.True(cache.TryGet(Field, Declaring, out var value));
        Assert.True(value);
    }

    [Fact]
    public void Answer_IsNotFoundFromAnotherFile()
    {
        // A reference from another part of the partial type must trace the member itself (and find it unknown).
        var cache = new MemberCache<bool>();
        cache.Add(Field, Declaring, true);

        Assert.False(cache.TryGet(Field, OtherPart, out _));
    }

    [Fact]
    public void SecondAnswer_GivesBackTheFirst()
    {
        var cache = new MemberCache<string>();

        Assert.Equal("first", cache.Add(Field, Declaring, "first"));
        Assert.Equal("first", cache.Add(Field, Declaring, "second"));
        Assert.False(new MemberCache<string>().TryGet(Field, Declaring, out _));
    }
}
