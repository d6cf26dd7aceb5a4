using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace S3Sec.Bench.Analyzers;

/// <summary>
/// Files per second of <c>s3sec scan</c> on a generated repository and on this repository's samples and tests,
/// and the ratio to <c>dotnet build</c> of the generated project with the S3Sec analyzers (NetAnalyzers off, so
/// the build does the same analysis the scanner does). Scan and build alternate, fastest of each kept.
/// </summary>
internal static class ScannerComparison
{
    public static int Run(BenchOptions options, string analyzer)
    {
        // The CLI's target framework may change; whichever Release build is there is the one measured.
        string bin = Path.Combine(options.RepoRoot, "src", "S3Sec.Cli", "bin", "Release");
        string? cli = Directory.Exists(bin)
            ? Directory.EnumerateFiles(bin, "s3sec.dll", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        if (cli is null)
        {
            Console.Error.WriteLine($"Build the CLI first: dotnet build -c Release src/S3Sec.Cli (looked in {bin})");
            return 2;
        }

        string root = Path.Combine(
            options.Output,
            options.S3Share == 100 ? $"scan{options.Files}" : $"scan{options.Files}-s3{options.S3Share}");
        string project = Path.Combine(root, "WithS3");
        if (!Directory.Exists(project))
        {
            CodeGenerator.WriteIsolation(root);
            CodeGenerator.Write(
                root, options.Files, analyzer, withS3: true, s3SharePercent: options.S3Share, clean: options.Clean);
        }

        Exec("dotnet", $"restore {project}", project);
        int generatedFiles = CountSources(project);
        string[] realTrees = { Path.Combine(options.RepoRoot, "samples"), Path.Combine(options.RepoRoot, "tests") };
        double bestScan = double.MaxValue;
        double bestBuild = double.MaxValue;
        var bestReal = realTrees.ToDictionary(t => t, _ => double.MaxValue);
        for (int round = 0; round < options.Runs; round++)
        {
            double scan = Exec("dotnet", $"{cli} scan {project} --quiet --format json -o /dev/null --fail-on none",
                project);
            double build = Exec("dotnet", "build --no-restore --no-incremental -p:EnableNETAnalyzers=false",
                project);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round + 1}: scan {scan:F1} s, build {build:F1} s"));
            bestScan = Math.Min(bestScan, scan);
            bestBuild = Math.Min(bestBuild, build);
            foreach (string tree in realTrees)
            {
                bestReal[tree] = Math.Min(bestReal[tree], Exec("dotnet",
                    $"{cli} scan {tree} --quiet --format json -o /dev/null --fail-on none", tree));
            }
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            generated repository: {generatedFiles} files
              s3sec scan:   {bestScan,7:F1} s = {generatedFiles / bestScan,6:F0} files/s
              dotnet build: {bestBuild,7:F1} s = {generatedFiles / bestBuild,6:F0} files/s (S3Sec analyzers only)
              build / scan: {bestBuild / bestScan,7:F2} x
            """));
        foreach (string tree in realTrees)
        {
            int files = CountSources(tree);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {Path.GetFileName(tree),-8} {files,5} files: s3sec scan {bestReal[tree],6:F1} s = "
                + $"{files / bestReal[tree],6:F0} files/s"));
        }

        return 0;
    }

    private static int CountSources(string dir) => Directory
        .EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
        .Count(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal));

    private static double Exec(string file, string arguments, string directory)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        long started = Stopwatch.GetTimestamp();
        using Process process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {arguments} exited {process.ExitCode}:\n{output[^Math.Min(output.Length, 3000)..]}"
                + stderr.Result);
        }

        return seconds;
    }
}
