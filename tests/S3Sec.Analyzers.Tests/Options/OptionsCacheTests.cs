using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using S3Sec.Analyzers.Options;
using Xunit;

namespace S3Sec.Analyzers.Tests.Options;

public sealed class OptionsCacheTests
{
    [Fact]
    public void TreesWithTheSameSettings_ShareOneOptionsObject()
    {
        var first = CSharpSyntaxTree.ParseText("class A { }");
        var second = CSharpSyntaxTree.ParseText("class B { }");
        var settings = new Dictionary<string, string> { ["s3sec.required_encryption"] = "sse-kms" };
        var cache = OptionsCache.For(new Provider(new() { [first] = new(settings), [second] = new(settings) }));

        var options = cache.Get(first);

        Assert.Same(options, cache.Get(second));
        Assert.Equal(RequiredEncryption.SseKms, options.RequiredEncryption);
    }

    [Fact]
    public void TreesWithOtherSettings_KeepTheirOwn()
    {
        var kms = CSharpSyntaxTree.ParseText("class A { }");
        var names = CSharpSyntaxTree.ParseText("class B { }");
        var plain = CSharpSyntaxTree.ParseText("class C { }");
        var cache = OptionsCache.For(new Provider(new()
        {
            [kms] = new(new Dictionary<string, string> { ["s3sec.required_encryption"] = "sse-kms" }),
            [names] = new(new Dictionary<string, string> { ["s3sec.sensitive_names"] = "badge" }),
            [plain] = new(new Dictionary<string, string>()),
        }));

        var kmsOptions = cache.Get(kms);
        var namesOptions = cache.Get(names);
        var plainOptions = cache.Get(plain);

        Assert.Equal(RequiredEncryption.SseKms, kmsOptions.RequiredEncryption);
        Assert.Equal(new[] { "badge" }, namesOptions.SensitiveNames);
        Assert.Equal(RequiredEncryption.SseS3, namesOptions.RequiredEncryption);
        Assert.Empty(plainOptions.SensitiveNames);
        Assert.NotSame(kmsOptions, namesOptions);
        Assert.NotSame(namesOptions, plainOptions);
        Assert.NotSame(kmsOptions, plainOptions);
    }

    private sealed class Provider : AnalyzerConfigOptionsProvider
    {
        private readonly Dictionary<SyntaxTree, Options> _trees;

        public Provider(Dictionary<SyntaxTree, Options> trees) => _trees = trees;

        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _trees[tree];

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => GlobalOptions;
    }

    private sealed class Options : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> _values;

        public Options(Dictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
    }
}
