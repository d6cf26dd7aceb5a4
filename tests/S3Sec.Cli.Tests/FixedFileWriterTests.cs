using System;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.Text;
using S3Sec.Cli.Fixing;
using S3Sec.Cli.Storage;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

public sealed class FixedFileWriterTests
{
    private const string Original = /* lang=c#-test */ """
        using Amazon.S3.Model;

        public class Uploads
        {
            public PutObjectRequest First() => new PutObjectRequest { BucketName = "b", Key = "first" };

            public PutObjectRequest Second() => new PutObjectRequest { BucketName = "b", Key = "second" };
        }
        """;

    private const string Encrypted = ", ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 }";

    [Fact]
    public void Write_DiskFullWhileGrowingTheFile_LeavesTheSourceAsItWas()
    {
        using var tree = new TempTree();
        var path = tree.Write("Uploads.cs", Original);
        var before = File.ReadAllBytes(path);
        var fixedText = Original.Replace("\" }", "\"" + Encrypted, StringComparison.Ordinal);

        // Room for a few bytes more than the file holds, as when a fix lengthens a file on a nearly full disk.
        var result = Write(path, fixedText, (p, m) => new FullDiskStream(p, m, before.Length + 8), out var problem);

        Assert.Equal(FixWrite.Failed, result);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal("cannot be written (No space left on device); not fixed", problem);
    }

    [Fact]
    public void Write_InPlaceFailsWhileOverwriting_PutsTheOldBytesBack()
    {
        using var tree = new TempTree();
        var path = tree.Write("Uploads.cs", Original);
        Assert.Equal(0, Link(path, tree.PathOf("Other.cs")));
        var before = File.ReadAllBytes(path);
        var shorter = Original.Replace("\"second\"", "\"2nd\"", StringComparison.Ordinal);

        var result = Write(
            path, shorter, (p, m) => new FailingStream(p, m, failAfter: 40, recovers: true), out var problem);

        Assert.Equal(FixWrite.Failed, result);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal("cannot be written (Input/output error); not fixed", problem);
    }

    [Fact]
    public void Write_InPlaceAndOldBytesCannotBePutBack_SaysTheFileMayBeDamaged()
    {
        // A second hard link keeps the write in place, the one way left to damage a file.
        using var tree = new TempTree();
        var path = tree.Write("Uploads.cs", Original);
        Assert.Equal(0, Link(path, tree.PathOf("Other.cs")));
        var fixedText = Original.Replace("\" }", "\"" + Encrypted, StringComparison.Ordinal);

        var result = Write(
            path, fixedText, (p, m) => new FailingStream(p, m, failAfter: 40, recovers: false), out var problem);

        Assert.Equal(FixWrite.Failed, result);
        Assert.Equal(
            "cannot be written (Input/output error) and may be damaged (its old content could not be put back); "
                + "restore it from version control",
            problem);
    }

    [Fact]
    public void Write_EnoughRoom_WritesTheFix()
    {
        using var tree = new TempTree();
        var path = tree.Write("Uploads.cs", Original);
        var fixedText = Original.Replace("\" }", "\"" + Encrypted, StringComparison.Ordinal);

        var result = Write(path, fixedText, (p, m) => new FullDiskStream(p, m, fixedText.Length), out var problem);

        Assert.Equal(FixWrite.Written, result);
        Assert.Null(problem);
        Assert.Equal(fixedText, File.ReadAllText(path));
    }

    [Fact]
    public void Write_FailsMidway_LeavesTheSourceUntouchedAndNoTemporaryFile()
    {
        // Written in place, a write cut short (here with no way to put the old bytes back, as after a SIGKILL) left
        // half a source file. Through a temporary file the source is never touched before the new one is whole.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tree = new TempTree();
        var path = tree.Write("Uploads.cs", Original);
        var before = File.ReadAllBytes(path);
        var fixedText = Original.Replace("\" }", "\"" + Encrypted, StringComparison.Ordinal);

        var result = Write(
            path, fixedText, (p, m) => new FailingStream(p, m, failAfter: 40, recovers: false), out var problem);

        Assert.Equal(FixWrite.Failed, result);
        Assert.Equal("cannot be written (Input/output error); not fixed", problem);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(new[] { "Uploads.cs" }, Names(tree.Root));
    }

    [Fact]
    public void Write_RegularFile_RenamesANewFileWithTheSameModeOverIt()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tree = new TempTree();
        var path = tree.Write("Uploads.cs", Original);
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead
            | UnixFileMode.UserExecute | UnixFileMode.SetGroup;
        File.SetUnixFileMode(path, mode);
        var fixedText = Original.Replace("\" }", "\"" + Encrypted, StringComparison.Ordinal);

        // A reader that opened the file before keeps the old file: only a rename leaves it that.
        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var result = Write(path, fixedText, FileReplacement.OpenTemporary, out var problem);

        Assert.Equal(FixWrite.Written, result);
        Assert.Null(problem);
        Assert.Equal(fixedText, File.ReadAllText(path));
        Assert.Equal(Original, new StreamReader(reader).ReadToEnd());
        Assert.Equal(mode, File.GetUnixFileMode(path));
        Assert.Equal(new[] { "Uploads.cs" }, Names(tree.Root));
    }

    [Fact]
    public void Write_HardLinkedFile_WritesInPlaceSoEveryNameSeesTheFix()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tree = new TempTree();
        var path = tree.Write("Uploads.cs", Original);
        var other = tree.PathOf("Other.cs");
        Assert.Equal(0, Link(path, other));
        var fixedText = Original.Replace("\" }", "\"" + Encrypted, StringComparison.Ordinal);

        var result = Write(path, fixedText, FileReplacement.OpenTemporary, out _);

        Assert.Equal(FixWrite.Written, result);
        Assert.Equal(fixedText, File.ReadAllText(path));
        Assert.Equal(fixedText, File.ReadAllText(other));
        Assert.Equal(new[] { "Other.cs", "Uploads.cs" }, Names(tree.Root));
    }

    [Fact]
    public void Write_ReadOnlyFile_IsNotReplacedBehindItsMode()
    {
        // Written in place, a read-only file refuses the fix (root alone writes it anyway); a rename would replace
        // it whatever its mode.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tree = new TempTree();
        var path = tree.Write("Uploads.cs", Original);
        var readOnly = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        File.SetUnixFileMode(path, readOnly);
        var fixedText = Original.Replace("\" }", "\"" + Encrypted, StringComparison.Ordinal);
        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        var result = Write(path, fixedText, FileReplacement.OpenTemporary, out var problem);

        Assert.Equal(readOnly, File.GetUnixFileMode(path));
        if (FileStatus.CurrentUser() == 0)
        {
            Assert.Equal(FixWrite.Written, result);
            Assert.Equal(fixedText, new StreamReader(reader).ReadToEnd());
        }
        else
        {
            Assert.Equal(FixWrite.Failed, result);
            Assert.StartsWith("cannot be written (", problem);
            Assert.Equal(Original, File.ReadAllText(path));
        }

        Assert.Equal(new[] { "Uploads.cs" }, Names(tree.Root));
    }

    [Fact]
    public void Write_SymbolicLink_ReplacesTheTargetAndKeepsTheLink()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tree = new TempTree();
        var target = tree.Write("real/Uploads.cs", Original);
        var link = tree.PathOf("Uploads.cs");
        File.CreateSymbolicLink(link, target);
        var fixedText = Original.Replace("\" }", "\"" + Encrypted, StringComparison.Ordinal);

        var result = Write(link, fixedText, FileReplacement.OpenTemporary, out _);

        Assert.Equal(FixWrite.Written, result);
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal(fixedText, File.ReadAllText(target));
        Assert.Equal(new[] { "Uploads.cs" }, Names(tree.PathOf("real")));
    }

    [Fact]
    public void Write_FileOfAnotherUser_WritesInPlaceSoItKeepsItsOwner()
    {
        // Only root can give a file away; as anyone else this has nothing to show.
        if (!OperatingSystem.IsLinux() || FileStatus.CurrentUser() != 0)
        {
            return;
        }

        using var tree = new TempTree();
        var path = tree.Write("Uploads.cs", Original);
        Assert.Equal(0, ChangeOwner(path, 4242, 4343));
        var fixedText = Original.Replace("\" }", "\"" + Encrypted, StringComparison.Ordinal);

        var result = Write(path, fixedText, FileReplacement.OpenTemporary, out _);

        Assert.Equal(FixWrite.Written, result);
        Assert.Equal(fixedText, File.ReadAllText(path));
        Assert.Equal((4242u, 4343u), (FileStatus.Of(path)!.Value.Owner, FileStatus.Of(path)!.Value.Group));
    }

    [Fact]
    public void Write_FileOfAnotherGroup_GivesTheNewFileThatGroup()
    {
        if (!OperatingSystem.IsLinux() || FileStatus.CurrentUser() != 0)
        {
            return;
        }

        using var tree = new TempTree();
        var path = tree.Write("Uploads.cs", Original);
        Assert.Equal(0, ChangeOwner(path, 0, 4343));
        var fixedText = Original.Replace("\" }", "\"" + Encrypted, StringComparison.Ordinal);
        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        var result = Write(path, fixedText, FileReplacement.OpenTemporary, out _);

        Assert.Equal(FixWrite.Written, result);
        Assert.Equal(Original, new StreamReader(reader).ReadToEnd());
        Assert.Equal(4343u, FileStatus.Of(path)!.Value.Group);
    }

    [Fact]
    public void Write_BindMountedFile_IsWrittenInPlace()
    {
        // A rename over a mount point fails with EBUSY, so a file bind-mounted into a container took no fix.
        using var tree = new TempTree();
        var host = tree.Write("host/Uploads.cs", Original);
        var path = tree.Write("src/Uploads.cs", "");
        using var mount = BindMount.TryCreate(host, path);
        if (mount is null)
        {
            return;
        }

        var fixedText = Original.Replace("\" }", "\"" + Encrypted, StringComparison.Ordinal);

        var result = Write(path, fixedText, FileReplacement.OpenTemporary, out var problem);

        Assert.Null(problem);
        Assert.Equal(FixWrite.Written, result);
        Assert.Equal(fixedText, File.ReadAllText(host));
        Assert.Equal(new[] { "Uploads.cs" }, Names(tree.PathOf("src")));
    }

    [Fact]
    public void Write_TemporaryFileSwappedForALink_LeavesTheLinkedFilesModeAlone()
    {
        // Someone else who may write in the folder can put a link to one of our private files where the temporary
        // file was; giving "the temporary file" the source's mode by name then opened that file to everyone.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tree = new TempTree();
        var path = tree.Write("Uploads.cs", Original);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var secret = tree.Write("private/key.pem", "secret");
        var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        File.SetUnixFileMode(secret, ownerOnly);
        var fixedText = Original.Replace("\" }", "\"" + Encrypted, StringComparison.Ordinal);

        Write(path, fixedText, (p, m) => new SwappedStream(p, m, secret), out _);

        Assert.Equal(ownerOnly, File.GetUnixFileMode(secret));
    }

    [Fact]
    public void Write_FolderWithADefaultAcl_WritesInPlaceSoNoOtherUserIsLetIn()
    {
        // A new file takes the folder's default ACL: user 4242, kept out of the source, could read the fixed file.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tree = new TempTree();
        var folder = tree.CreateFolder("src");
        var path = tree.Write("src/Uploads.cs", Original);
        if (!SetDefaultAcl(folder, readerUser: 4242))
        {
            return;
        }

        var fixedText = Original.Replace("\" }", "\"" + Encrypted, StringComparison.Ordinal);

        var result = Write(path, fixedText, FileReplacement.OpenTemporary, out _);

        Assert.Equal(FixWrite.Written, result);
        Assert.Equal(fixedText, File.ReadAllText(path));
        Assert.False(FileStatus.HasAcl(path));
    }

    /// <summary>Gives <paramref name="folder"/> a default ACL adding read access for <paramref name="readerUser"/>;
    /// false where the file system keeps no ACLs.</summary>
    private static bool SetDefaultAcl(string folder, uint readerUser)
    {
        const uint Everyone = uint.MaxValue;
        var entries = new (ushort Tag, ushort Permissions, uint Id)[]
        {
            (0x01, 6, Everyone), (0x02, 4, readerUser), (0x04, 4, Everyone), (0x10, 6, Everyone), (0x20, 0, Everyone),
        };
        var value = new byte[4 + (8 * entries.Length)];
        BitConverter.TryWriteBytes(value.AsSpan(0, 4), 2u);
        for (var i = 0; i < entries.Length; i++)
        {
            BitConverter.TryWriteBytes(value.AsSpan(4 + (8 * i), 2), entries[i].Tag);
            BitConverter.TryWriteBytes(value.AsSpan(6 + (8 * i), 2), entries[i].Permissions);
            BitConverter.TryWriteBytes(value.AsSpan(8 + (8 * i), 4), entries[i].Id);
        }

        return SetAttribute(folder, "system.posix_acl_default", value, (nuint)value.Length, 0) == 0;
    }

    private static string[] Names(string folder)
    {
        return Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .ToArray()!;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(string existing, string added);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "setxattr", SetLastError = true)]
    private static extern int SetAttribute(string path, string name, byte[] value, nuint size, int flags);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    private static extern int ChangeOwner(string path, uint owner, uint group);

    /// <summary>Writes <paramref name="fixedText"/> over the file written from <see cref="Original"/>.</summary>
    private static FixWrite Write(
        string path, string fixedText, Func<string, FileMode, FileStream> open, out string? problem)
    {
        return FixedFileWriter.Write(
            path,
            SourceText.From(Original, Encoding.UTF8),
            SourceText.From(fixedText, Encoding.UTF8),
            open,
            out problem);
    }

    /// <summary>A new file that, once written, is moved aside and replaced by a link to <c>linked</c>.</summary>
    private sealed class SwappedStream : FileStream
    {
        private readonly string _path;
        private readonly string _linked;

        public SwappedStream(string path, FileMode mode, string linked)
            : base(path, FileReplacement.Options(mode))
        {
            _path = path;
            _linked = linked;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            base.Write(buffer, offset, count);
            File.Move(_path, _path + ".aside");
            File.CreateSymbolicLink(_path, _linked);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Write(buffer.ToArray(), 0, buffer.Length);
        }
    }

    /// <summary>
    /// A file whose first write stores <c>failAfter</c> bytes and fails; later writes work only if it
    /// <c>recovers</c>.
    /// </summary>
    private sealed class FailingStream : FileStream
    {
        private readonly bool _recovers;
        private int _failAfter;
        private bool _failed;

        public FailingStream(string path, FileMode mode, int failAfter, bool recovers)
            : base(path, FileReplacement.Options(mode))
        {
            _failAfter = failAfter;
            _recovers = recovers;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (_failed && !_recovers)
            {
                throw new IOException("Input/output error");
            }

            if (_failed || count <= _failAfter)
            {
                base.Write(buffer, offset, count);
                return;
            }

            base.Write(buffer, offset, _failAfter);
            _failed = true;
            throw new IOException("Input/output error");
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Write(buffer.ToArray(), 0, buffer.Length);
        }
    }
}
