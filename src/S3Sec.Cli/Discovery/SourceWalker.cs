using System;
using System.Collections.Generic;
using System.IO;

namespace S3Sec.Cli.Discovery;

/// <summary>
/// Walks the scanned folder without recursion (deep trees cannot overflow the stack), skipping build output and
/// dependency folders. Folder links are followed after every real folder has been seen, so a link into the tree
/// neither duplicates files nor hides the real path, and a link back to an ancestor is reported as a loop. File links
/// likewise: one to a source already found is left out, so the file is neither reported nor fixed twice. A link, to
/// a folder or a file, that leads out of the walked folder is not followed, with a warning: the scan covers the tree
/// it was given, and <c>--fix</c> must not write anywhere else.
/// </summary>
internal sealed class SourceWalker
{
    /// <summary>Deeper than this is almost surely a link loop the file system did not show as one.</summary>
    public const int MaxDepth = 100;

    internal static readonly HashSet<string> SkippedFolderNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "bin", "obj", ".git", "node_modules", ".vs",
    };

    private readonly string _start;

    /// <summary>The walked folder with every link resolved: what a link's target must be inside.</summary>
    private readonly string _tree;
    private readonly string _root;
    private readonly ConsoleLog _log;
    private readonly SourceInventory _inventory = new();
    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);
    private readonly HashSet<string> _files = new(StringComparer.Ordinal);
    private readonly List<FileSystemInfo> _fileLinks = new();

    private SourceWalker(string start, string root, ConsoleLog log)
    {
        _start = start;
        _tree = PathResolver.Canonicalize(start) ?? start;
        _root = root;
        _log = log;
    }

    /// <summary>Inventories a folder tree; <paramref name="root"/> is the full path of an existing folder.</summary>
    public static SourceInventory Walk(string root, ConsoleLog log) => Walk(root, root, log);

    /// <summary>
    /// Inventories the tree under <paramref name="start"/>; warnings name paths relative to <paramref name="root"/>,
    /// the folder the report is relative to.
    /// </summary>
    public static SourceInventory Walk(string start, string root, ConsoleLog log)
    {
        var walker = new SourceWalker(start, root, log);
        walker.Run();
        return walker._inventory;
    }

    private void Run()
    {
        var pending = new Stack<Folder>();
        var links = new Queue<Folder>();
        pending.Push(new Folder(_start, _tree, 0));
        while (true)
        {
            while (pending.Count > 0)
            {
                Visit(pending.Pop(), pending, links);
            }

            if (links.Count == 0)
            {
                break;
            }

            FollowLink(links.Dequeue(), pending);
        }

        foreach (var link in _fileLinks)
        {
            AddFileLink(link);
        }
    }

    private void Visit(Folder folder, Stack<Folder> pending, Queue<Folder> links)
    {
        if (!_visited.Add(folder.Canonical))
        {
            return;
        }

        if (folder.Depth > MaxDepth)
        {
            Skip(folder.Path, $"more than {MaxDepth} folders deep; not scanned");
            return;
        }

        List<FileSystemInfo> entries;
        try
        {
            entries = new List<FileSystemInfo>(new DirectoryInfo(folder.Path).EnumerateFileSystemInfos());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Skip(folder.Path, "folder cannot be read (" + ex.Message + ")");
            return;
        }

        // Sorted so that reports and warnings do not depend on the file system's order.
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            var entry = entries[i];
            if (entry is DirectoryInfo directory)
            {
                if (SkippedFolderNames.Contains(directory.Name))
                {
                    continue;
                }

                var canonical = Path.Combine(folder.Canonical, directory.Name);
                var child = new Folder(directory.FullName, canonical, folder.Depth + 1);
                if (directory.LinkTarget is not null)
                {
                    links.Enqueue(child with { Canonical = string.Empty });
                    continue;
                }

                pending.Push(child);
                continue;
            }

            if (!entry.Name.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (entry.LinkTarget is not null)
            {
                _fileLinks.Add(entry);
                continue;
            }

            _files.Add(Path.Combine(folder.Canonical, entry.Name));
            _inventory.SourceFiles.Add(entry.FullName);
        }
    }

    private void AddFileLink(FileSystemInfo link)
    {
        string? target;
        try
        {
            target = PathResolver.Canonicalize(link.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            target = null;
        }

        if (target is not null && !PathResolver.IsSameOrAncestor(_tree, target))
        {
            Skip(link.FullName, LeavesTheTree(target));
            return;
        }

        // A link that cannot be resolved is left to the reader, which reports why it cannot be read.
        if (target is not null && !_files.Add(target))
        {
            _log.Detail(Relative(link.FullName) + ": symbolic link to a file already scanned; not scanned again");
            return;
        }

        _inventory.SourceFiles.Add(link.FullName);
    }

    private void FollowLink(Folder link, Stack<Folder> pending)
    {
        string? target;
        try
        {
            target = PathResolver.Canonicalize(link.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Skip(link.Path, "symbolic link cannot be resolved (" + ex.Message + ")");
            return;
        }

        if (target is null || !Directory.Exists(target))
        {
            Skip(link.Path, "symbolic link points to a folder that does not exist");
            return;
        }

        if (!PathResolver.IsSameOrAncestor(_tree, target))
        {
            Skip(link.Path, LeavesTheTree(target));
            return;
        }

        var linkParent = PathResolver.Canonicalize(Path.GetDirectoryName(link.Path)!) ?? string.Empty;
        if (PathResolver.IsSameOrAncestor(target, linkParent))
        {
            Skip(link.Path, "symbolic link loop (points to " + Relative(target) + "); not followed");
            return;
        }

        if (_visited.Contains(target))
        {
            _log.Detail(Relative(link.Path) + ": symbolic link to a folder already scanned; not followed");
            return;
        }

        pending.Push(link with { Canonical = target });
    }

    private static string LeavesTheTree(string target)
    {
        return $"symbolic link to '{target}', outside the scanned folder; not followed (scan a folder that holds both "
            + "to include it)";
    }

    private void Skip(string path, string reason)
    {
        var relative = Relative(path);
        _inventory.Warnings.Add(new ScanWarning(relative, reason));
        _log.Warning(relative + ": " + reason);
    }

    private string Relative(string path) => PathResolver.ToReportPath(_root, path);

    private sealed record Folder(string Path, string Canonical, int Depth);
}
