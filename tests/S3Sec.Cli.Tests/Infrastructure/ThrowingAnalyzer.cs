using System;
using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using S3Sec.Cli.Analysis;

namespace S3Sec.Cli.Tests.Infrastructure;

// Handed to the scan directly, never discovered by a compiler or an IDE: no attribute, no release tracking.
#pragma warning disable RS1001, RS2008

/// <summary>An analyzer that throws on every object creation: an AD0001 where any S3 request is built.</summary>
internal sealed class ThrowingAnalyzer : DiagnosticAnalyzer
{
    /// <summary>What the scanner says about it, after the project's name.</summary>
    public const string Failure =
        "ThrowingAnalyzer threw InvalidOperationException: thrown on purpose; what it checks is not checked here";

    private static readonly DiagnosticDescriptor Rule = new(
        "TEST001",
        "Throws",
        "Throws",
        "Test",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <summary>
    /// Runs <paramref name="scan"/> with this analyzer added, on a task of its own, so the analyzer stays in that
    /// task's flow and no other test's scan sees it.
    /// </summary>
    public static CliResult Added(Func<CliResult> scan) => WithAdded(new ThrowingAnalyzer(), scan);

    /// <summary>
    /// Runs <paramref name="scan"/> with <paramref name="analyzer"/> added to the scan's analyzers, in a task of its
    /// own. Adding one of S3Sec's own analyzers a second time makes the compiler refuse the whole set (a duplicate
    /// analyzer), which is how tests make a project's analysis fail inside the scanner rather than in an analyzer.
    /// </summary>
    public static CliResult WithAdded(DiagnosticAnalyzer analyzer, Func<CliResult> scan)
    {
        return Task.Run(() =>
            {
                AnalyzerCatalog.AddedForTests.Value = ImmutableArray.Create(analyzer);
                return scan();
            })
            .GetAwaiter()
            .GetResult();
    }

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxNodeAction(
            _ => throw new InvalidOperationException("thrown on purpose"),
            SyntaxKind.ObjectCreationExpression);
    }
}
