using System;
using System.Diagnostics;
using System.Threading;

namespace S3Sec.Cli.Analysis;

/// <summary>When progress lines are printed.</summary>
internal enum ProgressMode
{
    /// <summary><c>--quiet</c>.</summary>
    Off,

    /// <summary>Only for scans of many files: a CI log should not fill with progress for a small repository.</summary>
    LargeScans,

    /// <summary>Standard error is a terminal: someone is watching.</summary>
    Always,
}

/// <summary>
/// A "scanned N/M files" line on standard error every two seconds while a scan runs, so that a long scan does not
/// look hung. A file counts as scanned once the analyzers are done with it.
/// </summary>
internal sealed class ScanProgress : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly ConsoleLog _log;
    private readonly int _total;
    private readonly Timer? _timer;
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private int _read;
    private int _scanned;
    private volatile bool _stopped;

    public ScanProgress(ConsoleLog log, int total, bool enabled)
    {
        _log = log;
        _total = total;
        if (enabled)
        {
            _timer = new Timer(_ => Report(), null, Interval, Interval);
        }
    }

    public void FileRead() => Interlocked.Increment(ref _read);

    public void FilesScanned(int count) => Interlocked.Add(ref _scanned, count);

    public void Dispose()
    {
        _stopped = true;
        _timer?.Dispose();
    }

    private void Report()
    {
        if (_stopped)
        {
            return;
        }

        var read = Volatile.Read(ref _read);
        var scanned = Volatile.Read(ref _scanned);
        var seconds = (int)_watch.Elapsed.TotalSeconds;

        // A project's files are compiled before the analyzers see any of them, so the count can stand still for a
        // while; the elapsed time shows the scan is alive.
        _log.Info(read < _total
            ? $"read {read}/{_total} files ({seconds} s)"
            : $"scanned {scanned}/{_total} files ({seconds} s)");
    }
}
