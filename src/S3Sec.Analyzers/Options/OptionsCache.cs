using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace S3Sec.Analyzers.Options;

/// <summary>Parses the options once per syntax tree; every tree can have its own <c>.editorconfig</c>.</summary>
internal sealed class OptionsCache
{
    /// <summary>
    /// Six analyzers read the same options of the same trees, and the driver gives them one options provider per
    /// compilation: sharing the cache parses each tree's options once instead of once per analyzer. Weak keys,
    /// so the cache lives no longer than the provider.
    /// </summary>
    private static readonly ConditionalWeakTable<AnalyzerConfigOptionsProvider, OptionsCache> Shared = new();

    private static readonly ConditionalWeakTable<AnalyzerConfigOptionsProvider, OptionsCache>.CreateValueCallback
        CreateShared = provider => new OptionsCache(provider);

    private readonly ConditionalWeakTable<SyntaxTree, S3SecOptions> _cache = new();

    // Made once: a lambda capturing the provider at each call would allocate a delegate per lookup.
    private readonly ConditionalWeakTable<SyntaxTree, S3SecOptions>.CreateValueCallback _read;

    /// <summary>
    /// The distinct options read so far. Nearly every tree of a project has the same settings, and the rules cache
    /// what they derive from an options object (diagnostic properties, name lists) by its identity: one object per
    /// distinct setting, not one per tree, lets those caches hit.
    /// </summary>
    private ImmutableArray<S3SecOptions> _distinct = ImmutableArray<S3SecOptions>.Empty;

    private OptionsCache(AnalyzerConfigOptionsProvider provider)
    {
        _read = tree => Intern(S3SecOptions.Read(provider.GetOptions(tree)));
    }

    private S3SecOptions Intern(S3SecOptions options)
    {
        while (true)
        {
            var distinct = _distinct;
            foreach (var known in distinct)
            {
                if (known.HasSameSettings(options))
                {
                    return known;
                }
            }

            if (ImmutableInterlocked.InterlockedCompareExchange(ref _distinct, distinct.Add(options), distinct)
                == distinct)
            {
                return options;
            }
        }
    }

    /// <summary>The cache shared by every analyzer that reads options through this provider.</summary>
    public static OptionsCache For(AnalyzerConfigOptionsProvider provider) => Shared.GetValue(provider, CreateShared);

    public S3SecOptions Get(SyntaxTree tree)
    {
        return _cache.GetValue(tree, _read);
    }
}
