using System;
using System.IO;
using System.Text;
using Microsoft.CodeAnalysis.Text;
using S3Sec.Cli.Storage;

namespace S3Sec.Cli.Discovery;

/// <summary>The text of one source file, or why it was left out; <see cref="Warning"/> is set for both cases.</summary>
internal readonly record struct SourceReadResult(SourceText? Text, string? Warning);

/// <summary>
/// Reads a <c>.cs</c> file the way the compiler would: a byte order mark decides the encoding, otherwise UTF-8, and
/// bytes that are not UTF-8 fall back to Latin-1 (with a warning) instead of losing the file.
/// </summary>
internal static class SourceReader
{
    /// <summary>How far to look for NUL bytes: text files never have them, binaries almost always do early.</summary>
    private const int BinaryProbeLength = 8000;

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(
        encoderShouldEmitUTF8Identifier: false,
        throwOnInvalidBytes: true);

    public static SourceReadResult Read(string path, long maxFileSize)
    {
        if (NotARegularFile(path) is { } kind)
        {
            return Skip(kind);
        }

        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Length > maxFileSize)
            {
                return Skip($"larger than the {Describe(maxFileSize)} limit (--max-file-size); not scanned");
            }

            // Nothing to read, and no open(): a FIFO or device named *.cs reports length 0 and would block it.
            bytes = info.Length == 0 ? Array.Empty<byte>() : File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Skip("cannot be read (" + ex.Message + "); not scanned");
        }

        // Checked again after reading: the file may have grown since it was measured.
        if (bytes.LongLength > maxFileSize)
        {
            return Skip($"larger than the {Describe(maxFileSize)} limit (--max-file-size); not scanned");
        }

        return Decode(bytes);
    }

    /// <summary>
    /// Why <paramref name="path"/> (or the file its link points to) is not read as a source, without opening it: a
    /// FIFO blocks open() until a writer comes, where no Ctrl-C reaches, and a device or socket holds no source.
    /// Null for a regular file, or where the type cannot be had (not Linux: those report length 0 and are not
    /// opened either).
    /// </summary>
    internal static string? NotARegularFile(string path)
    {
        var kind = FileStatus.Of(path)?.Type switch
        {
            UnixFileType.NamedPipe => "a named pipe (FIFO)",
            UnixFileType.CharacterDevice or UnixFileType.BlockDevice => "a device",
            UnixFileType.Socket => "a socket",
            _ => null,
        };
        return kind is null ? null : kind + ", not a regular file; not scanned";
    }

    internal static SourceReadResult Decode(byte[] bytes)
    {
        var bom = DetectByteOrderMark(bytes, out var bomLength);
        if (bom is not null)
        {
            try
            {
                return new SourceReadResult(From(bom.GetString(bytes, bomLength, bytes.Length - bomLength), bom), null);
            }
            catch (DecoderFallbackException)
            {
                return Skip($"starts with a {bom.WebName} byte order mark but is not valid {bom.WebName}; not scanned");
            }
        }

        if (Array.IndexOf(bytes, (byte)0, 0, Math.Min(bytes.Length, BinaryProbeLength)) >= 0)
        {
            return Skip("contains NUL bytes, so it is not C# source (binary file named .cs?); not scanned");
        }

        try
        {
            return new SourceReadResult(From(StrictUtf8.GetString(bytes), Encoding.UTF8), null);
        }
        catch (DecoderFallbackException ex)
        {
            var offset = ex.Index >= 0 ? $" at byte {ex.Index}" : string.Empty;
            return new SourceReadResult(
                From(Encoding.Latin1.GetString(bytes), Encoding.Latin1),
                $"not valid UTF-8{offset}; read as Latin-1");
        }
    }

    private static SourceText From(string text, Encoding encoding) => SourceText.From(text, encoding);

    private static Encoding? DetectByteOrderMark(byte[] bytes, out int length)
    {
        length = 0;
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            length = 3;
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);
        }

        if (bytes.Length >= 4 && bytes[0] == 0xFF && bytes[1] == 0xFE && bytes[2] == 0 && bytes[3] == 0)
        {
            length = 4;
            return new UTF32Encoding(bigEndian: false, byteOrderMark: true, throwOnInvalidCharacters: true);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        {
            length = 2;
            return new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true);
        }

        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        {
            length = 2;
            return new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true);
        }

        return null;
    }

    private static SourceReadResult Skip(string reason) => new(null, reason);

    internal static string Describe(long bytes)
    {
        // In the unit the user most likely wrote: --max-file-size 8G said "8192 MB", and 1 said "1 bytes".
        const long Gigabyte = 1024L * 1024 * 1024;
        if (bytes % Gigabyte == 0)
        {
            return (bytes / Gigabyte) + " GB";
        }

        if (bytes % (1024 * 1024) == 0)
        {
            return (bytes / (1024 * 1024)) + " MB";
        }

        if (bytes % 1024 == 0)
        {
            return (bytes / 1024) + " KB";
        }

        return bytes == 1 ? "1 byte" : bytes + " bytes";
    }

    /// <summary>The largest configuration or solution file read; real ones are a few kilobytes.</summary>
    public const long SmallTextLimit = 16 * 1024 * 1024;

    /// <summary>
    /// The text of a configuration, project or solution file, without opening one that reports length 0: a FIFO or
    /// device under such a name (an <c>.editorconfig</c> FIFO) blocked the scan in open() where no Ctrl-C reaches,
    /// and an empty file has no text anyway.
    /// </summary>
    /// <exception cref="IOException">The file is larger than <see cref="SmallTextLimit"/>.</exception>
    public static string ReadSmallText(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > SmallTextLimit)
        {
            // A 3 GB .editorconfig was read whole: 4 GB of memory, then the project failed with OutOfMemoryException.
            throw new IOException($"{Describe(length)}, more than the {Describe(SmallTextLimit)} a configuration or "
                + "solution file is read up to");
        }

        return length == 0 ? string.Empty : File.ReadAllText(path);
    }
}
