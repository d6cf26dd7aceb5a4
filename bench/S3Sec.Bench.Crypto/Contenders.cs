using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using S3Sec.Crypto.Envelope;
using S3Sec.Crypto.Gcm;

namespace S3Sec.Bench.Crypto;

internal sealed record Contender(string Name, Action Run);

/// <summary>Key, nonce, plaintext and its one-shot ciphertext (with the tag appended) for one object size.</summary>
internal sealed class Fixture : IDisposable
{
    public Fixture(long size)
    {
        Size = size;
        Plaintext = GC.AllocateUninitializedArray<byte>(checked((int)Math.Min(size, Array.MaxLength)));
        if (Plaintext.LongLength != size)
        {
            throw new ArgumentOutOfRangeException(nameof(size), "Sizes up to 2 GiB - 1 are supported.");
        }

        Pattern.Fill(Plaintext);
        RandomNumberGenerator.Fill(Key);
        RandomNumberGenerator.Fill(Nonce);
        Ciphertext = GC.AllocateUninitializedArray<byte>(Plaintext.Length + 16);
        Output = GC.AllocateUninitializedArray<byte>(Plaintext.Length);
        using var gcm = new AesGcm(Key, 16);
        gcm.Encrypt(Nonce, Plaintext, Ciphertext.AsSpan(0, Plaintext.Length), Ciphertext.AsSpan(Plaintext.Length),
            AssociatedData);
    }

    public long Size { get; }

    public byte[] Key { get; } = new byte[32];

    public byte[] Nonce { get; } = new byte[12];

    /// <summary>The V2 object format authenticates no associated data.</summary>
    public byte[] AssociatedData { get; } = Array.Empty<byte>();

    public byte[] Plaintext { get; }

    public byte[] Ciphertext { get; }

    /// <summary>Destination of the one-shot contenders, which need the whole output in memory.</summary>
    public byte[] Output { get; }

    public string? CiphertextFile { get; private set; }

    public string WriteCiphertextFile()
    {
        if (CiphertextFile is null)
        {
            CiphertextFile = Path.Combine(Path.GetTempPath(), $"s3sec-bench-{Guid.NewGuid():N}.bin");
            using var file = File.Create(CiphertextFile);
            file.Write(Key);
            file.Write(Nonce);
            file.Write(Ciphertext);
        }

        return CiphertextFile;
    }

    public string? PlaintextFile { get; private set; }

    /// <summary>The plaintext in a temporary file, for the PutObject-from-a-file contenders.</summary>
    public string WritePlaintextFile()
    {
        if (PlaintextFile is null)
        {
            PlaintextFile = Path.Combine(Path.GetTempPath(), $"s3sec-bench-{Guid.NewGuid():N}.plain");
            File.WriteAllBytes(PlaintextFile, Plaintext);
        }

        return PlaintextFile;
    }

    public ContentParameters Content() => new(Key.ToArray(), Nonce.ToArray(), AssociatedData.ToArray());

    public void Dispose()
    {
        if (CiphertextFile is not null)
        {
            File.Delete(CiphertextFile);
        }

        if (PlaintextFile is not null)
        {
            File.Delete(PlaintextFile);
        }
    }
}

internal static class Contenders
{
    private static readonly Dictionary<string, string> Metadata = new();

    /// <summary>The piece size the SDK and S3Sec.Crypto move a body in.</summary>
    public const int ChunkSize = 64 * 1024;

    public static IEnumerable<Contender> All(Fixture f, bool bouncy)
    {
        int length = f.Plaintext.Length;
        byte[] chunk = new byte[ChunkSize + 32];
        byte[] tag = new byte[16];

        yield return new("encrypt: AesGcm one-shot (platform limit)", () =>
        {
            using var gcm = new AesGcm(f.Key, 16);
            gcm.Encrypt(f.Nonce, f.Plaintext, f.Output, tag, f.AssociatedData);
        });
        yield return new("encrypt: S3Sec EncryptingStream (PutObject body)", () =>
        {
            using var stream = new EncryptingStream(
                new MemoryStream(f.Plaintext, writable: false), length, f.Key, f.Nonce, f.AssociatedData);
            Drain(stream, chunk);
        });
        yield return new("encrypt: S3Sec EncryptingStream before (81ab3e9)", () =>
        {
            using var stream = new EncryptingStreamBefore(
                new MemoryStream(f.Plaintext, writable: false), length, f.Key, f.Nonce, f.AssociatedData);
            Drain(stream, chunk);
        });
        yield return new("encrypt: S3Sec EncryptingStream, public MemoryStream", () =>
        {
            using var stream = new EncryptingStream(
                new MemoryStream(f.Plaintext, 0, length, writable: false, publiclyVisible: true), length, f.Key,
                f.Nonce, f.AssociatedData);
            Drain(stream, chunk);
        });
        yield return new("encrypt: S3Sec EncryptingStream, drained by ReadAsync", () =>
        {
            using var stream = new EncryptingStream(
                new MemoryStream(f.Plaintext, writable: false), length, f.Key, f.Nonce, f.AssociatedData);
            DrainAsync(stream, chunk);
        });
        yield return new("encrypt: S3Sec EncryptingStream before, by ReadAsync", () =>
        {
            using var stream = new EncryptingStreamBefore(
                new MemoryStream(f.Plaintext, writable: false), length, f.Key, f.Nonce, f.AssociatedData);
            DrainAsync(stream, chunk);
        });
        string plaintextFile = f.WritePlaintextFile();
        foreach (int bufferSize in new[] { 81920, 0 })
        {
            // PutObjectRequest.FilePath: the file was opened with an 80 KiB buffer before issue 8, unbuffered since.
            yield return new($"encrypt: S3Sec EncryptingStream, file, buffer {bufferSize / 1024} KiB", () =>
            {
                using var file = new FileStream(
                    plaintextFile, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize);
                using var stream = new EncryptingStream(file, length, f.Key, f.Nonce, f.AssociatedData);
                Drain(stream, chunk);
            });
        }

        foreach (int piece in new[] { 4 * 1024, 16 * 1024 })
        {
            yield return new($"encrypt: S3Sec EncryptingStream before, {piece / 1024} KiB pieces", () =>
            {
                using var stream = new EncryptingStreamBefore(
                    new MemoryStream(f.Plaintext, writable: false), length, f.Key, f.Nonce, f.AssociatedData, piece);
                Drain(stream, chunk);
            });
        }

        yield return new("encrypt: S3Sec StreamingAesGcm core", () => EncryptCore(f, GcmPath.Fastest, chunk, tag));
        yield return new("encrypt: part, MemoryStream.Read 64 KiB alone", () =>
        {
            using var source = new MemoryStream(f.Plaintext, writable: false);
            while (source.Read(chunk, 0, ChunkSize) > 0)
            {
            }
        });
        yield return new("encrypt: part, Read 64 KiB then core in place", () =>
        {
            using var source = new MemoryStream(f.Plaintext, writable: false);
            using var gcm = new StreamingAesGcm(f.Key, f.Nonce, f.AssociatedData, encrypt: true);
            int n;
            while ((n = source.Read(chunk, 0, ChunkSize)) > 0)
            {
                gcm.Transform(chunk.AsSpan(0, n), chunk.AsSpan(0, n));
            }

            gcm.ComputeTag(tag);
        });
        yield return new("encrypt: part, core in place, one cached 64 KiB", () =>
        {
            using var gcm = new StreamingAesGcm(f.Key, f.Nonce, f.AssociatedData, encrypt: true);
            for (int offset = 0; offset < length; offset += ChunkSize)
            {
                int n = Math.Min(ChunkSize, length - offset);
                gcm.Transform(chunk.AsSpan(0, n), chunk.AsSpan(0, n));
            }

            gcm.ComputeTag(tag);
        });
        if (f.Size <= 1024 * 1024)
        {
            // The fixed cost of one operation, sixteen times over; it is the same at every size, so it is shown
            // only beside the 1 MiB figures it weighs on.
            yield return new("encrypt: part, setup only x16: StreamingAesGcm", () =>
            {
                for (int i = 0; i < 16; i++)
                {
                    using var gcm = new StreamingAesGcm(f.Key, f.Nonce, f.AssociatedData, encrypt: true);
                    gcm.ComputeTag(tag);
                }
            });
            yield return new("encrypt: part, setup only x16: AesGcm", () =>
            {
                for (int i = 0; i < 16; i++)
                {
                    using var gcm = new AesGcm(f.Key, 16);
                    gcm.Encrypt(f.Nonce, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, tag, f.AssociatedData);
                }
            });
        }

        yield return new("encrypt: S3Sec core, platform path (before)",
            () => EncryptCore(f, GcmPath.Platform, chunk, tag));
        if (bouncy)
        {
            yield return new("encrypt: BouncyCastle GcmBlockCipher(AesEngine)",
                () => Bouncy(f, new AesEngine(), encrypt: true, chunk));
            yield return new("encrypt: BouncyCastle GcmBlockCipher(AES-NI engine)",
                () => Bouncy(f, AesUtilities.CreateEngine(), encrypt: true, chunk));
        }

        yield return new("decrypt: AesGcm one-shot (platform limit)", () =>
        {
            using var gcm = new AesGcm(f.Key, 16);
            gcm.Decrypt(f.Nonce, f.Ciphertext.AsSpan(0, length), f.Ciphertext.AsSpan(length), f.Output,
                f.AssociatedData);
        });
        // A second yardstick, never the first: GetObject cannot decrypt before it has read the body from a stream,
        // which one-shot AesGcm above never does.
        byte[] received = new byte[f.Ciphertext.Length];
        yield return new("decrypt: yardstick 2, read body from stream, one-shot", () =>
        {
            using (var body = new MemoryStream(f.Ciphertext, writable: false))
            {
                body.ReadExactly(received);
            }

            using var gcm = new AesGcm(f.Key, 16);
            gcm.Decrypt(f.Nonce, received.AsSpan(0, length), received.AsSpan(length), f.Output, f.AssociatedData);
        });
        if (f.Size <= EnvelopeEncryptionOptions.DefaultInMemoryLimit)
        {
            yield return new("decrypt: S3Sec BodyDecryptor in memory, before", () =>
            {
                using ContentParameters content = f.Content();
                using Stream plain = BodyDecryptorBefore.DecryptInMemoryAsync(
                        new MemoryStream(f.Ciphertext, writable: false), f.Ciphertext.Length, content, length,
                        CancellationToken.None)
                    .GetAwaiter().GetResult();
                Drain(plain, chunk);
            });
            yield return new("decrypt: S3Sec BodyDecryptor in memory, one-shot (5278fb0)", () =>
            {
                using ContentParameters content = f.Content();
                using Stream plain = BodyDecryptorBefore.DecryptInMemoryOneShotAsync(
                        new MemoryStream(f.Ciphertext, writable: false), f.Ciphertext.Length, content, length,
                        CancellationToken.None)
                    .GetAwaiter().GetResult();
                Drain(plain, chunk);
            });
            yield return new("decrypt: S3Sec BodyDecryptor in memory (<= 4 MiB)", () =>
            {
                using ContentParameters content = f.Content();
                using Stream plain = BodyDecryptor.DecryptInMemoryAsync(
                        new MemoryStream(f.Ciphertext, writable: false), f.Ciphertext.Length, content, length,
                        CancellationToken.None)
                    .GetAwaiter().GetResult();
                Drain(plain, chunk);
            });
            yield return new("decrypt: S3Sec GetObject to bytes (GetObjectBytesAsync)", () =>
            {
                using ContentParameters content = f.Content();
                GC.KeepAlive(BodyDecryptor.DecryptToArrayAsync(
                        new MemoryStream(f.Ciphertext, writable: false), f.Ciphertext.Length, content, length,
                        CancellationToken.None)
                    .GetAwaiter().GetResult());
            });
            yield return new("decrypt: S3Sec in memory, then ReadAllBytes", () =>
            {
                using ContentParameters content = f.Content();
                using var result = new DecryptedObject(BodyDecryptor.DecryptInMemoryAsync(
                        new MemoryStream(f.Ciphertext, writable: false), f.Ciphertext.Length, content, length,
                        CancellationToken.None)
                    .GetAwaiter().GetResult(), EnvelopeFormat.V2, Metadata, null, null);
                GC.KeepAlive(result.ReadAllBytes());
            });
            yield return new("decrypt: S3Sec in memory, then ReadAllBytes before", () =>
            {
                using ContentParameters content = f.Content();
                using Stream plain = BodyDecryptor.DecryptInMemoryAsync(
                        new MemoryStream(f.Ciphertext, writable: false), f.Ciphertext.Length, content, length,
                        CancellationToken.None)
                    .GetAwaiter().GetResult();
                GC.KeepAlive(BodyDecryptorBefore.ReadAllBytes(plain));
            });

            // Ideas measured and not kept (docs/performance.md): the stream decrypted piece by piece as the body
            // arrives, and each piece hashed as it is copied in, then decrypted in counter mode on the reader's read.
            yield return new("decrypt: trial, in memory, piecewise into the array", () =>
            {
                using ContentParameters content = f.Content();
                using Stream plain = GetObjectTrials.FusedAsync(new MemoryStream(f.Ciphertext, writable: false),
                    f.Ciphertext.Length, content, BodyDecryptor.PieceSize).GetAwaiter().GetResult();
                Drain(plain, chunk);
            });
            yield return new("decrypt: trial, hash on copy, CTR on read", () =>
            {
                using ContentParameters content = f.Content();
                using Stream plain = GetObjectTrials.AuthenticateThenCounterAsync(
                    new MemoryStream(f.Ciphertext, writable: false), f.Ciphertext.Length, content,
                    BodyDecryptor.PieceSize).GetAwaiter().GetResult();
                Drain(plain, chunk);
            });

            // What any in-memory GetObject must do at least: gather the body, decrypt, let the caller read it.
            byte[] gathered = new byte[f.Ciphertext.Length];
            yield return new("decrypt: part, copy array, one-shot in place", () =>
            {
                f.Ciphertext.CopyTo(gathered, 0);
                using var gcm = new AesGcm(f.Key, 16);
                gcm.Decrypt(f.Nonce, gathered.AsSpan(0, length), gathered.AsSpan(length), gathered.AsSpan(0, length),
                    f.AssociatedData);
            });
            yield return new("decrypt: part, copy in, one-shot in place, drain", () =>
            {
                using (var body = new MemoryStream(f.Ciphertext, writable: false))
                {
                    body.ReadExactly(gathered);
                }

                using var gcm = new AesGcm(f.Key, 16);
                gcm.Decrypt(f.Nonce, gathered.AsSpan(0, length), gathered.AsSpan(length), gathered.AsSpan(0, length),
                    f.AssociatedData);
                using var plain = new MemoryStream(gathered, 0, length, writable: false);
                Drain(plain, chunk);
            });
        }

        // No in-memory limit: the caller's memory holds the plaintext at any size. Into the same preallocated
        // buffer one-shot AesGcm writes into, so the two differ only by reading the body from a stream piece by piece.
        yield return new("decrypt: S3Sec GetObject into a caller's buffer", () =>
        {
            using ContentParameters content = f.Content();
            int written = BodyDecryptor.DecryptIntoAsync(
                    new MemoryStream(f.Ciphertext, writable: false), f.Ciphertext.Length, content, length, f.Output,
                    CancellationToken.None)
                .GetAwaiter().GetResult();
            if (written != length)
            {
                throw new CryptographicException("Wrong plaintext length in the benchmark.");
            }
        });

        foreach (int piece in new[] { 16 * 1024, 32 * 1024, 64 * 1024, 256 * 1024 })
        {
            // The same loop with other piece sizes: a larger piece is fewer reads and calls, a smaller one stays in
            // the first-level cache between the copy in and the decryption.
            yield return new($"decrypt: trial, into a caller's buffer, {piece / 1024} KiB pieces", () =>
            {
                using ContentParameters content = f.Content();
                GC.KeepAlive(GetObjectTrials.IntoAsync(new MemoryStream(f.Ciphertext, writable: false),
                    f.Ciphertext.Length, content, f.Output, piece).GetAwaiter().GetResult());
            });
        }

        yield return new("decrypt: part, new array filled (fresh pages)", () =>
        {
            // What GetObjectBytesAsync pays for the array it returns and one-shot AesGcm, writing into the
            // preallocated Output, never does: fresh memory the kernel faults in page by page.
            byte[] fresh = GC.AllocateUninitializedArray<byte>(length);
            fresh.AsSpan().Fill(0x5A);
            GC.KeepAlive(fresh);
        });

        // The file system's share of the temporary-file path: the same writes and reads, no cryptography.
        yield return new("decrypt: part, temp file write + read back alone", () =>
        {
            string path = Path.Combine(Path.GetTempPath(), $"s3sec-bench-{Guid.NewGuid():N}.tmp");
            using var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.ReadWrite,
                Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous,
                BufferSize = 0,
            });
            using (var body = new MemoryStream(f.Ciphertext, 0, length, writable: false))
            {
                int n;
                while ((n = body.Read(chunk, 0, ChunkSize)) > 0)
                {
                    file.WriteAsync(chunk.AsMemory(0, n)).AsTask().GetAwaiter().GetResult();
                }
            }

            file.Position = 0;
            while (file.Read(chunk, 0, ChunkSize) > 0)
            {
            }
        });
        yield return new("decrypt: trial, temp file, two buffers, writes overlap", () =>
        {
            using ContentParameters content = f.Content();
            using Stream plain = GetObjectTrials.ThroughFilePipelinedAsync(
                new MemoryStream(f.Ciphertext, writable: false), Path.GetTempPath(), content).GetAwaiter().GetResult();
            Drain(plain, chunk);
        });
        foreach ((string label, bool preallocate) in new[] { ("writes on the caller's thread", false),
                     ("preallocated", true) })
        {
            yield return new($"decrypt: trial, temp file, {label}", () =>
            {
                using ContentParameters content = f.Content();
                using Stream plain = GetObjectTrials.ThroughFileAsync(new MemoryStream(f.Ciphertext, writable: false),
                    Path.GetTempPath(), content, preallocate).GetAwaiter().GetResult();
                Drain(plain, chunk);
            });
        }

        yield return new("decrypt: S3Sec BodyDecryptor via temp file (GetObject)", () =>
        {
            using ContentParameters content = f.Content();
            using Stream plain = BodyDecryptor.DecryptThroughFileAsync(
                    new MemoryStream(f.Ciphertext, writable: false), Path.GetTempPath(), content, length,
                    CancellationToken.None)
                .GetAwaiter().GetResult();
            Drain(plain, chunk);
        });
        yield return new("decrypt: S3Sec GetObject to bytes via temp file", () =>
        {
            using ContentParameters content = f.Content();
            GC.KeepAlive(BodyDecryptor.DecryptThroughFileToArrayAsync(
                    new MemoryStream(f.Ciphertext, writable: false), f.Ciphertext.Length, Path.GetTempPath(), content,
                    length, CancellationToken.None)
                .GetAwaiter().GetResult());
        });
        yield return new("decrypt: trial, bytes via temp file, 256 KiB pieces", () =>
        {
            // The spool read and decrypted into the array in cache-sized pieces instead of one read.
            using ContentParameters content = f.Content();
            using Stream spooled = BodyDecryptor.DecryptThroughFileAsync(
                    new MemoryStream(f.Ciphertext, writable: false), Path.GetTempPath(), content, length,
                    CancellationToken.None)
                .GetAwaiter().GetResult();
            byte[] plaintext = GC.AllocateUninitializedArray<byte>(length);
            for (int offset = 0; offset < length;)
            {
                offset += spooled.Read(plaintext, offset, Math.Min(256 * 1024, length - offset));
            }
        });
        yield return new("decrypt: S3Sec BodyDecryptor via temp file, before", () =>
        {
            using ContentParameters content = f.Content();
            using Stream plain = BodyDecryptorBefore.DecryptThroughFileAsync(
                    new MemoryStream(f.Ciphertext, writable: false), Path.GetTempPath(), content, length,
                    CancellationToken.None)
                .GetAwaiter().GetResult();
            Drain(plain, chunk);
        });
        yield return new("decrypt: S3Sec StreamingAesGcm core", () => DecryptCore(f, GcmPath.Fastest, chunk));
        yield return new("decrypt: S3Sec core, platform path (before)", () => DecryptCore(f, GcmPath.Platform, chunk));
        if (bouncy)
        {
            yield return new("decrypt: BouncyCastle GcmBlockCipher(AesEngine)",
                () => Bouncy(f, new AesEngine(), encrypt: false, chunk));
            yield return new("decrypt: BouncyCastle GcmBlockCipher(AES-NI engine)",
                () => Bouncy(f, AesUtilities.CreateEngine(), encrypt: false, chunk));
        }
    }

    /// <summary>The pieces of the streaming path on their own, to see where its time goes.</summary>
    public static IEnumerable<Contender> Parts(Fixture f)
    {
        int length = f.Plaintext.Length;
        byte[] counters = new byte[ChunkSize];
        byte[] chunk = new byte[ChunkSize];
        byte[] tag = new byte[16];
        yield return new("part: AesGcm one-shot (platform limit)", () =>
        {
            using var gcm = new AesGcm(f.Key, 16);
            gcm.Encrypt(f.Nonce, f.Plaintext, f.Output, tag, f.AssociatedData);
        });
        foreach (int batch in new[] { 4 * 1024, 16 * 1024, ChunkSize })
        {
            yield return new($"part: AES-ECB of {batch / 1024} KiB counter batches", () =>
            {
                using Aes aes = Aes.Create();
                aes.Key = f.Key;
                for (int offset = 0; offset < length; offset += batch)
                {
                    aes.EncryptEcb(counters.AsSpan(0, batch), chunk.AsSpan(0, batch), PaddingMode.None);
                }
            });
        }

        foreach (int batch in new[] { 4 * 1024, 16 * 1024, ChunkSize })
        {
            yield return new($"part: ECB ICryptoTransform, {batch / 1024} KiB batches", () =>
            {
                using Aes aes = Aes.Create();
                aes.Key = f.Key;
                aes.Mode = CipherMode.ECB;
                aes.Padding = PaddingMode.None;
                using ICryptoTransform ecb = aes.CreateEncryptor();
                for (int offset = 0; offset < length; offset += batch)
                {
                    ecb.TransformBlock(counters, 0, batch, chunk, 0);
                }
            });
        }

        yield return new("part: GHASH over the text (S3Sec GHash)", () =>
        {
            var ghash = new GHash(f.Key.AsSpan(0, 16));
            ghash.Update(f.Plaintext);
            ghash.Finish(0, (ulong)length * 8, tag);
        });
        yield return new("part: XOR keystream into 64 KiB pieces", () =>
        {
            for (int offset = 0; offset < length; offset += ChunkSize)
            {
                int n = Math.Min(ChunkSize, length - offset);
                CtrKeystream.Xor(f.Plaintext.AsSpan(offset, n), counters.AsSpan(0, n), chunk.AsSpan(0, n));
            }
        });
    }

    private static void EncryptCore(Fixture f, GcmPath path, byte[] chunk, byte[] tag)
    {
        int length = f.Plaintext.Length;
        using var gcm = new StreamingAesGcm(f.Key, f.Nonce, f.AssociatedData, encrypt: true, path);
        for (int offset = 0; offset < length; offset += ChunkSize)
        {
            int n = Math.Min(ChunkSize, length - offset);
            gcm.Transform(f.Plaintext.AsSpan(offset, n), chunk.AsSpan(0, n));
        }

        gcm.ComputeTag(tag);
    }

    private static void DecryptCore(Fixture f, GcmPath path, byte[] chunk)
    {
        int length = f.Plaintext.Length;
        using var gcm = new StreamingAesGcm(f.Key, f.Nonce, f.AssociatedData, encrypt: false, path);
        for (int offset = 0; offset < length; offset += ChunkSize)
        {
            int n = Math.Min(ChunkSize, length - offset);
            gcm.Transform(f.Ciphertext.AsSpan(offset, n), chunk.AsSpan(0, n));
        }

        if (!gcm.VerifyTag(f.Ciphertext.AsSpan(length)))
        {
            throw new CryptographicException("Tag mismatch in the benchmark.");
        }
    }

    /// <summary>The official client's shape: a buffered AEAD cipher over GCM, fed piece by piece.</summary>
    private static void Bouncy(Fixture f, IBlockCipher engine, bool encrypt, byte[] chunk)
    {
        var cipher = new BufferedAeadBlockCipher(new GcmBlockCipher(engine));
        cipher.Init(encrypt, new AeadParameters(new KeyParameter(f.Key), 128, f.Nonce, f.AssociatedData));
        byte[] input = encrypt ? f.Plaintext : f.Ciphertext;
        for (int offset = 0; offset < input.Length; offset += ChunkSize)
        {
            int n = Math.Min(ChunkSize, input.Length - offset);
            cipher.ProcessBytes(input, offset, n, chunk, 0);
        }

        cipher.DoFinal(chunk, 0);
    }

    /// <summary>As HttpClient sends a request body: ReadAsync, awaited.</summary>
    public static long DrainAsync(Stream stream, byte[] buffer)
    {
        return Run().GetAwaiter().GetResult();

        async Task<long> Run()
        {
            long total = 0;
            int n;
            while ((n = await stream.ReadAsync(buffer.AsMemory(0, ChunkSize)).ConfigureAwait(false)) > 0)
            {
                total += n;
            }

            return total;
        }
    }

    public static long Drain(Stream stream, byte[] buffer)
    {
        long total = 0;
        int n;
        while ((n = stream.Read(buffer, 0, ChunkSize)) > 0)
        {
            total += n;
        }

        return total;
    }
}

/// <summary>Plaintext that is not all zeroes, cheap to make at 1 GiB.</summary>
internal static class Pattern
{
    private static readonly byte[] Block = MakeBlock();

    public static void Fill(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            int n = Math.Min(Block.Length, destination.Length);
            Block.AsSpan(0, n).CopyTo(destination);
            destination = destination[n..];
        }
    }

    private static byte[] MakeBlock()
    {
        // 1 MiB + 7 so consecutive chunks differ in alignment against the pattern.
        byte[] block = new byte[(1024 * 1024) + 7];
        new Random(8).NextBytes(block);
        return block;
    }
}

/// <summary>A plaintext source of a given length that holds only the pattern, not the object.</summary>
internal sealed class PatternStream : Stream
{
    private readonly long _length;
    private long _position;

    public PatternStream(long length) => _length = length;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = (int)Math.Min(count, _length - _position);
        Pattern.Fill(buffer.AsSpan(offset, n));
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
