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
using S3Sec.Analyzers.Model;

namespace S3Sec.Cli.Analysis;

/// <summary>
/// Analyses only the files of a project that can hold an S3Sec finding, in a compilation of only the files they can
/// need. Every S3Sec rule reports on S3 syntax (a request's <c>new</c>, a call on a client, an assignment to an S3
/// property), and naming an S3 type takes the word <c>Amazon</c> in the file (a using, a qualified name) unless a
/// global using brings it; S3SEC013 also reports on S3Sec.Crypto's key factories, named with the word
/// <c>S3Sec</c>. The other files are compiled only when a candidate can need them
/// (<see cref="CompilationClosure"/>), and their method bodies are never bound: in a large repository with a few
/// files of S3 code that is most of the work of a scan.
/// </summary>
internal static class SelectiveAnalysis
{
    /// <summary>The options S3SEC090 checks (the analyzers' own constant is internal to an assembly named
    /// differently from this one's friend name).</summary>
    private const string S3SecOptionPrefix = "s3sec.";

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

    /// <summary>True for a member name through which S3 code can be reached without naming an S3 type.</summary>
    public static bool IsS3MemberName(string name) => S3MemberNames.Contains(name);

    /// <summary>How the file names S3, from one pass over its identifiers.</summary>
    public static S3Mention Mention(SyntaxTree tree) => FileNames.Of(tree).Mention;

    /// <summary>
    /// The trees to analyse, from each tree's <see cref="FileNames"/> (the scanner needs them first to decide
    /// whether the project is compiled at all): those that name S3 or S3Sec, and those that
    /// <paramref name="imports"/> lets name them without the word; all of them when a global using of an Amazon
    /// namespace hides the word.
    /// </summary>
    public static IReadOnlyList<SyntaxTree> Candidates(
        IReadOnlyList<SyntaxTree> trees,
        IReadOnlyList<FileNames> names,
        GlobalImports imports)
    {
        if (imports.AllFiles)
        {
            return trees;
        }

        return trees.Where((_, i) => names[i].Mention != S3Mention.None || imports.Selects(names[i])).ToList();
    }

    /// <summary>
    /// The trees to compile, in their original order: the candidates, the files they can need
    /// (<see cref="CompilationClosure"/>), and a file for each <c>s3sec.*</c> option value that no compiled file
    /// carries, so that S3SEC090 reports the same options as for the whole project.
    /// </summary>
    /// <param name="trees">The project's source files.</param>
    /// <param name="names">What each of them names and declares.</param>
    /// <param name="candidates">The files to analyse.</param>
    /// <param name="outside">Trees compiled with them that are not among <paramref name="trees"/> (generated).</param>
    /// <param name="options">The analyzer options of each tree.</param>
    public static IReadOnlyList<SyntaxTree> Compiled(
        IReadOnlyList<SyntaxTree> trees,
        IReadOnlyList<FileNames> names,
        IReadOnlyList<SyntaxTree> candidates,
        IEnumerable<SyntaxTree> outside,
        AnalyzerConfigOptionsProvider options)
    {
        if (candidates.Count >= trees.Count)
        {
            return trees;
        }

        var closure = new CompilationClosure(names);
        foreach (var tree in outside)
        {
            closure.IncludeNamesOf(FileNames.Of(tree));
        }

        var isCandidate = new HashSet<SyntaxTree>(candidates);
        for (var i = 0; i < trees.Count; i++)
        {
            if (isCandidate.Contains(trees[i]))
            {
                closure.Include(i);
            }
        }

        var optionsSeen = new HashSet<(string Key, string Value)>();
        for (var i = 0; i < trees.Count; i++)
        {
            if (closure.Contains(i))
            {
                AddS3SecOptions(options.GetOptions(trees[i]), optionsSeen);
            }
        }

        for (var i = 0; i < trees.Count; i++)
        {
            if (!closure.Contains(i) && AddS3SecOptions(options.GetOptions(trees[i]), optionsSeen))
            {
                closure.Include(i);
            }
        }

        return trees.Where((_, i) => closure.Contains(i)).ToList();
    }

    /// <summary>Adds the tree's <c>s3sec.*</c> entries; true when one of them was new.</summary>
    private static bool AddS3SecOptions(AnalyzerConfigOptions options, HashSet<(string Key, string Value)> seen)
    {
        var added = false;
        foreach (var key in options.Keys)
        {
            if (key.StartsWith(S3SecOptionPrefix, StringComparison.Ordinal)
                && options.TryGetValue(key, out var value))
            {
                added |= seen.Add((key, value));
            }
        }

        return added;
    }

    /// <summary>
    /// Runs the analyzers on <paramref name="candidates"/> only, or on the whole compilation when every compiled
    /// source is a candidate (<paramref name="sourceCount"/>): one request then does the same work as a request per
    /// file, and took 29 and 36 s against 42 and 46 s on the 10,000-file bench tree. Diagnostics an analyzer reports
    /// in another file while analysing a candidate are kept as well. <paramref name="candidateDone"/> is called as
    /// each candidate's request ends, so progress can move; in one request it is never called.
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> RunAsync(
        CompilationWithAnalyzers analysis,
        IReadOnlyList<SyntaxTree> candidates,
        int sourceCount,
        ImmutableArray<DiagnosticAnalyzer> compilationWideAnalyzers,
        CancellationToken cancellationToken,
        Action? candidateDone = null)
    {
        // No candidate (an MSBuild project without S3 code): the project-wide analyzers alone, not every tree.
        if (InOnePass(candidates.Count, sourceCount))
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
            candidateDone?.Invoke();
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

    /// <summary>True when <see cref="RunAsync"/> analyses the whole compilation in one request.</summary>
    public static bool InOnePass(int candidates, int sourceCount) => candidates > 0 && candidates >= sourceCount;
}

/// <summary>
/// What the global usings of a project let its files name without writing <c>Amazon</c> or <c>S3Sec</c>: every S3
/// type after a global using of an <c>Amazon</c> namespace (every file is then a candidate, as before); S3Sec.Crypto's
/// key types after one of an <c>S3Sec</c> namespace, so a file that writes one of their names, or a global alias of
/// S3Sec, is a candidate too. A <c>global using static</c> of an S3Sec type lets a file call its factories by their
/// bare names, so every file is a candidate then. Read from the usings' syntax alone, as the rest of the selection.
/// </summary>
internal sealed class GlobalImports
{
    /// <summary>
    /// The S3Sec.Crypto types whose factories S3SEC013 reports on, the only S3Sec rule whose code need not name an
    /// AWS type.
    /// </summary>
    private static readonly ImmutableArray<string> KeyTypeNames = CryptoKeyFactories.SimpleNames;

    private GlobalImports(bool allFiles, ImmutableHashSet<string> names)
    {
        AllFiles = allFiles;
        Names = names;
    }

    /// <summary>True when any file can name S3 code without the word: every file is a candidate.</summary>
    public bool AllFiles { get; }

    /// <summary>Identifiers that make a file a candidate although it writes neither word.</summary>
    public ImmutableHashSet<string> Names { get; }

    /// <summary>True when a global using brings in anything of Amazon or S3Sec.</summary>
    public bool Any => AllFiles || !Names.IsEmpty;

    /// <summary>True when <paramref name="file"/> can use what the global usings bring in.</summary>
    public bool Selects(FileNames file) => AllFiles || Names.Any(file.Identifiers.Contains);

    /// <summary>The global usings of <paramref name="trees"/>; only their top-level usings are read.</summary>
    public static GlobalImports Of(IEnumerable<SyntaxTree> trees)
    {
        var allFiles = false;
        var names = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var tree in trees)
        {
            if (tree.GetRoot() is not CompilationUnitSyntax unit)
            {
                continue;
            }

            foreach (var directive in unit.Usings)
            {
                if (!directive.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword))
                {
                    continue;
                }

                // The whole target, not only a name: an alias of a tuple or array type has no Name.
                var target = directive.NamespaceOrType.ToString();
                if (target.Contains("Amazon", StringComparison.Ordinal))
                {
                    allFiles = true;
                }
                else if (target.Contains("S3Sec", StringComparison.Ordinal))
                {
                    allFiles |= directive.StaticKeyword.IsKind(SyntaxKind.StaticKeyword);
                    names.UnionWith(KeyTypeNames);
                    if (directive.Alias is { } alias)
                    {
                        names.Add(alias.Name.Identifier.ValueText);
                    }
                }
            }
        }

        return new GlobalImports(allFiles, names.ToImmutable());
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

    /// <summary>
    /// The word <c>S3Sec</c> but no <c>Amazon</c>: S3Sec.Crypto's key factories, where S3SEC013 reports key material
    /// written in the source, need no AWS type in the file.
    /// </summary>
    Library,
}
