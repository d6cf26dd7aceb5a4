using System;
using System.IO;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Text;
using S3Sec.Cli.Discovery;
using S3Sec.Cli.Storage;

namespace S3Sec.Cli.Fixing;

internal enum FixWrite
{
    Written,

    /// <summary>The fixed text encodes to the bytes already on disk.</summary>
    Unchanged,

    /// <summary>Nothing was written; the file keeps its findings.</summary>
    Failed,
}

/// <summary>
/// Writes a fixed source file back, byte for byte as it was outside the fix: same encoding, a byte order
/// mark only if it had one, and its line endings (a fix generates its new lines with the platform's newline).
/// </summary>
internal static class FixedFileWriter
{
    private static readonly Regex LoneLineFeed = new("(?<!\r)\n", RegexOptions.Compiled);

    /// <summary>
    /// Writes <paramref name="fixedText"/> encoded as <paramref name="path"/> is encoded today. Nothing is written
    /// when the bytes would not change, or when the file no longer holds <paramref name="original"/>: another
    /// program changed it meanwhile, and its edit wins over the fix (<paramref name="problem"/> says so).
    /// </summary>
    public static FixWrite Write(string path, SourceText original, SourceText fixedText, out string? problem)
    {
        return Write(path, original, fixedText, FileReplacement.OpenTemporary, out problem);
    }

    /// <summary>
    /// As <see cref="Write(string, SourceText, SourceText, out string?)"/>, opening the file it writes through
    /// <paramref name="open"/>: the temporary file (<see cref="FileMode.CreateNew"/>), or the source itself
    /// (<see cref="FileMode.Open"/>) where a rename would lose something (see <see cref="FileReplacement.Begin"/>).
    /// </summary>
    internal static FixWrite Write(
        string path,
        SourceText original,
        SourceText fixedText,
        Func<string, FileMode, FileStream> open,
        out string? problem)
    {
        problem = null;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = "cannot be read again to apply the fix (" + ex.Message + "); not fixed";
            return FixWrite.Failed;
        }

        var current = SourceReader.Decode(bytes);
        if (current.Text?.Encoding is not { } encoding || !current.Text.ContentEquals(original))
        {
            problem = "changed on disk during the scan; not fixed";
            return FixWrite.Failed;
        }

        var preamble = encoding.GetPreamble();
        var keepPreamble = preamble.Length > 0 && bytes.AsSpan().StartsWith(preamble);
        var body = encoding.GetBytes(WithLineEndingsOf(original.ToString(), fixedText.ToString()));
        var content = new byte[(keepPreamble ? preamble.Length : 0) + body.Length];
        if (keepPreamble)
        {
            preamble.CopyTo(content, 0);
        }

        body.CopyTo(content, keepPreamble ? preamble.Length : 0);
        if (content.AsSpan().SequenceEqual(bytes))
        {
            return FixWrite.Unchanged;
        }

        if (FileReplacement.Begin(path, open) is { } replacement)
        {
            using (replacement)
            {
                try
                {
                    replacement.Stream.Write(content, 0, content.Length);
                    replacement.Commit();
                    return FixWrite.Written;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    problem = "cannot be written (" + replacement.ReasonFor(ex) + "); not fixed";
                    return FixWrite.Failed;
                }
            }
        }

        FileStream stream;
        try
        {
            // In place: a link's other names, another user's ownership or a folder that takes no new file survive it.
            stream = open(path, FileMode.Open);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = "cannot be written (" + ex.Message + "); not fixed";
            return FixWrite.Failed;
        }

        using (stream)
        {
            try
            {
                stream.Write(content, 0, content.Length);
                stream.SetLength(content.Length);
                stream.Flush(flushToDisk: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A full disk fails a longer file midway, with the start already overwritten: the old bytes fit in
                // the space the file had, so writing them back undoes the partial fix.
                problem = "cannot be written (" + ex.Message + ")" + (PutBack(stream, bytes)
                    ? "; not fixed"
                    : " and may be damaged (its old content could not be put back); restore it from version control");
                return FixWrite.Failed;
            }
        }

        return FixWrite.Written;
    }

    /// <summary>Writes the file's old bytes back after a failed write; false when that fails too.</summary>
    private static bool PutBack(FileStream stream, byte[] bytes)
    {
        try
        {
            stream.Position = 0;
            stream.Write(bytes, 0, bytes.Length);
            stream.SetLength(bytes.Length);
            stream.Flush(flushToDisk: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Gives the fixed text the original's line endings when the original used one kind throughout. A file that
    /// mixes them keeps its old lines as they were (fixes keep trivia), and new lines use the platform's newline.
    /// </summary>
    internal static string WithLineEndingsOf(string original, string fixedText)
    {
        var crlf = original.Contains("\r\n", StringComparison.Ordinal);
        var loneLf = LoneLineFeed.IsMatch(original);
        if (crlf && !loneLf)
        {
            return LoneLineFeed.Replace(fixedText, "\r\n");
        }

        if (loneLf && !crlf)
        {
            return fixedText.Replace("\r\n", "\n", StringComparison.Ordinal);
        }

        return fixedText;
    }
}
