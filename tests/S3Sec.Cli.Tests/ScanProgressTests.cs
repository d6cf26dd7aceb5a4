using System.IO;
using S3Sec.Cli.Analysis;
using Xunit;

namespace S3Sec.Cli.Tests;

public sealed class ScanProgressTests
{
    [Fact]
    public void OnePass_FilesAreShownApart_NotAsACountStuckAtZero()
    {
        // A project analysed in one request finishes all its files at the end of that request; a "scanned 0/N"
        // line for its whole duration looked hung.
        using var progress = new ScanProgress(new ConsoleLog(new StringWriter(), verbose: false), 5, enabled: false);
        for (var i = 0; i < 5; i++)
        {
            progress.FileRead();
        }

        progress.FilesScanned(2);
        progress.OnePassStarted(3);

        Assert.Matches(
            @"^scanned 2/5 files; analysing 3 more in one pass, counted when it ends \(\d+ s\)$",
            progress.Line());

        progress.OnePassFinished(3);

        Assert.Matches(@"^scanned 5/5 files \(\d+ s\)$", progress.Line());
    }
}
