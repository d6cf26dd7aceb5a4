using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using S3Sec.Cli.Discovery;

namespace S3Sec.Cli.Reporting;

/// <summary>
/// SARIF 2.1.0, the format code-scanning services import. Locations are relative URIs against the
/// <c>SRCROOT</c> base, so the same report is valid on any checkout of the repository. That base is the root of
/// the git working tree holding the scanned folder (else the folder itself): GitHub code scanning ignores
/// <c>originalUriBaseIds</c> and reads every relative URI from the repository root, so a scan of <c>src</c> must
/// still name <c>src/Foo.cs</c>, not <c>Foo.cs</c>.
/// </summary>
internal static class SarifReport
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public const string SarifVersion = "2.1.0";

    public const string SourceRootId = "SRCROOT";

    public static void Write(ScanReport report, Stream stream)
    {
        var ruleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < report.Rules.Length; i++)
        {
            ruleIndex[report.Rules[i].Id] = i;
        }

        using var json = new Utf8JsonWriter(stream, JsonReport.WriterOptions);
        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", SarifVersion);
        json.WriteStartArray("runs");
        json.WriteStartObject();
        WriteTool(report, json);
        var sourceRoot = RepositoryRoot(report.Root) ?? report.Root;
        var prefix = PathPrefix(sourceRoot, report.Root);
        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject(SourceRootId);
        json.WriteString("uri", RootUri(sourceRoot));
        json.WriteEndObject();
        json.WriteEndObject();
        WriteInvocation(report, prefix, json);
        json.WriteString("columnKind", "utf16CodeUnits");
        json.WriteStartArray("results");
        foreach (var finding in report.Findings)
        {
            WriteResult(finding, ruleIndex[finding.Id], prefix, json);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>A root-relative report path as a relative URI reference: segments percent-encoded.</summary>
    public static string RelativeUri(string path)
    {
        return string.Join("/", path.Split('/').Select(Uri.EscapeDataString));
    }

    /// <summary>
    /// The nearest folder at or above <paramref name="folder"/> holding a <c>.git</c> folder, or a <c>.git</c> file
    /// as a linked worktree or submodule has; null outside a repository or when a parent cannot be read.
    /// </summary>
    internal static string? RepositoryRoot(string folder)
    {
        try
        {
            for (var current = new DirectoryInfo(folder); current is not null; current = current.Parent)
            {
                var marker = Path.Combine(current.FullName, ".git");
                if (Directory.Exists(marker) || File.Exists(marker))
                {
                    return current.FullName;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return null;
        }

        return null;
    }

    /// <summary>The scanned folder relative to the source root, '/'-separated and ending in '/', or empty.</summary>
    private static string PathPrefix(string sourceRoot, string scanned)
    {
        var relative = Path.GetRelativePath(sourceRoot, scanned).Replace(Path.DirectorySeparatorChar, '/');
        return relative == "." ? string.Empty : relative.TrimEnd('/') + "/";
    }

    private static string RootUri(string root)
    {
        var uri = new Uri(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar);
        return uri.AbsoluteUri;
    }

    private static void WriteTool(ScanReport report, Utf8JsonWriter json)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", ToolInfo.Name);
        json.WriteString("version", ToolInfo.Version);
        json.WriteString("informationUri", ToolInfo.InformationUri);
        json.WriteStartArray("rules");
        foreach (var rule in report.Rules)
        {
            WriteRule(rule, json);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteRule(DiagnosticDescriptor rule, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        json.WriteStartObject("shortDescription");
        json.WriteString("text", rule.Title.ToString(CultureInfo.InvariantCulture));
        json.WriteEndObject();
        var description = rule.Description.ToString(CultureInfo.InvariantCulture);
        if (description.Length == 0)
        {
            description = rule.Title.ToString(CultureInfo.InvariantCulture);
        }

        json.WriteStartObject("fullDescription");
        json.WriteString("text", description);
        json.WriteEndObject();
        if (!string.IsNullOrEmpty(rule.HelpLinkUri))
        {
            json.WriteString("helpUri", rule.HelpLinkUri);
        }

        json.WriteStartObject("defaultConfiguration");
        json.WriteBoolean("enabled", rule.IsEnabledByDefault);
        json.WriteString("level", FindingSeverities.SarifLevel(rule));
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteString("category", rule.Category);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteInvocation(ScanReport report, string prefix, Utf8JsonWriter json)
    {
        json.WriteStartArray("invocations");
        json.WriteStartObject();
        // Every C# file found was skipped: the command fails (exit 2), so the run it reports did not succeed either.
        // An input error or an analyzer failure alone (an unknown policy preset, AD0001; exit 2) leaves it true: the
        // findings reported are sound, and GitHub code scanning refuses to process the results of a run that says it
        // failed, which would drop every one of them. The error notification says what was not checked.
        var scannedNothing = report.FilesFound > 0 && report.FilesScanned == 0;
        json.WriteBoolean("executionSuccessful", !scannedNothing);
        json.WriteStartArray("toolExecutionNotifications");
        if (scannedNothing)
        {
            json.WriteStartObject();
            json.WriteString("level", "error");
            json.WriteStartObject("message");
            json.WriteString("text", ScanReport.NothingScannedMessage(report.FilesFound));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        foreach (var error in report.Errors)
        {
            WriteNotification("error", error, prefix, json);
        }

        foreach (var warning in report.Warnings)
        {
            WriteNotification("warning", warning, prefix, json);
        }

        json.WriteEndArray();

        // SARIF has no field for how sources were loaded; an invocation's property bag is where it belongs.
        json.WriteStartObject("properties");
        json.WriteStartArray("loaders");
        foreach (var loader in report.Loaders)
        {
            json.WriteStringValue(loader);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void WriteResult(Finding finding, int ruleIndex, string prefix, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.Id);
        json.WriteNumber("ruleIndex", ruleIndex);
        json.WriteString("level", finding.Severity.SarifLevel());
        json.WriteStartObject("message");
        json.WriteString("text", finding.Message);
        json.WriteEndObject();
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        WriteArtifactLocation(prefix + finding.Path, json);
        json.WriteStartObject("region");
        json.WriteNumber("startLine", finding.Line);
        json.WriteNumber("startColumn", finding.Column);
        json.WriteNumber("endLine", finding.EndLine);
        json.WriteNumber("endColumn", finding.EndColumn);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteArtifactLocation(string path, Utf8JsonWriter json)
    {
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", RelativeUri(path));
        json.WriteString("uriBaseId", SourceRootId);
        json.WriteEndObject();
    }

    private static void WriteNotification(string level, ScanWarning problem, string prefix, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("level", level);
        json.WriteStartObject("message");
        json.WriteString("text", problem.Path + ": " + problem.Message);
        json.WriteEndObject();
        if (problem.Id is not null)
        {
            json.WriteStartObject("descriptor");
            json.WriteString("id", problem.Id);
            json.WriteEndObject();
        }

        if (IsFilePath(problem.Path))
        {
            json.WriteStartArray("locations");
            json.WriteStartObject();
            json.WriteStartObject("physicalLocation");
            WriteArtifactLocation(prefix + problem.Path, json);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    /// <summary>Warnings about a whole project or the root itself carry no file location.</summary>
    private static bool IsFilePath(string path) => path != "." && !path.StartsWith("(", StringComparison.Ordinal);
}
