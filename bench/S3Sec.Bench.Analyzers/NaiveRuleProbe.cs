using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace S3Sec.Bench.Analyzers;

// A probe run in this process only, never shipped or loaded by a compiler: the rules for shipped analyzers
// (target framework, extended rules, release tracking) do not apply.
#pragma warning disable RS1001, RS1036, RS1041, RS2008

/// <summary>
/// The cheapest rule that still does part of S3SEC001's job: a <c>new PutObjectRequest</c> whose initializer does
/// not set <c>ServerSideEncryptionMethod</c>. It follows nothing (a later assignment, a helper, the client, the
/// transfer utility, copies, multipart uploads, the policy), so it reports writes that are encrypted after their
/// initializer and misses every other kind of write. What it costs next to the median peer says whether "each
/// analyzer below a typical NetAnalyzers analyzer" is reachable by an analyzer that reports anything at all, and
/// what its count says next to S3SEC001's is what that cost would buy. Built with <c>report: false</c> it does the
/// same work and reports nothing: the difference between the two is the driver's cost of the reports themselves.
/// </summary>
internal sealed class NaiveRuleProbe : DiagnosticAnalyzer
{
    private readonly bool _report;

    public NaiveRuleProbe(bool report) => _report = report;

    private static readonly DiagnosticDescriptor Rule = new(
        "NAIVE001", "Unencrypted put", "Unencrypted put", "Bench", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // As S3Sec's analyzers do (src/S3Sec.Analyzers/Rules/GeneratedCode.cs): with None, the driver scans each file
        // for a GeneratedCode attribute at its first report there, which is most of what a report costs.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            if (start.Compilation.GetTypeByMetadataName("Amazon.S3.Model.PutObjectRequest") is not { } request)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, request, _report), OperationKind.ObjectCreation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol request, bool report)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!SymbolEqualityComparer.Default.Equals(creation.Type, request))
        {
            return;
        }

        if (creation.Initializer is { } initializer)
        {
            foreach (var member in initializer.Initializers)
            {
                if (member is ISimpleAssignmentOperation
                    {
                        Target: IPropertyReferenceOperation { Property.Name: "ServerSideEncryptionMethod" },
                    })
                {
                    return;
                }
            }
        }

        // The location is made either way, so the two probes differ only in the report.
        var location = creation.Syntax.GetLocation();
        if (report)
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, location));
        }
    }
}
#pragma warning restore RS1001, RS1036, RS1041, RS2008
