using System;
using System.Collections.Concurrent;
using System.IO;
using System.Threading;

namespace S3Sec.Cli.Storage;

/// <summary>
/// A file's new content, written to a temporary file beside it and renamed over it only when complete, so a process
/// killed mid-write (SIGKILL, a power loss) or a full disk leaves the old file whole. Begun only where the rename
/// keeps everything that writing in place keeps; elsewhere <see cref="Begin"/> answers null and the caller writes in
/// place.
/// </summary>
internal sealed class FileReplacement : IDisposable
{
    /// <summary>How the temporary files end: not <c>.cs</c>, so one that a SIGKILL left behind is never scanned.
    /// </summary>
    public const string TemporarySuffix = ".s3sec-tmp";

    /// <summary>The temporary files begun and not yet renamed or removed, for <see cref="RemoveAllPending"/>.</summary>
    private static readonly ConcurrentDictionary<string, byte> Pending = new(StringComparer.Ordinal);

    /// <summary>
    /// Held while a temporary file is created and registered, and by <see cref="RemoveAllPending"/>: the cleanup
    /// waits for a creation under way, and a caller about to end the process keeps it to stop new ones.
    /// </summary>
    internal static readonly object CreationGate = new();

    private readonly string _target;
    private readonly UnixFileMode _mode;
    private bool _done;

    private FileReplacement(FileStream stream, string temporary, string target, UnixFileMode mode)
    {
        Stream = stream;
        Temporary = temporary;
        _target = target;
        _mode = mode;
    }

    /// <summary>The temporary file, open for writing.</summary>
    public FileStream Stream { get; }

    public string Temporary { get; }

    /// <summary>
    /// Creates the temporary file for replacing <paramref name="path"/> (the file a symbolic link points to, for a
    /// link), through <paramref name="open"/> with <see cref="FileMode.CreateNew"/>. Null when a rename would lose
    /// what an in-place write keeps or cannot be done: the file is not a regular file with one link owned by this
    /// process's user, something is mounted on it, it is read-only, it or its folder has a POSIX ACL, its group
    /// cannot be given to a new file, its folder takes no new file, or the system cannot say (not Linux).
    /// </summary>
    public static FileReplacement? Begin(string path, Func<string, FileMode, FileStream> open)
    {
        if (!OperatingSystem.IsLinux() || FileStatus.CurrentUser() is not { } user)
        {
            return null;
        }

        string target;
        try
        {
            target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // A file something is mounted on (a bind-mounted file, as `docker run -v report.json:/out/report.json`
        // makes) refuses a rename over it with EBUSY, yet takes an in-place write.
        if (FileStatus.Of(target) is not { Type: UnixFileType.Regular, Links: 1, MountRoot: false } status
            || status.Owner != user)
        {
            return null;
        }

        UnixFileMode mode;
        try
        {
            mode = File.GetUnixFileMode(target);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if ((mode & UnixFileMode.UserWrite) == 0)
        {
            // A read-only file refuses an in-place write; a rename would replace it all the same.
            return null;
        }

        var folder = Path.GetDirectoryName(target)!;
        if (FileStatus.HasAcl(target) || FileStatus.HasAcl(folder, forNewFiles: true))
        {
            // A new file drops the original's ACL (who else may read it) and takes the folder's default ACL, which
            // can let in a user the original kept out.
            return null;
        }

        var temporary = Path.Combine(
            folder,
            "." + Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N")[..8] + TemporarySuffix);
        FileStream stream;
        lock (CreationGate)
        {
            // Registered before it exists and under the gate the cleanup takes: a SIGTERM watchdog that ran between
            // creating and registering the file left it behind.
            Pending.TryAdd(temporary, 0);
            try
            {
                stream = open(temporary, FileMode.CreateNew);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Pending.TryRemove(temporary, out _);
                return null;
            }
        }

        var replacement = new FileReplacement(stream, temporary, target, mode);
        // Through the open file, never its name: another user who may write in the folder could put a link to one of
        // our files in the temporary file's place.
        if (FileStatus.Of(stream.SafeFileHandle) is not { } created
            || (created.Group != status.Group && !FileStatus.SetGroup(stream.SafeFileHandle, status.Group)))
        {
            replacement.Dispose();
            return null;
        }

        return replacement;
    }

    /// <summary>
    /// Opens a new file readable and writable by its owner only: it takes the original's mode once written, as
    /// writing would clear a set-user-ID bit given earlier, and until then no one else reads it.
    /// </summary>
    public static FileStream OpenTemporary(string path, FileMode mode)
    {
        return new FileStream(path, Options(mode));
    }

    /// <summary>Unbuffered, so a failed write fails at the call that made it and disposing has nothing to flush.
    /// </summary>
    public static FileStreamOptions Options(FileMode mode)
    {
        var options = new FileStreamOptions
        {
            Mode = mode,
            Access = FileAccess.Write,
            Share = FileShare.Read,
            BufferSize = 0,
        };
        if (mode == FileMode.CreateNew && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }

    /// <summary>
    /// Flushes the temporary file to disk, gives it the original's mode and renames it over the original. On an
    /// exception the original is as it was; <see cref="Dispose"/> removes the temporary file.
    /// </summary>
    public void Commit()
    {
        Stream.Flush(flushToDisk: true);
        if (!OperatingSystem.IsWindows())
        {
            // By handle: chmod by name follows a link someone put in the temporary file's place to another file.
            File.SetUnixFileMode(Stream.SafeFileHandle, _mode);
        }

        Stream.Dispose();

        File.Move(Temporary, _target, overwrite: true);
        _done = true;
        Pending.TryRemove(Temporary, out _);
    }

    /// <summary>
    /// The system's reason in <paramref name="ex"/> without the temporary file's name, which .NET appends to it
    /// (<c>No space left on device : '/dir/.report.json.1a2b3c4d.s3sec-tmp'</c>): the user never named that hidden
    /// file, and it is gone by the time they read the message.
    /// </summary>
    public string ReasonFor(Exception ex)
    {
        var named = " : '" + Temporary + "'";
        return ex.Message.EndsWith(named, StringComparison.Ordinal)
            ? ex.Message[..^named.Length]
            : ex.Message.Replace(Temporary, _target, StringComparison.Ordinal);
    }

    /// <summary>
    /// Removes every temporary file still being written, for a process about to end without unwinding (the SIGTERM
    /// watchdog's <c>_exit</c>): the originals are untouched, and nothing is left beside them.
    /// </summary>
    public static void RemoveAllPending()
    {
        lock (CreationGate)
        {
            RemovePending();
        }
    }

    /// <summary>
    /// <see cref="RemoveAllPending"/> for a caller that ends the process with <c>_exit</c> next: the gate, once
    /// taken, is kept, so no temporary file is begun after the cleanup. A creation that holds it longer than
    /// <paramref name="wait"/> (a hung network file system) is not waited for: ending the process comes first.
    /// </summary>
    public static void RemoveAllPendingBeforeExit(TimeSpan wait)
    {
        Monitor.TryEnter(CreationGate, wait);
        RemovePending();
    }

    private static void RemovePending()
    {
        foreach (var temporary in Pending.Keys)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Ending the process matters more than a stray temporary file.
            }

            Pending.TryRemove(temporary, out _);
        }
    }

    /// <summary>Closes the temporary file and, unless it replaced the original, removes it.</summary>
    public void Dispose()
    {
        Stream.Dispose();
        if (_done)
        {
            return;
        }

        _done = true;
        try
        {
            File.Delete(Temporary);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The original is untouched either way; a stray temporary file is the lesser harm than a second failure.
        }

        Pending.TryRemove(Temporary, out _);
    }
}
