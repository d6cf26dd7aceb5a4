using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
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

    /// <summary>Writes a report to <paramref name="path"/> on a disk with room for <paramref name="capacity"/>
    /// bytes, abandons it as the command does after the failure, and returns the failure.</summary>
    private static IOException WriteAndAbandon(string path, OutputFormat format, long capacity)
    {
        using var file = ReportFile.Open(path);
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

    private static string[] Names(string folder)
    {
        return Directory.GetFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .ToArray()!;
    }
}
