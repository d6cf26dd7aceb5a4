using System;
using System.IO;
using System.Text.Json;
using Json.Schema;

namespace S3Sec.Packaging.Tests;

/// <summary>
/// Validates a log against the official SARIF 2.1.0 JSON schema. The schema comes with Microsoft's SARIF multitool
/// package from npm (tools/sarif); it is installed here when the folder has not been installed yet.
/// </summary>
public static class SarifSchema
{
    private static readonly object Gate = new();
    private static JsonSchema? _schema;

    public static EvaluationResults Evaluate(string repositoryRoot, string sarifPath)
    {
        var schema = Load(repositoryRoot);
        using var log = JsonDocument.Parse(File.ReadAllText(sarifPath));
        return schema.Evaluate(log.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static JsonSchema Load(string repositoryRoot)
    {
        lock (Gate)
        {
            if (_schema is not null)
            {
                return _schema;
            }

            var tools = Path.Combine(repositoryRoot, "tools", "sarif");
            var path = Path.Combine(tools, "node_modules", "@microsoft", "sarif-multitool-linux", "sarif-2.1.0.json");
            if (!File.Exists(path))
            {
                var install = ProcessRunner.Run(
                    "npm",
                    new[] { "install", "--no-audit", "--no-fund", "--ignore-scripts" },
                    tools,
                    TimeSpan.FromMinutes(5));
                if (install.ExitCode != 0 || !File.Exists(path))
                {
                    throw new InvalidOperationException("Could not install the SARIF schema from npm: " + install);
                }
            }

            _schema = JsonSchema.FromFile(path);
            return _schema;
        }
    }
}
