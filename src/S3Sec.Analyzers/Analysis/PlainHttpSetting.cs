using Microsoft.CodeAnalysis;

namespace S3Sec.Analyzers.Analysis;

/// <summary>What the analysis can see about the transport a client's configuration selects.</summary>
internal enum TransportKind
{
    /// <summary>The configuration, or part of it, cannot be seen: rules stay silent.</summary>
    Unknown,

    /// <summary>HTTPS: the SDK's default, or an <c>https://</c> service URL.</summary>
    Https,

    /// <summary>Plain HTTP, through <c>UseHttp = true</c> or an <c>http://</c> service URL.</summary>
    PlainHttp,
}

/// <summary>
/// The transport of one client configuration and the assignment that decides it, where the S3SEC011 finding and
/// the code fix belong.
/// </summary>
internal readonly struct PlainHttpSetting
{
    public PlainHttpSetting(
        TransportKind kind,
        IOperation? assignment,
        string? host,
        bool hostUnreadable = false,
        string? port = null)
    {
        Kind = kind;
        Assignment = assignment;
        Host = host;
        HostUnreadable = hostUnreadable;
        Port = port;
    }

    public static PlainHttpSetting Unknown => new(TransportKind.Unknown, null, null);

    public static PlainHttpSetting Https => new(TransportKind.Https, null, null);

    public TransportKind Kind { get; }

    /// <summary>The <c>UseHttp = true</c> or <c>ServiceURL = "http://..."</c> assignment, for plain HTTP.</summary>
    public IOperation? Assignment { get; }

    /// <summary>The endpoint host, when the service URL names one the analysis can read.</summary>
    public string? Host { get; }

    /// <summary>The explicit port of the service URL (<c>http://host:9000</c>), or null for the default.</summary>
    public string? Port { get; }

    /// <summary>A service URL whose host the analysis cannot read (<c>"http://" + host</c>).</summary>
    public bool HostUnreadable { get; }
}
