using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace S3Sec.Cli.Fixing;

/// <summary>Analyses the project's source trees and returns the diagnostics that count as findings.</summary>
internal delegate Task<ImmutableArray<Diagnostic>> FindingAnalysis(
    Project project,
    IReadOnlyList<SyntaxTree> sources,
    CancellationToken cancellationToken);

/// <summary>The sources of one project after fixing, and what is still reported on them.</summary>
internal sealed record FixOutcome(IReadOnlyList<SyntaxTree> Trees, ImmutableArray<Diagnostic> Diagnostics);

/// <summary>
/// Applies the S3Sec code fixes to one project the way <c>dotnet format analyzers</c> does: one diagnostic id at a
/// time, per document through the provider's Fix All (or the first action of each diagnostic when a provider has
/// none), always the first action a provider registers, which is the one its policy ranks first. The project lives
/// in an in-memory solution (built here for loose files, or the one the MSBuild loader opened); nothing is written.
/// </summary>
internal sealed class ProjectFixer
{
    /// <summary>
    /// Analyses per diagnostic id before giving up on it: a second pass catches diagnostics whose first actions
    /// disagreed on the equivalence key; a fix that never converges must not loop.
    /// </summary>
    private const int MaxPassesPerId = 4;

    private readonly FindingAnalysis _analyze;
    private readonly Action<string, string> _warn;
    private readonly List<DocumentId> _sourceIds = new();
    private readonly ProjectId _projectId;
    private Solution _solution;

    private ProjectFixer(Solution solution, ProjectId projectId, FindingAnalysis analyze, Action<string, string> warn)
    {
        _solution = solution;
        _projectId = projectId;
        _analyze = analyze;
        _warn = warn;
    }

    /// <summary>
    /// Fixes what it can in <paramref name="sources"/>; <paramref name="extraTrees"/> (generated global usings)
    /// take part in the compilation but are neither fixed nor returned.
    /// </summary>
    public static async Task<FixOutcome> RunAsync(
        string projectName,
        CSharpCompilationOptions compilationOptions,
        CSharpParseOptions parseOptions,
        IEnumerable<MetadataReference> references,
        IReadOnlyList<SyntaxTree> sources,
        IEnumerable<SyntaxTree> extraTrees,
        FindingAnalysis analyze,
        Action<string, string> warn,
        CancellationToken cancellationToken)
    {
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId(projectName);
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Create(),
            projectName,
            projectName,
            LanguageNames.CSharp,
            compilationOptions: compilationOptions,
            parseOptions: parseOptions,
            metadataReferences: references));
        var fixer = new ProjectFixer(solution, projectId, analyze, warn);
        foreach (var tree in sources)
        {
            fixer._sourceIds.Add(fixer.AddDocument(projectId, tree));
        }

        foreach (var tree in extraTrees)
        {
            fixer.AddDocument(projectId, tree);
        }

        return await fixer.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Fixes what it can in the <paramref name="sources"/> documents of a project already loaded; the project's other
    /// documents (generated ones, files outside the scanned folder) take part but are neither fixed nor returned.
    /// </summary>
    public static async Task<FixOutcome> RunAsync(
        Solution solution,
        ProjectId projectId,
        IReadOnlyList<DocumentId> sources,
        FindingAnalysis analyze,
        Action<string, string> warn,
        CancellationToken cancellationToken)
    {
        var fixer = new ProjectFixer(solution, projectId, analyze, warn);
        fixer._sourceIds.AddRange(sources);
        return await fixer.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    private DocumentId AddDocument(ProjectId projectId, SyntaxTree tree)
    {
        var id = DocumentId.CreateNewId(projectId, tree.FilePath);
        var name = System.IO.Path.GetFileName(tree.FilePath);
        _solution = _solution.AddDocument(id, name, tree.GetText(), filePath: tree.FilePath);
        return id;
    }

    private async Task<FixOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var diagnostics = await AnalyzeAsync(cancellationToken).ConfigureAwait(false);
        var ids = diagnostics.Select(d => d.Id)
            .Where(CodeFixCatalog.CanFix)
            .Distinct()
            .OrderBy(i => i, StringComparer.Ordinal)
            .ToList();
        var stale = false;
        foreach (var id in ids)
        {
            for (var pass = 0; pass < MaxPassesPerId; pass++)
            {
                if (stale)
                {
                    diagnostics = await AnalyzeAsync(cancellationToken).ConfigureAwait(false);
                    stale = false;
                }

                var changed = false;
                foreach (var group in diagnostics.Where(d => d.Id == id).GroupBy(d => d.Location.SourceTree))
                {
                    changed |= await FixDocumentAsync(id, group.Key!, group.ToList(), cancellationToken)
                        .ConfigureAwait(false);
                }

                if (!changed)
                {
                    break;
                }

                stale = true;
            }
        }

        if (stale)
        {
            diagnostics = await AnalyzeAsync(cancellationToken).ConfigureAwait(false);
        }

        return new FixOutcome(await SourceTreesAsync(cancellationToken).ConfigureAwait(false), diagnostics);
    }

    private async Task<bool> FixDocumentAsync(
        string diagnosticId,
        SyntaxTree tree,
        List<Diagnostic> diagnostics,
        CancellationToken cancellationToken)
    {
        if (_solution.GetDocumentId(tree) is not { } documentId
            || _solution.GetDocument(documentId) is not { } document)
        {
            return false;
        }

        try
        {
            var firsts = new List<(Diagnostic Diagnostic, CodeAction Action, CodeFixProvider Provider)>();
            foreach (var diagnostic in diagnostics)
            {
                if (await FirstActionAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } first)
                {
                    firsts.Add((diagnostic, first.Action, first.Provider));
                }
            }

            if (firsts.Count == 0)
            {
                return false;
            }

            var (_, action, provider) = firsts[0];
            var key = action.EquivalenceKey;
            var fixAll = provider.GetFixAllProvider();
            if (key is not null
                && fixAll is not null
                && fixAll.GetSupportedFixAllScopes().Contains(FixAllScope.Document))
            {
                // Only the diagnostics whose own first choice is this one: a Fix All over the others would apply an
                // action their policy does not rank first.
                var batch = firsts
                    .Where(f => f.Provider == provider && f.Action.EquivalenceKey == key)
                    .Select(f => f.Diagnostic)
                    .ToImmutableArray();
                var context = new FixAllContext(
                    document,
                    provider,
                    FixAllScope.Document,
                    key,
                    new[] { diagnosticId },
                    new FixedDiagnosticProvider(document, batch),
                    cancellationToken);
                action = await fixAll.GetFixAsync(context).ConfigureAwait(false) ?? action;
            }

            return await ApplyAsync(documentId, action, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _warn(tree.FilePath, $"the {diagnosticId} fix failed ({ex.GetType().Name}: {ex.Message}); not fixed");
            return false;
        }
    }

    /// <summary>The first action any provider registers for the diagnostic, with that provider.</summary>
    private static async Task<(CodeAction Action, CodeFixProvider Provider)?> FirstActionAsync(
        Document document,
        Diagnostic diagnostic,
        CancellationToken cancellationToken)
    {
        if (!CodeFixCatalog.ByDiagnosticId.TryGetValue(diagnostic.Id, out var providers))
        {
            return null;
        }

        foreach (var provider in providers)
        {
            CodeAction? first = null;
            var context = new CodeFixContext(
                document,
                diagnostic,
                (action, _) => first ??= action,
                cancellationToken);
            await provider.RegisterCodeFixesAsync(context).ConfigureAwait(false);
            while (first is not null && !first.NestedActions.IsDefaultOrEmpty)
            {
                first = first.NestedActions[0];
            }

            if (first is not null)
            {
                return (first, provider);
            }
        }

        return null;
    }

    /// <summary>Takes the action's edit of this one document; the S3Sec fixes never touch another.</summary>
    private async Task<bool> ApplyAsync(DocumentId documentId, CodeAction action, CancellationToken cancellationToken)
    {
        var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        var apply = operations.OfType<ApplyChangesOperation>().FirstOrDefault();
        if (apply?.ChangedSolution.GetDocument(documentId) is not { } changed)
        {
            return false;
        }

        var before = await _solution.GetDocument(documentId)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
        var after = await changed.GetTextAsync(cancellationToken).ConfigureAwait(false);
        if (after.ContentEquals(before))
        {
            return false;
        }

        _solution = _solution.WithDocumentText(documentId, after);
        return true;
    }

    private async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(CancellationToken cancellationToken)
    {
        var sources = await SourceTreesAsync(cancellationToken).ConfigureAwait(false);
        return await _analyze(_solution.GetProject(_projectId)!, sources, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<SyntaxTree>> SourceTreesAsync(CancellationToken cancellationToken)
    {
        var trees = new List<SyntaxTree>(_sourceIds.Count);
        foreach (var id in _sourceIds)
        {
            var tree = await _solution.GetDocument(id)!.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
            trees.Add(tree!);
        }

        return trees;
    }

    /// <summary>Hands Fix All exactly the diagnostics chosen for it, in the one document being fixed.</summary>
    private sealed class FixedDiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        private readonly Document _document;
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public FixedDiagnosticProvider(Document document, ImmutableArray<Diagnostic> diagnostics)
        {
            _document = document;
            _diagnostics = diagnostics;
        }

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(
            Document document,
            CancellationToken cancellationToken)
        {
            return Task.FromResult(document.Id == _document.Id ? _diagnostics : Enumerable.Empty<Diagnostic>());
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(
            Project project,
            CancellationToken cancellationToken)
        {
            return Task.FromResult(Enumerable.Empty<Diagnostic>());
        }

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(
            Project project,
            CancellationToken cancellationToken)
        {
            return GetDocumentDiagnosticsAsync(_document, cancellationToken);
        }
    }
}
