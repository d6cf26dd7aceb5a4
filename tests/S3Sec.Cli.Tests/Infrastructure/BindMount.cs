using System;
using System.Runtime.InteropServices;

namespace S3Sec.Cli.Tests.Infrastructure;

/// <summary>
/// A file bind-mounted over another, as <c>docker run -v host.json:/out/report.json</c> makes; null from
/// <see cref="TryCreate"/> where this process may not mount (not root, no CAP_SYS_ADMIN, not Linux).
/// </summary>
internal sealed class BindMount : IDisposable
{
    private const ulong MountBind = 0x1000;
    private const int UnmountDetach = 2;

    private readonly string _target;

    private BindMount(string target)
    {
        _target = target;
    }

    public static BindMount? TryCreate(string source, string target)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        return Mount(source, target, null, MountBind, IntPtr.Zero) == 0 ? new BindMount(target) : null;
    }

    public void Dispose()
    {
        Unmount(_target, UnmountDetach);
    }

    [DllImport("libc", EntryPoint = "mount", SetLastError = true)]
    private static extern int Mount(string source, string target, string? type, ulong flags, IntPtr data);

    [DllImport("libc", EntryPoint = "umount2", SetLastError = true)]
    private static extern int Unmount(string target, int flags);
}
