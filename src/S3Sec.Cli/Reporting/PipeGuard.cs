using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using Microsoft.Win32.SafeHandles;

namespace S3Sec.Cli.Reporting;

/// <summary>
/// Makes sure an existing <c>--output</c> path that is a named pipe (FIFO) has a reader before the report file is
/// opened: opening a FIFO for writing waits until some process opens it for reading, so a pipe nobody reads made the
/// scan hang until a CI job's timeout. A non-blocking open answers at once (ENXIO: no reader), without looking at
/// the file type: regular files and devices open as usual.
/// </summary>
internal static class PipeGuard
{
    /// <summary>
    /// How long a reader started with the scan (<c>s3sec ... -o p &amp; consumer &lt; p</c>) has to open the pipe.
    /// </summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private const int NoReader = 6; // ENXIO, on Linux and macOS alike.

    /// <summary>
    /// Opens <paramref name="path"/> for writing without blocking, retrying while a pipe has no reader, for up to
    /// <see cref="Wait"/>. The handle returned must stay open until the report file is open: closing the only writer
    /// would send the reader an end of file. Null where the check cannot be made (Windows, whose named pipes are not
    /// files and never block an open; other systems), or when the open fails otherwise: the real open then says why.
    /// </summary>
    /// <exception cref="IOException">The path is a pipe that no process opened for reading, or a socket.</exception>
    public static SafeFileHandle? OpenForWriting(string path, CancellationToken cancellationToken)
    {
        if (Flags(write: true) is not { } flags)
        {
            return null;
        }

        var watch = Stopwatch.StartNew();
        var probed = false;
        while (true)
        {
            int descriptor;
            try
            {
                descriptor = Open(path, flags);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                return null;
            }

            if (descriptor >= 0)
            {
                return new SafeFileHandle(descriptor, ownsHandle: true);
            }

            if (Marshal.GetLastPInvokeError() != NoReader)
            {
                return null;
            }

            if (!probed)
            {
                probed = true;
                if (!OpensForReading(path))
                {
                    // A socket answers ENXIO as a pipe without a reader does, and no wait changes that: waiting out
                    // the pipe's 5 s only delayed the same failure.
                    throw new IOException(
                        "it is a socket (or a device with no driver), which cannot be opened as a file");
                }
            }

            if (watch.Elapsed >= Wait)
            {
                throw new IOException(
                    $"no process opened it for reading within {Wait.TotalSeconds:0} s (a named pipe needs its reader "
                    + "started before or with the scan)");
            }

            cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(50));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// False when <paramref name="path"/> refuses a non-blocking open for reading with ENXIO too: a pipe without a
    /// writer opens at once (and is closed again at once), a socket never opens. Any other answer (no read
    /// permission, say) is taken for a pipe, which keeps the wait for its reader.
    /// </summary>
    private static bool OpensForReading(string path)
    {
        var descriptor = Open(path, Flags(write: false)!.Value);
        if (descriptor >= 0)
        {
            new SafeFileHandle(descriptor, ownsHandle: true).Dispose();
            return true;
        }

        return Marshal.GetLastPInvokeError() != NoReader;
    }

    /// <summary>
    /// O_WRONLY (or O_RDONLY, 0) | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, whose values differ between systems.
    /// </summary>
    private static int? Flags(bool write)
    {
        var access = write ? 0x1 : 0x0;
        if (OperatingSystem.IsLinux())
        {
            return access | 0x800 | 0x100 | 0x80000;
        }

        if (OperatingSystem.IsMacOS())
        {
            return access | 0x4 | 0x20000 | 0x1000000;
        }

        return null;
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
}
