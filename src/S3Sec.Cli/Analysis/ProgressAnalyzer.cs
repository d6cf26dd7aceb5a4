using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace S3Sec.Cli.Analysis;

/// <summary>
/// Counts source files as the analyzer driver finishes them, so progress moves during the analysis of one large
/// project instead of jumping from 0 to all at its end. It reports nothing.
/// </summary>
#pragma warning disable RS1001 // Handed to CompilationWithAnalyzers by the scanner itself; no host discovers it.
internal sealed class ProgressAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1001
{
    // Never reported and never shipped in a package, so it has no place in the rule release tracking.
#pragma warning disable RS2008
    private static readonly DiagnosticDescriptor Never = new(
        "S3SECPROGRESS",
        "Scan progress",
        "Scan progress",
        "S3Sec.Internal",
        DiagnosticSeverity.Hidden,
        isEnabledByDefault: true);
#pragma warning restore RS2008

    private readonly ScanProgress _progress;
    private readonly HashSet<SyntaxTree> _sources;
    private int _count;

    public ProgressAnalyzer(ScanProgress progress, IEnumerable<SyntaxTree> sources)
    {
        _progress = progress;
        _sources = new HashSet<SyntaxTree>(sources);
    }

    /// <summary>
    /// Counts <paramref name="tree"/> too: a source the scan compiles in place of one of the sources (its bodies
    /// blanked). Called before the analysis starts.
    /// </summary>
    public void AddSource(SyntaxTree tree) => _sources.Add(tree);

    /// <summary>Source files counted so far.</summary>
    public int Count => Volatile.Read(ref _count);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Never);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
        context.RegisterSemanticModelAction(c =>
        {
            if (!_sources.Contains(c.SemanticModel.SyntaxTree))
            {
                return;
            }

            Interlocked.Increment(ref _count);
            _progress.FilesScanned(1);
        });
    }
}
