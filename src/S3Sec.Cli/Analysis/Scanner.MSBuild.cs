using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;
using Microsoft.CodeAnalysis.Text;
using S3Sec.Cli.Discovery;
using S3Sec.Cli.Fixing;
using S3Sec.Cli.Projects;
using S3Sec.Cli.Reporting;

namespace S3Sec.Cli.Analysis;

/// <summary>
/// The MSBuild loader: the projects are evaluated by MSBuild (in Roslyn's BuildHost process, from the SDK the
/// project's global.json picks), so each compilation is the build's own: its package and project references, defines,
/// language version, generated sources and analyzer config files. Only S3Sec's analyzers run on it, and only files
/// under the scanned root that are not build output are reported or fixed. Nothing is restored or built: a project
/// without a restore is left to the loose loader.
/// </summary>
internal sealed partial class Scanner
{
    private const string RestoreHint = "run 'dotnet restore' first for the MSBuild loader";

    private readonly HashSet<string> _msbuildFilesFound = new(StringComparer.Ordinal);
    private readonly HashSet<string> _msbuildFilesScanned = new(StringComparer.Ordinal);

    /// <summary>Opens the target's projects with MSBuild and analyses them; returns those left to the loose loader.
    /// </summary>
    private async Task<List<string>> RunMSBuildAsync(bool required, CancellationToken cancellationToken)
    {
        var notLoaded = new List<string>();
        var toLoad = new List<string>();
        foreach (var projectFile in _target.EntryProjects)
        {
            if (IsRestored(projectFile))
            {
                toLoad.Add(projectFile);
                continue;
            }

            if (NotXml(projectFile) is { } problem)
            {
                // No restore can help a file MSBuild cannot even parse. The loose loader names the problem when it
                // reads the file, so only --loader msbuild, which ends here, needs to say it.
                if (required)
                {
                    throw new LoaderException(
                        $"{Relative(projectFile)} is not MSBuild XML ({problem}); fix it, or use --loader loose");
                }

                notLoaded.Add(projectFile);
                continue;
            }

            NotLoaded(projectFile, "is not restored (no obj/project.assets.json)", RestoreHint, required, notLoaded);
        }

        if (toLoad.Count == 0)
        {
            return notLoaded;
        }

        var watch = Stopwatch.StartNew();
        using var workspace = MSBuildWorkspace.Create();
        var problems = new ConcurrentQueue<WorkspaceDiagnostic>();
        using var registration = workspace.RegisterWorkspaceFailedHandler(e => problems.Enqueue(e.Diagnostic));
        var loaded = new List<ProjectId>();
        foreach (var projectFile in toLoad)
        {
            string? failure;
            ProjectId? id = null;
            try
            {
                // A project an earlier one references is in the workspace already; opening it again is an error.
                var project = workspace.CurrentSolution.Projects.FirstOrDefault(
                        p => string.Equals(p.FilePath, projectFile, StringComparison.Ordinal))
                    ?? await workspace.OpenProjectAsync(projectFile, cancellationToken: cancellationToken)
                        .ConfigureAwait(false);
                id = project.Id;

                // MSBuild also reports warnings of the design-time build as failures; only a project it left empty
                // (a missing SDK, invalid XML) with a failure of its own has not really been loaded.
                failure = project.Documents.Any() && project.MetadataReferences.Count > 0
                    ? null
                    : OwnFailure(projectFile, problems);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failure = FirstLine(ex.Message);
            }

            if (failure is not null)
            {
                NotLoaded(projectFile, "could not be loaded by MSBuild (" + failure + ")",
                    "fix what 'dotnet build' reports for it", required, notLoaded);
                continue;
            }

            loaded.Add(id!);
        }

        _log.Detail($"MSBuild loaded {loaded.Count} project(s) in {watch.Elapsed.TotalSeconds:0.00} s");
        foreach (var problem in problems)
        {
            // Mostly about referenced projects or design-time targets; the compilation is still the best there is.
            _log.Detail("MSBuild reported: " + FirstLine(problem.Message));
        }

        foreach (var id in loaded)
        {
            await AnalyzeLoadedAsync(workspace.CurrentSolution.GetProject(id)!, cancellationToken)
                .ConfigureAwait(false);
        }

        return notLoaded;
    }

    /// <summary>
    /// The failure MSBuild reported for the project itself, taken out of <paramref name="problems"/>: evaluation
    /// errors leave an empty project rather than an exception.
    /// </summary>
    private static string? OwnFailure(string projectFile, ConcurrentQueue<WorkspaceDiagnostic> problems)
    {
        string? failure = null;
        var others = new List<WorkspaceDiagnostic>();
        while (problems.TryDequeue(out var problem))
        {
            if (failure is null
                && problem.Kind == WorkspaceDiagnosticKind.Failure
                && problem.Message.Contains("'" + projectFile + "'", StringComparison.Ordinal))
            {
                const string marker = "with message: ";
                var message = FirstLine(problem.Message);
                var start = message.IndexOf(marker, StringComparison.Ordinal);
                failure = start < 0 ? message : message.Substring(start + marker.Length).Trim();
                failure = failure.Replace(projectFile, "", StringComparison.Ordinal).Trim();
                continue;
            }

            others.Add(problem);
        }

        foreach (var other in others)
        {
            problems.Enqueue(other);
        }

        return failure;
    }

    /// <summary>
    /// A restore writes the assets file that the design-time build reads references from; without it the compilation
    /// would have no package references at all, which is worse than the loose loader's bundled ones. It is in
    /// <c>obj/</c>, or where <c>BaseIntermediateOutputPath</c> puts it: two projects in one folder need a folder each
    /// to restore at all (<c>obj/$(MSBuildProjectName)/</c>).
    /// </summary>
    private static bool IsRestored(string projectFile)
    {
        var folder = Path.GetDirectoryName(projectFile)!;
        return File.Exists(Path.Combine(folder, "obj", "project.assets.json"))
            || (ProjectFileReader.AssetsFile(projectFile) is { } assets && File.Exists(assets));
    }

    /// <summary>Why <paramref name="projectFile"/> is not well-formed XML, or null when it is (or cannot be read:
    /// the loose loader says so).</summary>
    private static string? NotXml(string projectFile)
    {
        try
        {
            // As the loose loader reads it, so both agree on what is XML.
            if (new FileInfo(projectFile).Length == 0)
            {
                // Not opened: a FIFO reports length 0 and would block open(); an empty file is no XML either.
                System.Xml.Linq.XDocument.Parse(string.Empty);
            }

            System.Xml.Linq.XDocument.Load(projectFile);
            return null;
        }
        catch (System.Xml.XmlException ex)
        {
            return ex.Message;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void NotLoaded(string projectFile, string reason, string hint, bool required, List<string> notLoaded)
    {
        if (required)
        {
            throw new LoaderException($"{Relative(projectFile)} {reason}; {hint}, or use --loader loose");
        }

        Warn(projectFile, $"{reason}; scanned with the loose loader ({hint})");
        notLoaded.Add(projectFile);
    }

    private async Task AnalyzeLoadedAsync(Project project, CancellationToken cancellationToken)
    {
        var projectFile = project.FilePath!;
        var name = Relative(projectFile);
        if (project.Language != LanguageNames.CSharp)
        {
            Warn(projectFile, "is not a C# project; not scanned");
            return;
        }

        _loadersUsed.Add("msbuild");
        _projectCount++;
        var settings = ProjectFileReader.Read(projectFile, Warn);
        if (_configFiles.Check(settings.Policy) == PolicyCheck.Unresolved
            && EvaluatedProperty.Get(projectFile, "S3SecPolicy", cancellationToken) is { } evaluated)
        {
            // The text gave "$(...)", which the build expands: the loose loader's warning is not true here.
            settings = settings.WithPolicy(evaluated.Length > 0 ? evaluated : null);
        }

        var policy = settings.Policy;
        var unknownPolicy = HasUnknownPolicy(projectFile, settings);
        project = WithPolicyPreset(project, policy);
        var inRootPaths = project.Documents.Where(d => IsScannedFile(d.FilePath)).Select(d => d.FilePath!).ToList();
        project = await WithoutUncompilableDocumentsAsync(project, cancellationToken).ConfigureAwait(false);
        var sources = project.Documents.Where(d => IsScannedFile(d.FilePath)).ToList();
        var outside = project.Documents.Count() - sources.Count;
        // A file two projects compile (a shared source, a folder two projects glob) is one file of the scan.
        _filesFound += inRootPaths.Count(_msbuildFilesFound.Add);
        _filesScanned += sources.Count(d => _msbuildFilesScanned.Add(d.FilePath!));
        _log.Detail($"{name}: {sources.Count} file(s); {AwsSdkReference(project)}; msbuild loader"
            + (outside > 0 ? $" ({outside} more compiled but not scanned: build output or outside the root)" : ""));
        if (sources.Count == 0)
        {
            return;
        }

        try
        {
            var watch = Stopwatch.StartNew();
            var compilation = await ProjectCompilationAsync(project, cancellationToken).ConfigureAwait(false);
            var trees = await TreesAsync(sources, cancellationToken).ConfigureAwait(false);
            var names = trees.Select(FileNames.Of).ToList();
            var candidates = SelectiveAnalysis.Candidates(trees, names, GlobalImports.Of(compilation.SyntaxTrees));

            // Generator output, obj/ files and sources outside the root stay: the build compiles them whatever the
            // candidates name, and what they name is needed as well.
            var scanned = new HashSet<SyntaxTree>(trees);
            var compiled = SelectiveAnalysis.Compiled(
                trees,
                names,
                candidates,
                compilation.SyntaxTrees.Where(t => !scanned.Contains(t)),
                project.AnalyzerOptions.AnalyzerConfigOptionsProvider);
            if (compiled.Count < trees.Count)
            {
                var kept = new HashSet<SyntaxTree>(compiled);
                compilation = compilation.RemoveSyntaxTrees(trees.Where(t => !kept.Contains(t)));
            }

            _log.Detail($"{name}: compiled {compiled.Count} of {trees.Count} file(s): {candidates.Count} "
                + "candidate(s) and the files they can need");
            var analysis = WithAnalyzers(project, compilation, name);
            var diagnostics = await SelectiveAnalysis.RunAsync(
                    analysis, candidates, compiled.Count, AnalyzerCatalog.ProjectWideAnalyzers, cancellationToken)
                .ConfigureAwait(false);
            _log.Detail($"{name}: analysed {candidates.Count} of {trees.Count} file(s) that can hold S3 code in "
                + $"{watch.Elapsed.TotalSeconds:0.00} s");
            await ReportAnalyzerTimesAsync(analysis, name, cancellationToken).ConfigureAwait(false);

            var found = ToFindings(diagnostics, new HashSet<SyntaxTree>(trees), name, out var fixable);
            if (fixable && unknownPolicy)
            {
                NotAttempted(found);
            }
            else if (fixable)
            {
                Attempted(found);
                found = await FixLoadedAsync(project, sources, trees, name, found, cancellationToken)
                    .ConfigureAwait(false);
            }

            foreach (var finding in found)
            {
                _findings.Add(finding);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ProjectNotAnalysed(
                name, "could not be analysed (" + ex.GetType().Name + ": " + FirstLine(ex.Message) + ")");
        }
    }

    /// <summary>
    /// The project without the documents that would end the whole scan if compiled (see
    /// <see cref="FileNames.CompilerSafeNameParts"/>) or that the parser fails on: each is warned about and left out,
    /// as the loose loader leaves such a file out. Every document is checked, not only the scanned ones: a file
    /// linked in from outside the root is compiled all the same.
    /// </summary>
    private async Task<Project> WithoutUncompilableDocumentsAsync(Project project, CancellationToken cancellationToken)
    {
        var leftOut = new List<DocumentId>();
        foreach (var document in project.Documents)
        {
            var path = document.FilePath ?? document.Name;
            // Reads the bytes only after the file type test: a FIFO (a glob finds one as it finds any *.cs) blocked the
            // scan when the workspace opened it.
            if (UnreadableAsSource(document.FilePath) is { } reason)
            {
                Warn(path, reason);
                leftOut.Add(document.Id);
                continue;
            }

            try
            {
                var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
                if (tree is not null && FileNames.DeepestNameOf(tree) is var parts
                    && parts > FileNames.CompilerSafeNameParts)
                {
                    Warn(path, FileNames.TooDeepToCompile(parts));
                    leftOut.Add(document.Id);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Warn(path, $"could not be parsed ({ex.GetType().Name}: {FirstLine(ex.Message)}); not scanned");
                leftOut.Add(document.Id);
            }
        }

        return leftOut.Count == 0 ? project : project.RemoveDocuments(leftOut.ToImmutableArray());
    }

    /// <summary>
    /// Why a document's file is no C# source the loose loader would read: over <c>--max-file-size</c>, binary (NUL
    /// bytes), a byte order mark its bytes do not follow, or unreadable. The workspace decodes such a file anyway and
    /// compiles its garbage, or a huge generated blob, so it is left out here with the same warning.
    /// </summary>
    private string? UnreadableAsSource(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        var result = SourceReader.Read(path, _maxFileSize);
        return result.Text is null ? result.Warning : null;
    }

    /// <summary>
    /// The project's compilation. The build's general warning level is reset: with <c>TreatWarningsAsErrors</c> every
    /// finding would come out as an error, unlike the rule's (and the loose loader's) severity. Per-rule settings
    /// (<c>NoWarn</c>, <c>WarningsAsErrors</c>, config files) still apply.
    /// </summary>
    private static async Task<Compilation> ProjectCompilationAsync(Project project, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("the project has no compilation");
        return compilation.WithOptions(compilation.Options.WithGeneralDiagnosticOption(ReportDiagnostic.Default));
    }

    /// <summary>The compilation with S3Sec's analyzers and the project's analyzer options.</summary>
    private CompilationWithAnalyzers WithAnalyzers(Project project, Compilation compilation, string name)
    {
        var analyzerOptions = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(
                project.AnalyzerOptions.AdditionalFiles,
                project.AnalyzerOptions.AnalyzerConfigOptionsProvider),
            (exception, analyzer, _) => ReportAnalyzerFailure(name, analyzer, exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: _log.Verbose,
            reportSuppressedDiagnostics: false);
        return compilation.WithAnalyzers(AnalyzerCatalog.ForScan, analyzerOptions);
    }

    private async Task<List<Finding>> FixLoadedAsync(
        Project project,
        List<Document> sources,
        List<SyntaxTree> trees,
        string name,
        List<Finding> before,
        CancellationToken cancellationToken)
    {
        FindingAnalysis analyzeFixed = async (fixedProject, fixedSources, token) =>
        {
            var compilation = await ProjectCompilationAsync(fixedProject, token).ConfigureAwait(false);
            var analysis = WithAnalyzers(fixedProject, compilation, name);
            var diagnostics = await analysis.GetAnalyzerDiagnosticsAsync(token).ConfigureAwait(false);
            var set = new HashSet<SyntaxTree>(fixedSources);
            return diagnostics.Where(d => ToFinding(d, set) is not null).ToImmutableArray();
        };

        var outcome = await ProjectFixer.RunAsync(
                project.Solution,
                project.Id,
                sources.Select(d => d.Id).ToList(),
                analyzeFixed,
                Warn,
                cancellationToken)
            .ConfigureAwait(false);
        return WriteFixes(trees, outcome, before, cancellationToken);
    }

    private static async Task<List<SyntaxTree>> TreesAsync(List<Document> documents, CancellationToken token)
    {
        var trees = new List<SyntaxTree>(documents.Count);
        foreach (var document in documents)
        {
            trees.Add((await document.GetSyntaxTreeAsync(token).ConfigureAwait(false))!);
        }

        return trees;
    }

    /// <summary>
    /// The project's <c>S3SecPolicy</c> preset as an analyzer config document, the way the analyzer package adds it
    /// to a build; not twice when the project already gets it from that package.
    /// </summary>
    private Project WithPolicyPreset(Project project, string? policy)
    {
        if (_configFiles.Preset(policy) is not { } preset)
        {
            return project;
        }

        var fileName = Path.GetFileName(preset);
        if (project.AnalyzerConfigDocuments.Any(d => string.Equals(
                Path.GetFileName(d.FilePath), fileName, StringComparison.OrdinalIgnoreCase)))
        {
            return project;
        }

        var text = SourceText.From(File.ReadAllText(preset));
        return project.AddAnalyzerConfigDocument(fileName, text, filePath: preset).Project;
    }

    /// <summary>
    /// A document the scan reports on and may fix: a real file under the root, outside build output folders (where
    /// generated global usings and assembly attributes live) - the files the loose loader would have found.
    /// </summary>
    private bool IsScannedFile(string? path)
    {
        if (path is null || !PathResolver.IsSameOrAncestor(_root, path) || !File.Exists(path))
        {
            return false;
        }

        var relative = Path.GetRelativePath(_root, path);
        var folders = relative.Split(Path.DirectorySeparatorChar);
        for (var i = 0; i < folders.Length - 1; i++)
        {
            if (SourceWalker.SkippedFolderNames.Contains(folders[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Which AWSSDK.S3 the build resolved, for <c>--verbose</c>: its package folder names the version.
    /// </summary>
    private static string AwsSdkReference(Project project)
    {
        foreach (var reference in project.MetadataReferences.OfType<PortableExecutableReference>())
        {
            if (reference.FilePath is not { } path
                || !string.Equals(Path.GetFileName(path), "AWSSDK.S3.dll", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // .../awssdk.s3/<version>/lib/<tfm>/AWSSDK.S3.dll
            var version = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(path))));
            return version is { Length: > 0 } && char.IsDigit(version[0])
                ? "AWSSDK.S3 " + version
                : "AWSSDK.S3 from " + path;
        }

        return "no AWSSDK.S3 reference";
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(new[] { '\r', '\n' });
        return (end < 0 ? message : message.Substring(0, end)).Trim();
    }
}

/// <summary>The MSBuild loader was required and cannot load a project; the message says why and what to do.</summary>
internal sealed class LoaderException : Exception
{
    public LoaderException(string message)
        : base(message)
    {
    }
}
