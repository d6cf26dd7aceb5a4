using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace S3Sec.Bench.Analyzers;

// A probe run in this process only, never shipped or loaded by a compiler: the rules for shipped analyzers
// (target framework, extended rules, release tracking) do not apply.
#pragma warning disable RS1001, RS1036, RS1041, RS2008

/// <summary>
/// The floor of any analyzer that looks at S3 calls: it asks to be called for every object creation, invocation
/// and simple assignment, as S3Sec's analyzers do, and returns at once. What the compiler's report charges to it
/// is the driver's cost of one callback per operation, which no analyzer of that shape can go below.
/// </summary>
internal sealed class FloorAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Unused = new(
        "FLOOR001", "Unused", "Unused", "Bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Unused);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(
            _ => { },
            OperationKind.ObjectCreation,
            OperationKind.Invocation,
            OperationKind.SimpleAssignment);
    }
}
#pragma warning restore RS1001, RS1036, RS1041, RS2008
