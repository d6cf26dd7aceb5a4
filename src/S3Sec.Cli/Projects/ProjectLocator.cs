using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace S3Sec.Cli.Projects;

/// <summary>
/// Finds the project a source file belongs to the way SDK-style globbing does: the nearest <c>.csproj</c> in the
/// file's folder or above it. The search goes past the scanned root, so scanning a sub-folder of a project still
/// compiles it with that project's settings. A folder with several project files gives its sources to one of them,
/// not to each: they glob the same files, so each would report the same findings again, and <c>--fix</c> would have
/// to reconcile their fixes; the others are most often copies (<c>Foo - Backup.csproj</c>) or variants.
/// </summary>
internal sealed class ProjectLocator
{
    private readonly Dictionary<string, string?> _byDirectory = new(StringComparer.Ordinal);
    private readonly Action<string, string> _warn;
    private readonly Action<string, string> _detail;
    private readonly IReadOnlySet<string>? _listed;

    /// <param name="warn">Reports a folder whose project had to be guessed.</param>
    /// <param name="detail">Reports, for <c>--verbose</c>, a folder whose other project files are not used.</param>
    /// <param name="listed">The projects a scanned solution lists, which win over the others of their folder.</param>
    public ProjectLocator(
        Action<string, string> warn,
        Action<string, string>? detail = null,
        IReadOnlySet<string>? listed = null)
    {
        _warn = warn;
        _detail = detail ?? ((_, _) => { });
        _listed = listed;
    }

    /// <summary>Full path of the nearest project file, or null when no folder above has one.</summary>
    public string? Find(string sourceFile)
    {
        var directory = Path.GetDirectoryName(sourceFile);
        var walked = new List<string>();
        string? found = null;
        for (var current = directory; current is not null; current = Path.GetDirectoryName(current))
        {
            if (_byDirectory.TryGetValue(current, out found))
            {
                break;
            }

            walked.Add(current);
            found = ProjectIn(current);
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

    private string? ProjectIn(string directory)
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

        if (projects.Length == 1)
        {
            return projects[0];
        }

        // Listed by the solution first, then named after the folder (Foo/Foo.csproj), then the shortest name, since a
        // copy adds to the name ("Foo - Backup", "Foo.old"); ordinal order only makes ties deterministic.
        var folderName = Path.GetFileName(directory);
        var ranked = projects
            .OrderBy(p => _listed is null || _listed.Contains(p) ? 0 : 1)
            .ThenBy(p => NamedAfter(p, folderName) ? 0 : 1)
            .ThenBy(p => Path.GetFileName(p).Length)
            .ThenBy(p => p, StringComparer.Ordinal)
            .ToList();
        var chosen = ranked[0];
        var others = string.Join(", ", ranked.Skip(1).Select(Path.GetFileName));
        var decided = (_listed is not null && _listed.Contains(chosen) && !_listed.Contains(ranked[1]))
            || (NamedAfter(chosen, folderName) && !NamedAfter(ranked[1], folderName));
        if (decided)
        {
            _detail(directory, $"holds several project files; its sources are compiled with {Path.GetFileName(chosen)}"
                + $"'s settings, not with {others}");
        }
        else
        {
            _warn(directory, $"holds several project files and none is named after the folder; its sources are "
                + $"compiled with {Path.GetFileName(chosen)}'s settings (the shortest name), not with {others}");
        }

        return chosen;
    }

    private static bool NamedAfter(string projectFile, string folderName)
    {
        return string.Equals(
            Path.GetFileNameWithoutExtension(projectFile), folderName, StringComparison.OrdinalIgnoreCase);
    }
}
