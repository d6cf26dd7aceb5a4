using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using S3Sec.Cli.Analysis;
using Xunit;

namespace S3Sec.Cli.Tests;

/// <summary>
/// How <see cref="SelectiveAnalysis.RunAsync"/> lets the progress line move: once per candidate as its request ends,
/// and never in one request, whose files the line shows apart. A count made inside the analysis, by an analyzer's
/// semantic-model action, stood at 0 until the end of the per-file requests.
/// </summary>
public sealed class SelectiveAnalysisProgressTests
{
    [Fact]
    public async Task PerFileRequests_CountEachCandidateAsItEnds()
    {
        var (analysis, trees) = Analysis("class A { }", "class B { }", "class C { }", "static class D { }");
        var done = 0;

        await SelectiveAnalysis.RunAsync(
            analysis,
            trees.Take(3).ToList(),
            trees.Length,
            AnalyzerCatalog.ProjectWideAnalyzers,
            CancellationToken.None,
            () => Interlocked.Increment(ref done));

        Assert.Equal(3, done);
    }

    [Fact]
    public async Task OneRequest_CountsNothing()
    {
        var (analysis, trees) = Analysis("class A { }", "class B { }");
        var done = 0;

        await SelectiveAnalysis.RunAsync(
            analysis,
            trees,
            trees.Length,
            AnalyzerCatalog.ProjectWideAnalyzers,
            CancellationToken.None,
            () => Interlocked.Increment(ref done));

        Assert.Equal(0, done);
    }

    private static (CompilationWithAnalyzers Analysis, ImmutableArray<SyntaxTree> Trees) Analysis(
        params string[] sources)
    {
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, path: $"F{i}.cs")).ToImmutableArray();
        var compilation = CSharpCompilation.Create(
            "Progress", trees, options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return (compilation.WithAnalyzers(AnalyzerCatalog.ForScan), trees);
    }
}
