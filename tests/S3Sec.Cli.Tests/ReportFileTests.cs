using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using S3Sec.Cli.CommandLine;
using S3Sec.Cli.Discovery;
using S3Sec.Cli.Reporting;
using S3Sec.Cli.Storage;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

public sealed class ReportFileTests
{
    private const string OldReport = "{ \"old\": \"report\" }\n";

    [Theory]
    [InlineData("json")]
    [InlineData("text")]
    public void Write_DiskFillsMidway_KeepsTheOldReportAndRemovesTheTemporaryFile(string format)
    {
        // Written in place, the old report was truncated first and then cut where the disk filled.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tree = new TempTree();
        var path = tree.Write("out/report.json", OldReport);

        var thrown = WriteAndAbandon(path, format == "json" ? OutputFormat.Json : OutputFormat.Text, capacity: 8);

        Assert.Equal($"cannot write the report to '{path}': No space left on device", thrown.Message);
        Assert.Equal(OldReport, File.ReadAllText(path));
        Assert.Equal(new[] { "report.json" }, Names(tree.PathOf("out")));
    }

    [Fact]
    public void Write_DiskFillsMidway_NamesTheReportAsTheUserTypedIt()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tree = new TempTree();
        var path = tree.Write("out/report.json", OldReport);

        var thrown = WriteAndAbandon(path, OutputFormat.Json, capacity: 8, shownName: "out/report.json");

        Assert.Equal("cannot write the report to 'out/report.json': No space left on device", thrown.Message);
    }

    [Fact]
    public void Write_DiskFillsMidwayForANewReport_LeavesNoFile()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tree = new TempTree();
        var folder = tree.CreateFolder("out");

        WriteAndAbandon(Path.Combine(folder, "report.json"), OutputFormat.Json, capacity: 8);

        Assert.Empty(Names(folder));
    }

    [Fact]
    public void Write_ExistingReport_IsReplacedByRenameKeepingItsMode()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tree = new TempTree();
        var path = tree.Write("out/report.json", OldReport);
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(path, mode);
        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        using (var file = ReportFile.Open(path))
        {
            file.Write(EmptyReport(tree.Root), OutputFormat.Json);
        }

        Assert.Contains("\"filesScanned\": 0", File.ReadAllText(path));
        Assert.Equal(OldReport, new StreamReader(reader).ReadToEnd());
        Assert.Equal(mode, File.GetUnixFileMode(path));
        Assert.Equal(new[] { "report.json" }, Names(tree.PathOf("out")));
    }

    [Fact]
    public void Write_BindMountedReport_IsWrittenInPlace()
    {
        // A rename over a mount point fails with EBUSY; a container's bind-mounted report file took the report
        // before reports were written by rename.
        using var tree = new TempTree();
        var host = tree.Write("host/report.json", OldReport);
        var path = tree.Write("out/report.json", "");
        using var mount = BindMount.TryCreate(host, path);
        if (mount is null)
        {
            return;
        }

        using (var file = ReportFile.Open(path))
        {
            file.Write(EmptyReport(tree.Root), OutputFormat.Json);
        }

        Assert.Contains("\"filesScanned\": 0", File.ReadAllText(host));
        Assert.Equal(new[] { "report.json" }, Names(tree.PathOf("out")));
    }

    /// <summary>Writes a report to <paramref name="path"/> on a disk with room for <paramref name="capacity"/>
    /// bytes, abandons it as the command does after the failure, and returns the failure.</summary>
    private static IOException WriteAndAbandon(
        string path, OutputFormat format, long capacity, string? shownName = null)
    {
        using var file = ReportFile.Open(path, shownName: shownName);
        var thrown = Assert.Throws<IOException>(() => file.Write(
            EmptyReport(Path.GetDirectoryName(path)!), format, (p, m) => new FullDiskStream(p, m, capacity)));
        file.Abandon();
        return thrown;
    }

    private static ScanReport EmptyReport(string root)
    {
        return new ScanReport(
            root,
            ImmutableArray<Finding>.Empty,
            ImmutableArray<DiagnosticDescriptor>.Empty,
            Array.Empty<ScanWarning>(),
            filesFound: 0,
            filesScanned: 0,
            projects: 0,
            TimeSpan.Zero);
    }

    /// <summary>The names in a folder, sorted: what a write left behind.</summary>
    internal static string[] Names(string folder)
    {
        return Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .ToArray()!;
    }
}

/// <summary>
/// What the SIGTERM watchdog does before <c>_exit</c>. Alone: removing every pending temporary file would take those
/// of tests running beside it.
/// </summary>
[Collection(Name)]
public sealed class PendingTemporaryFileTests
{
    private const string Name = "Pending temporary files";

    [Fact]
    public void RemoveAllPending_WhileAReportIsWritten_LeavesTheOldReportAndNoTemporaryFile()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tree = new TempTree();
        var path = tree.Write("out/report.json", "old\n");
        var removedMidway = false;

        using (var file = ReportFile.Open(path))
        {
            // The watchdog's removal lands while the report is being written.
            Assert.Throws<IOException>(() => file.Write(
                new ScanReport(
                    tree.Root,
                    ImmutableArray<Finding>.Empty,
                    ImmutableArray<DiagnosticDescriptor>.Empty,
                    Array.Empty<ScanWarning>(),
                    filesFound: 0,
                    filesScanned: 0,
                    projects: 0,
                    TimeSpan.Zero),
                OutputFormat.Json,
                (p, m) => new RemovingStream(p, m, () => removedMidway = Names(tree.PathOf("out")).Length == 1)));
            file.Abandon();
        }

        Assert.True(removedMidway, "the temporary file was still there after RemoveAllPending");
        Assert.Equal("old\n", File.ReadAllText(path));
        Assert.Equal(new[] { "report.json" }, Names(tree.PathOf("out")));
    }

    [Fact]
    public void RemoveAllPending_RightAfterTheTemporaryFileIsCreated_RemovesIt()
    {
        // The watchdog landing between creating the temporary file and registering it left the file behind.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tree = new TempTree();
        var path = tree.Write("out/report.json", "old\n");
        var leftBehind = true;

        var replacement = FileReplacement.Begin(path, (p, m) =>
        {
            var stream = new FileStream(p, FileReplacement.Options(m));
            FileReplacement.RemoveAllPending();
            leftBehind = File.Exists(p);
            return stream;
        });
        replacement?.Dispose();

        Assert.NotNull(replacement);
        Assert.False(leftBehind, "the temporary file was not yet registered when RemoveAllPending ran");
        Assert.Equal(new[] { "report.json" }, Names(tree.PathOf("out")));
    }

    [Fact]
    public void RemoveAllPending_WhileATemporaryFileIsBeingCreated_WaitsForItAndRemovesIt()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tree = new TempTree();
        var path = tree.Write("out/report.json", "old\n");
        var creation = BlockedCreation.Start(path);
        var cleanup = new Thread(FileReplacement.RemoveAllPending);
        cleanup.Start();
        var cleanedDuringCreation = cleanup.Join(TimeSpan.FromMilliseconds(300));
        creation.Release();
        Assert.True(cleanup.Join(TimeSpan.FromSeconds(30)));
        Assert.True(creation.Writer.Join(TimeSpan.FromSeconds(30)));
        creation.Dispose();

        Assert.False(cleanedDuringCreation, "the cleanup did not wait for a temporary file being created");
        Assert.Equal(new[] { "report.json" }, Names(tree.PathOf("out")));
    }

    [Fact]
    public void RemoveAllPendingBeforeExit_WhileACreationHangs_RemovesTheOthersWithoutWaitingForIt()
    {
        // The watchdog ends a process that did not stop; a creation stuck on a hung file system must not keep it.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tree = new TempTree();
        var path = tree.Write("out/report.json", "old\n");
        var other = FileReplacement.Begin(tree.Write("out/other.json", "old\n"), FileReplacement.OpenTemporary);
        var hung = BlockedCreation.Start(path);
        string[] left;
        bool returned;
        try
        {
            var cleanup = new Thread(() => FileReplacement.RemoveAllPendingBeforeExit(TimeSpan.FromMilliseconds(100)));
            cleanup.Start();
            returned = cleanup.Join(TimeSpan.FromSeconds(10));
            left = Names(tree.PathOf("out")).Where(n => n.StartsWith(".other.json.", StringComparison.Ordinal))
                .ToArray();
        }
        finally
        {
            hung.Dispose();
            other?.Dispose();
        }

        Assert.True(returned, "the cleanup waited for a creation that hung");
        Assert.Empty(left);
    }

    /// <summary>
    /// A replacement begun on a thread of its own (with two cores the thread pool can take longer than a test's wait
    /// to start a task) whose temporary file, once created, waits for <see cref="Release"/>.
    /// </summary>
    private sealed class BlockedCreation : IDisposable
    {
        private readonly ManualResetEventSlim _release = new();
        private FileReplacement? _replacement;

        private BlockedCreation(string path, ManualResetEventSlim created)
        {
            Writer = new Thread(() => _replacement = FileReplacement.Begin(path, (p, m) =>
            {
                var stream = new FileStream(p, FileReplacement.Options(m));
                created.Set();
                _release.Wait(TimeSpan.FromSeconds(30));
                return stream;
            }));
        }

        public Thread Writer { get; }

        /// <summary>Starts the creation and returns once its temporary file exists.</summary>
        public static BlockedCreation Start(string path)
        {
            using var created = new ManualResetEventSlim();
            var creation = new BlockedCreation(path, created);
            creation.Writer.Start();
            Assert.True(created.Wait(TimeSpan.FromSeconds(30)));
            return creation;
        }

        public void Release() => _release.Set();

        public void Dispose()
        {
            Release();
            Writer.Join(TimeSpan.FromSeconds(30));
            _replacement?.Dispose();
            _release.Dispose();
        }
    }

    private static string[] Names(string folder) => ReportFileTests.Names(folder);

    /// <summary>A file whose first write calls <see cref="FileReplacement.RemoveAllPending"/>, then
    /// <c>check</c>.</summary>
    private sealed class RemovingStream : FileStream
    {
        private readonly Action _check;
        private bool _removed;

        public RemovingStream(string path, FileMode mode, Action check)
            : base(path, FileReplacement.Options(mode))
        {
            _check = check;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (!_removed)
            {
                _removed = true;
                FileReplacement.RemoveAllPending();
                _check();
            }

            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Write(buffer.ToArray(), 0, buffer.Length);
        }

        public override void WriteByte(byte value)
        {
            Write(new[] { value }, 0, 1);
        }
    }
}

[CollectionDefinition("Pending temporary files", DisableParallelization = true)]
public sealed class PendingTemporaryFilesCollection
{
}
