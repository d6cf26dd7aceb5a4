using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using S3Sec.Cli.CommandLine;
using S3Sec.Cli.Discovery;
using S3Sec.Cli.Fixing;
using S3Sec.Cli.Projects;
using S3Sec.Cli.Reporting;

namespace S3Sec.Cli.Analysis;

/// <summary>
/// Runs one scan: finds the sources, groups them by project, parses them in parallel, builds one compilation per
/// project against the bundled references, and runs every S3Sec analyzer on it. Only S3Sec diagnostics come out:
/// loose sources never compile cleanly, and compiler errors would bury the findings. With <c>--fix</c>, a project
/// with fixable findings is fixed, its changed files are written back, and what remains is reported. A project or
/// solution can instead be opened with MSBuild (see Scanner.MSBuild.cs); projects it cannot load are scanned as here.
/// </summary>
internal sealed partial class Scanner
{
    /// <summary>From this many files on, progress is shown even when standard error is not a terminal.</summary>
    public const int ProgressFileThreshold = 1000;

    /// <summary>The id a build gives an analyzer's exception.</summary>
    public const string AnalyzerFailureId = "AD0001";

    private readonly ScanTarget _target;
    private readonly string _root;
    private readonly long _maxFileSize;
    private readonly ConsoleLog _log;
    private readonly ConcurrentQueue<ScanWarning> _warnings = new();
    private readonly ConcurrentQueue<ScanWarning> _errors = new();
    private readonly ConcurrentBag<Finding> _notAttempted = new();
    // A file compiled by two projects can be left alone by one (unknown policy) and fixed by the other.
    private readonly ConcurrentDictionary<Finding, bool> _attempted = new();
    // What --fix made go away; another project compiling the same file from its unfixed text still reports it.
    private readonly ConcurrentDictionary<Finding, bool> _fixedFindings = new();
    private readonly ConcurrentDictionary<string, SharedPreset> _sharedPolicyErrors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _reportedMessages = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ruleIds;
    private readonly bool _fix;
    private readonly ProjectLocator _locator;
    private readonly LoaderMode _loader;
    private readonly Dictionary<string, ProjectSettings> _settings = new(StringComparer.Ordinal);
    // The project that reports each source of a project, once its Compile items are known (WithoutRemovedSources).
    private readonly Dictionary<string, string> _owners = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<Finding> _findings = new();
    private readonly ConfigFiles _configFiles;
    private readonly HashSet<string> _loadersUsed = new(StringComparer.Ordinal);
    // A source linked into several projects is fixed by the first of them; the others find it written already.
    private readonly object _fixWriteGate = new();
    private readonly Dictionary<string, SourceText> _fixesWritten = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _fixedPerFile = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _unwrittenFiles = new(StringComparer.Ordinal);
    private readonly FixJournal? _journal;
    // A referenced project's file is given to every project referencing it: it is prepared once.
    private readonly ConcurrentDictionary<SyntaxTree, ParsedFile> _asReferenced = new();
    private int _filesFound;
    private int _filesScanned;
    private int _projectCount;

    private Scanner(
        ScanTarget target,
        long maxFileSize,
        ConsoleLog log,
        bool fix,
        LoaderMode loader,
        FixJournal? journal)
    {
        _journal = journal;
        _loader = loader;
        _configFiles = new ConfigFiles(Warn);
        _target = target;
        _root = target.Root;
        _maxFileSize = maxFileSize;
        _log = log;
        _fix = fix;
        _locator = new ProjectLocator(target.Projects);
        _ruleIds = new HashSet<string>(AnalyzerCatalog.Rules.Select(r => r.Id), StringComparer.Ordinal);
    }

    /// <summary>
    /// Scans what <paramref name="target"/> names. With <see cref="LoaderMode.Auto"/> or
    /// <see cref="LoaderMode.MSBuild"/>, a project or solution target is opened with MSBuild (the caller has checked
    /// that an SDK is installed); with <see cref="LoaderMode.MSBuild"/>, a project MSBuild cannot load ends the scan
    /// with a <see cref="LoaderException"/> instead of falling back to loose files.
    /// </summary>
    public static async Task<ScanReport> RunAsync(
        ScanTarget target,
        long maxFileSize,
        ConsoleLog log,
        ProgressMode progressMode,
        CancellationToken cancellationToken,
        bool fix = false,
        LoaderMode loader = LoaderMode.Loose,
        FixJournal? journal = null)
    {
        var scanner = new Scanner(target, maxFileSize, log, fix, loader, journal);
        return await scanner.RunAsync(progressMode, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ScanReport> RunAsync(ProgressMode progressMode, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        foreach (var warning in _target.Warnings)
        {
            _warnings.Enqueue(warning);
            _log.Warning(warning.Path + ": " + warning.Message);
        }

        if (_target.EntryFile is not null && _loader != LoaderMode.Loose)
        {
            var notLoaded = await RunMSBuildAsync(_loader == LoaderMode.MSBuild, cancellationToken)
                .ConfigureAwait(false);
            if (notLoaded.Count > 0)
            {
                await RunLooseAsync(_target.LooseFor(notLoaded), progressMode, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        else
        {
            await RunLooseAsync(_target, progressMode, cancellationToken).ConfigureAwait(false);
        }

        // A file compiled by two projects (a shared source linked into both, a file two projects of one folder glob
        // under the MSBuild loader) is one finding, not two; where their policies give it different severities, it
        // has the strictest, the one that fails that project's build.
        var sorted = _findings
            .Where(f => !_fixedFindings.ContainsKey(f))
            .GroupBy(f => f with { Severity = FindingSeverity.Note })
            .Select(place => place.MaxBy(f => f.Severity)!)
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ThenBy(f => f.Line)
            .ThenBy(f => f.Column)
            .ThenBy(f => f.Id, StringComparer.Ordinal)
            .ThenBy(f => f.Message, StringComparer.Ordinal)
            .ToImmutableArray();
        return CreateReport(sorted, stopwatch.Elapsed);
    }

    /// <summary>Scans a target's files as loose sources grouped by their nearest project file.</summary>
    private async Task RunLooseAsync(
        ScanTarget target,
        ProgressMode progressMode,
        CancellationToken cancellationToken)
    {
        var found = FindSources(target);
        var files = WithoutRemovedSources(found, target.SingleFile is not null);
        _filesFound += files.Count;
        if (files.Count == 0)
        {
            if (found.Count == 0)
            {
                _log.Info("no C# files found in " + target.Root);
            }

            return;
        }

        _loadersUsed.Add("loose");
        var projects = GroupByProject(files);
        _projectCount += projects.Count;
        using var progress = new ScanProgress(
            _log,
            files.Count,
            progressMode == ProgressMode.Always
            || (progressMode == ProgressMode.LargeScans && files.Count >= ProgressFileThreshold));
        var parseWatch = Stopwatch.StartNew();
        var parsed = Parse(files, projects, progress, cancellationToken);
        _log.Detail($"read and parsed {files.Count} file(s) in {parseWatch.Elapsed.TotalSeconds:0.00} s");
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };

        var groupOf = new ProjectGroup[files.Count];
        foreach (var project in projects)
        {
            project.Files.ForEach(i => groupOf[i] = project);
        }

        var referenced = ReferencedFiles(projects);

        // Largest first, so that one big project does not start last and leave the other cores idle.
        var ordered = projects.OrderByDescending(p => p.Files.Count).ToList();
        await Parallel.ForEachAsync(ordered, options, async (project, token) =>
        {
            var projectFiles = project.Files.Select(i => parsed[i]).OfType<ParsedFile>().ToList();
            var projectTrees = projectFiles.Select(f => f.Tree).ToList();
            var names = projectFiles.Select(f => f.Names).ToList();
            var linked = projectTrees.Count > 0
                ? ParseLinkedSources(project, ProjectName(project), token)
                : new List<ParsedFile>();
            if (projectTrees.Count > 0)
            {
                linked.AddRange(ContextFiles(project, files, parsed, groupOf, token));
            }

            // The project's <Using> items too: one of S3Sec.Crypto lets files use its keys without naming S3Sec.
            var imports = GlobalImports.Of(projectTrees.Concat(linked.Select(l => l.Tree))
                .Concat(CreateGlobalUsings(project.Settings, project.ParseOptions ?? CSharpParseOptions.Default)
                    is { } projectUsings ? [projectUsings] : []));
            if (projectTrees.Count > 0 && !imports.Any
                && !names.Concat(linked.Select(l => l.Names))
                    .Any(n => n.Mention is S3Mention.Amazon or S3Mention.Library))
            {
                // No file names anything under Amazon.* or S3Sec.*, and no global using brings either in: no S3 type
                // and no S3Sec.Crypto key can be used, so compiling is wasted work.
                _log.Detail($"{ProjectName(project)}: no file mentions the AWS SDK; not analysed");
                progress.FilesScanned(project.Files.Count);
                return;
            }

            if (projectTrees.Count > 0)
            {
                // After the test above: a project whose own files name nothing of the SDK holds no S3 code, whatever
                // the projects it references hold.
                var fromReferences = ReferencedContext(project, projectFiles, linked, referenced, parsed, token);
                var context = linked.Concat(fromReferences).ToList();
                var candidates = SelectiveAnalysis.Candidates(projectTrees, names, imports);
                await AnalyzeAsync(
                        project, projectTrees, names, context, candidates, _configFiles, progress, _findings, token)
                    .ConfigureAwait(false);
                await AnalyzeOtherFrameworksAsync(
                        project, projectFiles, linked, fromReferences, imports, token)
                    .ConfigureAwait(false);
                return;
            }

            progress.FilesScanned(project.Files.Count);
        }).ConfigureAwait(false);

        _filesScanned += parsed.Count(t => t is not null);
    }

    private List<string> FindSources(ScanTarget target)
    {
        if (target.SingleFile is { } singleFile)
        {
            return new List<string> { singleFile };
        }

        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in target.Folders)
        {
            var inventory = SourceWalker.Walk(folder, _root, _log);
            files.AddRange(inventory.SourceFiles.Where(seen.Add));
            foreach (var warning in inventory.Warnings)
            {
                _warnings.Enqueue(warning);
            }
        }

        if (target.Projects is not { } projects)
        {
            return files;
        }

        // A solution's project folder can hold projects the solution does not list (tests, tools, samples).
        var listed = files.Where(f => _locator.Find(f) is { Listed: true }).ToList();
        if (listed.Count < files.Count)
        {
            _log.Detail($"{files.Count - listed.Count} file(s) belong to no project the solution lists; not scanned");
        }

        return listed;
    }

    /// <summary>
    /// The sources less those their project does not compile (<c>Compile Remove</c>, or an include list without the
    /// default items): a build never sees them, so nothing in them is a finding, and, as with the MSBuild loader,
    /// they are not counted as found. Notes the project that reports each source kept (<see cref="OwnerOf"/>).
    /// </summary>
    private List<string> WithoutRemovedSources(List<string> files, bool named)
    {
        var kept = new List<string>(files.Count);
        var removed = new Dictionary<ProjectFolder, int>();
        Dictionary<string, string>? linkers = null;
        foreach (var file in files)
        {
            var folder = _locator.Find(file);
            if (folder is null)
            {
                kept.Add(file);
                continue;
            }

            if (OwnerOf(file, folder) is { } owner)
            {
                _owners[file] = owner;
                kept.Add(file);
                continue;
            }

            // Left out by its own folder's projects but linked into another one, or taken in by the default include
            // of a project in a folder above: the build compiles it there.
            linkers ??= Linkers(files);
            var elsewhere = linkers.TryGetValue(file, out var linker) ? linker : EnclosingOwnerOf(file, folder);
            if (elsewhere is not null)
            {
                _owners[file] = elsewhere;
                kept.Add(file);
                continue;
            }

            if (named)
            {
                // Asked for by name: saying nothing would read as "no C# file there".
                Warn(file, NoneCompiles(folder) + "; not scanned");
            }

            removed[folder] = removed.TryGetValue(folder, out var count) ? count + 1 : 1;
        }

        foreach (var (folder, count) in removed.OrderBy(r => r.Key.Directory, StringComparer.Ordinal))
        {
            var message = folder.Projects.Length == 1
                ? $"{Relative(folder.Projects[0])}: {count} file(s) under its folder that its Compile items leave out"
                : $"{Relative(folder.Directory)}: {count} file(s) that none of its project files compiles";
            _log.Detail(message + "; not scanned");
        }

        return kept;
    }

    /// <summary>
    /// The project of a folder above the file's own that compiles it (its default include reaches into nested
    /// project folders, as in a build), the nearest first; a folder a scanned solution does not list is passed by.
    /// </summary>
    private string? EnclosingOwnerOf(string file, ProjectFolder folder)
    {
        for (var above = _locator.Find(folder.Directory); above is not null; above = _locator.Find(above.Directory))
        {
            if (above.Listed && OwnerOf(file, above) is { } owner)
            {
                return owner;
            }
        }

        return null;
    }

    /// <summary>
    /// The scanned projects that link files in from outside their folders, by linked file: the first in folder order
    /// (and in each folder, in its order of preference) for a file several link.
    /// </summary>
    private Dictionary<string, string> Linkers(List<string> files)
    {
        var linkers = new Dictionary<string, string>(StringComparer.Ordinal);
        var folders = files.Select(f => _locator.Find(f)).OfType<ProjectFolder>().Distinct()
            .OrderBy(f => f.Directory, StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            foreach (var project in folder.Projects)
            {
                foreach (var linked in SettingsOf(project).LinkedSources)
                {
                    linkers.TryAdd(linked, project);
                }
            }
        }

        return linkers;
    }

    /// <summary>
    /// The project that reports and fixes a file: the first of its folder's projects (in their order of preference)
    /// whose <c>Compile</c> items include it, or null when none does. The others that include it compile it as
    /// context only (<see cref="AddContextFiles"/>).
    /// </summary>
    private string? OwnerOf(string file, ProjectFolder folder)
    {
        foreach (var project in folder.Projects)
        {
            if (SettingsOf(project).CompileItems.Compiles(file))
            {
                return project;
            }
        }

        return null;
    }

    private string NoneCompiles(ProjectFolder folder)
    {
        return folder.Projects.Length == 1
            ? $"{Relative(folder.Projects[0])} does not compile it (its Compile items leave it out)"
            : $"none of its folder's projects ({string.Join(", ", folder.Projects.Select(Path.GetFileName))}) "
                + "compiles it (their Compile items leave it out)";
    }

    /// <summary>A project file's settings, read once per scan.</summary>
    private ProjectSettings SettingsOf(string projectFile)
    {
        if (!_settings.TryGetValue(projectFile, out var settings))
        {
            settings = ProjectFileReader.Read(projectFile, Warn);
            _settings.Add(projectFile, settings);
        }

        return settings;
    }

    private ScanReport CreateReport(ImmutableArray<Finding> findings, TimeSpan elapsed)
    {
        var warnings = _warnings.OrderBy(s => s.Path, StringComparer.Ordinal).ToList();
        var errors = Errors().OrderBy(s => s.Path, StringComparer.Ordinal).ToList();
        return new ScanReport(
            _root,
            findings,
            AnalyzerCatalog.Rules,
            warnings,
            _filesFound,
            _filesScanned,
            _projectCount,
            elapsed,
            _fix
                ? new FixSummary(
                    _fixedPerFile.Values.Sum(),
                    _fixesWritten.Count,
                    _notAttempted.Where(f => !_attempted.ContainsKey(f)).ToHashSet(),
                    _unwrittenFiles.Keys.ToList())
                : null,
            _loadersUsed.OrderBy(l => l, StringComparer.Ordinal).ToList(),
            errors);
    }

    /// <summary>Notes the fixable findings of a project <c>--fix</c> leaves alone: its policy is unknown.</summary>
    private void NotAttempted(List<Finding> found)
    {
        foreach (var finding in found.Where(f => CodeFixCatalog.CanFix(f.Id)))
        {
            _notAttempted.Add(finding);
        }
    }

    /// <summary>
    /// Notes the findings of a project <c>--fix</c> works on: one that another project, with an unknown policy, left
    /// alone was not left alone by the scan (fixed here, or reported as this project's fixer left it).
    /// </summary>
    private void Attempted(List<Finding> found)
    {
        foreach (var finding in found)
        {
            _attempted.TryAdd(finding, true);
        }
    }

    /// <summary>
    /// Reports a project whose <c>S3SecPolicy</c> names no preset as the input error it is (the analyzer package
    /// fails the build on it); true when it does. Such a project is still scanned, under its own settings: every
    /// preset only adds to them, so its findings hold whichever preset was meant. It is not fixed, since the fix for
    /// a weaker-than-policy write depends on the policy.
    /// </summary>
    private bool HasUnknownPolicy(string projectFile, ProjectSettings settings)
    {
        var policy = settings.Policy;
        switch (_configFiles.Check(policy))
        {
            case PolicyCheck.Unknown:
                var unknown = $"S3SecPolicy '{policy}' is not a known preset (use {ConfigFiles.KnownPresets}); ";
                var message = unknown + "scanned without a preset" + (_fix ? " and not fixed" : "");
                if (!_reportedMessages.TryAdd("policy:" + projectFile, true))
                {
                    return true;
                }

                if (settings.PolicySource is { } source && source != projectFile)
                {
                    NoteSharedPolicyError(source, unknown, projectFile);
                    return true;
                }

                var relative = Relative(projectFile);
                _errors.Enqueue(new ScanWarning(relative, message));
                _log.Error(relative + ": " + message);
                return true;
            case PolicyCheck.Unresolved:
                if (_reportedMessages.TryAdd("policy:" + projectFile, true))
                {
                    Warn(projectFile, $"S3SecPolicy '{policy}' refers to a property only a build can expand; "
                        + "scanned without a preset");
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// Notes a project that takes an unknown preset from a file it shares with others (<c>Directory.Build.props</c>):
    /// the report gets one error for that file naming how many projects it affected, not one per project, and
    /// standard error one line, when the first of them is met.
    /// </summary>
    private void NoteSharedPolicyError(string source, string unknown, string projectFile)
    {
        var shared = _sharedPolicyErrors.GetOrAdd(source + "\n" + unknown, _ => new SharedPreset(source, unknown));
        if (shared.Add(projectFile))
        {
            _log.Error(Relative(source) + ": " + unknown + "the projects that take it from here are scanned without a "
                + "preset" + (_fix ? " and not fixed" : ""));
        }
        else
        {
            _log.Detail(Relative(projectFile) + ": takes the same unknown S3SecPolicy from " + Relative(source));
        }
    }

    /// <summary>The errors of the scan: those of single projects, and one per shared file with an unknown preset.
    /// </summary>
    private IEnumerable<ScanWarning> Errors()
    {
        foreach (var error in _errors)
        {
            yield return error;
        }

        foreach (var shared in _sharedPolicyErrors.Values)
        {
            var count = shared.Count;
            var projects = count == 1
                ? "1 project takes"
                : count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " projects take";
            yield return new ScanWarning(
                Relative(shared.Source),
                shared.Unknown + $"{projects} it from here, scanned without a preset" + (_fix ? " and not fixed" : ""));
        }
    }

    private List<ProjectGroup> GroupByProject(List<string> files)
    {
        var byProject = new Dictionary<string, ProjectGroup>(StringComparer.Ordinal);
        ProjectGroup? loose = null;
        for (var i = 0; i < files.Count; i++)
        {
            ProjectGroup group;
            if (!_owners.TryGetValue(files[i], out var projectFile))
            {
                group = loose ??= new ProjectGroup(ProjectSettings.ForLooseFiles(_root));
            }
            else if (!byProject.TryGetValue(projectFile, out group!))
            {
                var settings = SettingsOf(projectFile);
                group = new ProjectGroup(settings) { UnknownPolicy = HasUnknownPolicy(projectFile, settings) };
                byProject.Add(projectFile, group);
            }

            group.Files.Add(i);
        }

        AddContextFiles(files, byProject);
        var groups = byProject.Values.OrderBy(g => g.Settings.ProjectFile, StringComparer.Ordinal).ToList();
        if (loose is not null)
        {
            groups.Add(loose);
        }

        foreach (var group in groups)
        {
            var name = group.Settings.ProjectFile is { } path ? Relative(path) : "(files outside any project)";
            _log.Detail($"{name}: {group.Files.Count} file(s); {group.Settings.SdkLineReason}; loose loader");
        }

        return groups;
    }

    /// <summary>
    /// In a folder with several project files, gives each project the files it compiles that another one of them
    /// reports, as context: each project's own code then resolves as in its build, and every file is still reported
    /// once. Says, per folder, which project reports how many files, and warns when a file that several compile is
    /// reported with one's settings only because its name is the shortest.
    /// </summary>
    private void AddContextFiles(List<string> files, Dictionary<string, ProjectGroup> byProject)
    {
        var byFolder = new Dictionary<ProjectFolder, List<int>>();
        for (var i = 0; i < files.Count; i++)
        {
            if (_owners.ContainsKey(files[i]) && _locator.Find(files[i]) is { Projects.Length: > 1 } folder)
            {
                if (!byFolder.TryGetValue(folder, out var indexes))
                {
                    byFolder.Add(folder, indexes = new List<int>());
                }

                indexes.Add(i);
            }
        }

        foreach (var (folder, indexes) in byFolder.OrderBy(f => f.Key.Directory, StringComparer.Ordinal))
        {
            var shared = 0;
            var guessed = 0;
            foreach (var i in indexes)
            {
                var compiling = folder.Projects.Where(p => SettingsOf(p).CompileItems.Compiles(files[i])).ToList();
                if (compiling.Count < 2)
                {
                    continue;
                }

                shared++;
                guessed += folder.Prefers(compiling[0], compiling[1]) ? 0 : 1;
                foreach (var other in compiling.Skip(1))
                {
                    if (byProject.TryGetValue(other, out var group))
                    {
                        group.Context.Add(i);
                    }
                }
            }

            var reports = string.Join(", ", folder.Projects.Select(p => byProject.TryGetValue(p, out var g)
                ? $"{Path.GetFileName(p)} {g.Files.Count}"
                : $"{Path.GetFileName(p)} 0"));
            _log.Detail($"{Relative(folder.Directory)}: holds several project files, each compiled with its own "
                + $"Compile items; files reported: {reports}; {shared} file(s) compiled by more than one are reported "
                + "by the first of them in that order");
            if (guessed > 0)
            {
                var order = folder.Projects.Length == 2
                    ? $"with {Path.GetFileName(folder.Projects[0])}'s settings (the shortest name), not "
                        + $"{Path.GetFileName(folder.Projects[1])}'s"
                    : "with the settings of the first of "
                        + string.Join(", ", folder.Projects.Select(Path.GetFileName)) + " (shortest name first)";
                Warn(folder.Directory, $"holds several project files and none is named after the folder; {guessed} "
                    + $"file(s) more than one of them compiles are reported {order}");
            }
        }
    }

    /// <summary>
    /// Reads and parses every file, and reads what each names and declares (<see cref="FileNames"/>) while its tree
    /// is fresh, on every core: the scanner needs that to choose what to compile.
    /// </summary>
    private ParsedFile?[] Parse(
        List<string> files,
        List<ProjectGroup> projects,
        ScanProgress progress,
        CancellationToken cancellationToken)
    {
        var work = new List<(string Path, int Index, CSharpParseOptions Options)>();
        foreach (var project in projects)
        {
            var parseOptions = new CSharpParseOptions(
                project.Settings.LanguageVersion,
                DocumentationMode.None,
                SourceCodeKind.Regular,
                project.Settings.PreprocessorSymbols);
            project.ParseOptions = parseOptions;
            foreach (var index in project.Files)
            {
                work.Add((files[index], index, parseOptions));
            }
        }

        var parsed = new ParsedFile?[work.Count];
        Parallel.ForEach(
            work,
            new ParallelOptions
            {
                MaxDegreeOfParallelism = Environment.ProcessorCount,
                CancellationToken = cancellationToken,
            },
            item =>
            {
                var result = SourceReader.Read(item.Path, _maxFileSize);
                progress.FileRead();
                if (result.Warning is not null)
                {
                    Warn(item.Path, result.Warning);
                }

                if (result.Text is null)
                {
                    return;
                }

                try
                {
                    var tree = CSharpSyntaxTree.ParseText(result.Text, item.Options, item.Path, cancellationToken);
                    var names = FileNames.Of(tree);
                    if (names.DeepestName > FileNames.CompilerSafeNameParts)
                    {
                        // Compiling it could overflow the compiler's stack and end the whole scan.
                        Warn(item.Path, FileNames.TooDeepToCompile(names.DeepestName));
                        return;
                    }

                    parsed[item.Index] = new ParsedFile(tree, names);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The parser reports bad syntax as diagnostics; an exception here is a compiler bug on odd input,
                    // and it should cost this file only.
                    Warn(item.Path, "could not be parsed (" + ex.GetType().Name + ": " + ex.Message + "); not scanned");
                }
            });

        return parsed;
    }

    private string ProjectName(ProjectGroup project)
    {
        return project.Settings.ProjectFile is { } projectFile
            ? Relative(projectFile)
            : "(files outside any project)";
    }

    private async Task AnalyzeAsync(
        ProjectGroup project,
        List<SyntaxTree> trees,
        IReadOnlyList<FileNames> names,
        List<ParsedFile> linked,
        IReadOnlyList<SyntaxTree> candidates,
        ConfigFiles configFiles,
        ScanProgress progress,
        ConcurrentBag<Finding> findings,
        CancellationToken cancellationToken)
    {
        var name = ProjectName(project);
        if (project.Settings.UsesEncryptionClient)
        {
            // name is already relative to the root: Warn would resolve it again against the working folder.
            WarnAt(name, "references Amazon.Extensions.S3.Encryption, which s3sec does not bundle: S3SEC030-S3SEC033 "
                + "cannot see its encryption clients and materials here; a build with the S3Sec.Analyzers package can");
        }

        var onePass = 0;
        var done = 0;
        void CandidateDone()
        {
            // Capped: the remainder is added at the end, and a candidate is never counted twice.
            if (Interlocked.Increment(ref done) <= project.Files.Count)
            {
                progress.FilesScanned(1);
            }
        }

        try
        {
            var config = CreateConfig(project, trees, configFiles);
            var globalUsings = CreateGlobalUsings(project.Settings, project.ParseOptions!);
            var compiled = SelectiveAnalysis.Compiled(
                trees.Concat(linked.Select(l => l.Tree)).ToList(),
                names.Concat(linked.Select(l => l.Names)).ToList(),
                candidates,
                globalUsings is null ? [] : [globalUsings],
                config.Provider);
            _log.Detail($"{name}: compiled {compiled.Count} of {trees.Count + linked.Count} file(s): "
                + $"{candidates.Count} candidate(s) and the files they can need");
            var watch = Stopwatch.StartNew();
            var lean = new LeanRequest(candidates);

            // One request finishes every file at its end, so the files are shown as analysed in one pass; one
            // request per file counts each as it ends.
            var inOnePass = SelectiveAnalysis.InOnePass(candidates.Count, compiled.Count);
            var withAnalyzers = CreateCompilation(
                project, config, compiled, globalUsings, name, lean, cancellationToken);
            if (inOnePass)
            {
                onePass = project.Files.Count;
                progress.OnePassStarted(onePass);
            }

            _log.Detail($"{name}: left {lean.Bodies} member bod(ies) in {lean.Replaced.Count} file(s) out of the "
                + $"analysis in {watch.Elapsed.TotalSeconds:0.00} s: they name nothing of the AWS SDK");
            watch.Restart();
            var diagnostics = await SelectiveAnalysis.RunAsync(
                    withAnalyzers, lean.Analysed, compiled.Count, AnalyzerCatalog.ProjectWideAnalyzers,
                    cancellationToken, CandidateDone)
                .ConfigureAwait(false);
            _log.Detail($"{name}: analysed {candidates.Count} of {trees.Count} file(s) that can hold S3 code in "
                + $"{watch.Elapsed.TotalSeconds:0.00} s");
            await ReportAnalyzerTimesAsync(withAnalyzers, name, cancellationToken).ConfigureAwait(false);

            var sources = new HashSet<SyntaxTree>(trees.Concat(lean.Replaced.Values));
            var found = ToFindings(diagnostics, sources, name, out var fixable);
            if (fixable && project.UnknownPolicy)
            {
                NotAttempted(found);
            }
            else if (fixable)
            {
                Attempted(found);
                // What the candidates can need, not every file of the referenced projects.
                var needed = new HashSet<SyntaxTree>(compiled);
                var context = linked.Select(l => l.Tree).Where(needed.Contains).ToList();
                found = await FixAsync(project, trees, context, configFiles, name, found, cancellationToken)
                    .ConfigureAwait(false);
            }

            foreach (var finding in found)
            {
                findings.Add(finding);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not MissingReferenceException)
        {
            ProjectNotAnalysed(name, "could not be analysed (" + ex.GetType().Name + ": " + ex.Message + ")");
        }
        finally
        {
            if (onePass > 0)
            {
                progress.OnePassFinished(onePass);
            }
            else
            {
                progress.FilesScanned(project.Files.Count - Math.Min(Volatile.Read(ref done), project.Files.Count));
            }
        }
    }

    /// <summary>
    /// Reads and parses the files the project's <c>Compile</c> items link in from outside its folder. They are
    /// compiled as context only, wherever they are: no finding in them is reported through this project, and
    /// <c>--fix</c> never writes them, so the scan reports and fixes only the tree it was given (one of them inside
    /// that tree is reported as part of its own project).
    /// </summary>
    private List<ParsedFile> ParseLinkedSources(ProjectGroup project, string name, CancellationToken cancellationToken)
    {
        var linked = new List<ParsedFile>();
        foreach (var path in project.Settings.LinkedSources)
        {
            if (_owners.TryGetValue(path, out var owner) && owner == project.Settings.ProjectFile)
            {
                // Reported through this project (its own folder's projects leave it out): already one of its files.
                continue;
            }

            if (ParseContext(path, project, " (linked into " + name + ")", cancellationToken) is { } file)
            {
                linked.Add(file);
            }
        }

        if (linked.Count > 0)
        {
            _log.Detail($"{name}: {linked.Count} file(s) linked in from outside its folder, read as context; "
                + "their own findings are not reported through it");
        }

        return linked;
    }

    /// <summary>
    /// The files of the project's folder that it compiles and another project there reports, as context: the tree
    /// already parsed when both parse alike, else the file parsed again with this project's symbols and language
    /// version. Like linked files, they are compiled only when a file of the project can need them, and never
    /// analysed, reported or fixed through it.
    /// </summary>
    private List<ParsedFile> ContextFiles(
        ProjectGroup project,
        List<string> files,
        ParsedFile?[] parsed,
        ProjectGroup[] groupOf,
        CancellationToken cancellationToken)
    {
        var context = new List<ParsedFile>();
        foreach (var i in project.Context)
        {
            if (parsed[i] is not { } reported)
            {
                // Unreadable or too deep to compile: its own project has said so.
                continue;
            }

            if (Equals(groupOf[i].ParseOptions, project.ParseOptions))
            {
                context.Add(reported);
            }
            else if (ParseContext(files[i], project, "", cancellationToken) is { } file)
            {
                context.Add(file);
            }
        }

        if (context.Count > 0)
        {
            _log.Detail($"{ProjectName(project)}: {context.Count} file(s) that another project of its folder reports, "
                + "compiled as context");
        }

        return context;
    }

    /// <summary>
    /// For each project, the scanned files of the projects it references, directly or through them, as a build
    /// gives it their types. A referenced project outside the scan is not read.
    /// </summary>
    private Dictionary<ProjectGroup, List<int>> ReferencedFiles(List<ProjectGroup> projects)
    {
        var byFile = projects.Where(p => p.Settings.ProjectFile is not null)
            .ToDictionary(p => p.Settings.ProjectFile!, StringComparer.Ordinal);
        var referenced = new Dictionary<ProjectGroup, List<int>>();
        foreach (var project in projects)
        {
            if (project.Settings.ProjectReferences.IsEmpty)
            {
                continue;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal) { project.Settings.ProjectFile! };
            var pending = new Queue<string>(project.Settings.ProjectReferences);
            var files = new List<int>();
            while (pending.TryDequeue(out var reference))
            {
                if (!seen.Add(reference))
                {
                    continue;
                }

                if (byFile.TryGetValue(reference, out var group))
                {
                    files.AddRange(group.Files);
                }

                foreach (var next in SettingsOf(reference).ProjectReferences)
                {
                    pending.Enqueue(next);
                }
            }

            if (files.Count > 0)
            {
                referenced.Add(project, files);
            }
        }

        return referenced;
    }

    /// <summary>
    /// The referenced projects' files the project does not compile already, parsed as their own projects parse them:
    /// context only, compiled where a candidate can need them and never reported through this project.
    /// </summary>
    private List<ParsedFile> ReferencedContext(
        ProjectGroup project,
        List<ParsedFile> own,
        List<ParsedFile> linked,
        Dictionary<ProjectGroup, List<int>> referenced,
        ParsedFile?[] parsed,
        CancellationToken cancellationToken)
    {
        if (!referenced.TryGetValue(project, out var indexes))
        {
            return new List<ParsedFile>();
        }

        var paths = own.Concat(linked).Select(f => f.Tree.FilePath).ToHashSet(StringComparer.Ordinal);
        var context = new List<ParsedFile>();
        foreach (var i in indexes)
        {
            if (parsed[i] is not { } file || !paths.Add(file.Tree.FilePath))
            {
                continue;
            }

            var tree = file.Tree;
            var options = (CSharpParseOptions)tree.Options;
            if (options.LanguageVersion != project.ParseOptions!.LanguageVersion)
            {
                // One compilation takes one language version.
                tree = CSharpSyntaxTree.ParseText(
                    tree.GetText(cancellationToken),
                    options.WithLanguageVersion(project.ParseOptions.LanguageVersion),
                    tree.FilePath,
                    cancellationToken);
            }

            context.Add(_asReferenced.GetOrAdd(tree, AsReferenced));
        }

        if (context.Count > 0)
        {
            _log.Detail($"{ProjectName(project)}: {context.Count} file(s) of the projects it references, compiled "
                + "as context where its files can need them");
        }

        return context;
    }

    /// <summary>
    /// A referenced project's file as another project sees it: without its assembly attributes (a
    /// <c>SuppressMessage</c>, which applies to its own project only) and global usings, and with the names of its
    /// declarations only (<see cref="FileNames.OfSignatures"/>), so that the files it is compiled with are those
    /// its signatures need.
    /// </summary>
    private static ParsedFile AsReferenced(SyntaxTree tree)
    {
        var unit = tree.GetCompilationUnitRoot();
        var global = unit.Usings.Where(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword)).ToList();
        if (unit.AttributeLists.Count > 0 || global.Count > 0)
        {
            unit = unit.WithAttributeLists(default).WithUsings(SyntaxFactory.List(unit.Usings.Except(global)));
            tree = tree.WithRootAndOptions(unit, tree.Options);
        }

        return new ParsedFile(tree, FileNames.OfSignatures(tree));
    }

    /// <summary>
    /// Analyses the project's files again under the symbols of each of its other target frameworks, as a build
    /// compiles them once per framework: those whose <c>#if</c> or <c>#elif</c> leave other code active there, and
    /// those that can bind to a type they declare (<see cref="Affected"/>); the others bind alike under each framework
    /// and are not compiled again. A finding found under several frameworks is one; <c>--fix</c> fixes the code of
    /// the first framework only. The referenced projects' files stay as their own first framework compiles them.
    /// </summary>
    private async Task AnalyzeOtherFrameworksAsync(
        ProjectGroup project,
        List<ParsedFile> own,
        List<ParsedFile> context,
        List<ParsedFile> fromReferences,
        GlobalImports imports,
        CancellationToken cancellationToken)
    {
        if (project.Settings.OtherFrameworkSymbols.IsEmpty)
        {
            return;
        }

        var all = own.Concat(context).ToList();
        var conditional = all.Select(f => HasConditions(f.Tree)).ToList();
        if (!conditional.Contains(true))
        {
            return;
        }

        var name = ProjectName(project);
        foreach (var symbols in project.Settings.OtherFrameworkSymbols)
        {
            var options = project.ParseOptions!.WithPreprocessorSymbols(symbols);
            var files = new List<ParsedFile>(all);
            var changed = new bool[all.Count];
            for (var i = 0; i < all.Count; i++)
            {
                if (conditional[i] && Reparse(all[i], options, cancellationToken) is var again
                    && !SameActiveCode(all[i].Tree, again.Tree))
                {
                    files[i] = again;
                    changed[i] = true;
                }
            }

            if (!changed.Contains(true))
            {
                continue;
            }

            var affected = Affected(all.Select(f => f.Names).ToList(), files.Select(f => f.Names).ToList(), changed);
            var trees = files.Take(own.Count).Select(f => f.Tree).ToList();
            var names = files.Take(own.Count).Select(f => f.Names).ToList();
            var reanalysed = trees.Where((_, i) => affected[i]).ToHashSet();
            var candidates = SelectiveAnalysis.Candidates(trees, names, imports)
                .Where(reanalysed.Contains)
                .ToList();
            if (candidates.Count == 0)
            {
                continue;
            }

            try
            {
                var outside = files.Skip(own.Count).Concat(fromReferences).ToList();
                var config = CreateConfig(project, trees, _configFiles);
                var globalUsings = CreateGlobalUsings(project.Settings, options);
                var compiled = SelectiveAnalysis.Compiled(
                    trees.Concat(outside.Select(l => l.Tree)).ToList(),
                    names.Concat(outside.Select(l => l.Names)).ToList(),
                    candidates,
                    globalUsings is null ? [] : [globalUsings],
                    config.Provider);
                var lean = new LeanRequest(candidates);
                var analysis = CreateCompilation(
                    project, config, compiled, globalUsings, name, lean, cancellationToken);
                var diagnostics = await SelectiveAnalysis.RunAsync(
                        analysis, lean.Analysed, compiled.Count, AnalyzerCatalog.ProjectWideAnalyzers,
                        cancellationToken)
                    .ConfigureAwait(false);
                var sources = new HashSet<SyntaxTree>(trees.Concat(lean.Replaced.Values));
                var found = ToFindings(diagnostics, sources, name, out _);
                _log.Detail($"{name}: analysed {candidates.Count} file(s) again under another target framework's "
                    + $"symbols ({changed.Count(c => c)} file(s) with #if leave other code active there): "
                    + $"{found.Count} finding(s)");
                foreach (var finding in found)
                {
                    _findings.Add(finding);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not MissingReferenceException)
            {
                ProjectNotAnalysed(name, "could not be analysed for another target framework (" + ex.GetType().Name
                    + ": " + ex.Message + ")");
                return;
            }
        }
    }

    /// <summary>
    /// The files whose binding can change when the <paramref name="changed"/> ones change: those, and every file
    /// naming a type or namespace they declare (before or after), transitively, by simple name as
    /// <see cref="CompilationClosure"/> matches them; all of them when one such file is compiled whatever names
    /// the others write (an extension method, a global using). More files than needed, never fewer.
    /// </summary>
    internal static bool[] Affected(IReadOnlyList<FileNames> before, IReadOnlyList<FileNames> after, bool[] changed)
    {
        var affected = (bool[])changed.Clone();
        var dirty = new HashSet<string>(StringComparer.Ordinal);
        void Declares(FileNames names)
        {
            dirty.UnionWith(names.DeclaredTypes);
            dirty.UnionWith(names.DeclaredNamespaces.Select(n => n.Substring(n.LastIndexOf('.') + 1)));
        }

        for (var i = 0; i < changed.Length; i++)
        {
            if (changed[i])
            {
                Declares(before[i]);
                Declares(after[i]);
            }
        }

        for (var grown = true; grown;)
        {
            grown = false;
            for (var i = 0; i < after.Count; i++)
            {
                if (!affected[i] && after[i].Identifiers.Any(dirty.Contains))
                {
                    affected[i] = grown = true;
                    Declares(after[i]);
                }
            }
        }

        if (Enumerable.Range(0, after.Count).Any(i => affected[i]
            && (after[i].AlwaysNeeded is not null || before[i].AlwaysNeeded is not null)))
        {
            Array.Fill(affected, true);
        }

        return affected;
    }

    /// <summary>True when the file holds <c>#if</c> or <c>#elif</c>: its code can change with the symbols.</summary>
    private static bool HasConditions(SyntaxTree tree)
    {
        var root = tree.GetCompilationUnitRoot();
        return root.ContainsDirectives && root.GetFirstDirective(d => d.IsKind(SyntaxKind.IfDirectiveTrivia)
            || d.IsKind(SyntaxKind.ElifDirectiveTrivia)) is not null;
    }

    /// <summary>True when the same text is left out of both trees: they parse alike.</summary>
    private static bool SameActiveCode(SyntaxTree first, SyntaxTree second)
    {
        static IEnumerable<TextSpan> Disabled(SyntaxTree tree) => tree.GetRoot().DescendantTrivia()
            .Where(t => t.IsKind(SyntaxKind.DisabledTextTrivia))
            .Select(t => t.Span);
        return Disabled(first).SequenceEqual(Disabled(second));
    }

    private static ParsedFile Reparse(ParsedFile file, CSharpParseOptions options, CancellationToken token)
    {
        var tree = CSharpSyntaxTree.ParseText(file.Tree.GetText(token), options, file.Tree.FilePath, token);
        return new ParsedFile(tree, FileNames.Of(tree));
    }

    private ParsedFile? ParseContext(string path, ProjectGroup project, string where, CancellationToken token)
    {
        token.ThrowIfCancellationRequested();
        var result = SourceReader.Read(path, _maxFileSize);
        if (result.Text is null)
        {
            Warn(path, (result.Warning ?? "cannot be read; not scanned") + where);
            return null;
        }

        var tree = CSharpSyntaxTree.ParseText(result.Text, project.ParseOptions, path, token);
        var names = FileNames.Of(tree);
        if (names.DeepestName > FileNames.CompilerSafeNameParts)
        {
            Warn(path, FileNames.TooDeepToCompile(names.DeepestName));
            return null;
        }

        return new ParsedFile(tree, names);
    }

    private List<Finding> ToFindings(
        ImmutableArray<Diagnostic> diagnostics,
        HashSet<SyntaxTree> sources,
        string name,
        out bool fixable)
    {
        fixable = false;
        var found = new List<Finding>();
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Location == Location.None)
            {
                ReportProjectWideDiagnostic(name, diagnostic);
            }
            else if (ToFinding(diagnostic, sources) is { } finding)
            {
                found.Add(finding);
                fixable |= _fix && CodeFixCatalog.CanFix(diagnostic.Id);
            }
        }

        return found;
    }

    /// <summary>
    /// Fixes one project, writes the files that changed, and returns the findings left: those of the fixed code, and
    /// the original ones for a file that could not be written.
    /// </summary>
    private async Task<List<Finding>> FixAsync(
        ProjectGroup project,
        List<SyntaxTree> trees,
        IReadOnlyList<SyntaxTree> linked,
        ConfigFiles configFiles,
        string name,
        List<Finding> before,
        CancellationToken cancellationToken)
    {
        // The loose compilation is rebuilt from the trees alone; the fixer's in-memory project is not needed.
        FindingAnalysis analyzeFixed = async (_, sources, token) =>
        {
            var all = sources.Concat(linked).ToList();
            var config = CreateConfig(project, all, configFiles);
            var globalUsings = CreateGlobalUsings(project.Settings, project.ParseOptions!);
            var analysis = CreateCompilation(project, config, all, globalUsings, name);
            var diagnostics = await analysis.GetAnalyzerDiagnosticsAsync(token).ConfigureAwait(false);
            var set = new HashSet<SyntaxTree>(sources);
            return diagnostics.Where(d => ToFinding(d, set) is not null).ToImmutableArray();
        };

        var settings = project.Settings;
        // Linked files take part in the fixer's compilation as context, like the global usings, and are not fixed.
        var generated = (CreateGlobalUsings(settings, project.ParseOptions!) is { } globalUsings
            ? new[] { globalUsings }
            : Array.Empty<SyntaxTree>()).Concat(linked);
        var outcome = await ProjectFixer.RunAsync(
                CompilationName(settings),
                CompilationOptions(settings),
                project.ParseOptions!,
                ReferenceAssemblies.For(settings),
                trees,
                generated,
                analyzeFixed,
                Warn,
                cancellationToken)
            .ConfigureAwait(false);

        return WriteFixes(trees, outcome, before, cancellationToken);
    }

    /// <summary>
    /// Writes the sources <c>--fix</c> changed and returns the findings left: those of the fixed code, and the original
    /// ones for a file that could not be written.
    /// </summary>
    private List<Finding> WriteFixes(
        IReadOnlyList<SyntaxTree> trees,
        FixOutcome outcome,
        List<Finding> before,
        CancellationToken cancellationToken)
    {
        var fixedSources = new HashSet<SyntaxTree>(outcome.Trees);
        var after = outcome.Diagnostics.Select(d => ToFinding(d, fixedSources)).OfType<Finding>().ToList();
        var unfixedPaths = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < trees.Count; i++)
        {
            var original = trees[i].GetText(cancellationToken);
            var fixedText = outcome.Trees[i].GetText(cancellationToken);
            if (fixedText.ContentEquals(original))
            {
                continue;
            }

            var path = trees[i].FilePath;
            if (WriteFix(path, original, fixedText) is { } problem)
            {
                Warn(path, problem);
                unfixedPaths.Add(Relative(path));
                _unwrittenFiles.TryAdd(Relative(path), true);
            }
        }

        var remaining = after.Where(f => !unfixedPaths.Contains(f.Path))
            .Concat(before.Where(f => unfixedPaths.Contains(f.Path)))
            .ToList();
        var left = new HashSet<Finding>(remaining);
        foreach (var finding in before.Where(f => !left.Contains(f)))
        {
            _fixedFindings.TryAdd(finding, true);
        }

        foreach (var file in before.GroupBy(f => f.Path, StringComparer.Ordinal))
        {
            // Per file, so a linked source fixed through two projects counts its findings once.
            var fixedHere = CountFixed(file, remaining);
            if (fixedHere > 0)
            {
                _fixedPerFile.AddOrUpdate(file.Key, fixedHere, (_, earlier) => Math.Max(earlier, fixedHere));
            }
        }

        return remaining;
    }

    /// <summary>
    /// How many of one file's findings a fix removed. Counted per rule, so that a finding a fix turns into another
    /// rule's finding on the same file does not cancel out the one it fixed.
    /// </summary>
    internal static int CountFixed(IGrouping<string, Finding> fileBefore, IReadOnlyCollection<Finding> remaining)
    {
        return fileBefore.GroupBy(f => f.Id, StringComparer.Ordinal)
            .Sum(rule => Math.Max(
                0,
                rule.Count() - remaining.Count(f => f.Path == fileBefore.Key && f.Id == rule.Key)));
    }

    /// <summary>
    /// Writes one fixed source, or accepts that another project of this scan that compiles it too already wrote the
    /// same fix; returns why the file was not fixed, or null.
    /// </summary>
    private string? WriteFix(string path, SourceText original, SourceText fixedText)
    {
        lock (_journal?.WriteGate ?? _fixWriteGate)
        {
            if (_fixesWritten.TryGetValue(path, out var earlier))
            {
                return fixedText.ContentEquals(earlier)
                    ? null
                    : "is compiled by several projects whose fixes differ (their policies, symbols or references "
                        + "differ); fixed as the first of them to finish needs it, the others' findings stay";
            }

            switch (FixedFileWriter.Write(path, original, fixedText, out var problem))
            {
                case FixWrite.Written:
                    _fixesWritten.Add(path, fixedText);
                    _journal?.Written(path);
                    _log.Detail(Relative(path) + ": fixed");
                    return null;
                case FixWrite.Failed:
                    return problem;
                default:
                    return null;
            }
        }
    }

    private static string CompilationName(ProjectSettings settings)
    {
        return settings.ProjectFile is null ? "LooseFiles" : Path.GetFileNameWithoutExtension(settings.ProjectFile);
    }

    private static CSharpCompilationOptions CompilationOptions(ProjectSettings settings)
    {
        return new CSharpCompilationOptions(
            settings.OutputKind,
            nullableContextOptions: settings.Nullable,
            allowUnsafe: true,
            concurrentBuild: true);
    }

    /// <summary>
    /// The configuration of every file of the project, compiled or not: its problems are reported as for a build.
    /// </summary>
    private ConfigOptions CreateConfig(ProjectGroup project, List<SyntaxTree> trees, ConfigFiles configFiles)
    {
        var config = new ConfigOptions(
            configFiles.For(trees.Select(t => t.FilePath), project.Settings.Policy), out var configDiagnostics);
        ReportConfigDiagnostics(configDiagnostics);
        foreach (var tree in trees)
        {
            ReportConfigDiagnostics(config.Add(tree));
        }

        return config;
    }

    private CompilationWithAnalyzers CreateCompilation(
        ProjectGroup project,
        ConfigOptions config,
        IReadOnlyList<SyntaxTree> trees,
        SyntaxTree? globalUsings,
        string name,
        LeanRequest? lean = null,
        CancellationToken cancellationToken = default)
    {
        var settings = project.Settings;
        var allTrees = new List<SyntaxTree>(trees);
        if (globalUsings is not null)
        {
            allTrees.Add(globalUsings);
        }

        var compilationOptions = CompilationOptions(settings).WithSyntaxTreeOptionsProvider(config.Severities);
        var compilation = CSharpCompilation.Create(
            CompilationName(settings),
            allTrees,
            ReferenceAssemblies.For(settings),
            compilationOptions);
        if (lean is not null)
        {
            var leanTrees = LeanTrees.Apply(
                compilation, lean.Candidates, lean.Replaced, out var bodies, cancellationToken);
            lean.Bodies = bodies;
            compilation = compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(leanTrees);
            foreach (var tree in lean.Replaced.Values)
            {
                config.Add(tree);
            }
        }

        var analyzerOptions = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, config.Provider),
            (exception, analyzer, _) => ReportAnalyzerFailure(name, analyzer, exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: _log.Verbose,
            reportSuppressedDiagnostics: false);
        return compilation.WithAnalyzers(AnalyzerCatalog.ForScan, analyzerOptions);
    }

    /// <summary>Per-analyzer time for <c>--verbose</c>: the numbers rule authors need to keep the scan fast.</summary>
    private async Task ReportAnalyzerTimesAsync(
        CompilationWithAnalyzers analysis,
        string name,
        CancellationToken cancellationToken)
    {
        if (!_log.Verbose)
        {
            return;
        }

        foreach (var analyzer in AnalyzerCatalog.Analyzers)
        {
            var telemetry = await analysis.GetAnalyzerTelemetryInfoAsync(analyzer, cancellationToken)
                .ConfigureAwait(false);
            _log.Detail($"{name}:   {analyzer.GetType().Name}: {telemetry.ExecutionTime.TotalSeconds:0.00} s");
        }
    }

    private Finding? ToFinding(Diagnostic diagnostic, HashSet<SyntaxTree> sources)
    {
        if (!_ruleIds.Contains(diagnostic.Id) || diagnostic.IsSuppressed)
        {
            return null;
        }

        if (FindingSeverities.From(diagnostic.Severity) is not { } severity)
        {
            return null;
        }

        var tree = diagnostic.Location.SourceTree;
        if (!diagnostic.Location.IsInSource || tree is null || !sources.Contains(tree))
        {
            return null;
        }

        var span = diagnostic.Location.GetLineSpan();
        var helpUri = diagnostic.Descriptor.HelpLinkUri;
        return new Finding(
            Relative(tree.FilePath),
            span.StartLinePosition.Line + 1,
            span.StartLinePosition.Character + 1,
            span.EndLinePosition.Line + 1,
            span.EndLinePosition.Character + 1,
            diagnostic.Id,
            severity,
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
            string.IsNullOrEmpty(helpUri) ? null : helpUri);
    }

    /// <summary>The <c>global using</c> directives the SDK would generate into obj/ for this project.</summary>
    private static SyntaxTree? CreateGlobalUsings(ProjectSettings settings, CSharpParseOptions parseOptions)
    {
        if (settings.GlobalUsings.IsEmpty)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var directive in settings.GlobalUsings)
        {
            text.Append("global using ").Append(Qualify(directive)).AppendLine(";");
        }

        var path = Path.Combine(settings.Directory, "obj", "S3Sec.GlobalUsings.g.cs");
        return CSharpSyntaxTree.ParseText(text.ToString(), parseOptions, path, Encoding.UTF8);
    }

    private static string Qualify(string directive)
    {
        var equals = directive.IndexOf('=');
        if (equals >= 0)
        {
            return directive.Substring(0, equals + 1) + " " + Global(directive.Substring(equals + 1).Trim());
        }

        const string staticPrefix = "static ";
        return directive.StartsWith(staticPrefix, StringComparison.Ordinal)
            ? staticPrefix + Global(directive.Substring(staticPrefix.Length))
            : Global(directive);
    }

    private static string Global(string name)
    {
        return name.StartsWith("global::", StringComparison.Ordinal) ? name : "global::" + name;
    }

    private void ReportConfigDiagnostics(ImmutableArray<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            if (_reportedMessages.TryAdd("config:" + message, true))
            {
                // In the reports too: a severity or option that is ignored changes what the scan could find.
                _warnings.Enqueue(new ScanWarning("(analyzer config)", message));
                _log.Warning("analyzer config: " + message);
            }
        }
    }

    /// <summary>
    /// A diagnostic without a location (S3SEC090, an unrecognised option) is about the project's configuration, not
    /// a line of code: it becomes a scan warning, once per project and message, as a build prints it once.
    /// </summary>
    private void ReportProjectWideDiagnostic(string project, Diagnostic diagnostic)
    {
        if (!_ruleIds.Contains(diagnostic.Id) || diagnostic.IsSuppressed
            || FindingSeverities.From(diagnostic.Severity) is null)
        {
            return;
        }

        var message = diagnostic.Id + ": " + diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        if (_reportedMessages.TryAdd("project:" + project + ":" + message, true))
        {
            _warnings.Enqueue(new ScanWarning(project, message));
            _log.Warning(project + ": " + message);
        }
    }

    /// <summary>
    /// An analyzer that throws (AD0001) stops checking what it was checking, so the findings miss whatever it would
    /// have found: an error of the scan, in the report and the exit code, not a line on standard error alone.
    /// </summary>
    private void ReportAnalyzerFailure(string project, DiagnosticAnalyzer analyzer, Exception exception)
    {
        var message = $"{analyzer.GetType().Name} threw {exception.GetType().Name}: {exception.Message}; "
            + "what it checks is not checked here";
        if (_reportedMessages.TryAdd("analyzer:" + project + ":" + message, true))
        {
            _errors.Enqueue(new ScanWarning(project, message, AnalyzerFailureId));
            _log.Error(project + ": " + AnalyzerFailureId + ": " + message);
        }
    }

    /// <summary>
    /// A project whose analysis failed inside the scanner: none of its code was checked, so, as for an analyzer
    /// failure, it is an error of the scan (report and exit code), not a warning a CI gate would pass over.
    /// </summary>
    private void ProjectNotAnalysed(string project, string reason)
    {
        _errors.Enqueue(new ScanWarning(project, reason));
        _log.Error(project + ": " + reason);
    }

    private void Warn(string path, string reason) => WarnAt(Relative(path), reason);

    private void WarnAt(string reportPath, string reason)
    {
        _warnings.Enqueue(new ScanWarning(reportPath, reason));
        _log.Warning(reportPath + ": " + reason);
    }

    private string Relative(string path) => PathResolver.ToReportPath(_root, path);

    private sealed record ParsedFile(SyntaxTree Tree, FileNames Names);

    private sealed class ProjectGroup
    {
        public ProjectGroup(ProjectSettings settings)
        {
            Settings = settings;
        }

        public ProjectSettings Settings { get; }

        public List<int> Files { get; } = new();

        /// <summary>Files another project of the folder reports that this one compiles too: context only.</summary>
        public List<int> Context { get; } = new();

        public CSharpParseOptions? ParseOptions { get; set; }

        /// <summary>The project's <c>S3SecPolicy</c> names no preset: scanned without one, never fixed.</summary>
        public bool UnknownPolicy { get; init; }
    }

    /// <summary>An unknown preset set in a file several projects share, and the projects it reached.</summary>
    private sealed class SharedPreset(string source, string unknown)
    {
        private readonly HashSet<string> _projects = new(StringComparer.Ordinal);

        public string Source { get; } = source;

        /// <summary>The start of the message: the value, and the presets there are.</summary>
        public string Unknown { get; } = unknown;

        public int Count
        {
            get
            {
                lock (_projects)
                {
                    return _projects.Count;
                }
            }
        }

        /// <summary>True for the first project.</summary>
        public bool Add(string projectFile)
        {
            lock (_projects)
            {
                return _projects.Add(projectFile) && _projects.Count == 1;
            }
        }
    }
}
