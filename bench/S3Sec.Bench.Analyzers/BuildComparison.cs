using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace S3Sec.Bench.Analyzers;

/// <summary>
/// Builds the two generated projects alternately (with S3, without, with, without...) with the compiler's
/// per-analyzer timing on, and keeps each project's fastest build: load on the shared machine then weighs on both
/// projects alike. The first build of each is a warm-up and is not counted.
/// </summary>
/// <remarks>
/// The compiler mode is set on the command line, because an environment variable <c>UseSharedCompilation=false</c>
/// (set on this machine, as on many CI agents) silently turns the server off. Through the server (default) the
/// warm-up loads the analyzers once and later builds run their optimized code. With <c>--no-server</c> every build
/// is a new csc process: its analyzers are JIT-compiled again each time and, in a build this short, never leave
/// tier 0, while the SDK's NetAnalyzers ship precompiled (ReadyToRun). Each build's log is checked for the mode
/// it asked for.
/// </remarks>
internal static class BuildComparison
{
    private static readonly Regex Row = new(
        @"^\s*(?<time><?[\d.]+)\s+(?<pct><?\d+)\s+(?<name>\S.*)$", RegexOptions.Compiled);

    public static int Run(BenchOptions options, string analyzer)
    {
        if (!File.Exists(analyzer))
        {
            Console.Error.WriteLine(
                $"Build the analyzers first: dotnet build -c Release src/S3Sec.Analyzers ({analyzer})");
            return 2;
        }

        string[] projects = options.Project is { } only ? new[] { only } : new[] { "WithS3", "WithoutS3" };
        string mode = options.Server ? "true" : "false";
        Console.WriteLine(options.Server
            ? "compiler: the compiler server (UseSharedCompilation=true), restarted before the warm-up"
            : "compiler: a new csc process per build (UseSharedCompilation=false)");
        RunProcess("dotnet", "build-server shutdown", options.Output, out _);
        foreach (string project in projects)
        {
            RunProcess("dotnet", $"restore {Path.Combine(options.Output, project)}", options.Output, out _);
        }

        var best = new Dictionary<string, BuildReport>();
        for (int round = 0; round <= options.Runs; round++)
        {
            foreach (string project in projects)
            {
                string dir = Path.Combine(options.Output, project);
                long started = Stopwatch.GetTimestamp();
                RunProcess("dotnet", "build --no-restore --no-incremental -p:ReportAnalyzer=true -v:d "
                    + $"-clp:PerformanceSummary -p:UseSharedCompilation={mode}", dir, out string log);
                CheckCompilerMode(log, options.Server, project);
                CheckAnalyzerLoaded(log, project);
                double wall = Stopwatch.GetElapsedTime(started).TotalSeconds;
                File.WriteAllText(Path.Combine(options.Output, $"{project}.round{round}.log"), log);
                BuildReport report = BuildReport.Parse(log);
                report.WallSeconds = wall;
                string label = round == 0 ? "warm-up" : $"round {round}";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{label,-8} {project,-10} build {wall,6:F1} s, csc {report.CscSeconds,7:F1} s, "
                    + $"all analyzers {report.TotalAnalyzer,7:F1} s, "
                    + $"S3Sec {report.Assembly("S3Sec.Analyzers"),6:F3} s"));
                bool faster = !best.TryGetValue(project, out BuildReport? kept) || report.CscSeconds < kept.CscSeconds;
                if (round > 0 && faster)
                {
                    best[project] = report;
                }
            }
        }

        if (options.Server)
        {
            RunProcess("dotnet", "build-server shutdown", options.Output, out _);
        }

        Console.WriteLine();
        foreach (string project in projects)
        {
            Print(project, best[project]);
        }

        return 0;
    }

    /// <summary>
    /// A build whose analyzer could not be loaded (CS8034, for example a copy whose file name is not its assembly's
    /// name) still succeeds and reports S3Sec at 0.000 s: a figure that must not be read as a measurement.
    /// </summary>
    internal static void CheckAnalyzerLoaded(string log, string project)
    {
        int at = log.IndexOf("warning CS8034", StringComparison.Ordinal);
        if (at >= 0)
        {
            int end = log.IndexOf('\n', at);
            throw new InvalidOperationException(
                $"{project}: the compiler could not load an analyzer: {log[at..(end < 0 ? log.Length : end)]}");
        }
    }

    /// <summary>MSBuild's Csc task says in a detailed log whether the server or a new process compiled.</summary>
    private static void CheckCompilerMode(string log, bool server, string project)
    {
        bool usedServer = log.Contains("CompilerServer: server", StringComparison.Ordinal);
        if (usedServer != server)
        {
            throw new InvalidOperationException(
                $"{project} was compiled {(usedServer ? "by the compiler server" : "by a new csc process")}, "
                + "not as asked: look for 'CompilerServer:' in its log.");
        }
    }

    private static void Print(string project, BuildReport r)
    {
        double s3sec = r.Assembly("S3Sec.Analyzers");
        List<double> peers = r.Analyzers
            .Where(a => a.Assembly.StartsWith("Microsoft.CodeAnalysis.NetAnalyzers", StringComparison.Ordinal)
                || a.Assembly.StartsWith("Microsoft.CodeAnalysis.CSharp.NetAnalyzers", StringComparison.Ordinal))
            .Select(a => a.Seconds)
            .OrderBy(t => t)
            .ToList();
        double median = peers.Count == 0 ? double.NaN : peers[peers.Count / 2];
        double mean = peers.Count == 0 ? double.NaN : peers.Average();
        Console.WriteLine($"## {project} (fastest build)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            dotnet build (wall clock):             {r.WallSeconds,9:F2} s
            csc task time:                         {r.CscSeconds,9:F2} s
            all analyzers (summed over threads):   {r.TotalAnalyzer,9:F2} s
            S3Sec.Analyzers (9 analyzers):         {s3sec,9:F3} s = {s3sec / r.CscSeconds,7:P2} of csc
            NetAnalyzers analyzers in this build:  {peers.Count,9}
            NetAnalyzers median analyzer:          {median,9:F3} s (mean {mean:F3} s)
            S3Sec total / NetAnalyzers median:     {s3sec / median,9:F1} x
            """));
        foreach (AnalyzerTime a in r.Analyzers.Where(a => a.Assembly.StartsWith("S3Sec", StringComparison.Ordinal)))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {a.Seconds,7:F3} s  {a.Name}"));
        }

        Console.WriteLine();
    }

    internal static void RunProcess(string file, string arguments, string directory, out string output)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        output = process.StandardOutput.ReadToEnd() + stderr.Result;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed in {directory}:\n{Tail(output)}");
        }
    }

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;

    internal sealed record AnalyzerTime(string Assembly, string Name, double Seconds);

    internal sealed class BuildReport
    {
        public double CscSeconds { get; private set; }

        public double WallSeconds { get; set; }

        public double TotalAnalyzer { get; private set; }

        public Dictionary<string, double> Assemblies { get; } = new(StringComparer.Ordinal);

        public List<AnalyzerTime> Analyzers { get; } = new();

        /// <summary>Zero when the assembly ran nothing the compiler could time, or was not listed.</summary>
        public double Assembly(string simpleName) => Assemblies
            .Where(a => a.Key.StartsWith(simpleName + ",", StringComparison.Ordinal))
            .Select(a => a.Value)
            .FirstOrDefault();

        public static BuildReport Parse(string log)
        {
            var report = new BuildReport();
            string[] lines = log.Split('\n');
            string? assembly = null;
            bool inAnalyzers = false;
            foreach (string raw in lines)
            {
                string line = raw.TrimEnd('\r');
                if (line.Contains("Total analyzer execution time:", StringComparison.Ordinal))
                {
                    report.TotalAnalyzer = Seconds(line.Split(':')[1].Trim().Split(' ')[0]);
                    inAnalyzers = true;
                    continue;
                }

                if (line.Contains("Total generator execution time:", StringComparison.Ordinal)
                    || line.Contains("NOTE: 1 diagnostic", StringComparison.Ordinal)
                    || line.Contains("Analyzers that have not enabled", StringComparison.Ordinal))
                {
                    inAnalyzers = false;
                }

                Match cscLine = Regex.Match(line, @"^\s*(\d+) ms\s+Csc\s+\d+ calls");
                if (cscLine.Success)
                {
                    report.CscSeconds = double.Parse(cscLine.Groups[1].Value, CultureInfo.InvariantCulture) / 1000;
                }

                if (!inAnalyzers)
                {
                    continue;
                }

                Match row = Row.Match(line);
                if (!row.Success || line.Contains("Time (s)", StringComparison.Ordinal))
                {
                    continue;
                }

                string name = row.Groups["name"].Value.Trim();
                double seconds = Seconds(row.Groups["time"].Value);
                if (name.Contains(", Version=", StringComparison.Ordinal))
                {
                    assembly = name;
                    report.Assemblies[name] = seconds;
                }
                else if (assembly is not null)
                {
                    report.Analyzers.Add(new AnalyzerTime(assembly, name, seconds));
                }
            }

            return report;
        }

        // "<0.001" is below the report's resolution: counted as zero.
        private static double Seconds(string text) =>
            text.StartsWith('<') ? 0 : double.Parse(text, CultureInfo.InvariantCulture);
    }
}
