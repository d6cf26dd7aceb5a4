using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace S3Sec.Bench.Analyzers;

/// <summary>
/// Samples one real build of a generated project with dotnet-trace and says where the time the compiler charges
/// to S3Sec goes. The compiler's per-analyzer figure is wall-clock time inside the analyzers' callbacks: it also
/// holds the JIT compiling S3Sec's code, garbage collections that stop the thread mid-callback, and waits on the
/// driver's locks, none of which an in-process profile on one thread shows.
/// </summary>
internal static class BuildTrace
{
    private const string Marker = "S3Sec.Analyzers";

    // The Csc task's command line in a detailed log: the tool's path, then its arguments.
    private static readonly Regex CscLine = new(
        @"^\s*(?<tool>\S*csc(?:\.exe|\.dll)?)\s+(?<args>/noconfig\s.*)$", RegexOptions.Multiline);

    public static int Run(BenchOptions options)
    {
        if (options.Speedscope is { } existing)
        {
            // A trace taken earlier (or by hand): read it again without building.
            Print(Samples.Read(existing));
            return 0;
        }

        if (options.DotnetTrace is not { } tool || !File.Exists(tool))
        {
            Console.Error.WriteLine("trace needs --dotnet-trace PATH, the dotnet-trace executable "
                + "(dotnet tool install --tool-path DIR dotnet-trace --version 10.0.750501)");
            return 2;
        }

        string project = options.Project ?? "WithS3";
        string dir = Path.Combine(options.Output, project);
        if (!Directory.Exists(dir))
        {
            Console.Error.WriteLine($"No {project} under {options.Output}: run generate first.");
            return 2;
        }

        string traceDir = Path.Combine(options.Output, "trace");
        Directory.CreateDirectory(traceDir);
        string mode = options.Server ? "server" : "csc";
        string nettrace = Path.Combine(traceDir, $"{project}.{mode}.nettrace");
        string speedscope = Path.ChangeExtension(nettrace, ".speedscope.json");
        File.Delete(speedscope);

        BuildComparison.RunProcess("dotnet", "build-server shutdown", options.Output, out _);
        BuildComparison.RunProcess("dotnet", $"restore {dir}", options.Output, out _);
        string build = "build --no-restore --no-incremental -p:ReportAnalyzer=true -v:d -nodeReuse:false "
            + $"-p:UseSharedCompilation={(options.Server ? "true" : "false")}";
        string log;
        if (options.Server)
        {
            // The first build starts the server, the second lets it reach steady state; the third is sampled.
            var warm = Stopwatch.StartNew();
            BuildComparison.RunProcess("dotnet", build, dir, out _);
            warm.Restart();
            BuildComparison.RunProcess("dotnet", build, dir, out _);
            int seconds = (int)(warm.Elapsed.TotalSeconds * 3) + 15;
            Process server = Process.GetProcessesByName("VBCSCompiler").FirstOrDefault()
                ?? throw new InvalidOperationException("No VBCSCompiler process after two server builds.");
            using Process tracer = Start(tool, $"collect -p {server.Id} --duration {Duration(seconds)} "
                + $"--format speedscope -o {Quote(nettrace)}", dir);
            System.Threading.Thread.Sleep(TimeSpan.FromSeconds(4));
            BuildComparison.RunProcess("dotnet", build, dir, out log);
            BuildComparison.CheckAnalyzerLoaded(log, project);
            tracer.WaitForExit();
            BuildComparison.RunProcess("dotnet", "build-server shutdown", options.Output, out _);
        }
        else
        {
            // dotnet-trace follows the process it starts, not MSBuild's children: run the build's own csc command
            // line under it, writing the assembly into the trace folder.
            BuildComparison.RunProcess("dotnet", build, dir, out string cscLog);
            BuildComparison.CheckAnalyzerLoaded(cscLog, project);
            Match match = CscLine.Match(cscLog);
            if (!match.Success)
            {
                throw new InvalidOperationException("No csc command line in the build's detailed log.");
            }

            string rsp = Path.Combine(traceDir, $"{project}.rsp");
            File.WriteAllLines(rsp, Tokens(match.Groups["args"].Value).Select(a => Redirect(a, traceDir)));
            using Process tracer = Start(tool, $"collect --show-child-io --format speedscope -o {Quote(nettrace)} -- "
                + $"{match.Groups["tool"].Value} @{Quote(rsp)}", dir);
            log = tracer.StandardOutput.ReadToEnd();
            tracer.WaitForExit();
        }

        if (!File.Exists(speedscope))
        {
            Console.Error.WriteLine($"dotnet-trace wrote no {speedscope}.");
            return 1;
        }

        Console.WriteLine(options.Server
            ? "compiler: the compiler server, third build after a restart, sampled by attaching to VBCSCompiler"
            : "compiler: a new csc process, the build's own command line run under dotnet-trace");
        foreach (Match row in Regex.Matches(log, @"^\s*(<?[\d.]+)\s+<?\d+\s+S3Sec\.Analyzers, Version.*$",
            RegexOptions.Multiline))
        {
            Console.WriteLine($"compiler's report for S3Sec.Analyzers: {row.Groups[1].Value} s");
        }

        Console.WriteLine($"trace: {speedscope}");
        Print(Samples.Read(speedscope));
        return 0;
    }

    private static void Print(Samples samples)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sampled inside S3Sec's callbacks, all threads: {samples.Total:F1} ms"));
        Section("where that time went", samples.Categories, samples.Total, 10);
        Section("by callback (outermost S3Sec frame)", samples.Callbacks, samples.Total, 12);
        Section("first frame outside S3Sec (what S3Sec called)", samples.Callees, samples.Total, 15);
    }

    private static void Section(string title, Dictionary<string, double> values, double total, int count)
    {
        Console.WriteLine();
        Console.WriteLine("## " + title);
        foreach (var (name, ms) in values.OrderByDescending(p => p.Value).Take(count))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {ms,8:F1} ms {100 * ms / total,5:F1} %  {name}"));
        }
    }

    private static Process Start(string file, string arguments, string directory)
    {
        // The csc command line names the sources relative to the project's folder.
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        return Process.Start(start)!;
    }

    private static string Duration(int seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"00:00:{seconds / 60:D2}:{seconds % 60:D2}");

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;

    /// <summary>Splits a command line at spaces outside double quotes, keeping the quotes (a response file
    /// reads them the same way).</summary>
    private static IEnumerable<string> Tokens(string line)
    {
        var token = new StringBuilder();
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }

            if (c == ' ' && !quoted)
            {
                if (token.Length > 0)
                {
                    yield return token.ToString();
                    token.Clear();
                }

                continue;
            }

            token.Append(c);
        }

        if (token.Length > 0)
        {
            yield return token.ToString();
        }
    }

    private static string Redirect(string argument, string traceDir)
    {
        foreach (var (option, prefix) in new[] { ("/out:", ""), ("/refout:", "ref-") })
        {
            if (argument.StartsWith(option, StringComparison.Ordinal))
            {
                string name = prefix + Path.GetFileName(argument[option.Length..].Trim('"'));
                return option + Quote(Path.Combine(traceDir, name));
            }
        }

        return argument;
    }

    /// <summary>The samples of a dotnet-trace speedscope file ("evented" profiles, one per thread).</summary>
    private sealed class Samples
    {
        public double Total { get; private set; }

        public Dictionary<string, double> Categories { get; } = new();

        public Dictionary<string, double> Callbacks { get; } = new();

        public Dictionary<string, double> Callees { get; } = new();

        public static Samples Read(string path)
        {
            using FileStream stream = File.OpenRead(path);
            using JsonDocument document = JsonDocument.Parse(stream);
            JsonElement root = document.RootElement;
            string[] frames = root.GetProperty("shared").GetProperty("frames").EnumerateArray()
                .Select(f => f.GetProperty("name").GetString() ?? "").ToArray();
            var samples = new Samples();
            var stack = new List<int>();
            foreach (JsonElement profile in root.GetProperty("profiles").EnumerateArray())
            {
                stack.Clear();
                double last = double.NaN;
                foreach (JsonElement e in profile.GetProperty("events").EnumerateArray())
                {
                    double at = e.GetProperty("at").GetDouble();
                    if (stack.Count > 0 && !double.IsNaN(last))
                    {
                        samples.Add(frames, stack, at - last);
                    }

                    last = at;
                    if (e.GetProperty("type").GetString() == "O")
                    {
                        stack.Add(e.GetProperty("frame").GetInt32());
                    }
                    else if (stack.Count > 0)
                    {
                        stack.RemoveAt(stack.Count - 1);
                    }
                }
            }

            return samples;
        }

        private void Add(string[] frames, List<int> stack, double ms)
        {
            int outer = stack.FindIndex(f => IsS3Sec(frames[f]));
            if (outer < 0)
            {
                return;
            }

            Total += ms;
            int inner = stack.FindLastIndex(f => frames[f].Contains(Marker, StringComparison.Ordinal));
            Bump(Categories, Category(frames, stack, inner), ms);
            Bump(Callbacks, Short(frames[stack[outer]]), ms);
            Bump(Callees, inner + 1 < stack.Count ? Short(frames[stack[inner + 1]]) : "(S3Sec's own code)", ms);
        }

        // The wrapper that defers the model is S3Sec's, but says nothing about which callback ran.
        private static bool IsS3Sec(string frame) =>
            frame.Contains(Marker, StringComparison.Ordinal) && !frame.Contains("Deferred", StringComparison.Ordinal);

        private static string Category(string[] frames, List<int> stack, int inner)
        {
            bool Below(string text) =>
                stack.Skip(inner + 1).Any(f => frames[f].Contains(text, StringComparison.Ordinal));

            if (stack.Any(f => frames[f].Contains("PollGC", StringComparison.Ordinal)))
            {
                return "stopped for a garbage collection (a GC poll)";
            }

            if (Below("ReportDiagnostic"))
            {
                return "the driver's ReportDiagnostic (its locks and filters)";
            }

            if (Below("Monitor.") || Below("SpinWait"))
            {
                return "waiting for a lock (other)";
            }

            return frames[stack[^1]] == "UNMANAGED_CODE_TIME"
                ? "unmanaged: JIT, type loading, runtime helpers"
                : "managed code: S3Sec and the Roslyn APIs it calls";
        }

        private static void Bump(Dictionary<string, double> map, string key, double ms) =>
            map[key] = map.GetValueOrDefault(key) + ms;

        private static string Short(string frame)
        {
            string name = frame[(frame.IndexOf('!') + 1)..];
            int paren = name.IndexOf('(');
            name = paren > 0 ? name[..paren] : name;
            return name.Length > 90 ? "..." + name[^87..] : name;
        }
    }
}
