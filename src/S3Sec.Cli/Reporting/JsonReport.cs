using System.Collections.Generic;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using S3Sec.Cli.Discovery;

namespace S3Sec.Cli.Reporting;

/// <summary>
/// The JSON report. Its shape is part of the tool's interface (documented in the README); <c>schemaVersion</c> goes
/// up only when a field changes meaning or disappears, never when one is added.
/// <code>
/// { "schemaVersion": 1,
///   "tool": { "name", "version", "informationUri" },
///   "root": full path of the scanned folder,
///   "findings": [ { "path", "line", "column", "endLine", "endColumn", "id", "severity", "message", "helpUri" } ],
///   "warnings": [ { "path", "message" } ],
///   "errors": [ { "path", "message", "id" (only for an analyzer that threw: "AD0001") } ]
///             (problems the scan went on past that leave its result wrong or incomplete: an input error, an
///             analyzer failure; the exit code is 2),
///   "summary": { "filesFound", "filesScanned", "projects", "loaders": [ "msbuild" and/or "loose" ], "findings",
///                "bySeverity": { "error", "warning", "info" } (info: the level --fail-on and SARIF call note),
///                "rules": [ { "id", "title", "count" } ] } }
/// </code>
/// Paths are relative to <c>root</c> with forward slashes; lines and columns are 1-based, the end column exclusive.
/// </summary>
internal static class JsonReport
{
    public const int SchemaVersion = 1;

    public static void Write(ScanReport report, Stream stream)
    {
        using var json = new Utf8JsonWriter(stream, WriterOptions);
        json.WriteStartObject();
        json.WriteNumber("schemaVersion", SchemaVersion);
        json.WriteStartObject("tool");
        json.WriteString("name", ToolInfo.Name);
        json.WriteString("version", ToolInfo.Version);
        json.WriteString("informationUri", ToolInfo.InformationUri);
        json.WriteEndObject();
        json.WriteString("root", report.Root);

        json.WriteStartArray("findings");
        foreach (var finding in report.Findings)
        {
            json.WriteStartObject();
            json.WriteString("path", finding.Path);
            json.WriteNumber("line", finding.Line);
            json.WriteNumber("column", finding.Column);
            json.WriteNumber("endLine", finding.EndLine);
            json.WriteNumber("endColumn", finding.EndColumn);
            json.WriteString("id", finding.Id);
            json.WriteString("severity", finding.Severity.Name());
            json.WriteString("message", finding.Message);
            json.WriteString("helpUri", finding.HelpUri);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        WriteProblems("warnings", report.Warnings, json);
        WriteProblems("errors", report.Errors, json);
        WriteSummary(report, json);
        json.WriteEndObject();
    }

    internal static JsonWriterOptions WriterOptions { get; } = new()
    {
        Indented = true,

        // Reports are files and pipes, never HTML: keep quotes and non-ASCII text readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static void WriteProblems(string name, IReadOnlyList<ScanWarning> problems, Utf8JsonWriter json)
    {
        json.WriteStartArray(name);
        foreach (var problem in problems)
        {
            json.WriteStartObject();
            json.WriteString("path", problem.Path);
            json.WriteString("message", problem.Message);
            if (problem.Id is not null)
            {
                json.WriteString("id", problem.Id);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteSummary(ScanReport report, Utf8JsonWriter json)
    {
        json.WriteStartObject("summary");
        json.WriteNumber("filesFound", report.FilesFound);
        json.WriteNumber("filesScanned", report.FilesScanned);
        json.WriteNumber("projects", report.Projects);
        json.WriteStartArray("loaders");
        foreach (var loader in report.Loaders)
        {
            json.WriteStringValue(loader);
        }

        json.WriteEndArray();
        json.WriteNumber("findings", report.Findings.Length);
        json.WriteStartObject("bySeverity");
        json.WriteNumber("error", report.Count(FindingSeverity.Error));
        json.WriteNumber("warning", report.Count(FindingSeverity.Warning));
        json.WriteNumber("info", report.Count(FindingSeverity.Note));
        json.WriteEndObject();
        json.WriteStartArray("rules");
        foreach (var (rule, count) in report.CountsByRule())
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Id);
            json.WriteString("title", rule.Title.ToString(System.Globalization.CultureInfo.InvariantCulture));
            json.WriteNumber("count", count);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
