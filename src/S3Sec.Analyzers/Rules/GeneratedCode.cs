using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace S3Sec.Analyzers.Rules;

/// <summary>
/// How the analyzers stay out of generated code without paying the driver's per-diagnostic check. With
/// <see cref="GeneratedCodeAnalysisFlags.None"/> the driver checks every reported location for generated code, and
/// the first report in a file scans all of that file's tokens for a <c>GeneratedCode</c> attribute: profiled, that
/// scan was the largest single cost of S3Sec on files with findings. With <see cref="Flags"/> the driver still
/// skips generated files and members carrying <c>[GeneratedCode]</c> before any callback runs, and every S3Sec
/// diagnostic lies in the body of the member being analyzed, so the only part of the check left to do here is the
/// one the driver would have added: spans under <c>#line hidden</c>.
/// </summary>
internal static class GeneratedCode
{
    public const GeneratedCodeAnalysisFlags Flags = GeneratedCodeAnalysisFlags.ReportDiagnostics;

    public static void Report(this OperationAnalysisContext context, Diagnostic diagnostic)
    {
        var location = diagnostic.Location;
        if (location.SourceTree is { } tree && tree.HasHiddenRegions()
            && tree.GetLineVisibility(location.SourceSpan.Start, context.CancellationToken) == LineVisibility.Hidden)
        {
            return;
        }

        context.ReportDiagnostic(diagnostic);
    }
}
