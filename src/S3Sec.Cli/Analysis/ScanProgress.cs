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
    private int _inOnePass;
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

    /// <summary>
    /// A project's <paramref name="count"/> files go to the analyzers in one request. The driver finishes their
    /// semantic models together at its end, so no per-file count can move meanwhile; they are shown apart.
    /// </summary>
    public void OnePassStarted(int count) => Interlocked.Add(ref _inOnePass, count);

    /// <summary>The one-pass request of <see cref="OnePassStarted"/> ended: its files are scanned.</summary>
    public void OnePassFinished(int count)
    {
        Interlocked.Add(ref _inOnePass, -count);
        FilesScanned(count);
    }

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

        _log.Info(Line());
    }

    /// <summary>The progress line as it would be printed now.</summary>
    internal string Line()
    {
        var read = Volatile.Read(ref _read);
        var scanned = Volatile.Read(ref _scanned);
        var inOnePass = Volatile.Read(ref _inOnePass);
        var seconds = (int)_watch.Elapsed.TotalSeconds;

        // A project's files are compiled before the analyzers see any of them, so the count can stand still for a
        // while; the elapsed time shows the scan is alive.
        if (read < _total)
        {
            return $"read {read}/{_total} files ({seconds} s)";
        }

        return inOnePass > 0
            ? $"scanned {scanned}/{_total} files; analysing {inOnePass} more in one pass, counted when it ends "
                + $"({seconds} s)"
            : $"scanned {scanned}/{_total} files ({seconds} s)";
    }
}
