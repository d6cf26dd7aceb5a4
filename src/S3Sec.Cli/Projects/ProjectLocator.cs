using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace S3Sec.Cli.Projects;

/// <summary>
/// Finds the project a source file belongs to the way SDK-style globbing does: the nearest <c>.csproj</c> in the
/// file's folder or above it. The search goes past the scanned root, so scanning a sub-folder of a project still
/// compiles it with that project's settings.
/// </summary>
internal sealed class ProjectLocator
{
    private readonly Dictionary<string, string?> _byDirectory = new(StringComparer.Ordinal);
    private readonly Action<string, string> _warn;

    public ProjectLocator(Action<string, string> warn)
    {
        _warn = warn;
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

        Array.Sort(projects, StringComparer.Ordinal);
        if (projects.Length > 1)
        {
            _warn(directory, "holds several project files; its sources are compiled with "
                + Path.GetFileName(projects[0]) + "'s settings");
        }

        return projects.First();
    }
}
