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
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using S3Sec.Analyzers.Tests.Verifiers;

namespace S3Sec.Analyzers.Tests.Robustness;

/// <summary>
/// Runs every S3Sec analyzer and code fix outside the test framework's verifier, collecting what goes wrong
/// instead of stopping at the first surprise: analyzer exceptions (what the IDE shows as AD0001), fixer
/// exceptions, and fixes that leave the code parsing worse than before.
/// </summary>
internal static class AnalyzerHarness
{
    private static readonly Lazy<Task<ImmutableArray<MetadataReference>>> References = new(
        () => SdkReferences.Resolve(SdkLine.V4));

    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = typeof(RuleIdentifiers).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static ImmutableArray<CodeFixProvider> Fixers { get; } =
        typeof(S3Sec.CodeFixes.ServerSideEncryptionCodeFixProvider).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    public static async Task<Project> CreateProjectAsync(IReadOnlyList<string> sources)
    {
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject("Fuzzed", LanguageNames.CSharp)
            .WithCompilationOptions(new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable))
            .WithParseOptions(new CSharpParseOptions(LanguageVersion.Latest))
            .WithMetadataReferences(await References.Value.ConfigureAwait(false));
        for (var i = 0; i < sources.Count; i++)
        {
            project = project.AddDocument($"File{i}.cs", SourceText.From(sources[i]), filePath: $"/src/File{i}.cs")
                .Project;
        }

        return project;
    }

    /// <summary>Analyzer diagnostics, with analyzer exceptions collected into <paramref name="failures"/>.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(
        Project project,
        List<string> failures,
        bool concurrent = true,
        ImmutableArray<DiagnosticAnalyzer>? analyzers = null)
    {
        var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
        var options = new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions,
            (exception, analyzer, _) =>
            {
                lock (failures)
                {
                    failures.Add($"{analyzer.GetType().Name} threw {exception.GetType().Name}: {exception.Message}");
                }
            },
            concurrent,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers ?? Analyzers, options)
            .GetAnalyzerDiagnosticsAsync(CancellationToken.None).ConfigureAwait(false);
        foreach (var diagnostic in diagnostics.Where(d => d.Id == "AD0001"))
        {
            failures.Add(diagnostic.GetMessage());
        }

        return diagnostics.Where(d => d.Id.StartsWith("S3SEC", StringComparison.Ordinal)).ToImmutableArray();
    }

    /// <summary>
    /// Applies every fix offered for the diagnostics (a few per run) and records fixers that throw or that leave
    /// more syntax errors than the document had.
    /// </summary>
    public static async Task ApplyFixesAsync(
        Project project,
        ImmutableArray<Diagnostic> diagnostics,
        List<string> failures,
        int maxDiagnostics = 4)
    {
        foreach (var diagnostic in diagnostics.Take(maxDiagnostics))
        {
            var path = diagnostic.Location.SourceTree?.FilePath;
            var document = project.Documents.FirstOrDefault(d => d.FilePath == path);
            if (document is null)
            {
                continue;
            }

            var before = await SyntaxErrorCountAsync(document).ConfigureAwait(false);
            foreach (var fixer in Fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var actions = new List<CodeAction>();
                var context = new CodeFixContext(
                    document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
                try
                {
                    await fixer.RegisterCodeFixesAsync(context).ConfigureAwait(false);
                    foreach (var action in actions)
                    {
                        var operations = await action.GetOperationsAsync(CancellationToken.None).ConfigureAwait(false);
                        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution
                            .GetDocument(document.Id)!;
                        var after = await SyntaxErrorCountAsync(changed).ConfigureAwait(false);
                        if (after > before)
                        {
                            failures.Add($"{fixer.GetType().Name} '{action.Title}' left {after} syntax errors "
                                + $"where there were {before}");
                        }
                    }
                }
                catch (Exception exception)
                {
                    failures.Add($"{fixer.GetType().Name} threw {exception.GetType().Name}: {exception.Message}");
                }
            }
        }
    }

    private static async Task<int> SyntaxErrorCountAsync(Document document)
    {
        var tree = await document.GetSyntaxTreeAsync().ConfigureAwait(false);
        return tree!.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
    }
}
