using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using S3Sec.Cli.Projects;

namespace S3Sec.Cli.Discovery;

/// <summary>
/// What the PATH argument asks to scan: the folder reports are relative to, the folders to walk (or one file), and
/// for a solution the projects it lists, so that sources belonging to other projects under those folders stay out.
/// </summary>
internal sealed class ScanTarget
{
    private static readonly string[] SolutionExtensions = { ".sln", ".slnx" };

    private ScanTarget(
        string root,
        IReadOnlyList<string> folders,
        string? singleFile,
        IReadOnlySet<string>? projects,
        IReadOnlyList<ScanWarning> warnings,
        string? entryFile = null)
    {
        EntryFile = entryFile;
        Root = root;
        Folders = folders;
        SingleFile = singleFile;
        Projects = projects;
        Warnings = warnings;
    }

    /// <summary>Full path of the folder every reported path is relative to.</summary>
    public string Root { get; }

    /// <summary>Full paths of the folders to walk, none inside another; empty for a single file.</summary>
    public IReadOnlyList<string> Folders { get; }

    public string? SingleFile { get; }

    /// <summary>When set, only sources whose nearest project file is one of these are scanned.</summary>
    public IReadOnlySet<string>? Projects { get; }

    /// <summary>
    /// The .csproj, or the readable .sln/.slnx, that PATH named: what the MSBuild loader can open. Null for a folder,
    /// a .cs file, or a solution file that could not be read.
    /// </summary>
    public string? EntryFile { get; }

    /// <summary>The project files the MSBuild loader opens: the project itself, or those the solution lists.</summary>
    public IReadOnlyList<string> EntryProjects =>
        EntryFile is null ? Array.Empty<string>()
        : Projects is { } listed ? listed.OrderBy(p => p, StringComparer.Ordinal).ToList()
        : new[] { EntryFile };

    /// <summary>Problems with the solution file (paths relative to <see cref="Root"/>); the scan goes on.</summary>
    public IReadOnlyList<ScanWarning> Warnings { get; }

    public static ScanTarget Folder(string folder)
    {
        return new ScanTarget(folder, new[] { folder }, null, null, Array.Empty<ScanWarning>());
    }

    /// <summary>
    /// The target for an existing path, or null with the reason when it is a file the scanner cannot take.
    /// </summary>
    public static ScanTarget? Resolve(string fullPath, string displayPath, out string? error)
    {
        error = null;
        if (Directory.Exists(fullPath))
        {
            return Folder(Path.TrimEndingDirectorySeparator(fullPath));
        }

        var folder = Path.GetDirectoryName(fullPath)!;
        var extension = Path.GetExtension(fullPath);
        if (extension.Equals(".cs", StringComparison.OrdinalIgnoreCase))
        {
            return new ScanTarget(folder, Array.Empty<string>(), fullPath, null, Array.Empty<ScanWarning>());
        }

        if (extension.Equals(".csproj", StringComparison.OrdinalIgnoreCase))
        {
            return new ScanTarget(folder, new[] { folder }, null, null, Array.Empty<ScanWarning>(), fullPath);
        }

        if (SolutionExtensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
        {
            return ForSolution(fullPath, folder);
        }

        error = $"'{displayPath}' is not a folder, a .cs file, a .csproj project or a .sln/.slnx solution";
        return null;
    }

    private static ScanTarget ForSolution(string solutionFile, string root)
    {
        var name = Path.GetFileName(solutionFile);
        var solution = SolutionFileReader.Read(solutionFile);
        if (solution.Problem is not null)
        {
            var fallback = new ScanWarning(name, solution.Problem + "; scanning its folder instead");
            return new ScanTarget(root, new[] { root }, null, null, new[] { fallback });
        }

        var warnings = new List<ScanWarning>();
        var projects = new HashSet<string>(StringComparer.Ordinal);
        foreach (var project in solution.ProjectFiles)
        {
            if (File.Exists(project))
            {
                projects.Add(project);
                continue;
            }

            var relative = PathResolver.ToReportPath(root, project);
            warnings.Add(new ScanWarning(name, $"lists project '{relative}', which does not exist; not scanned"));
        }

        if (solution.ProjectFiles.Count == 0)
        {
            warnings.Add(new ScanWarning(name, "lists no C# project; nothing to scan"));
        }

        return new ScanTarget(root, OutermostFolders(projects), null, projects, warnings, solutionFile);
    }

    /// <summary>
    /// The loose-file target for some of <see cref="EntryProjects"/>, those the MSBuild loader could not take: for a
    /// project, its whole folder as before; for a solution, just those projects. Reports stay relative to the same
    /// root, and the solution's own warnings are not repeated.
    /// </summary>
    public ScanTarget LooseFor(IReadOnlyCollection<string> projectFiles)
    {
        if (Projects is null)
        {
            return new ScanTarget(Root, Folders, null, null, Array.Empty<ScanWarning>());
        }

        var subset = new HashSet<string>(projectFiles, StringComparer.Ordinal);
        return new ScanTarget(Root, OutermostFolders(subset), null, subset, Array.Empty<ScanWarning>());
    }

    /// <summary>The projects' folders without those inside another, so that no file is walked twice.</summary>
    private static List<string> OutermostFolders(IEnumerable<string> projectFiles)
    {
        var folders = projectFiles.Select(p => Path.GetDirectoryName(p)!)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(f => f.Length)
            .ToList();
        var outermost = new List<string>();
        foreach (var folder in folders)
        {
            if (!outermost.Any(o => PathResolver.IsSameOrAncestor(o, folder)))
            {
                outermost.Add(folder);
            }
        }

        outermost.Sort(StringComparer.Ordinal);
        return outermost;
    }
}
