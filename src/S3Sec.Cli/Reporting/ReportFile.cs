using System;
using System.IO;
using System.Text;
using System.Threading;
using S3Sec.Cli.CommandLine;
using S3Sec.Cli.Storage;

namespace S3Sec.Cli.Reporting;

/// <summary>
/// The <c>--output</c> file, held open from before the scan until the report is written. A file the scan created
/// is removed again if the scan fails, so a failed run leaves nothing behind; an old report stays as it was.
/// </summary>
internal sealed class ReportFile : IDisposable
{
    private readonly FileStream _stream;
    private readonly bool _created;
    private readonly string _shownName;
    private bool _abandoned;

    private ReportFile(FileStream stream, bool created, string shownName)
    {
        _stream = stream;
        _created = created;
        _shownName = shownName;
    }

    public string Path => _stream.Name;

    /// <summary>Opens <paramref name="path"/>; errors name it as <paramref name="shownName"/> (as the user typed it),
    /// or as the path itself.</summary>
    public static ReportFile Open(string path, CancellationToken cancellationToken = default, string? shownName = null)
    {
        var existed = File.Exists(path);
        using var held = existed ? PipeGuard.OpenForWriting(path, cancellationToken) : null;
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        return new ReportFile(stream, !existed, shownName ?? path);
    }

    public void Write(ScanReport report, OutputFormat format)
    {
        Write(report, format, FileReplacement.OpenTemporary);
    }

    /// <summary>
    /// Writes the report; a regular file gets it through a temporary file beside it (opened by
    /// <paramref name="open"/>), renamed over it once complete, so a full disk or a kill leaves the old report whole.
    /// </summary>
    /// <exception cref="IOException">The report cannot be written; the message names the file.</exception>
    internal void Write(ScanReport report, OutputFormat format, Func<string, FileMode, FileStream> open)
    {
        FileReplacement? replacement = null;
        try
        {
            if (_stream.CanSeek && (replacement = FileReplacement.Begin(_stream.Name, open)) is not null)
            {
                using (replacement)
                {
                    WriteBody(replacement.Stream, report, format);
                    replacement.Commit();
                }

                return;
            }

            WriteInPlace(report, format);
        }
        catch (IOException ex)
        {
            throw new IOException(
                $"cannot write the report to '{_shownName}': {replacement?.ReasonFor(ex) ?? ex.Message}", ex);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            // .NET reports a write past the file size limit (EFBIG: `ulimit -f`, a file system's largest file) so.
            throw new IOException(
                $"cannot write the report to '{_shownName}': larger than the system allows a file to be", ex);
        }
    }

    private void WriteInPlace(ScanReport report, OutputFormat format)
    {
        // A device such as /dev/null is always empty and can be neither truncated nor synced; a pipe (/dev/stdout
        // in a pipeline, a FIFO) has no length at all and is only written.
        if (_stream.CanSeek && _stream.Length > 0)
        {
            _stream.SetLength(0);
        }

        WriteBody(_stream, report, format);
        _stream.Flush();
        if (!_stream.CanSeek)
        {
            return;
        }

        try
        {
            _stream.Flush(flushToDisk: true);
        }
        catch (IOException) when (_stream.Length == 0 && _stream.Position > 0)
        {
            // Written, but not to storage that keeps it (a character device): nothing to sync.
        }
    }

    private static void WriteBody(Stream stream, ScanReport report, OutputFormat format)
    {
        if (format == OutputFormat.Text)
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            TextReport.Write(report, writer);
            return;
        }

        CliApp.WriteStructured(report, format, stream);
        stream.WriteByte((byte)'\n');
    }

    /// <summary>Called when no report will be written.</summary>
    public void Abandon()
    {
        _abandoned = true;
    }

    public void Dispose()
    {
        var path = _stream.Name;
        try
        {
            _stream.Dispose();
        }
        catch (IOException)
        {
            // Only the bytes of a write that already failed can be left in the stream's buffer, and that failure is
            // the one to report: flushing them again (to /dev/full) threw a bare "No space left on device" over it.
        }

        if (_abandoned && _created)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // Leaving an empty file is the lesser harm than failing the run a second time.
            }
        }
    }
}
