using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace S3Sec.Bench.Analyzers;

/// <summary>
/// The quick, repeatable measurement: the generated sources compiled in this process (net8.0 reference assemblies,
/// plus AWSSDK.S3 for the WithS3 project), then analyzed by <see cref="CompilationWithAnalyzers"/> with execution
/// times logged per analyzer. Each round uses a fresh compilation for the plain compile (diagnostics and emit, what
/// csc does) and another for the analyzers, so no binding is shared between the two and neither is warm.
/// </summary>
internal static class AnalyzerProfile
{
    /// <summary>The AWSSDK.Core of Directory.Packages.props, the lowest AWSSDK.S3 4.1.0.1 accepts.</summary>
    private const string CoreVersion = "4.1.1";

    private const string NetAnalyzersFolder = "Sdks/Microsoft.NET.Sdk/analyzers";

    public static int Run(BenchOptions options, string analyzerPath)
    {
        if (!File.Exists(analyzerPath))
        {
            Console.Error.WriteLine(
                $"Build the analyzers first: dotnet build -c Release src/S3Sec.Analyzers ({analyzerPath})");
            return 2;
        }

        ImmutableArray<DiagnosticAnalyzer> s3sec = Load(analyzerPath);
        if (options.Allocations)
        {
            s3sec = s3sec.Select(a => (DiagnosticAnalyzer)new AllocationCounter(a)).ToImmutableArray();
        }

        ImmutableArray<DiagnosticAnalyzer> peers =
            options.Peers ? LoadNetAnalyzers() : ImmutableArray<DiagnosticAnalyzer>.Empty;
        // A second build of S3Sec (--baseline) runs interleaved with this one, in a load context of its own.
        ImmutableArray<DiagnosticAnalyzer>? baseline = options.Baseline is { } path
            ? Load(path, new AssemblyLoadContext("baseline"))
            : null;
        Console.WriteLine($"{s3sec.Length} S3Sec analyzers, {peers.Length} NetAnalyzers analyzers, "
            + $"{options.Files} files ({options.S3Share}% using S3 in WithS3, clean={options.Clean}), "
            + $"{options.Runs} rounds, "
            + $"concurrent={options.Concurrent}, allocations={options.Allocations}");

        var projects = new List<Project>();
        foreach (bool withS3 in new[] { true, false })
        {
            if ((withS3 && options.Project is "WithoutS3") || (!withS3 && options.Project is "WithS3"))
            {
                continue;
            }

            projects.Add(Project.Create(
                withS3, options.Files, options.S3Share, options.Clean, s3sec, peers, label: null, options.Allocations));
            if (baseline is { } other)
            {
                projects.Add(Project.Create(
                    withS3, options.Files, options.S3Share, options.Clean, other,
                    ImmutableArray<DiagnosticAnalyzer>.Empty, label: "baseline", countAllocations: false));
            }
        }

        for (int round = 0; round <= options.Runs; round++)
        {
            foreach (Project project in projects)
            {
                project.Measure(round, options.Concurrent, keep: round > 0 || options.Runs == 0);
            }
        }

        foreach (Project project in projects)
        {
            project.Print();
        }

        return 0;
    }

    private static ImmutableArray<DiagnosticAnalyzer> Load(string path, AssemblyLoadContext? context = null)
    {
        return new AnalyzerFileReference(path, new Loader(context)).GetAnalyzers(LanguageNames.CSharp);
    }

    /// <summary>The NetAnalyzers the SDK running this harness ships, as the build uses them.</summary>
    private static ImmutableArray<DiagnosticAnalyzer> LoadNetAnalyzers()
    {
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string dotnet = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        string? folder = Directory.Exists(Path.Combine(dotnet, "sdk"))
            ? Directory.GetDirectories(Path.Combine(dotnet, "sdk"))
                .Select(sdk => Path.Combine(sdk, NetAnalyzersFolder))
                .Where(d => File.Exists(Path.Combine(d, "Microsoft.CodeAnalysis.NetAnalyzers.dll")))
                .OrderBy(d => d, StringComparer.Ordinal)
                .LastOrDefault()
            : null;
        if (folder is null)
        {
            Console.Error.WriteLine($"No NetAnalyzers under {dotnet}/sdk: measuring S3Sec alone.");
            return ImmutableArray<DiagnosticAnalyzer>.Empty;
        }

        Console.WriteLine($"NetAnalyzers from {folder}");
        return Load(Path.Combine(folder, "Microsoft.CodeAnalysis.NetAnalyzers.dll"))
            .AddRange(Load(Path.Combine(folder, "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll")));
    }

    /// <summary>Loads into the default context or a context of its own; the compiler always from the default.</summary>
    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        private readonly AssemblyLoadContext? _context;

        public Loader(AssemblyLoadContext? context) => _context = context;

        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) =>
            _context?.LoadFromAssemblyPath(fullPath) ?? Assembly.LoadFrom(fullPath);
    }

    private sealed class Project
    {
        private readonly string _name;
        private readonly ImmutableArray<SyntaxTree> _trees;
        private readonly ImmutableArray<MetadataReference> _references;
        private readonly ImmutableArray<DiagnosticAnalyzer> _s3sec;
        private readonly ImmutableArray<DiagnosticAnalyzer> _all;
        private readonly DiagnosticAnalyzer _floor;
        private readonly DiagnosticAnalyzer _naive;
        private readonly DiagnosticAnalyzer _naiveSilent;
        private readonly CSharpCompilationOptions _options;
        private readonly List<Round> _rounds = new();

        private Project(
            string name,
            ImmutableArray<SyntaxTree> trees,
            ImmutableArray<MetadataReference> references,
            ImmutableArray<DiagnosticAnalyzer> s3sec,
            ImmutableArray<DiagnosticAnalyzer> peers,
            bool countAllocations)
        {
            _name = name;
            _floor = countAllocations ? new AllocationCounter(new FloorAnalyzer()) : new FloorAnalyzer();
            _naive = Probe(new NaiveRuleProbe(report: true), countAllocations);
            _naiveSilent = Probe(new NaiveRuleProbe(report: false), countAllocations);
            _trees = trees;
            _references = references;
            _s3sec = s3sec;
            _all = s3sec.AddRange(peers).Add(_floor).Add(_naive).Add(_naiveSilent);

            // AnalysisLevel=latest-all: every rule of every analyzer reports, as in the build comparison.
            var everyRule = new Dictionary<string, ReportDiagnostic>(StringComparer.Ordinal);
            foreach (DiagnosticDescriptor rule in _all.SelectMany(a => a.SupportedDiagnostics))
            {
                everyRule[rule.Id] = ReportDiagnostic.Warn;
            }

            _options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
                .WithNullableContextOptions(NullableContextOptions.Disable)
                .WithOptimizationLevel(OptimizationLevel.Release)
                .WithSpecificDiagnosticOptions(everyRule);
        }

        public static Project Create(
            bool withS3,
            int files,
            int s3SharePercent,
            bool clean,
            ImmutableArray<DiagnosticAnalyzer> s3sec,
            ImmutableArray<DiagnosticAnalyzer> peers,
            string? label,
            bool countAllocations)
        {
            var parse = new CSharpParseOptions(LanguageVersion.Latest);
            ImmutableArray<SyntaxTree> trees = CodeGenerator
                .Sources(files, withS3, s3SharePercent: s3SharePercent, clean: clean)
                .Select(s => CSharpSyntaxTree.ParseText(s.Text, parse, "/gen/" + s.Path.Replace('\\', '/')))
                .ToImmutableArray();
            var references = Net80.References.All.Cast<MetadataReference>().ToList();
            if (withS3)
            {
                references.Add(SdkReference("awssdk.s3", CodeGenerator.SdkVersion, "AWSSDK.S3.dll"));
                references.Add(SdkReference("awssdk.core", CoreVersion, "AWSSDK.Core.dll"));
            }

            string name = withS3 ? "WithS3" : "WithoutS3";
            return new Project(
                label is null ? name : $"{name} {label}", trees, references.ToImmutableArray(), s3sec, peers,
                countAllocations);
        }

        public void Measure(int round, bool concurrent, bool keep)
        {
            // The compile alone: binding every body, the compiler's diagnostics, and emit.
            CSharpCompilation plain = NewCompilation();
            long started = Stopwatch.GetTimestamp();
            int errors = plain.GetDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
            double diagnostics = Stopwatch.GetElapsedTime(started).TotalSeconds;
            using (var pe = new MemoryStream())
            {
                plain.Emit(pe);
            }

            double compile = Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (errors > 0)
            {
                throw new InvalidOperationException(
                    $"{_name} does not compile: "
                    + plain.GetDiagnostics().First(d => d.Severity == DiagnosticSeverity.Error));
            }

            foreach (AllocationCounter counter in _all.OfType<AllocationCounter>())
            {
                counter.Reset();
            }

            var withAnalyzers = new CompilationWithAnalyzers(
                NewCompilation(),
                _all,
                new CompilationWithAnalyzersOptions(
                    new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                    onAnalyzerException: null,
                    concurrentAnalysis: concurrent,
                    logAnalyzerExecutionTime: true,
                    reportSuppressedDiagnostics: false));
            // Processor time too: on a loaded machine the wall clock counts the time other processes held the cores.
            TimeSpan cpuStarted = Process.GetCurrentProcess().TotalProcessorTime;
            long allocatedStarted = GC.GetTotalAllocatedBytes(precise: true);
            started = Stopwatch.GetTimestamp();
            ImmutableArray<Diagnostic> found = withAnalyzers
                .GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
            double analysis = Stopwatch.GetElapsedTime(started).TotalSeconds;
            double analysisCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStarted).TotalSeconds;
            long analysisAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedStarted;
            var times = new Dictionary<DiagnosticAnalyzer, double>();
            foreach (DiagnosticAnalyzer analyzer in _all)
            {
                times[analyzer] = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None)
                    .GetAwaiter().GetResult().ExecutionTime.TotalSeconds;
            }

            var s3secIds = _s3sec.Append(_naive).SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet();
            var counts = found.Where(d => s3secIds.Contains(d.Id))
                .GroupBy(d => d.Id)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Key}={g.Count()}");
            var allocated = _all.OfType<AllocationCounter>().ToDictionary(c => (DiagnosticAnalyzer)c, c => c.Bytes);
            var r = new Round(
                round, diagnostics, compile, analysis, times, string.Join(" ", counts), analysisAllocated, allocated);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(round == 0 ? "warm-up" : "round " + round),-8} {_name,-18} compile {compile,7:F2} s "
                + $"(diagnostics {diagnostics:F2} s), analysis {analysis,7:F2} s (cpu {analysisCpu,6:F2} s), "
                + $"S3Sec {S3Sec(r),6:F3} s = {S3Sec(r) / compile,6:P2}"));
            // With --runs 0 the first round is the result: what a csc started for one build pays (JIT, type loads).
            if (keep)
            {
                _rounds.Add(r);
            }
        }

        public void Print()
        {
            if (_rounds.Count == 0)
            {
                return;
            }

            // Best of the rounds for every figure on its own: a load spike in one round weighs on nothing else.
            double compile = _rounds.Min(r => r.Compile);
            double s3sec = _rounds.Min(S3Sec);

            // What csc's task time holds: the compile plus the analyzers' run (one thread here, so their sum).
            double csc = _rounds.Min(r => r.Compile + r.Analysis);
            double ofCsc = s3sec / csc;
            List<double> peers = _all.Except(_s3sec).Where(a => a != _floor && a != _naive && a != _naiveSilent)
                .Select(a => _rounds.Min(r => r.Times[a])).OrderBy(t => t).ToList();
            double median = peers.Count == 0 ? double.NaN : peers[peers.Count / 2];
            double upperQuartile = peers.Count == 0 ? double.NaN : peers[peers.Count * 3 / 4];
            double ninetieth = peers.Count == 0 ? double.NaN : peers[peers.Count * 9 / 10];
            int active = peers.Count(t => t > 0);
            double activeMedian = active == 0 ? double.NaN : peers.Where(t => t > 0).ElementAt(active / 2);
            Console.WriteLine();
            Console.WriteLine(_rounds[0].Number == 0
                ? $"## {_name}, the cold round alone (first use in this process)"
                : $"## {_name}, best of {_rounds.Count} rounds (each figure its own best)");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                compile (diagnostics + emit):        {compile,9:F3} s
                compile + analysis (as csc):         {csc,9:F3} s
                S3Sec.Analyzers, all:                {s3sec,9:F3} s = {s3sec / compile:P2} of compile, {ofCsc:P2} of csc
                NetAnalyzers analyzers:              {peers.Count,9} ({active} with any time logged)
                NetAnalyzers median analyzer:        {median,9:F4} s (of those with time: {activeMedian:F4} s)
                NetAnalyzers 75th / 90th percentile: {upperQuartile,9:F4} s / {ninetieth:F4} s
                S3Sec diagnostics (last round):      {_rounds[^1].Counts}
                """));
            Round last = _rounds[^1];
            if (last.Allocated.Count > 0)
            {
                long s3secBytes = _s3sec.Sum(a => last.Allocated[a]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"S3Sec allocated (last round):        {Megabytes(s3secBytes),9:F1} MB of the analysis pass's "
                    + $"{Megabytes(last.AnalysisAllocated):F1} MB ({(double)s3secBytes / last.AnalysisAllocated:P2})"));
            }

            foreach (DiagnosticAnalyzer analyzer in _s3sec.OrderByDescending(a => _rounds.Min(r => r.Times[a])))
            {
                double time = _rounds.Min(r => r.Times[analyzer]);
                int rank = peers.Count(t => t > time);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {time,8:F4} s  {NameOf(analyzer),-36} {rank,3} of {peers.Count} peers cost more")
                    + AllocatedText(last, analyzer));
            }

            double floor = _rounds.Min(r => r.Times[_floor]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {floor,8:F4} s  {"floor (called per operation, no work)",-36} "
                + $"{peers.Count(t => t > floor),3} of {peers.Count} peers cost more") + AllocatedText(last, _floor));
            double naive = _rounds.Min(r => r.Times[_naive]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {naive,8:F4} s  {"naive probe (initializer only, NAIVE001)",-36} "
                + $"{peers.Count(t => t > naive),3} of {peers.Count} peers cost more") + AllocatedText(last, _naive));
            double silent = _rounds.Min(r => r.Times[_naiveSilent]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {silent,8:F4} s  {"naive probe, same work, no report",-36} "
                + $"{peers.Count(t => t > silent),3} of {peers.Count} peers cost more")
                + AllocatedText(last, _naiveSilent));
        }

        /// <summary>
        /// The net8.0 build of the package from the NuGet cache (restoring this project put it there): the copy
        /// beside this harness is the net10.0 one, which the net8.0 reference assemblies cannot compile against.
        /// </summary>
        private static MetadataReference SdkReference(string package, string version, string file)
        {
            string root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            return MetadataReference.CreateFromFile(Path.Combine(root, package, version, "lib", "net8.0", file));
        }

        private double S3Sec(Round r) => _s3sec.Sum(a => r.Times[a]);

        private static DiagnosticAnalyzer Probe(DiagnosticAnalyzer probe, bool countAllocations) =>
            countAllocations ? new AllocationCounter(probe) : probe;

        private static string NameOf(DiagnosticAnalyzer analyzer) =>
            (analyzer is AllocationCounter counted ? counted.Inner : analyzer).GetType().Name;

        private static double Megabytes(long bytes) => bytes / (1024.0 * 1024.0);

        private static string AllocatedText(Round round, DiagnosticAnalyzer analyzer) =>
            round.Allocated.TryGetValue(analyzer, out long bytes)
                ? string.Create(CultureInfo.InvariantCulture, $", {Megabytes(bytes),7:F2} MB allocated")
                : string.Empty;

        private CSharpCompilation NewCompilation() =>
            CSharpCompilation.Create(_name, _trees, _references, _options);
    }

    private sealed record Round(
        int Number,
        double Diagnostics,
        double Compile,
        double Analysis,
        Dictionary<DiagnosticAnalyzer, double> Times,
        string Counts,
        long AnalysisAllocated,
        Dictionary<DiagnosticAnalyzer, long> Allocated);
}
