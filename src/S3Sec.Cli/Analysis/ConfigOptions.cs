using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace S3Sec.Cli.Analysis;

/// <summary>
/// The <c>.editorconfig</c>/<c>.globalconfig</c> settings of one compilation, computed by Roslyn's own
/// <see cref="AnalyzerConfigSet"/> so that sections, globs, <c>root = true</c> and global-config precedence behave
/// exactly as in a build. It feeds both the analyzers' options (<c>s3sec.*</c>) and the compiler's per-tree
/// severities (<c>dotnet_diagnostic.ID.severity</c>).
/// </summary>
internal sealed class ConfigOptions
{
    private readonly AnalyzerConfigSet _set;
    private readonly Dictionary<SyntaxTree, AnalyzerConfigOptionsResult> _trees = new();

    public ConfigOptions(IReadOnlyCollection<AnalyzerConfig> configs, out ImmutableArray<Diagnostic> diagnostics)
    {
        _set = AnalyzerConfigSet.Create(configs, out diagnostics);
        Global = _set.GlobalConfigOptions;
        Provider = new OptionsProvider(this);
        Severities = new SeverityProvider(this);
    }

    public AnalyzerConfigOptionsResult Global { get; }

    public AnalyzerConfigOptionsProvider Provider { get; }

    public SyntaxTreeOptionsProvider Severities { get; }

    /// <summary>Registers a tree; call for every tree before the compilation is analysed (not thread-safe).</summary>
    public ImmutableArray<Diagnostic> Add(SyntaxTree tree)
    {
        var result = _set.GetOptionsForSourcePath(tree.FilePath);
        _trees[tree] = result;
        return result.Diagnostics;
    }

    private AnalyzerConfigOptionsResult? Get(SyntaxTree tree)
    {
        return _trees.TryGetValue(tree, out var result) ? result : null;
    }

    private sealed class OptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly ConfigOptions _owner;
        private readonly Dictionary<SyntaxTree, AnalyzerConfigOptions> _cache = new();
        private readonly object _gate = new();

        public OptionsProvider(ConfigOptions owner)
        {
            _owner = owner;
            GlobalOptions = new DictionaryOptions(owner.Global.AnalyzerOptions);
        }

        public override AnalyzerConfigOptions GlobalOptions { get; }

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree)
        {
            lock (_gate)
            {
                if (_cache.TryGetValue(tree, out var cached))
                {
                    return cached;
                }

                var options = _owner.Get(tree) is { } result
                    ? new DictionaryOptions(result.AnalyzerOptions)
                    : DictionaryOptions.Empty;
                _cache[tree] = options;
                return options;
            }
        }

        // The scanner passes no additional files, so nothing can ask for their options.
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => DictionaryOptions.Empty;
    }

    private sealed class SeverityProvider : SyntaxTreeOptionsProvider
    {
        private readonly ConfigOptions _owner;

        public SeverityProvider(ConfigOptions owner)
        {
            _owner = owner;
        }

        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken)
        {
            if (_owner.Get(tree) is not { } result
                || !result.AnalyzerOptions.TryGetValue("generated_code", out var value))
            {
                return GeneratedKind.Unknown;
            }

            return bool.TryParse(value, out var generated)
                ? generated ? GeneratedKind.MarkedGenerated : GeneratedKind.NotGenerated
                : GeneratedKind.Unknown;
        }

        public override bool TryGetDiagnosticValue(
            SyntaxTree tree,
            string diagnosticId,
            CancellationToken cancellationToken,
            out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Default;
            return _owner.Get(tree) is { } result && result.TreeOptions.TryGetValue(diagnosticId, out severity);
        }

        public override bool TryGetGlobalDiagnosticValue(
            string diagnosticId,
            CancellationToken cancellationToken,
            out ReportDiagnostic severity)
        {
            return _owner.Global.TreeOptions.TryGetValue(diagnosticId, out severity);
        }
    }

    private sealed class DictionaryOptions : AnalyzerConfigOptions
    {
        public static readonly DictionaryOptions Empty = new(ImmutableDictionary<string, string>.Empty);

        private readonly ImmutableDictionary<string, string> _values;

        public DictionaryOptions(ImmutableDictionary<string, string> values)
        {
            _values = values.WithComparers(KeyComparer);
        }

        public override IEnumerable<string> Keys => _values.Keys;

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
        {
            return _values.TryGetValue(key, out value);
        }
    }
}
