namespace S3Sec.Cli.CommandLine;

/// <summary>The report formats <c>--format</c> accepts.</summary>
internal enum OutputFormat
{
    Text,
    Json,
    Sarif,
}
