using System;
using System.Buffers;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using S3Sec.Crypto.Gcm;

namespace S3Sec.Crypto.Envelope;

/// <summary>
/// Turns <c>ciphertext || tag</c> into plaintext that is released only after the tag verified: small bodies in
/// memory with the platform's one-shot AES-GCM, in the array they were read into (or, for a caller that wants
/// an array or gives its own memory, decrypted piece by piece as they arrive straight into it); large ones
/// spooled, still encrypted, to a temporary file while the tag is computed, then decrypted on read.
/// </summary>
internal static class BodyDecryptor
{
    private const int TagSize = StreamingAesGcm.TagSize;
    private const int ChunkSize = 64 * 1024;

    /// <summary>
    /// The piece a body decrypted into a caller's array is read in. Small enough to stay in the first- or
    /// second-level cache between the read that writes it and the decryption that reads it.
    /// </summary>
    internal const int PieceSize = 32 * 1024;

    /// <summary>Bodies up to the default in-memory limit (and its tag) are read into pooled arrays.</summary>
    internal const int PooledBodyLimit = EnvelopeEncryptionOptions.DefaultInMemoryLimit + TagSize;

    /// <summary>
    /// Reads a body of <paramref name="declaredLength"/> bytes (the response's Content-Length) into one array and
    /// decrypts it there with one-shot AES-GCM, which zeroes its output when the tag does not match; the array is
    /// handed out only after it returned. The plaintext stream shows the array's first bytes; the tag after them
    /// stays hidden.
    /// </summary>
    public static async Task<Stream> DecryptInMemoryAsync(
        Stream body, int declaredLength, ContentParameters content, long? expectedPlaintextLength,
        CancellationToken cancellationToken)
    {
        // Rented up to the default limit: arrays this size live on the large object heap, whose fresh memory the
        // kernel faults in page by page (and before, each GET allocated two). Larger limits are allocated, so the
        // pool never keeps arrays of hundreds of MiB. Whatever a rented array held, every byte the plaintext
        // stream exposes is first written by the read and the decryption; the stream zeroes the array on dispose.
        bool pooled = declaredLength <= PooledBodyLimit;
        byte[] buffer = pooled
            ? ArrayPool<byte>.Shared.Rent(declaredLength)
            : GC.AllocateUninitializedArray<byte>(declaredLength);
        int length = 0;
        try
        {
            while (length < declaredLength)
            {
                int want = declaredLength - length;
                int read = await body.ReadAsync(buffer.AsMemory(length, want), cancellationToken).ConfigureAwait(false);
                if ((uint)read > (uint)want)
                {
                    // Counted, bytes it never wrote (a rented array's old content) would be taken for the body.
                    throw Overclaimed();
                }

                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            if (length < declaredLength)
            {
                // An intact shorter body would verify, but the response is not the one it announced.
                throw Truncated();
            }

            if (await body.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) > 0)
            {
                throw Overlong();
            }

            CheckLength(length, expectedPlaintextLength);
            int textLength = length - TagSize;
            try
            {
                using var gcm = new AesGcm(content.Key, TagSize);
                gcm.Decrypt(
                    content.Nonce, buffer.AsSpan(0, textLength), buffer.AsSpan(textLength, TagSize),
                    buffer.AsSpan(0, textLength), content.AssociatedData);
            }
            catch (AuthenticationTagMismatchException ex)
            {
                throw TagMismatch(ex);
            }

            return new PlaintextBufferStream(buffer, textLength, length, pooled);
        }
        catch
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, length));
            if (pooled)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            throw;
        }
    }

    /// <summary>
    /// Reads a body of <paramref name="declaredLength"/> bytes and returns its verified plaintext in a new array of
    /// exactly its length, owned by the caller. With the stitched core each piece is decrypted into that array as
    /// it arrives (<see cref="DecryptPiecesAsync"/>), and the array is zeroed if anything fails; elsewhere the
    /// in-memory path decrypts and this copies.
    /// </summary>
    /// <remarks>
    /// Tests pass <c>allowStitched: false</c> to run the path of processors without AES-NI, and their own
    /// <c>allocate</c> to see the array after a failure.
    /// </remarks>
    public static async Task<byte[]> DecryptToArrayAsync(
        Stream body, int declaredLength, ContentParameters content, long? expectedPlaintextLength,
        CancellationToken cancellationToken, bool allowStitched = true, Func<int, byte[]>? allocate = null)
    {
        allocate ??= static length => GC.AllocateUninitializedArray<byte>(length);
        if (!allowStitched || !StitchedAesGcm.IsSupported)
        {
            using Stream verified = await DecryptInMemoryAsync(
                body, declaredLength, content, expectedPlaintextLength, cancellationToken).ConfigureAwait(false);
            byte[] copy = allocate((int)verified.Length);
            verified.ReadExactly(copy);
            return copy;
        }

        // The body's length is known before it is read, so a short or recorded-length mismatch is refused now.
        CheckLength(declaredLength, expectedPlaintextLength);
        byte[] plaintext = allocate(declaredLength - TagSize);
        try
        {
            await DecryptPiecesAsync(
                    body, declaredLength, content, expectedPlaintextLength, plaintext, GcmPath.Stitched,
                    cancellationToken)
                .ConfigureAwait(false);
            return plaintext;
        }
        catch
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw;
        }
    }

    /// <summary>
    /// Reads a body of <paramref name="declaredLength"/> bytes (the response's Content-Length, -1 when it did not
    /// say) and decrypts it piece by piece as it arrives into <paramref name="destination"/>, memory the caller
    /// owns; returns the plaintext's length. The task completes only after the tag verified. On any failure the
    /// bytes it wrote are zeroed; bytes past the plaintext's length are never touched.
    /// </summary>
    /// <remarks>
    /// Runs the stitched core where the processor has it, else the platform path; tests pass
    /// <c>allowStitched: false</c> to run the latter on any processor.
    /// </remarks>
    /// <exception cref="ArgumentException">
    /// The plaintext is longer than <paramref name="destination"/>: refused before the body is read when the
    /// declared or the recorded length says so, else as soon as the text would overflow.
    /// </exception>
    public static async Task<int> DecryptIntoAsync(
        Stream body, long declaredLength, ContentParameters content, long? expectedPlaintextLength,
        Memory<byte> destination, CancellationToken cancellationToken, bool allowStitched = true)
    {
        if (declaredLength >= 0)
        {
            CheckLength(declaredLength, expectedPlaintextLength);
        }

        long plaintextLength = declaredLength >= 0 ? declaredLength - TagSize : expectedPlaintextLength ?? 0;
        if (plaintextLength > destination.Length)
        {
            throw DestinationTooSmall($"{plaintextLength} bytes", destination.Length);
        }

        return await DecryptPiecesAsync(
                body, declaredLength, content, expectedPlaintextLength, destination,
                allowStitched ? GcmPath.Fastest : GcmPath.Platform, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Reads <c>ciphertext || tag</c>, each piece into a small buffer that is still cached when the core decrypts
    /// and hashes it into <paramref name="plaintext"/>; the last 16 bytes seen stay behind in the buffer as the
    /// possible tag, wherever the reads split. One write of the plaintext instead of the ciphertext written into
    /// an array and read back for decryption. Returns the plaintext's length.
    /// </summary>
    /// <remarks>
    /// <paramref name="declaredLength"/> is -1 when the response did not say; then the body is read to its end,
    /// and text that would pass the recorded length or the end of <paramref name="plaintext"/> is refused before
    /// it is written. When this throws it has zeroed what it wrote to <paramref name="plaintext"/>, which was
    /// unauthenticated text; it never writes past the plaintext's length.
    /// </remarks>
    private static async Task<int> DecryptPiecesAsync(
        Stream body, long declaredLength, ContentParameters content, long? expectedPlaintextLength,
        Memory<byte> plaintext, GcmPath path, CancellationToken cancellationToken)
    {
        // A piece of text and the 16 bytes held back before it, so every piece after the first decrypts a whole
        // PieceSize, a multiple of the stitched core's 128-byte step, when the reads fill it.
        const int BufferSize = PieceSize + TagSize;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var gcm = new StreamingAesGcm(content.Key, content.Nonce, content.AssociatedData, encrypt: false, path);
        int written = 0;
        try
        {
            long total = 0;
            int held = 0;
            while (declaredLength < 0 || total < declaredLength)
            {
                int want = declaredLength < 0
                    ? BufferSize - held
                    : (int)Math.Min(BufferSize - held, declaredLength - total);
                int read = await body.ReadAsync(buffer.AsMemory(held, want), cancellationToken).ConfigureAwait(false);
                if ((uint)read > (uint)want)
                {
                    // A broken stream: counted, bytes it never wrote would be decrypted past the plaintext's end.
                    throw Overclaimed();
                }

                if (read == 0)
                {
                    break;
                }

                total += read;
                held += read;
                if (held <= TagSize)
                {
                    continue;
                }

                // All but the last 16 bytes seen are text; the tag may begin in this read or in a later one.
                int text = held - TagSize;
                CheckRoom(written + (long)text, plaintext.Length, expectedPlaintextLength);

                // Counted before the write, so a failure inside it still zeroes everything it touched.
                written += text;
                gcm.Transform(buffer.AsSpan(0, text), plaintext.Span.Slice(written - text, text));
                buffer.AsSpan(text, TagSize).CopyTo(buffer);
                held = TagSize;
            }

            if (declaredLength >= 0)
            {
                if (total < declaredLength)
                {
                    throw Truncated();
                }

                if (await body.ReadAsync(buffer.AsMemory(held, 1), cancellationToken).ConfigureAwait(false) > 0)
                {
                    throw Overlong();
                }
            }

            CheckLength(total, expectedPlaintextLength);
            if (!gcm.VerifyTag(buffer.AsSpan(0, TagSize)))
            {
                throw TagMismatch(null);
            }

            return written;
        }
        catch
        {
            CryptographicOperations.ZeroMemory(plaintext.Span[..written]);
            throw;
        }
        finally
        {
            gcm.Dispose();
            CryptographicOperations.ZeroMemory(buffer.AsSpan(0, BufferSize));
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Refuses text of a body of unknown length before it is written, once it passes the recorded plaintext
    /// length (a changed object) or the caller's memory.
    /// </summary>
    private static void CheckRoom(long textLength, int capacity, long? expectedPlaintextLength)
    {
        if (expectedPlaintextLength is long expected && textLength > expected)
        {
            throw LengthMismatch();
        }

        if (textLength > capacity)
        {
            throw DestinationTooSmall($"at least {textLength} bytes", capacity);
        }
    }

    private static ArgumentException DestinationTooSmall(string plaintextLength, int capacity) => new(
        $"The object's plaintext is {plaintextLength}, more than the destination's {capacity} bytes.",
        "destination");

    /// <summary>
    /// Spools a body of any length, still encrypted, to a temporary file while the tag is computed; the returned
    /// stream decrypts on read. <paramref name="declaredLength"/> is the response's Content-Length, -1 when it did
    /// not say: a body of another length is refused, as in memory.
    /// </summary>
    /// <remarks>
    /// A body longer than <paramref name="maxBodyLength"/> (with its tag) is refused before it is read when the
    /// declared or recorded length says so, else as soon as it passes it; a body of unknown length is otherwise
    /// bounded only by the disk.
    /// </remarks>
    public static async Task<Stream> DecryptThroughFileAsync(
        Stream body, string directory, ContentParameters content, long? expectedPlaintextLength,
        CancellationToken cancellationToken, long declaredLength = -1,
        long maxBodyLength = EnvelopeEncryptionOptions.DefaultTemporaryFileLimit)
    {
        maxBodyLength = Math.Min(maxBodyLength, EnvelopeEncryptionOptions.MaxPlaintextLength + TagSize);
        decimal known = declaredLength >= 0 ? declaredLength : (decimal?)expectedPlaintextLength + TagSize ?? -1;
        if (known > maxBodyLength)
        {
            throw TooLarge(known.ToString(System.Globalization.CultureInfo.InvariantCulture), maxBodyLength);
        }

        FileStream spool = CreateTemporaryFile(directory);
        var gcm = new StreamingAesGcm(content.Key, content.Nonce, content.AssociatedData, encrypt: false);
        try
        {
            byte[] buffer = new byte[ChunkSize + TagSize];
            int held = 0;
            int read;
            long total = 0;
            while ((read = await body.ReadAsync(buffer.AsMemory(held), cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (read > buffer.Length - held)
                {
                    throw Overclaimed();
                }

                // Refused as soon as the body passes a length it must keep: a body that never ends would otherwise
                // be read, and spooled to disk, until the disk or the caller's patience ran out.
                total += read;
                if (declaredLength >= 0 && total > declaredLength)
                {
                    throw Overlong();
                }

                if (expectedPlaintextLength is long expected && total - TagSize > expected)
                {
                    throw LengthMismatch();
                }

                if (total > maxBodyLength)
                {
                    throw TooLarge("more than " + maxBodyLength.ToString(
                        System.Globalization.CultureInfo.InvariantCulture), maxBodyLength);
                }

                held += read;
                if (held <= TagSize)
                {
                    continue;
                }

                // The last 16 bytes seen so far may be the tag, so they stay behind until the body ends.
                int ready = held - TagSize;
                gcm.AuthenticateOnly(buffer.AsSpan(0, ready));
                await spool.WriteAsync(buffer.AsMemory(0, ready), cancellationToken).ConfigureAwait(false);
                Buffer.BlockCopy(buffer, ready, buffer, 0, TagSize);
                held = TagSize;
            }

            if (declaredLength >= 0 && total < declaredLength)
            {
                throw Truncated();
            }

            if (held < TagSize)
            {
                throw new ObjectAuthenticationException("The object body is shorter than the 16-byte GCM tag.");
            }

            CheckLength(gcm.TextLength + TagSize, expectedPlaintextLength);
            if (!gcm.VerifyTag(buffer.AsSpan(0, TagSize)))
            {
                throw TagMismatch(null);
            }

            await spool.FlushAsync(cancellationToken).ConfigureAwait(false);
            return new SpooledPlaintextStream(spool, gcm.TextLength, content.Key, content.Nonce);
        }
        catch
        {
            await spool.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            gcm.Dispose();
        }
    }

    /// <summary>
    /// A body too large for memory into one exact-size array: spooled and verified as
    /// <see cref="DecryptThroughFileAsync"/> does, then each read decrypts the spooled ciphertext straight into the
    /// array, so the plaintext is written once.
    /// </summary>
    /// <remarks>
    /// <paramref name="declaredLength"/> is the response's Content-Length, -1 when it did not say. Tests pass their
    /// own <paramref name="allocate"/> to see the array after a failure.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The plaintext is larger than an array can be.</exception>
    public static async Task<byte[]> DecryptThroughFileToArrayAsync(
        Stream body, long declaredLength, string directory, ContentParameters content, long? expectedPlaintextLength,
        CancellationToken cancellationToken, Func<int, byte[]>? allocate = null,
        long maxBodyLength = EnvelopeEncryptionOptions.DefaultTemporaryFileLimit)
    {
        allocate ??= static length => GC.AllocateUninitializedArray<byte>(length);
        if (declaredLength - TagSize > Array.MaxLength)
        {
            throw TooLargeForAnArray(declaredLength - TagSize);
        }

        await using Stream spooled = await DecryptThroughFileAsync(
                body, directory, content, expectedPlaintextLength, cancellationToken, declaredLength, maxBodyLength)
            .ConfigureAwait(false);
        if (spooled.Length > Array.MaxLength)
        {
            throw TooLargeForAnArray(spooled.Length);
        }

        byte[] plaintext = allocate((int)spooled.Length);
        try
        {
            await spooled.ReadExactlyAsync(plaintext, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The caller never gets this array: what it holds so far must not outlive the failure in memory.
            CryptographicOperations.ZeroMemory(plaintext);
            throw;
        }

        return plaintext;

        static InvalidOperationException TooLargeForAnArray(long length) => new(
            $"The object's plaintext is {length} bytes, more than one array can hold; use GetObjectAsync.");
    }

    private static void CheckLength(long bodyLength, long? expectedPlaintextLength)
    {
        if (bodyLength < TagSize)
        {
            throw new ObjectAuthenticationException("The object body is shorter than the 16-byte GCM tag.");
        }

        if (expectedPlaintextLength is long expected && bodyLength - TagSize != expected)
        {
            throw LengthMismatch();
        }
    }

    private static ObjectAuthenticationException LengthMismatch() => new(
        "The object body length does not match its recorded plaintext length: it was truncated or changed.");

    /// <summary>
    /// A body over the AES-GCM limit, or over the caller's bound for a temporary file; <paramref name="length"/>
    /// says what is known of its length.
    /// </summary>
    internal static ObjectTooLargeException TooLarge(string length, long maxBodyLength) =>
        maxBodyLength >= EnvelopeEncryptionOptions.MaxPlaintextLength + TagSize
            ? OverGcmLimit(length)
            : new($"The object body is {length} bytes, more than TemporaryFileLimit ({maxBodyLength} bytes) lets a "
                + "read spool to a temporary file. No plaintext was released.");

    internal static ObjectTooLargeException OverGcmLimit(string length) => new(
        $"The object body is {length} bytes, more than AES-GCM can authenticate under one key and nonce "
        + "(2^36 - 32 bytes of plaintext and the 16-byte tag): no S3 encryption client wrote it. "
        + "No plaintext was released.");

    private static ObjectAuthenticationException Truncated() =>
        new("The object body is shorter than its declared length: it was truncated.");

    private static IOException Overclaimed() =>
        new("The object body stream reported more bytes than it was asked for.");

    private static ObjectAuthenticationException Overlong() =>
        new("The object body is longer than its declared length.");

    private static ObjectAuthenticationException TagMismatch(Exception? inner) => new(
        "The object failed authentication (GCM tag mismatch): the body, tag, IV or data key was changed, or the "
        + "body was truncated. No plaintext was released.", inner)
    {
        IsTagMismatch = true,
    };

    /// <summary>
    /// A new temporary file for ciphertext, owner-only where the system has modes, deleted when closed. Shared by
    /// the spools of reads and of writes from a source of unknown length.
    /// </summary>
    internal static FileStream CreateTemporaryFile(string directory)
    {
        string path = Path.Combine(directory,
            "s3sec-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)) + ".tmp");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }
}

/// <summary>
/// Plaintext view of a verified ciphertext spooled to a temporary file: the file holds only ciphertext (the
/// object as S3 stored it), and each read decrypts in counter mode. Disposing deletes the file and the key.
/// </summary>
internal sealed class SpooledPlaintextStream : Stream
{
    private readonly FileStream _file;
    private readonly long _length;
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly StitchedAesGcm? _stitched;
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly Aes? _aes;
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    private readonly CtrKeystream? _keystream;
    private long _position;

    public SpooledPlaintextStream(FileStream file, long length, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce)
    {
        _file = file;
        _length = length;

        // The AES-NI counter loop of the stitched path, eight blocks at a time straight into the reader's buffer;
        // the platform keystream in batches where the processor lacks it.
        if (StitchedAesGcm.IsSupported)
        {
            _stitched = new StitchedAesGcm(key, nonce);
            return;
        }

        _aes = Aes.Create();
        byte[] keyCopy = key.ToArray();
        _aes.Key = keyCopy;
        CryptographicOperations.ZeroMemory(keyCopy);
        _keystream = new CtrKeystream(_aes, nonce);
    }

    /// <summary>True when decryption runs on the stitched path's counter loop; for tests.</summary>
    internal bool UsesStitchedCounter => _stitched is not null;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int want = (int)Math.Min(buffer.Length, _length - _position);
        if (want <= 0)
        {
            return 0;
        }

        _file.Position = _position;
        int got = _file.Read(buffer[..want]);
        Decrypt(buffer[..got]);
        return got;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int want = (int)Math.Min(buffer.Length, _length - _position);
        if (want <= 0)
        {
            return 0;
        }

        _file.Position = _position;
        int got = await _file.ReadAsync(buffer[..want], cancellationToken).ConfigureAwait(false);
        Decrypt(buffer.Span[..got]);
        return got;
    }

    private void Decrypt(Span<byte> text)
    {
        if (_stitched is not null)
        {
            _stitched.TransformAt(_position, text, text);
        }
        else
        {
            _keystream!.Seek(_position);
            _keystream.Transform(text, text);
        }

        _position += text.Length;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        if (target < 0)
        {
            throw new IOException("Cannot seek before the start of the object.");
        }

        _position = target;
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stitched?.Dispose();
            _keystream?.Dispose();
            _aes?.Dispose();
            _file.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>
/// Verified plaintext at the start of an array, read-only, the array not handed out. Disposing zeroes the bytes
/// it held (plaintext and tag) and, when the array was rented from <see cref="ArrayPool{T}.Shared"/>, returns it.
/// </summary>
internal sealed class PlaintextBufferStream : MemoryStream
{
    private readonly byte[] _array;
    private readonly int _written;
    private readonly bool _pooled;
    private bool _released;

    public PlaintextBufferStream(byte[] array, int plaintextLength, int written, bool pooled)
        : base(array, 0, plaintextLength, writable: false, publiclyVisible: false)
    {
        _array = array;
        _written = written;
        _pooled = pooled;
    }

    /// <summary>
    /// Copies straight from the array: <see cref="MemoryStream"/> serves a span read of a derived type through a
    /// rented array and a second copy.
    /// </summary>
    public override int Read(Span<byte> buffer)
    {
        long position = Position;
        int count = (int)Math.Clamp(Length - position, 0, buffer.Length);
        if (count == 0)
        {
            // A position past the end may lie past the array too.
            return 0;
        }

        _array.AsSpan((int)position, count).CopyTo(buffer);
        Position = position + count;
        return count;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && !_released)
        {
            _released = true;
            CryptographicOperations.ZeroMemory(_array.AsSpan(0, _written));
            if (_pooled)
            {
                ArrayPool<byte>.Shared.Return(_array);
            }
        }
    }
}
