using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace S3Sec.Bench.Crypto;

internal sealed class BenchOptions
{
    public int[] SizesMiB { get; private set; } = { 1, 64 };

    public int Runs { get; private set; } = 5;

    public int BigRuns { get; private set; } = 2;

    public bool Bouncy { get; private set; } = true;

    public bool Memory { get; private set; } = true;

    public bool Parts { get; private set; }

    /// <summary>Name fragments: only contenders whose name holds one run, besides the one-shot references.</summary>
    public string[]? Only { get; private set; }

    public string? ProbeKind { get; private set; }

    public string? Input { get; private set; }

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--sizes":
                    options.SizesMiB = Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))
                        .ToArray();
                    break;
                case "--runs":
                    options.Runs = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--big-runs":
                    options.BigRuns = int.Parse(Next(), CultureInfo.InvariantCulture);
                    break;
                case "--no-bouncy":
                    options.Bouncy = false;
                    break;
                case "--no-memory":
                    options.Memory = false;
                    break;
                case "--parts":
                    options.Parts = true;
                    break;
                case "--only":
                    options.Only = Next().Split(',', StringSplitOptions.RemoveEmptyEntries);
                    break;
                case "--probe":
                    options.ProbeKind = Next();
                    break;
                case "--input":
                    options.Input = Next();
                    break;
                default:
                    throw new ArgumentException(
                        $"Unknown option {args[i]}. Options: --sizes 1,64,1024 (MiB) --runs N --big-runs N "
                        + "--no-bouncy --no-memory --parts --only NAME,NAME");
            }
        }

        return options;
    }
}

internal static class Machine
{
    public static string Describe()
    {
        string cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?
            .Split(':', 2)[1].Trim() ?? "unknown CPU";
        string memory = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal"))?
            .Split(':', 2)[1].Trim() ?? "unknown";
        string load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
        return $"machine: {Environment.ProcessorCount} cores, {cpu}, memory {memory}, "
            + $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}\n"
            + $"load average at start (1/5/15 min, runnable/total, last pid): {load}";
    }
}

internal static class Format
{
    public static string Bytes(long bytes) => bytes switch
    {
        >= 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1073741824.0:F2} GiB"),
        >= 1024L * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:F1} MiB"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KiB"),
        _ => $"{bytes} B",
    };
}
