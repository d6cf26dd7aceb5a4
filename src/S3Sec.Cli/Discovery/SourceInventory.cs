using System.Collections.Generic;

namespace S3Sec.Cli.Discovery;

/// <summary>What a walk of the scanned tree found: the C# files, and what had to be left out.</summary>
internal sealed class SourceInventory
{
    /// <summary>Full paths of the <c>.cs</c> files, in the order they were found.</summary>
    public List<string> SourceFiles { get; } = new();

    /// <summary>Folders that could not be looked at, with the reason; the scan carries on without them.</summary>
    public List<ScanWarning> Warnings { get; } = new();
}

/// <summary>
/// A file or folder the scan had trouble with, and what happened (path relative to the scanned root): left out, or
/// read in a degraded way. <paramref name="Id"/> is the diagnostic id when the problem has one (<c>AD0001</c>, an
/// analyzer that threw).
/// </summary>
internal sealed record ScanWarning(string Path, string Message, string? Id = null);
