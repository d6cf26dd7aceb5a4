using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using S3Sec.Crypto.Envelope;

namespace S3Sec.Bench.Crypto;

/// <summary>
/// Peak memory of one operation in a fresh process, so the benchmark's own 3 x size buffers do not hide it: the
/// child warms up on 1 MiB, resets the kernel's peak-RSS mark, runs the operation once, and prints its figures.
/// </summary>
internal static class MemoryProbe
{
    private static readonly string[] Kinds = { "encrypt-stream", "decrypt-file", "encrypt-oneshot" };

    public static void ReportForSize(Fixture fixture, int sizeMiB)
    {
        string ciphertextFile = fixture.WriteCiphertextFile();
        Console.WriteLine($"## {sizeMiB} MiB, memory of one operation in a fresh process");
        Console.WriteLine($"{"operation",-52} {"RSS before",11} {"peak RSS",10} {"growth",10} {"allocated",11}");
        foreach (string kind in Kinds)
        {
            string line = RunChild(kind, sizeMiB, ciphertextFile);
            Console.WriteLine(line);
        }

        Console.WriteLine();
    }

    private static string RunChild(string kind, int sizeMiB, string ciphertextFile)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, UseShellExecute = false };
        string host = Environment.ProcessPath!;
        start.FileName = host;
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(MemoryProbe).Assembly.Location);
        }

        foreach (string arg in new[] { "--probe", kind, "--sizes", sizeMiB.ToString(CultureInfo.InvariantCulture),
                     "--input", ciphertextFile })
        {
            start.ArgumentList.Add(arg);
        }

        using Process child = Process.Start(start)!;
        string output = child.StandardOutput.ReadToEnd().Trim();
        child.WaitForExit();
        return child.ExitCode == 0 ? output : $"{kind}: probe failed with exit code {child.ExitCode}";
    }

    public static int Run(BenchOptions options)
    {
        long size = (long)options.SizesMiB[0] * 1024 * 1024;
        byte[] key = RandomNumberGenerator.GetBytes(32);
        byte[] nonce = RandomNumberGenerator.GetBytes(12);
        byte[] buffer = new byte[Contenders.ChunkSize];
        Action<long> operation = options.ProbeKind switch
        {
            "encrypt-stream" => length =>
            {
                using var stream = new EncryptingStream(new PatternStream(length), length, key, nonce, default);
                Contenders.Drain(stream, buffer);
            },
            "decrypt-file" => length =>
            {
                // The warm-up decrypts a fresh 1 MiB object; the measured run reads the parent's file, which
                // starts with the key and nonce it was encrypted under.
                Stream body;
                byte[] objectKey = key.ToArray();
                byte[] objectNonce = nonce.ToArray();
                if (length == size)
                {
                    body = new FileStream(options.Input!, FileMode.Open, FileAccess.Read, FileShare.Read, 0);
                    body.ReadExactly(objectKey);
                    body.ReadExactly(objectNonce);
                }
                else
                {
                    body = new EncryptingStream(new PatternStream(length), length, key, nonce, default);
                }

                using (body)
                using (var content = new ContentParameters(objectKey, objectNonce, Array.Empty<byte>()))
                using (Stream plain = BodyDecryptor.DecryptThroughFileAsync(
                           body, Path.GetTempPath(), content, length, CancellationToken.None).GetAwaiter().GetResult())
                {
                    Contenders.Drain(plain, buffer);
                }
            },
            "encrypt-oneshot" => length =>
            {
                byte[] plain = GC.AllocateUninitializedArray<byte>((int)length);
                Pattern.Fill(plain);
                byte[] cipher = GC.AllocateUninitializedArray<byte>((int)length);
                using var gcm = new AesGcm(key, 16);
                gcm.Encrypt(nonce, plain, cipher, new byte[16]);
            },
            _ => throw new ArgumentException($"Unknown probe '{options.ProbeKind}'."),
        };

        operation(1024 * 1024);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long rssBefore = ProcStatus("VmRSS");
        ResetPeak();
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        operation(size);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        long peak = ProcStatus("VmHWM");
        string name = options.ProbeKind switch
        {
            "encrypt-stream" => "S3Sec EncryptingStream, pattern source -> sink",
            "decrypt-file" => "S3Sec BodyDecryptor via temp file, file -> sink",
            _ => "AesGcm one-shot (whole object in memory)",
        };
        Console.WriteLine($"{name,-52} {Format.Bytes(rssBefore),11} {Format.Bytes(peak),10} "
            + $"{Format.Bytes(Math.Max(0, peak - rssBefore)),10} {Format.Bytes(allocated),11}");
        return 0;
    }

    /// <summary>Writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0 and later).</summary>
    private static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            // Without the reset the peak includes start-up, which only overstates the figure.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }

    private static long ProcStatus(string field)
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                string kb = line[(field.Length + 1)..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }
}
