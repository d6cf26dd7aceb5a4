using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace S3Sec.Cli.Storage;

/// <summary>
/// What <c>statx</c> says of a file: its type, link count, owner, group, and whether something is mounted on it (false
/// where the kernel cannot say: before Linux 5.8).
/// </summary>
internal readonly record struct FileStatus(UnixFileType Type, uint Links, uint Owner, uint Group, bool MountRoot)
{
    private const int AtCurrentFolder = -100;
    private const int AtNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint BasicStats = 0x7ff;
    private const ulong AttributeMountRoot = 0x2000;

    // struct statx is the same on every Linux architecture, unlike struct stat, so one layout fits them all.
    private const int StatxSize = 256;

    /// <summary>
    /// The status of <paramref name="path"/> (of the file a link points to, unless <paramref name="noFollow"/>), or
    /// null where it cannot be had: not Linux, a C library without <c>statx</c>, or a path that cannot be examined.
    /// </summary>
    public static FileStatus? Of(string path, bool noFollow = false)
    {
        return OperatingSystem.IsLinux() ? Read(AtCurrentFolder, path, noFollow ? AtNoFollow : 0) : null;
    }

    /// <summary>The status of the open file <paramref name="file"/>, or null where it cannot be had.</summary>
    public static FileStatus? Of(SafeFileHandle file)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            return Read((int)file.DangerousGetHandle(), string.Empty, AtEmptyPath);
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    private static FileStatus? Read(int folder, string path, int flags)
    {
        var buffer = new byte[StatxSize];
        try
        {
            if (Statx(folder, path, flags, BasicStats, buffer) != 0)
            {
                return null;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }

        var span = buffer.AsSpan();
        var mode = BitConverter.IsLittleEndian
            ? BinaryPrimitives.ReadUInt16LittleEndian(span[28..])
            : BinaryPrimitives.ReadUInt16BigEndian(span[28..]);

        // stx_attributes only means something for the bits stx_attributes_mask says the kernel and file system fill.
        var attributes = Read64(span[8..]) & Read64(span[56..]);
        return new FileStatus(
            (UnixFileType)(mode & 0xF000),
            Read32(span[16..]),
            Read32(span[20..]),
            Read32(span[24..]),
            (attributes & AttributeMountRoot) != 0);
    }

    /// <summary>The effective user of this process, or null where it cannot be had.</summary>
    public static uint? CurrentUser()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            return GetEffectiveUser();
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Gives the open file <paramref name="file"/> the group <paramref name="group"/>; false when the system
    /// refuses.</summary>
    public static bool SetGroup(SafeFileHandle file, uint group)
    {
        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            return ChangeOwner((int)file.DangerousGetHandle(), uint.MaxValue, group) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="path"/> carries a POSIX ACL, or, with <paramref name="forNewFiles"/>, its folder has a
    /// default ACL that every file created in it takes. False where the file system keeps none or it cannot be asked.
    /// </summary>
    public static bool HasAcl(string path, bool forNewFiles = false)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return GetAttribute(
                path, forNewFiles ? "system.posix_acl_default" : "system.posix_acl_access", IntPtr.Zero, 0) >= 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    private static uint Read32(ReadOnlySpan<byte> span)
    {
        return BitConverter.IsLittleEndian
            ? BinaryPrimitives.ReadUInt32LittleEndian(span)
            : BinaryPrimitives.ReadUInt32BigEndian(span);
    }

    private static ulong Read64(ReadOnlySpan<byte> span)
    {
        return BitConverter.IsLittleEndian
            ? BinaryPrimitives.ReadUInt64LittleEndian(span)
            : BinaryPrimitives.ReadUInt64BigEndian(span);
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(
        int folder,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string path,
        int flags,
        uint mask,
        byte[] buffer);

    [DllImport("libc", EntryPoint = "getxattr", SetLastError = true)]
    private static extern nint GetAttribute(
        [MarshalAs(UnmanagedType.LPUTF8Str)] string path,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string name,
        IntPtr value,
        nuint size);

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUser();

    [DllImport("libc", EntryPoint = "fchown", SetLastError = true)]
    private static extern int ChangeOwner(int file, uint owner, uint group);
}

/// <summary>The file type bits of a Unix mode (S_IFMT).</summary>
internal enum UnixFileType
{
    Unknown = 0,
    NamedPipe = 0x1000,
    CharacterDevice = 0x2000,
    Directory = 0x4000,
    BlockDevice = 0x6000,
    Regular = 0x8000,
    SymbolicLink = 0xA000,
    Socket = 0xC000,
}
