using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using S3Sec.Cli.Discovery;

namespace S3Sec.Cli.Reporting;

/// <summary>
/// Findings that <c>--fix</c> made go away, and the files it rewrote for them; the fixable findings it did not try
/// to fix because their project's policy is unknown (see <see cref="ScanReport.Errors"/>); and the files (relative
/// paths, as the findings give them) it had a fix for but did not write.
/// </summary>
internal sealed record FixSummary(
    int FixedFindings,
    int FixedFiles,
    IReadOnlySet<Finding> NotAttempted,
    IReadOnlyCollection<string> UnwrittenFiles);

/// <summary>Everything a finished scan knows, in the order the reports print it.</summary>
internal sealed class ScanReport
{
    public ScanReport(
        string root,
        ImmutableArray<Finding> findings,
        ImmutableArray<DiagnosticDescriptor> rules,
        IReadOnlyList<ScanWarning> warnings,
        int filesFound,
        int filesScanned,
        int projects,
        TimeSpan elapsed,
        FixSummary? fixes = null,
        IReadOnlyList<string>? loaders = null,
        IReadOnlyList<ScanWarning>? errors = null)
    {
        Loaders = loaders ?? Array.Empty<string>();
        Errors = errors ?? Array.Empty<ScanWarning>();
        Root = root;
        Findings = findings;
        Rules = rules;
        Warnings = warnings;
        FilesFound = filesFound;
        FilesScanned = filesScanned;
        Projects = projects;
        Elapsed = elapsed;
        Fixes = fixes;
    }

    /// <summary>The error when C# files were found but none could be scanned.</summary>
    public static string NothingScannedMessage(int filesFound)
    {
        var count = filesFound.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"none of the {count} C# file{(filesFound == 1 ? string.Empty : "s")} found could be scanned";
    }

    /// <summary>Full path of the scanned folder; every finding's path is relative to it.</summary>
    public string Root { get; }

    /// <summary>Sorted by path, line, column and id.</summary>
    public ImmutableArray<Finding> Findings { get; }

    /// <summary>Every rule the analyzers can report, ordered by id.</summary>
    public ImmutableArray<DiagnosticDescriptor> Rules { get; }

    /// <summary>Files and folders the scan had trouble with, ordered by path.</summary>
    public IReadOnlyList<ScanWarning> Warnings { get; }

    /// <summary>
    /// Input errors that did not stop the scan (a project's unknown <c>S3SecPolicy</c>), ordered by path: the report
    /// holds everything else, and the exit code is 2.
    /// </summary>
    public IReadOnlyList<ScanWarning> Errors { get; }

    /// <summary>C# files found under the root, including those that could not be read.</summary>
    public int FilesFound { get; }

    /// <summary>C# files parsed and analysed.</summary>

    public int FilesScanned { get; }

    /// <summary>Compilations built: one per project file, plus one for files outside any project.</summary>
    public int Projects { get; }

    public TimeSpan Elapsed { get; }

    /// <summary>What <c>--fix</c> changed, or null when it was not asked for; the findings are what remains.</summary>
    public FixSummary? Fixes { get; }

    /// <summary>
    /// How the sources were loaded, sorted: <c>msbuild</c>, <c>loose</c>, both when some projects fell back, or none
    /// when nothing was found.
    /// </summary>
    public IReadOnlyList<string> Loaders { get; }

    public int Count(FindingSeverity severity)
    {
        var count = 0;
        foreach (var finding in Findings)
        {
            if (finding.Severity == severity)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Findings per rule id, for the rules that have any, ordered by id.</summary>
    public IReadOnlyList<(DiagnosticDescriptor Rule, int Count)> CountsByRule()
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var finding in Findings)
        {
            counts[finding.Id] = counts.TryGetValue(finding.Id, out var count) ? count + 1 : 1;
        }

        var result = new List<(DiagnosticDescriptor, int)>();
        foreach (var entry in counts)
        {
            result.Add((FindRule(entry.Key), entry.Value));
        }

        return result;
    }

    public DiagnosticDescriptor FindRule(string id)
    {
        foreach (var rule in Rules)
        {
            if (rule.Id == id)
            {
                return rule;
            }
        }

        throw new InvalidOperationException("finding for a rule no analyzer declares: " + id);
    }
}
