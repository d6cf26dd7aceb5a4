using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace S3Sec.Cli.Analysis;

/// <summary>
/// Analyses only the files of a project that can hold an S3Sec finding. Every S3Sec rule reports on S3 syntax (a
/// request's <c>new</c>, a call on a client, an assignment to an S3 property), and naming an S3 type takes the
/// word <c>Amazon</c> in the file (a using, a qualified name) unless a global using brings it. The other files are
/// still in the compilation, so types resolve, but their method bodies are never bound: in a large repository with
/// a few files of S3 code that is most of the work of a scan.
/// </summary>
internal static class SelectiveAnalysis
{
    /// <summary>
    /// Member names through which S3 code can be reached without naming a type: a client or transfer utility held
    /// in a <c>var</c> from a factory, a request built by another file and changed here.
    /// </summary>
    private static readonly ImmutableHashSet<string> S3MemberNames = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "PutObject", "PutObjectAsync", "CopyObject", "CopyObjectAsync", "UploadPart", "UploadPartAsync",
        "InitiateMultipartUpload", "InitiateMultipartUploadAsync", "Upload", "UploadAsync", "UploadDirectory",
        "UploadDirectoryAsync", "GetPreSignedURL", "GetPreSignedURLAsync", "ServiceURL", "UseHttp",
        "ServerSideEncryptionMethod", "ServerSideEncryptionCustomerMethod", "ServerSideEncryptionCustomerProvidedKey",
        "EncryptionMaterials", "EncryptionMaterialsV2", "EncryptionMaterialsV4");

    /// <summary>The trees to analyse; all of them when a global using of an Amazon namespace hides the word.</summary>
    public static IReadOnlyList<SyntaxTree> Candidates(IReadOnlyList<SyntaxTree> trees, bool globalAmazonUsing)
        => Candidates(trees, trees.Select(Mention).ToList(), globalAmazonUsing);

    /// <summary>
    /// The same, from each tree's <see cref="Mention"/> already taken (the scanner needs them first to decide
    /// whether the project is compiled at all).
    /// </summary>
    public static IReadOnlyList<SyntaxTree> Candidates(
        IReadOnlyList<SyntaxTree> trees,
        IReadOnlyList<S3Mention> mentions,
        bool globalAmazonUsing)
    {
        if (globalAmazonUsing || trees.Any(HasGlobalAmazonUsing))
        {
            return trees;
        }

        return trees.Where((_, i) => mentions[i] != S3Mention.None).ToList();
    }

    /// <summary>How the file names S3, from one pass over its identifiers.</summary>
    public static S3Mention Mention(SyntaxTree tree)
    {
        var memberName = false;
        foreach (var token in tree.GetRoot().DescendantTokens())
        {
            if (!token.IsKind(SyntaxKind.IdentifierToken))
            {
                continue;
            }

            if (token.ValueText == "Amazon")
            {
                return S3Mention.Amazon;
            }

            memberName |= S3MemberNames.Contains(token.ValueText);
        }

        return memberName ? S3Mention.MemberName : S3Mention.None;
    }

    /// <summary>
    /// Runs the analyzers on <paramref name="candidates"/> only, or on the whole compilation when that is every
    /// tree. Diagnostics an analyzer reports in another file while analysing a candidate are kept as well.
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> RunAsync(
        CompilationWithAnalyzers analysis,
        IReadOnlyList<SyntaxTree> candidates,
        int sourceCount,
        ImmutableArray<DiagnosticAnalyzer> compilationWideAnalyzers,
        CancellationToken cancellationToken)
    {
        if (candidates.Count >= sourceCount)
        {
            return await analysis.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        }

        // One request per file, on every core: the driver serves concurrent requests for different files. The
        // project-wide analyzers stay out of them: each request would run them again over every file's options.
        var perFileAnalyzers = analysis.Analyzers.RemoveRange(compilationWideAnalyzers);
        var perFile = new ImmutableArray<Diagnostic>[candidates.Count];
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(Enumerable.Range(0, candidates.Count), options, async (i, token) =>
        {
            var model = analysis.Compilation.GetSemanticModel(candidates[i]);
            var result = await analysis.GetAnalysisResultAsync(model, filterSpan: null, perFileAnalyzers, token)
                .ConfigureAwait(false);
            perFile[i] = result.GetAllDiagnostics();
        }).ConfigureAwait(false);

        // A diagnostic reported in another file while analysing a candidate can come back with both files.
        var seen = new HashSet<Diagnostic>();
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var diagnostic in perFile.SelectMany(d => d))
        {
            if (seen.Add(diagnostic))
            {
                diagnostics.Add(diagnostic);
            }
        }

        if (!compilationWideAnalyzers.IsEmpty)
        {
            var projectWide = await analysis.GetAnalysisResultAsync(compilationWideAnalyzers, cancellationToken)
                .ConfigureAwait(false);
            foreach (var diagnostic in projectWide.GetAllDiagnostics())
            {
                if (seen.Add(diagnostic))
                {
                    diagnostics.Add(diagnostic);
                }
            }
        }

        return diagnostics.ToImmutable();
    }

    /// <summary>True for <c>global using Amazon...;</c>, which lets every file name S3 types unqualified.</summary>
    public static bool HasGlobalAmazonUsing(SyntaxTree tree)
    {
        if (tree.GetRoot() is not CompilationUnitSyntax unit)
        {
            return false;
        }

        foreach (var directive in unit.Usings)
        {
            if (directive.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword)
                && directive.Name?.ToString().Contains("Amazon", StringComparison.Ordinal) == true)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>What a file's identifiers say about S3 code in it.</summary>
internal enum S3Mention
{
    /// <summary>Neither <c>Amazon</c> nor an S3 member name: the file can hold no finding.</summary>
    None,

    /// <summary>An S3 member name (<c>PutObjectAsync</c>, <c>ServiceURL</c>, ...) but no <c>Amazon</c>.</summary>
    MemberName,

    /// <summary>The word <c>Amazon</c>: a using, a qualified name or an alias.</summary>
    Amazon,
}
