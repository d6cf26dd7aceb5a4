using System;
using System.IO;

namespace S3Sec.Cli.Discovery;

/// <summary>Path helpers: canonical paths through symbolic links, and the report's root-relative paths.</summary>
internal static class PathResolver
{
    /// <summary>Links followed while resolving one path before giving up, as the operating system does.</summary>
    private const int MaxLinkHops = 40;

    /// <summary>
    /// The path with every symbolic link resolved (what realpath gives), or null when a link in it is broken or
    /// the links go round. .NET resolves only the last component of a link, hence the component walk.
    /// </summary>
    public static string? Canonicalize(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "/";
        var parts = full.Substring(root.Length).Split(
            new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar },
            StringSplitOptions.RemoveEmptyEntries);
        var current = root.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var hops = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var next = current + Path.DirectorySeparatorChar + parts[i];
            var info = new FileInfo(next);
            if (info.LinkTarget is not { } target)
            {
                current = next;
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                return null;
            }

            var resolved = Path.GetFullPath(target, string.IsNullOrEmpty(current) ? root : current);
            var rest = string.Join(Path.DirectorySeparatorChar, parts, i + 1, parts.Length - i - 1);
            full = rest.Length == 0 ? resolved : Path.Combine(resolved, rest);
            parts = full.Substring(root.Length).Split(
                new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar },
                StringSplitOptions.RemoveEmptyEntries);
            current = root.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            i = -1;
        }

        return current.Length == 0 ? root : current;
    }

    /// <summary>True when <paramref name="ancestor"/> is <paramref name="path"/> or one of its parents.</summary>
    public static bool IsSameOrAncestor(string ancestor, string path)
    {
        var trimmed = ancestor.TrimEnd(Path.DirectorySeparatorChar);
        if (path.Length == trimmed.Length)
        {
            return string.Equals(path, trimmed, StringComparison.Ordinal);
        }

        return path.StartsWith(trimmed + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || (trimmed.Length == 0 && path.StartsWith(Path.DirectorySeparatorChar));
    }

    /// <summary>A path as the report shows it: relative to the scanned root, with forward slashes.</summary>
    public static string ToReportPath(string root, string path)
    {
        var relative = Path.GetRelativePath(root, path);
        if (relative == ".")
        {
            return ".";
        }

        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }
}
