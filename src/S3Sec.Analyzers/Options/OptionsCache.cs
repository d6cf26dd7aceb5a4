using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace S3Sec.Analyzers.Options;

/// <summary>Parses the options once per syntax tree; every tree can have its own <c>.editorconfig</c>.</summary>
internal sealed class OptionsCache
{
    private readonly AnalyzerConfigOptionsProvider _provider;
    private readonly ConditionalWeakTable<SyntaxTree, S3SecOptions> _cache = new();

    public OptionsCache(AnalyzerConfigOptionsProvider provider)
    {
        _provider = provider;
    }

    public S3SecOptions Get(SyntaxTree tree)
    {
        return _cache.GetValue(tree, t => S3SecOptions.Read(_provider.GetOptions(t)));
    }
}
