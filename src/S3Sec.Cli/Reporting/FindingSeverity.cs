using Microsoft.CodeAnalysis;

namespace S3Sec.Cli.Reporting;

/// <summary>Severities a finding can have after <c>.editorconfig</c>; hidden (silent) ones are not reported.</summary>
internal enum FindingSeverity
{
    Note = 1,
    Warning = 2,
    Error = 3,
}

internal static class FindingSeverities
{
    public static FindingSeverity? From(DiagnosticSeverity severity)
    {
        return severity switch
        {
            DiagnosticSeverity.Error => FindingSeverity.Error,
            DiagnosticSeverity.Warning => FindingSeverity.Warning,
            DiagnosticSeverity.Info => FindingSeverity.Note,
            _ => null,
        };
    }

    /// <summary>The word the text and JSON reports use, the compiler's own (<c>info</c> rather than note). Kept
    /// although <c>--fail-on</c> and SARIF say note: scripts read <c>"severity": "info"</c> and
    /// <c>bySeverity.info</c>; the README and --help give both names.</summary>
    public static string Name(this FindingSeverity severity)
    {
        return severity switch
        {
            FindingSeverity.Error => "error",
            FindingSeverity.Warning => "warning",
            _ => "info",
        };
    }

    /// <summary>The SARIF <c>level</c>.</summary>
    public static string SarifLevel(this FindingSeverity severity)
    {
        return severity switch
        {
            FindingSeverity.Error => "error",
            FindingSeverity.Warning => "warning",
            _ => "note",
        };
    }

    /// <summary>The SARIF level of a rule's default severity; a rule that is off by default is "none".</summary>
    public static string SarifLevel(DiagnosticDescriptor descriptor)
    {
        if (!descriptor.IsEnabledByDefault)
        {
            return "none";
        }

        return From(descriptor.DefaultSeverity)?.SarifLevel() ?? "none";
    }
}
