using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;

namespace S3Sec.Cli.Tests.Infrastructure;

/// <summary>
/// Every file and folder under a root with a hash of each file's bytes, so a test can prove a run wrote nothing
/// but what it was asked to. Links are listed, not followed, so a link loop cannot make it walk forever.
/// </summary>
internal sealed class TreeSnapshot
{
    private readonly SortedDictionary<string, string> _entries;

    private TreeSnapshot(SortedDictionary<string, string> entries)
    {
        _entries = entries;
    }

    public static TreeSnapshot Take(string root)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(root));
        while (pending.Count > 0)
        {
            foreach (var entry in pending.Pop().EnumerateFileSystemInfos())
            {
                var relative = Path.GetRelativePath(root, entry.FullName);
                if (entry.LinkTarget is { } target)
                {
                    entries[relative] = "link -> " + target;
                }
                else if (entry is DirectoryInfo folder)
                {
                    entries[relative] = "folder";
                    pending.Push(folder);
                }
                else
                {
                    using var stream = File.OpenRead(entry.FullName);
                    entries[relative] = Convert.ToHexString(SHA256.HashData(stream));
                }
            }
        }

        return new TreeSnapshot(entries);
    }

    /// <summary>Paths added, removed or changed since <paramref name="before"/>, sorted.</summary>
    public IReadOnlyList<string> ChangedSince(TreeSnapshot before)
    {
        return _entries.Keys.Union(before._entries.Keys)
            .Where(k => !_entries.TryGetValue(k, out var now)
                || !before._entries.TryGetValue(k, out var then)
                || now != then)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
