using System.Reflection;

namespace S3Sec.Cli.Reporting;

/// <summary>The tool's name, version and home, as every report format states them.</summary>
internal static class ToolInfo
{
    public const string Name = "s3sec";

    public const string InformationUri = "https://github.com/s3sec/s3sec";

    /// <summary>The informational version without the source revision the SDK appends after '+'.</summary>
    public static string Version { get; } = ReadVersion();

    private static string ReadVersion()
    {
        var assembly = typeof(ToolInfo).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "0.0.0";
        var plus = version.IndexOf('+');
        return plus >= 0 ? version.Substring(0, plus) : version;
    }
}
