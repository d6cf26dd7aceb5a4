using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace S3Sec.Cli.Projects;

/// <summary>
/// Which files a project's <c>Compile</c> items leave in: the SDK's default <c>**/*.cs</c> unless
/// <c>EnableDefaultCompileItems</c> (or <c>EnableDefaultItems</c>) is off, and then each <c>Include</c> (with its
/// <c>Exclude</c>) and <c>Remove</c> in the order MSBuild evaluates them. An item in <c>Directory.Build.props</c> comes
/// before the SDK's default include, so a <c>Remove</c> there removes nothing, as in a build. Patterns match as
/// MSBuild's do: relative to the project's folder, <c>*</c> and <c>?</c> within a folder name, <c>**</c> across
/// folders, letters in any case. <c>Update</c> only changes metadata and is not read.
/// </summary>
internal sealed class CompileItems
{
    /// <summary>The SDK's defaults: every <c>.cs</c> file under the project's folder.</summary>
    public static readonly CompileItems Default = new(ImmutableArray<Step>.Empty, includesFolder: true);

    private readonly ImmutableArray<Step> _steps;

    /// <summary>The default include's own excludes, which still apply when nothing else is matched per file.</summary>
    private readonly ImmutableArray<Regex> _defaultExcludes;

    private CompileItems(
        ImmutableArray<Step> steps, bool includesFolder, ImmutableArray<Regex> defaultExcludes = default)
    {
        _steps = steps;
        IncludesFolder = includesFolder;
        _defaultExcludes = defaultExcludes.IsDefault ? ImmutableArray<Regex>.Empty : defaultExcludes;
    }

    /// <summary>
    /// True when the default include is in and nothing is removed: every file under the project's folder is compiled
    /// but those of the default include's excludes, and so is every file an <c>Include</c> names (the only other files
    /// the scan asks about), with no other pattern to match per file.
    /// </summary>
    public bool IncludesFolder { get; }

    /// <summary>True when the project compiles the file at this full path.</summary>
    public bool Compiles(string fullPath)
    {
        var path = fullPath.Replace('\\', '/');
        if (IncludesFolder)
        {
            return !_defaultExcludes.Any(p => p.IsMatch(path));
        }

        var compiled = false;
        foreach (var step in _steps)
        {
            if (step.Include)
            {
                compiled |= step.Patterns.Any(p => p.IsMatch(path)) && !step.Excludes.Any(p => p.IsMatch(path));
            }
            else if (step.Patterns.Any(p => p.IsMatch(path)))
            {
                compiled = false;
            }
        }

        return compiled;
    }

    /// <summary>Builds the list from the steps in evaluation order; the default include is one of them.</summary>
    public static CompileItems From(IReadOnlyList<Step> steps)
    {
        var onlyAdded = steps.Any(s => s.IsDefault) && steps.All(s => s.Include);
        if (!onlyAdded)
        {
            return new CompileItems(steps.ToImmutableArray(), includesFolder: false);
        }

        // An explicit Include of a file the default include excludes still compiles it, so only the default's
        // excludes are left to check, and only when no other Include could bring such a file back in.
        var defaultStep = steps.First(s => s.IsDefault);
        if (defaultStep.Excludes.IsEmpty)
        {
            return Default;
        }

        return steps.Count == 1
            ? new CompileItems(ImmutableArray<Step>.Empty, includesFolder: true, defaultStep.Excludes)
            : new CompileItems(steps.ToImmutableArray(), includesFolder: false);
    }

    /// <summary>
    /// One item's patterns as full-path matchers; a pattern with a property, item or metadata reference left after
    /// <paramref name="expand"/> is dropped, since only a build knows what it names.
    /// </summary>
    public static ImmutableArray<Regex> Patterns(string? spec, string projectDirectory, Func<string, string> expand)
    {
        if (spec is null)
        {
            return ImmutableArray<Regex>.Empty;
        }

        var patterns = ImmutableArray.CreateBuilder<Regex>();
        var parts = expand(spec).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var part in parts)
        {
            if (part.Contains("$(", StringComparison.Ordinal) || part.Contains("@(", StringComparison.Ordinal)
                || part.Contains("%(", StringComparison.Ordinal))
            {
                continue;
            }

            string full;
            try
            {
                var relative = part.Replace('\\', Path.DirectorySeparatorChar);
                full = Path.GetFullPath(Path.Combine(projectDirectory, relative));
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
            {
                continue;
            }

            full = full.Replace('\\', '/');
            patterns.Add(IsLegalWildcard(full)
                ? ToRegex(full)
                : new Regex("^" + Regex.Escape(full) + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));
        }

        return patterns.ToImmutable();
    }

    /// <summary>
    /// False when <c>**</c> shares a folder name with other characters (<c>Lib**/*.cs</c>, <c>**D.cs</c>): MSBuild
    /// then takes the whole spec as a literal path, which names no file, rather than as a wildcard.
    /// </summary>
    private static bool IsLegalWildcard(string pattern)
    {
        for (var i = pattern.IndexOf("**", StringComparison.Ordinal); i >= 0;
            i = pattern.IndexOf("**", i + 1, StringComparison.Ordinal))
        {
            var end = i + 2;
            while (end < pattern.Length && pattern[end] == '*')
            {
                end++;
            }

            if ((i > 0 && pattern[i - 1] != '/') || (end < pattern.Length && pattern[end] != '/'))
            {
                return false;
            }

            i = end - 1;
        }

        return true;
    }

    private static Regex ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" is any number of folders, none included; a trailing "**" is anything below.
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        return new Regex(
            regex.Append('$').ToString(),
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    /// <summary>An <c>Include</c> (less its <c>Exclude</c>) or a <c>Remove</c>.</summary>
    internal sealed record Step(bool Include, ImmutableArray<Regex> Patterns, ImmutableArray<Regex> Excludes)
    {
        public bool IsDefault { get; init; }
    }
}
