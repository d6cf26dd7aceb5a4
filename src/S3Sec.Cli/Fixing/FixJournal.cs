using System;
using System.Collections.Generic;
using System.Linq;

namespace S3Sec.Cli.Fixing;

/// <summary>
/// The files <c>--fix</c> has rewritten so far (full paths). Kept outside the scan, so that a scan cut short by
/// Ctrl-C can still say which files it changed: they stay fixed, and the user has to know which they are.
/// </summary>
internal sealed class FixJournal
{
    private readonly object _gate = new();
    private readonly List<string> _written = new();

    /// <summary>
    /// Held while a fixed file is written. Whoever ends the process early takes it first, so no file is left cut
    /// between its new bytes and its new length.
    /// </summary>
    public object WriteGate { get; } = new();

    /// <summary>True when the run applies fixes; only then is there anything to account for.</summary>
    public bool Fixing { get; set; }

    public void Written(string path)
    {
        lock (_gate)
        {
            _written.Add(path);
        }
    }

    /// <summary>The files written, in ordinal order.</summary>
    public IReadOnlyList<string> Files
    {
        get
        {
            lock (_gate)
            {
                return _written.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            }
        }
    }
}
