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
    /// <exception cref="IOException">The path is a pipe (or a socket) that no process opened for reading.</exception>
    public static SafeFileHandle? OpenForWriting(string path, CancellationToken cancellationToken)
    {
        if (Flags() is not { } flags)
        {
            return null;
        }

        var watch = Stopwatch.StartNew();
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

    /// <summary>O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, whose values differ between systems.</summary>
    private static int? Flags()
    {
        if (OperatingSystem.IsLinux())
        {
            return 0x1 | 0x800 | 0x100 | 0x80000;
        }

        if (OperatingSystem.IsMacOS())
        {
            return 0x1 | 0x4 | 0x20000 | 0x1000000;
        }

        return null;
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
}
