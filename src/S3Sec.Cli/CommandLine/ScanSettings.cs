namespace S3Sec.Cli.CommandLine;

/// <summary>What one <c>s3sec scan</c> run was asked to do.</summary>
internal sealed class ScanSettings
{
    public const string DefaultPath = "samples";

    /// <summary>Files above this size are skipped: generated blobs, not code anyone reviews.</summary>
    public const long DefaultMaxFileSize = 10L * 1024 * 1024;

    public string Path { get; set; } = DefaultPath;

    /// <summary>False when <see cref="Path"/> is the default, which the user never typed.</summary>
    public bool PathGiven { get; set; }

    public OutputFormat Format { get; set; } = OutputFormat.Text;

    public string? OutputFile { get; set; }

    public FailLevel FailOn { get; set; } = FailLevel.Warning;

    public long MaxFileSize { get; set; } = DefaultMaxFileSize;

    public bool Quiet { get; set; }

    public bool Verbose { get; set; }

    /// <summary>Apply the S3Sec code fixes to the scanned files, in place, and report what remains.</summary>
    public bool Fix { get; set; }

    public LoaderMode Loader { get; set; } = LoaderMode.Auto;
}
