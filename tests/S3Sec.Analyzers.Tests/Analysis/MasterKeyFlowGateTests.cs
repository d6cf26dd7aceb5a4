using Microsoft.CodeAnalysis.CSharp;
using S3Sec.Analyzers.Analysis;
using Xunit;

namespace S3Sec.Analyzers.Tests.Analysis;

/// <summary>
/// The text test S3SEC030 asks once per file before it looks at any call or assignment there: it must say yes
/// wherever a master key holder can be built, and no for the ordinary files that cannot, or the rule pays for
/// every call in them.
/// </summary>
public sealed class MasterKeyFlowGateTests
{
    [Theory]
    [InlineData("var m = new EncryptionMaterialsV2(aes, t);")]
    [InlineData("var k = LocalMasterKey.From(bytes);")]
    [InlineData("Materials m = new(aes, t);")]
    [InlineData("Materials m = new (aes, t);")]
    [InlineData("Materials m = new\n    (aes, t);")]
    [InlineData("Materials m = new /* shape */ (aes, t);")]
    [InlineData("var m = new Materi\\u0061ls(aes, t);")]
    [InlineData("var m = new Materi\\U00000061ls(aes, t);")]
    [InlineData("var path = \"a\\\\b\"; var m = new Materi\\u0061ls(aes, t);")]
    public void TextThatMayBuildAHolder_IsAnalysed(string statement)
    {
        Assert.True(new MasterKeyFlow().TreeMayHoldMasterKey(Tree(statement)));
    }

    [Theory]
    [InlineData("var sizes = new[] { 1, 2 };")]
    [InlineData("var sizes = new [] { 1, 2 };")]
    [InlineData("var shape = new { Name = \"n\" };")]
    [InlineData("var shape = new{ Name = \"n\" };")]
    [InlineData("var list = new List<string>();")]
    [InlineData("var buffer = new byte[16];")]
    [InlineData("var renewed = newest + renew;")]
    [InlineData("var line = \"a\\nb\\\\\";")]
    public void TextThatCannotBuildAHolder_IsSkipped(string statement)
    {
        Assert.False(new MasterKeyFlow().TreeMayHoldMasterKey(Tree(statement)));
    }

    private static Microsoft.CodeAnalysis.SyntaxTree Tree(string statement) =>
        CSharpSyntaxTree.ParseText("class C\n{\n    void M()\n    {\n        " + statement + "\n    }\n}\n");
}
