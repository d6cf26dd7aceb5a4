namespace S3Sec.Cli.CommandLine;

/// <summary>The lowest finding severity that makes the scan exit with 1 (<c>--fail-on</c>).</summary>
internal enum FailLevel
{
    /// <summary>Findings never change the exit code.</summary>
    None,
    Error,
    Warning,
    Note,
}
