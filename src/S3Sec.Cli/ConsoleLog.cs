using System.IO;

namespace S3Sec.Cli;

/// <summary>
/// Everything the scanner says besides the report goes to standard error, one line at a time, so that
/// the report on standard output (or in <c>--output</c>) stays machine-readable.
/// </summary>
internal sealed class ConsoleLog
{
    private readonly TextWriter _error;
    private readonly object _gate = new();

    public ConsoleLog(TextWriter error, bool verbose)
    {
        _error = error;
        Verbose = verbose;
    }

    public bool Verbose { get; }

    public void Warning(string message) => Write("s3sec: warning: " + message);

    public void Error(string message) => Write("s3sec: error: " + message);

    public void Info(string message) => Write("s3sec: " + message);

    public void Detail(string message)
    {
        if (!Verbose)
        {
            return;
        }

        Write("s3sec: " + message);
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            _error.WriteLine(Reporting.LineText.Escape(line));
            _error.Flush();
        }
    }
}
