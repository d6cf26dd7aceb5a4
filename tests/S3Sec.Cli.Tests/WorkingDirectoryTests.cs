using System;
using System.Diagnostics;
using System.IO;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

/// <summary>The real executable, started in a folder that no longer exists.</summary>
public sealed class WorkingDirectoryTests
{
    [Fact]
    public void DeletedWorkingDirectory_IsAOneLineError_NotACrash()
    {
        // A folder can be removed while a process stands in it only on Unix; CI runs on Linux.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        var gone = Path.Combine(tree.Root, "gone");
        Directory.CreateDirectory(gone);
        var start = new ProcessStartInfo("sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // The shell enters the folder and removes it, then becomes the scanner: its working folder is gone.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("cd \"$1\" && rmdir \"$1\" && exec dotnet \"$2\" scan \"$3\" -q");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(gone);
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "s3sec.dll"));
        start.ArgumentList.Add(tree.Root);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "still running after two minutes");
        process.WaitForExit();

        Assert.False(Directory.Exists(gone));
        Assert.Equal(2, process.ExitCode);
        Assert.Equal(
            "s3sec: error: the current folder cannot be read (deleted or inaccessible); cd to an existing folder\n",
            error.ReplaceLineEndings("\n"));
        Assert.Equal(string.Empty, output.GetAwaiter().GetResult());
    }
}
