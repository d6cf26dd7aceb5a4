using System.Globalization;
using System.IO;
using System.Linq;

namespace S3Sec.Cli.Reporting;

/// <summary>
/// The human report: one line per finding in the compiler's <c>path(line,col): severity ID: message</c> shape, so
/// editors and CI log parsers link it, then the count per rule and a total line.
/// </summary>
internal static class TextReport
{
    public static void Write(ScanReport report, TextWriter writer)
    {
        foreach (var finding in report.Findings)
        {
            var position = string.Create(CultureInfo.InvariantCulture, $"{finding.Line},{finding.Column}");
            writer.WriteLine(LineText.Escape(
                $"{finding.Path}({position}): {finding.Severity.Name()} {finding.Id}: {finding.Message}"));
        }

        // In the report as well as on standard error: with --output the report file is all a CI job may keep.
        foreach (var error in report.Errors)
        {
            writer.WriteLine(
                LineText.Escape($"{error.Path}: error{(error.Id is null ? "" : " " + error.Id)}: {error.Message}"));
        }

        if (report.Findings.Length > 0)
        {
            writer.WriteLine();
            var byRule = report.CountsByRule();
            var width = byRule.Max(r => r.Count.ToString(CultureInfo.InvariantCulture).Length);
            foreach (var (rule, count) in byRule)
            {
                var number = count.ToString(CultureInfo.InvariantCulture).PadLeft(width);
                writer.WriteLine($"{rule.Id}  {number}  {rule.Title}");
            }

            writer.WriteLine();
        }

        writer.WriteLine(Total(report));
    }

    private static string Total(ScanReport report)
    {
        var files = Plural(report.FilesScanned, "file");
        var projects = Plural(report.Projects, "project");
        var failures = report.Errors.Count(e => e.Id == Analysis.Scanner.AnalyzerFailureId);
        var inputErrors = report.Errors.Count - failures;
        var notes = (inputErrors > 0 ? $"; {Plural(inputErrors, "input error")}" : "")
            + (failures > 0 ? $"; {Plural(failures, "analyzer failure")}" : "")
            + (report.Warnings.Count > 0 ? $"; {Plural(report.Warnings.Count, "scan warning")}" : "");
        if (report.Findings.Length == 0)
        {
            return $"No findings in {files} ({projects}){notes}.";
        }

        var affected = report.Findings.Select(f => f.Path).Distinct().Count();
        var breakdown = string.Join(
            ", ",
            new[] { FindingSeverity.Error, FindingSeverity.Warning, FindingSeverity.Note }
                .Select(s => (Severity: s, Count: report.Count(s)))
                .Where(s => s.Count > 0)
                .Select(s => Plural(s.Count, s.Severity.Name())));
        var findings = Plural(report.Findings.Length, "finding");
        return $"{findings} ({breakdown}) in {affected} of {files} ({projects}){notes}.";
    }

    private static string Plural(int count, string noun)
    {
        var suffix = count == 1 || noun == "info" ? "" : "s";
        return count.ToString(CultureInfo.InvariantCulture) + " " + noun + suffix;
    }
}
