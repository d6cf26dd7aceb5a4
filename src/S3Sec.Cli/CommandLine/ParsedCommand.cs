namespace S3Sec.Cli.CommandLine;

internal enum CommandKind
{
    Scan,
    Help,
    Version,
    Error,
}

/// <summary>The outcome of reading the arguments: a scan to run, help or version to print, or a usage error.</summary>
internal sealed class ParsedCommand
{
    private ParsedCommand(CommandKind kind, ScanSettings? settings, string? error)
    {
        Kind = kind;
        Settings = settings;
        Error = error;
    }

    public CommandKind Kind { get; }

    public ScanSettings? Settings { get; }

    public string? Error { get; }

    public static ParsedCommand Scan(ScanSettings settings) => new(CommandKind.Scan, settings, null);

    public static ParsedCommand Help() => new(CommandKind.Help, null, null);

    public static ParsedCommand Version() => new(CommandKind.Version, null, null);

    public static ParsedCommand Fail(string error) => new(CommandKind.Error, null, error);
}
