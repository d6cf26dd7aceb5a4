using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using S3Sec.Analyzers.Analysis;
using Xunit;

namespace S3Sec.Analyzers.Tests.Analysis;

public sealed class SymbolNamesTests
{
    private static readonly Compilation Compilation = CSharpCompilation.Create(
        "Names",
        new[]
        {
            CSharpSyntaxTree.ParseText("""
                namespace Amazon.S3.Model { public class PutObjectRequest { public class Nested { } } }
                namespace Amazon.S3X { public class Other { } }
                namespace S3 { public class Base { } public class Derived : Base { } }
                public class Global { }
                """),
        });

    [Theory]
    [InlineData("Amazon.S3.Model.PutObjectRequest", "Amazon.S3.Model", true)]
    [InlineData("Amazon.S3.Model.PutObjectRequest", "S3.Model", false)]
    [InlineData("Amazon.S3.Model.PutObjectRequest", "Amazon.S3", false)]
    [InlineData("Amazon.S3.Model.PutObjectRequest", "XAmazon.S3.Model", false)]
    [InlineData("Amazon.S3X.Other", "Amazon.S3", false)]
    [InlineData("Global", "", true)]
    [InlineData("Global", "Amazon", false)]
    public void IsNamespace_ComparesTheFullName(string type, string ns, bool expected)
    {
        Assert.Equal(expected, SymbolNames.IsNamespace(Type(type).ContainingNamespace, ns));
    }

    [Theory]
    [InlineData("Amazon.S3.Model.PutObjectRequest", "Amazon.S3", true)]
    [InlineData("Amazon.S3.Model.PutObjectRequest", "Amazon", true)]
    [InlineData("Amazon.S3X.Other", "Amazon.S3", false)]
    [InlineData("Global", "Amazon", false)]
    public void IsWithinNamespace_AcceptsNestedNamespacesOnly(string type, string ns, bool expected)
    {
        Assert.Equal(expected, SymbolNames.IsWithinNamespace(Type(type).ContainingNamespace, ns));
    }

    [Theory]
    [InlineData("Amazon.S3.Model.PutObjectRequest", "Amazon.S3.Model.PutObjectRequest", true)]
    [InlineData("Amazon.S3.Model.PutObjectRequest", "Amazon.S3.PutObjectRequest", false)]
    [InlineData("Amazon.S3.Model.PutObjectRequest+Nested", "Amazon.S3.Model.Nested", false)]
    [InlineData("Global", "Global", true)]
    public void IsType_MatchesTopLevelTypesByFullName(string type, string fullName, bool expected)
    {
        Assert.Equal(expected, SymbolNames.IsType(Type(type), fullName));
    }

    [Fact]
    public void DerivesFrom_FollowsBaseTypes()
    {
        Assert.True(SymbolNames.DerivesFrom(Type("S3.Derived"), "S3.Base"));
        Assert.False(SymbolNames.DerivesFrom(Type("S3.Base"), "S3.Derived"));
    }

    private static INamedTypeSymbol Type(string metadataName) => Compilation.GetTypeByMetadataName(metadataName)!;
}
