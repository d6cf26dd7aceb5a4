using System;
using System.Buffers;
using System.IO;
using System.Security.Cryptography;
using System.Threading.Tasks;
using S3Sec.Crypto;
using S3Sec.Crypto.Envelope;
using S3Sec.Crypto.Gcm;

namespace S3Sec.Bench.Crypto;

/// <summary>
/// GetObject variants measured while the in-memory path was reworked, kept so their figures in
/// docs/performance.md can be reproduced. Bench code only: they skip the length checks and error paths.
/// </summary>
internal static class GetObjectTrials
{
    private const int TagSize = 16;

    /// <summary>
    /// The in-memory stream decrypted as <c>GetObjectBytesAsync</c> does (each piece read into a small buffer,
    /// then decrypted into the rented array) instead of copied in whole and decrypted in place.
    /// </summary>
    public static async Task<Stream> FusedAsync(Stream body, int declared, ContentParameters content, int piece)
    {
        int textLength = declared - TagSize;
        byte[] array = ArrayPool<byte>.Shared.Rent(declared);
        byte[] hot = ArrayPool<byte>.Shared.Rent(piece);
        using var gcm = new StreamingAesGcm(
            content.Key, content.Nonce, content.AssociatedData, encrypt: false, GcmPath.Stitched);
        int total = 0;
        int read;
        while (total < declared
               && (read = await body.ReadAsync(hot.AsMemory(0, Math.Min(piece, declared - total)))
                   .ConfigureAwait(false)) > 0)
        {
            int text = Math.Clamp(textLength - total, 0, read);
            if (text > 0)
            {
                gcm.Transform(hot.AsSpan(0, text), array.AsSpan(total, text));
            }

            if (read > text)
            {
                hot.AsSpan(text, read - text).CopyTo(array.AsSpan(total + text));
            }

            total += read;
        }

        CryptographicOperations.ZeroMemory(hot.AsSpan(0, piece));
        ArrayPool<byte>.Shared.Return(hot);
        if (total != declared || !gcm.VerifyTag(array.AsSpan(textLength, TagSize)))
        {
            throw new CryptographicException("Tag mismatch in the benchmark.");
        }

        return new PlaintextBufferStream(array, textLength, declared, pooled: true);
    }

    /// <summary>
    /// Decryption into a caller's buffer as <c>GetObjectBytesAsync(request, destination)</c> does it, with the
    /// piece size as a parameter (the library reads 32 KiB of text at a time, after 16 bytes held back).
    /// </summary>
    public static async Task<int> IntoAsync(
        Stream body, int declared, ContentParameters content, Memory<byte> destination, int piece)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(piece + TagSize);
        using var gcm = new StreamingAesGcm(
            content.Key, content.Nonce, content.AssociatedData, encrypt: false, GcmPath.Fastest);
        int total = 0;
        int held = 0;
        int written = 0;
        int read;
        while (total < declared
               && (read = await body.ReadAsync(buffer.AsMemory(held, Math.Min(piece + TagSize - held,
                   declared - total))).ConfigureAwait(false)) > 0)
        {
            total += read;
            held += read;
            if (held <= TagSize)
            {
                continue;
            }

            int text = held - TagSize;
            gcm.Transform(buffer.AsSpan(0, text), destination.Span.Slice(written, text));
            written += text;
            buffer.AsSpan(text, TagSize).CopyTo(buffer);
            held = TagSize;
        }

        bool verified = total == declared && gcm.VerifyTag(buffer.AsSpan(0, TagSize));
        CryptographicOperations.ZeroMemory(buffer.AsSpan(0, piece + TagSize));
        ArrayPool<byte>.Shared.Return(buffer);
        return verified ? written : throw new CryptographicException("Tag mismatch in the benchmark.");
    }

    /// <summary>
    /// The body read into one array, each piece hashed while it is cached; the reader's reads decrypt in counter
    /// mode from that array straight into their buffer, so no plaintext exists before it is read.
    /// </summary>
    public static async Task<Stream> AuthenticateThenCounterAsync(
        Stream body, int declared, ContentParameters content, int piece)
    {
        int textLength = declared - TagSize;
        byte[] array = ArrayPool<byte>.Shared.Rent(declared);
        var gcm = new StitchedAesGcm(content.Key, content.Nonce);
        gcm.AuthenticateAssociatedData(content.AssociatedData);
        int total = 0;
        int read;
        while (total < declared
               && (read = await body.ReadAsync(array.AsMemory(total, Math.Min(piece, declared - total)))
                   .ConfigureAwait(false)) > 0)
        {
            int text = Math.Clamp(textLength - total, 0, read);
            if (text > 0)
            {
                gcm.Authenticate(array.AsSpan(total, text));
            }

            total += read;
        }

        byte[] computed = new byte[TagSize];
        gcm.ComputeTag((ulong)content.AssociatedData.Length * 8, (ulong)textLength * 8, computed);
        if (total != declared || !CryptographicOperations.FixedTimeEquals(computed, array.AsSpan(textLength, 16)))
        {
            throw new CryptographicException("Tag mismatch in the benchmark.");
        }

        return new CiphertextView(array, textLength, declared, gcm);
    }

    /// <summary>
    /// The spool path with its writes made on the caller's thread to a file opened without
    /// <see cref="FileOptions.Asynchronous"/>, or as shipped with the file preallocated to the body's length.
    /// </summary>
    public static async Task<Stream> ThroughFileAsync(
        Stream body, string directory, ContentParameters content, bool preallocate)
    {
        string path = Path.Combine(directory, "s3sec-trial-" + Guid.NewGuid().ToString("N") + ".tmp");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.DeleteOnClose | (preallocate ? FileOptions.Asynchronous : FileOptions.None),
            BufferSize = 0,
            PreallocationSize = preallocate ? body.Length : 0,
        };
        FileStream spool = new(path, options);
        using var gcm = new StreamingAesGcm(content.Key, content.Nonce, content.AssociatedData, encrypt: false);
        byte[] buffer = new byte[(64 * 1024) + TagSize];
        int held = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(held)).ConfigureAwait(false)) > 0)
        {
            held += read;
            if (held <= TagSize)
            {
                continue;
            }

            int ready = held - TagSize;
            gcm.AuthenticateOnly(buffer.AsSpan(0, ready));
            if (preallocate)
            {
                await spool.WriteAsync(buffer.AsMemory(0, ready)).ConfigureAwait(false);
            }
            else
            {
                spool.Write(buffer, 0, ready);
            }

            Buffer.BlockCopy(buffer, ready, buffer, 0, TagSize);
            held = TagSize;
        }

        if (!gcm.VerifyTag(buffer.AsSpan(0, TagSize)))
        {
            throw new CryptographicException("Tag mismatch in the benchmark.");
        }

        return new SpooledPlaintextStream(spool, gcm.TextLength, content.Key, content.Nonce);
    }

    /// <summary>
    /// The spool path with two buffers: the write of one piece runs on the thread pool while the next piece is
    /// read and hashed into the other, so file system and GHASH overlap on two cores.
    /// </summary>
    public static async Task<Stream> ThroughFilePipelinedAsync(Stream body, string directory, ContentParameters content)
    {
        string path = Path.Combine(directory, "s3sec-trial-" + Guid.NewGuid().ToString("N") + ".tmp");
        FileStream spool = new(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous,
            BufferSize = 0,
        });
        using var gcm = new StreamingAesGcm(content.Key, content.Nonce, content.AssociatedData, encrypt: false);
        byte[][] buffers = { new byte[(64 * 1024) + TagSize], new byte[(64 * 1024) + TagSize] };
        int current = 0;
        int held = 0;
        int read;
        Task pending = Task.CompletedTask;
        while ((read = await body.ReadAsync(buffers[current].AsMemory(held)).ConfigureAwait(false)) > 0)
        {
            held += read;
            if (held <= TagSize)
            {
                continue;
            }

            int ready = held - TagSize;
            byte[] buffer = buffers[current];
            gcm.AuthenticateOnly(buffer.AsSpan(0, ready));
            await pending.ConfigureAwait(false);
            pending = spool.WriteAsync(buffer.AsMemory(0, ready)).AsTask();
            current = 1 - current;
            Buffer.BlockCopy(buffer, ready, buffers[current], 0, TagSize);
            held = TagSize;
        }

        await pending.ConfigureAwait(false);
        if (!gcm.VerifyTag(buffers[current].AsSpan(0, TagSize)))
        {
            throw new CryptographicException("Tag mismatch in the benchmark.");
        }

        return new SpooledPlaintextStream(spool, gcm.TextLength, content.Key, content.Nonce);
    }

    private sealed class CiphertextView : Stream
    {
        private readonly byte[] _array;
        private readonly int _length;
        private readonly int _written;
        private readonly StitchedAesGcm _gcm;
        private long _position;

        public CiphertextView(byte[] array, int length, int written, StitchedAesGcm gcm)
        {
            _array = array;
            _length = length;
            _written = written;
            _gcm = gcm;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => _length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = (int)Math.Clamp(_length - _position, 0, buffer.Length);
            if (n == 0)
            {
                return 0;
            }

            _gcm.TransformAt(_position, _array.AsSpan((int)_position, n), buffer);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _gcm.Dispose();
                CryptographicOperations.ZeroMemory(_array.AsSpan(0, _written));
                ArrayPool<byte>.Shared.Return(_array);
            }

            base.Dispose(disposing);
        }
    }
}
