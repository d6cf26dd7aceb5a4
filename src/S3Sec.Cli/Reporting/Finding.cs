namespace S3Sec.Cli.Reporting;

/// <summary>
/// One diagnostic as the reports show it. Lines and columns are 1-based; the end column is the column just after
/// the last character, as SARIF defines it, counted in UTF-16 code units.
/// </summary>
internal sealed record Finding(
    string Path,
    int Line,
    int Column,
    int EndLine,
    int EndColumn,
    string Id,
    FindingSeverity Severity,
    string Message,
    string? HelpUri);
