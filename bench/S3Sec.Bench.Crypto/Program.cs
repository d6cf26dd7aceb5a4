using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using S3Sec.Bench.Crypto;

// Throughput and memory of S3Sec.Crypto's streaming AES-GCM next to the platform's one-shot AesGcm (the practical
// limit) and BouncyCastle's GcmBlockCipher (what the official S3 encryption client streams with). The contenders
// run interleaved, round after round, and the best round of each is kept, so a load spike on this shared machine
// hits all of them alike instead of one.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    // A mistyped option is the user's slip, not a crash: one line and exit 2, as s3sec does.
    Console.Error.WriteLine("error: " + ex.Message);
    return 2;
}

if (options.ProbeKind is not null)
{
    return MemoryProbe.Run(options);
}

Console.WriteLine(Machine.Describe());
Console.WriteLine($"sizes (MiB): {string.Join(",", options.SizesMiB)}; runs: {options.Runs} "
    + $"(sizes >= 256 MiB: {options.BigRuns}); chunk: {Contenders.ChunkSize / 1024} KiB");
Console.WriteLine($"GHASH with PCLMULQDQ: {S3Sec.Crypto.Gcm.GHash.IsAccelerationSupported}; "
    + $"stitched AES-NI path: {S3Sec.Crypto.Gcm.StitchedAesGcm.IsSupported}");
Console.WriteLine();

foreach (int sizeMiB in options.SizesMiB)
{
    long size = (long)sizeMiB * 1024 * 1024;
    int runs = sizeMiB >= 256 ? options.BigRuns : options.Runs;
    using var fixture = new Fixture(size);
    List<Contender> contenders = (options.Parts ? Contenders.Parts(fixture) : Contenders.All(fixture, options.Bouncy))
        .Where(c => options.Only is null || c.Name.Contains("one-shot (platform limit)", StringComparison.Ordinal)
            || options.Only.Any(o => c.Name.Contains(o, StringComparison.OrdinalIgnoreCase)))
        .ToList();
    var best = contenders.ToDictionary(c => c.Name, _ => double.MaxValue);
    var allocated = contenders.ToDictionary(c => c.Name, _ => 0L);

    // One untimed pass each so JIT tiering and the page cache are settled before the first timed round.
    foreach (Contender c in contenders.Where(c => size <= 64L * 1024 * 1024))
    {
        c.Run();
    }

    // A new order every round spreads any drift within a round (another build starting) over all contenders, and
    // no contender always runs after the same one. A rotation did, so each always found the caches its one
    // predecessor left: two body stream variants that measured 2 to 5 points apart that way were level shuffled.
    var shuffle = new Random(sizeMiB);
    Contender[] order = contenders.ToArray();
    for (int round = 0; round < runs; round++)
    {
        shuffle.Shuffle(order);
        foreach (Contender c in order)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            long before = GC.GetTotalAllocatedBytes(precise: true);
            long start = Stopwatch.GetTimestamp();
            c.Run();
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            allocated[c.Name] = GC.GetTotalAllocatedBytes(precise: true) - before;
            best[c.Name] = Math.Min(best[c.Name], seconds);
        }
    }

    Console.WriteLine($"## {sizeMiB} MiB, best of {runs}");
    Console.WriteLine($"{"contender",-52} {"MiB/s",9} {"vs AesGcm",10} {"allocated",12}");
    foreach (string direction in options.Parts ? new[] { "part" } : new[] { "encrypt", "decrypt" })
    {
        string reference = $"{direction}: AesGcm one-shot (platform limit)";
        double referenceSpeed = sizeMiB / best[reference];
        foreach (Contender c in contenders.Where(c => c.Name.StartsWith(direction, StringComparison.Ordinal)))
        {
            double speed = sizeMiB / best[c.Name];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.Name,-52} {speed,9:F0} {speed / referenceSpeed,9:P0} {Format.Bytes(allocated[c.Name]),12}"));
        }
    }

    Console.WriteLine();
    if (options.Memory && !options.Parts)
    {
        MemoryProbe.ReportForSize(fixture, sizeMiB);
    }
}

return 0;
