using System;
using System.Collections.Generic;
using System.IO;

namespace S3Sec.Crypto.Envelope;

/// <summary>
/// A client-side encrypted object whose tag has been verified. <see cref="Content"/> yields the plaintext;
/// dispose this object to delete its temporary file and release its key.
/// </summary>
public sealed class DecryptedObject : IDisposable
{
    internal DecryptedObject(
        Stream content, EnvelopeFormat format, IReadOnlyDictionary<string, string> metadata, string? eTag,
        string? versionId)
    {
        Content = content;
        Format = format;
        Metadata = metadata;
        ETag = eTag;
        VersionId = versionId;
    }

    /// <summary>The verified plaintext: seekable, read-only.</summary>
    public Stream Content { get; }

    /// <summary>Plaintext length in bytes.</summary>
    public long ContentLength => Content.Length;

    /// <summary>The object format that was read.</summary>
    public EnvelopeFormat Format { get; }

    /// <summary>The object's user metadata without the <c>x-amz-meta-</c> prefix and without envelope
    /// entries.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>ETag of the stored (encrypted) object.</summary>
    public string? ETag { get; }

    /// <summary>Version id of the stored object, where the bucket is versioned.</summary>
    public string? VersionId { get; }

    /// <summary>
    /// Reads the whole plaintext into a new array of exactly <see cref="ContentLength"/> bytes, from the start
    /// whatever <see cref="Content"/>'s position was; afterwards <see cref="Content"/> is at its end. The
    /// plaintext is copied once (an object read through a temporary file is decrypted straight into the array).
    /// </summary>
    /// <exception cref="InvalidOperationException">The plaintext is larger than an array can be.</exception>
    public byte[] ReadAllBytes()
    {
        long length = Content.Length;
        if (length > Array.MaxLength)
        {
            throw new InvalidOperationException(
                $"The object is {length} bytes, more than one array can hold; read it through Content.");
        }

        // Uninitialized is safe: ReadExactly fills every byte or throws, and then the array is dropped.
        byte[] plaintext = GC.AllocateUninitializedArray<byte>((int)length);
        Content.Position = 0;
        Content.ReadExactly(plaintext);
        return plaintext;
    }

    /// <inheritdoc />
    public void Dispose() => Content.Dispose();
}
