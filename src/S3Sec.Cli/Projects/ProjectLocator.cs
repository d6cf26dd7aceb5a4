using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;

namespace S3Sec.Cli.Projects;

/// <summary>
/// Finds the projects a source file can belong to the way SDK-style globbing does: those in the nearest folder, at or
/// above the file's, that holds a <c>.csproj</c>. The search goes past the scanned root, so scanning a sub-folder of a
/// project still compiles it with that project's settings. A folder with several project files gets them in an order
/// of preference (<see cref="ProjectFolder"/>): the scanner compiles each project's own <c>Compile</c> items, and a
/// file that more than one of them compiles is reported through the first, so nothing is reported twice.
/// </summary>
internal sealed class ProjectLocator
{
    private readonly Dictionary<string, ProjectFolder?> _byDirectory = new(StringComparer.Ordinal);
    private readonly IReadOnlySet<string>? _listed;

    /// <param name="listed">The projects a scanned solution lists: the others of their folder are not scanned.</param>
    public ProjectLocator(IReadOnlySet<string>? listed = null)
    {
        _listed = listed;
    }

    /// <summary>The nearest folder with project files, or null when no folder above has one.</summary>
    public ProjectFolder? Find(string sourceFile)
    {
        var directory = Path.GetDirectoryName(sourceFile);
        var walked = new List<string>();
        ProjectFolder? found = null;
        for (var current = directory; current is not null; current = Path.GetDirectoryName(current))
        {
            if (_byDirectory.TryGetValue(current, out found))
            {
                break;
            }

            walked.Add(current);
            found = ProjectsIn(current);
            if (found is not null)
            {
                break;
            }
        }

        foreach (var folder in walked)
        {
            _byDirectory[folder] = found;
        }

        return found;
    }

    private ProjectFolder? ProjectsIn(string directory)
    {
        string[] projects;
        try
        {
            projects = Directory.GetFiles(directory, "*.csproj");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if (projects.Length == 0)
        {
            return null;
        }

        // A scanned solution's projects only, when it lists some here: it leaves the others out of the scan. Then the
        // one named after the folder (Foo/Foo.csproj), then the shortest name, since a copy adds to the name
        // ("Foo - Backup", "Foo.old"); ordinal order only makes ties deterministic.
        var listed = projects.Where(IsListed).ToArray();
        var folderName = Path.GetFileName(directory);
        var ranked = (listed.Length > 0 ? listed : projects)
            .OrderBy(p => NamedAfter(p, folderName) ? 0 : 1)
            .ThenBy(p => Path.GetFileName(p).Length)
            .ThenBy(p => p, StringComparer.Ordinal)
            .ToImmutableArray();
        return new ProjectFolder(directory, ranked, listed.Length > 0, p => NamedAfter(p, folderName));
    }

    private bool IsListed(string projectFile) => _listed is null || _listed.Contains(projectFile);

    private static bool NamedAfter(string projectFile, string folderName)
    {
        return string.Equals(
            Path.GetFileNameWithoutExtension(projectFile), folderName, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>A folder's project files, most preferred first.</summary>
internal sealed class ProjectFolder
{
    private readonly Func<string, bool> _namedAfter;

    public ProjectFolder(string directory, ImmutableArray<string> projects, bool listed, Func<string, bool> namedAfter)
    {
        Directory = directory;
        Projects = projects;
        Listed = listed;
        _namedAfter = namedAfter;
    }

    public string Directory { get; }

    /// <summary>
    /// Full paths of the project files, in the order in which they claim a file they share; only those a scanned
    /// solution lists, when it lists any here.
    /// </summary>
    public ImmutableArray<string> Projects { get; }

    /// <summary>False when a solution is scanned and lists none of the folder's projects.</summary>
    public bool Listed { get; }

    /// <summary>
    /// True when <paramref name="first"/> comes before <paramref name="second"/> for a reason, not only by the length
    /// of its name: it is named after the folder and the other is not.
    /// </summary>
    public bool Prefers(string first, string second) => _namedAfter(first) && !_namedAfter(second);
}
