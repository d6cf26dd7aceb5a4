using System;
using System.Threading;

namespace S3Sec.Cli.Analysis;

/// <summary>
/// A "scanned N/M files" line on standard error every two seconds while a scan runs, so that a long scan does not
/// look hung. Files count as scanned once their whole project has been analysed.
/// </summary>
internal sealed class ScanProgress : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly ConsoleLog _log;
    private readonly int _total;
    private readonly Timer? _timer;
    private int _read;
    private int _scanned;

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
        _timer?.Dispose();
    }

    private void Report()
    {
        var read = Volatile.Read(ref _read);
        var scanned = Volatile.Read(ref _scanned);
        _log.Info(read < _total
            ? $"read {read}/{_total} files"
            : $"scanned {scanned}/{_total} files");
    }
}
