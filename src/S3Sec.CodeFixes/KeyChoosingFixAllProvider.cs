using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace S3Sec.CodeFixes;

/// <summary>
/// The batch fixer, made to work when the caller names no equivalence key. <c>dotnet format analyzers</c> takes
/// the key from the first action its first diagnostic gets; when that one diagnostic has no fix (two protectors
/// in scope, a URL with its own port, a request whose encryption is assigned later), the key is null, the batch
/// fixer matches no action, and not one occurrence in the solution is fixed. Here a null key becomes the key of
/// the first action of the first fixable diagnostic, in file and position order, so the outcome does not depend
/// on which diagnostic the caller happened to list first. A caller that names a key (the IDE) is passed through.
/// </summary>
internal sealed class KeyChoosingFixAllProvider : FixAllProvider
{
    public static readonly KeyChoosingFixAllProvider Instance = new();

    private static readonly FixAllProvider Batch = WellKnownFixAllProviders.BatchFixer;

    private KeyChoosingFixAllProvider()
    {
    }

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => Batch.GetSupportedFixAllScopes();

    public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        if (fixAllContext.CodeActionEquivalenceKey is null
            && fixAllContext.Scope is FixAllScope.Document or FixAllScope.Project or FixAllScope.Solution
            && await FirstKeyAsync(fixAllContext).ConfigureAwait(false) is { } key)
        {
            var provider = new ForwardingDiagnosticProvider(fixAllContext);
            fixAllContext = fixAllContext.Document is { } document
                ? new FixAllContext(document, fixAllContext.CodeFixProvider, fixAllContext.Scope, key,
                    fixAllContext.DiagnosticIds, provider, fixAllContext.CancellationToken)
                : new FixAllContext(fixAllContext.Project, fixAllContext.CodeFixProvider, fixAllContext.Scope, key,
                    fixAllContext.DiagnosticIds, provider, fixAllContext.CancellationToken);
        }

        return await Batch.GetFixAsync(fixAllContext).ConfigureAwait(false);
    }

    private static async Task<string?> FirstKeyAsync(FixAllContext context)
    {
        var diagnostics = new List<Diagnostic>();
        if (context.Scope == FixAllScope.Document)
        {
            if (context.Document is { } document)
            {
                diagnostics.AddRange(await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false));
            }
        }
        else
        {
            var projects = context.Scope == FixAllScope.Solution
                ? context.Solution.Projects
                : new[] { context.Project };
            foreach (var project in projects)
            {
                diagnostics.AddRange(await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
            }
        }

        var ordered = diagnostics
            .Where(d => d.Location.IsInSource)
            .OrderBy(d => d.Location.SourceTree!.FilePath, System.StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start);
        foreach (var diagnostic in ordered)
        {
            if (context.Solution.GetDocument(diagnostic.Location.SourceTree) is not { } document)
            {
                continue;
            }

            string? key = null;
            var codeFixContext = new CodeFixContext(
                document,
                diagnostic,
                (action, _) => key ??= action.EquivalenceKey,
                context.CancellationToken);
            await context.CodeFixProvider.RegisterCodeFixesAsync(codeFixContext).ConfigureAwait(false);
            if (key is not null)
            {
                return key;
            }
        }

        return null;
    }

    /// <summary>Hands the batch fixer the diagnostics the caller collected, as they are.</summary>
    private sealed class ForwardingDiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        private readonly FixAllContext _inner;

        public ForwardingDiagnosticProvider(FixAllContext inner)
        {
            _inner = inner;
        }

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(
            Document document,
            CancellationToken cancellationToken)
        {
            return await _inner.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);
        }

        public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(
            Project project,
            CancellationToken cancellationToken)
        {
            return await _inner.GetProjectDiagnosticsAsync(project).ConfigureAwait(false);
        }

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(
            Project project,
            CancellationToken cancellationToken)
        {
            return await _inner.GetAllDiagnosticsAsync(project).ConfigureAwait(false);
        }
    }
}
