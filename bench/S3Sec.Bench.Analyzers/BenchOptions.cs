using System;
using System.Globalization;
using System.IO;

namespace S3Sec.Bench.Analyzers;

internal sealed class BenchOptions
{
    public string Command { get; private set; } = "build";

    public int Files { get; private set; } = 2000;

    public int Runs { get; private set; } = 3;

    public string Output { get; private set; } = Path.Combine(Path.GetTempPath(), "s3sec-bench", "analyzers");

    public string RepoRoot { get; private set; } = FindRepoRoot();

    /// <summary>
    /// "generate", "profile" and "scanner": the share of WithS3's files that use S3, in percent (default 100, the
    /// worst case).
    /// </summary>
    public int S3Share { get; private set; } = 100;

    /// <summary>Only S3 code S3Sec finds nothing in (<c>--clean</c>): the analysis without the reporting.</summary>
    public bool Clean { get; private set; }

    /// <summary>"profile": load the SDK's NetAnalyzers beside S3Sec (off with <c>--no-peers</c>).</summary>
    public bool Peers { get; private set; } = true;

    /// <summary>"profile": run the analyzers concurrently, as csc does (default: one thread, steadier).</summary>
    public bool Concurrent { get; private set; }

    /// <summary>Another build of S3Sec.Analyzers.dll than this repository's Release output (to compare two).</summary>
    public string? Analyzer { get; private set; }

    /// <summary>"profile": an earlier S3Sec.Analyzers.dll to run interleaved with this one, for before/after.</summary>
    public string? Baseline { get; private set; }

    /// <summary>"profile": count the bytes each S3Sec analyzer allocates inside its callbacks.</summary>
    public bool Allocations { get; private set; }

    /// <summary>
    /// "build": compile through the compiler server (the default, as on a developer's machine, where the server
    /// outlives a build and keeps the analyzers loaded and optimized), or with <c>--no-server</c> a fresh csc
    /// process per build, as CI machines that set <c>UseSharedCompilation=false</c> do.
    /// </summary>
    public bool Server { get; private set; } = true;

    /// <summary>"profile" and "build": WithS3, WithoutS3, or null for both.</summary>
    public string? Project { get; private set; }

    /// <summary>"trace": the dotnet-trace executable.</summary>
    public string? DotnetTrace { get; private set; }

    /// <summary>"trace": a speedscope file written earlier, to read instead of sampling a build.</summary>
    public string? Speedscope { get; private set; }

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--files":
                    options.Files = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--runs":
                    options.Runs = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--out":
                    options.Output = Path.GetFullPath(Next());
                    break;
                case "--s3-share":
                    options.S3Share = int.Parse(Next(), CultureInfo.InvariantCulture);
                    if (options.S3Share is < 0 or > 100)
                    {
                        throw new ArgumentException("--s3-share takes a percentage from 0 to 100");
                    }

                    break;
                case "--clean":
                    options.Clean = true;
                    break;
                case "--no-peers":
                    options.Peers = false;
                    break;
                case "--concurrent":
                    options.Concurrent = true;
                    break;
                case "--allocations":
                    options.Allocations = true;
                    break;
                case "--no-server":
                    options.Server = false;
                    break;
                case "--project":
                    options.Project = Next();
                    break;
                case "--analyzer":
                    options.Analyzer = Path.GetFullPath(Next());
                    break;
                case "--baseline":
                    options.Baseline = Path.GetFullPath(Next());
                    break;
                case "--dotnet-trace":
                    options.DotnetTrace = Path.GetFullPath(Next());
                    break;
                case "--speedscope":
                    options.Speedscope = Path.GetFullPath(Next());
                    break;
                case "--repo":
                    options.RepoRoot = Path.GetFullPath(Next());
                    break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal))
                    {
                        throw new ArgumentException($"Unknown option {args[i]}.");
                    }

                    options.Command = args[i];
                    break;
            }
        }

        return options;
    }

    private static string FindRepoRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Analyzers.sln")))
            {
                return dir;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
