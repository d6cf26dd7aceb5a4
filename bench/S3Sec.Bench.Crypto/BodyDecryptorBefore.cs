using System;
using System.Buffers;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using S3Sec.Crypto;
using S3Sec.Crypto.Envelope;
using S3Sec.Crypto.Gcm;

namespace S3Sec.Bench.Crypto;

/// <summary>
/// <c>S3Sec.Crypto.Envelope.BodyDecryptor</c> as it was before issue 8 (commit 81ab3e9), kept so the benchmark
/// compares the old and new GetObject paths in one run: in memory, a buffer of the limit plus one byte, then a
/// second array for the plaintext; through a file, decryption on read with the platform CTR keystream. Also the
/// in-memory path of 5278fb0 (one rented array, one-shot in place) beside the piecewise path that joined it, and
/// <c>DecryptedObject.ReadAllBytes</c> as it was before the GetObject work.
/// </summary>
internal static class BodyDecryptorBefore
{
    private const int TagSize = StreamingAesGcm.TagSize;
    private const int ChunkSize = 64 * 1024;

    public static async Task<Stream> DecryptInMemoryAsync(
        Stream body, int limit, ContentParameters content, long? expectedPlaintextLength,
        CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[limit + 1];
        int length = 0;
        int read;
        while (length < buffer.Length
               && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
        }

        if (length > limit)
        {
            throw new ObjectAuthenticationException("The object body is longer than its declared length.");
        }

        CheckLength(length, expectedPlaintextLength);
        byte[] plaintext = new byte[length - TagSize];
        try
        {
            using var gcm = new AesGcm(content.Key, TagSize);
            gcm.Decrypt(
                content.Nonce, buffer.AsSpan(0, length - TagSize), buffer.AsSpan(length - TagSize, TagSize),
                plaintext, content.AssociatedData);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw TagMismatch(ex);
        }

        return new MemoryStream(plaintext, writable: false);
    }

    /// <summary>
    /// The in-memory path of commit 5278fb0, before the pieces were decrypted as they arrived: the whole body read
    /// into one rented array, then one-shot <see cref="AesGcm"/> in place.
    /// </summary>
    public static async Task<Stream> DecryptInMemoryOneShotAsync(
        Stream body, int declaredLength, ContentParameters content, long? expectedPlaintextLength,
        CancellationToken cancellationToken)
    {
        bool pooled = declaredLength <= BodyDecryptor.PooledBodyLimit;
        byte[] buffer = pooled
            ? ArrayPool<byte>.Shared.Rent(declaredLength)
            : GC.AllocateUninitializedArray<byte>(declaredLength);
        int length = 0;
        try
        {
            int read;
            while (length < declaredLength
                   && (read = await body.ReadAsync(buffer.AsMemory(length, declaredLength - length), cancellationToken)
                       .ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            if (length == declaredLength
                && await body.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) > 0)
            {
                throw new ObjectAuthenticationException("The object body is longer than its declared length.");
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

    /// <summary><c>DecryptedObject.ReadAllBytes</c> before: a growing MemoryStream, then its ToArray.</summary>
    public static byte[] ReadAllBytes(Stream content)
    {
        content.Position = 0;
        using var copy = new MemoryStream();
        content.CopyTo(copy);
        return copy.ToArray();
    }

    public static async Task<Stream> DecryptThroughFileAsync(
        Stream body, string directory, ContentParameters content, long? expectedPlaintextLength,
        CancellationToken cancellationToken)
    {
        FileStream spool = CreateTemporaryFile(directory);
        var gcm = new StreamingAesGcm(content.Key, content.Nonce, content.AssociatedData, encrypt: false);
        try
        {
            byte[] buffer = new byte[ChunkSize + TagSize];
            int held = 0;
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(held), cancellationToken).ConfigureAwait(false)) > 0)
            {
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
            return new SpooledPlaintextStreamBefore(spool, gcm.TextLength, content.Key, content.Nonce);
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

    private static void CheckLength(long bodyLength, long? expectedPlaintextLength)
    {
        if (bodyLength < TagSize)
        {
            throw new ObjectAuthenticationException("The object body is shorter than the 16-byte GCM tag.");
        }

        if (expectedPlaintextLength is long expected && bodyLength - TagSize != expected)
        {
            throw new ObjectAuthenticationException(
                "The object body length does not match its recorded plaintext length: it was truncated or changed.");
        }
    }

    private static ObjectAuthenticationException TagMismatch(Exception? inner) => new(
        "The object failed authentication (GCM tag mismatch): the body, tag, IV or data key was changed, or the "
        + "body was truncated. No plaintext was released.", inner);

    private static FileStream CreateTemporaryFile(string directory)
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
internal sealed class SpooledPlaintextStreamBefore : Stream
{
    private readonly FileStream _file;
    private readonly long _length;
    private readonly Aes _aes;
    private readonly CtrKeystream _keystream;
    private long _position;

    public SpooledPlaintextStreamBefore(FileStream file, long length, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce)
    {
        _file = file;
        _length = length;
        _aes = Aes.Create();
        byte[] keyCopy = key.ToArray();
        _aes.Key = keyCopy;
        CryptographicOperations.ZeroMemory(keyCopy);
        _keystream = new CtrKeystream(_aes, nonce);
    }

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
        _keystream.Seek(_position);
        _keystream.Transform(buffer[..got], buffer[..got]);
        _position += got;
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
        _keystream.Seek(_position);
        _keystream.Transform(buffer.Span[..got], buffer.Span[..got]);
        _position += got;
        return got;
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
            _keystream.Dispose();
            _aes.Dispose();
            _file.Dispose();
        }

        base.Dispose(disposing);
    }
}
