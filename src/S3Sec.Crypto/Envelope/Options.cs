using System;
using System.IO;

namespace S3Sec.Crypto.Envelope;

/// <summary>Which object formats are written and accepted, by key commitment.</summary>
public enum CommitmentPolicy
{
    /// <summary>Write the V2 format (no key commitment); read V2 and V3.</summary>
    ForbidEncryptAllowDecrypt,

    /// <summary>Write the key-committing V3 format; read V2 and V3.</summary>
    RequireEncryptAllowDecrypt,

    /// <summary>Write and read only the key-committing V3 format.</summary>
    RequireEncryptRequireDecrypt,
}

/// <summary>Where the envelope (wrapped data key, IV, algorithms) is stored.</summary>
public enum EnvelopeStorage
{
    /// <summary>In the object's user metadata.</summary>
    ObjectMetadata,

    /// <summary>In a second object, <c>&lt;key&gt;.instruction</c>. Not available with a KMS master key.</summary>
    InstructionFile,
}

/// <summary>The object format of an encrypted object.</summary>
public enum EnvelopeFormat
{
    /// <summary>V2: AES-256-GCM over the body with the data key; no key commitment.</summary>
    V2,

    /// <summary>V3: key-committing suite 115 (HKDF-SHA512 derived content key, stored commitment).</summary>
    V3KeyCommitting,
}

/// <summary>Settings of an <see cref="EnvelopeEncryptionClient"/>.</summary>
public sealed class EnvelopeEncryptionOptions
{
    /// <summary>Default for <see cref="InMemoryLimit"/>: 4 MiB.</summary>
    public const int DefaultInMemoryLimit = 4 * 1024 * 1024;

    /// <summary>Default for <see cref="TemporaryFileLimit"/>: 16 GiB.</summary>
    public const long DefaultTemporaryFileLimit = 16L * 1024 * 1024 * 1024;

    /// <summary>
    /// The most plaintext AES-GCM encrypts under one key and nonce, 2^36 - 32 bytes: the largest object any S3
    /// encryption client writes or reads holds this and its 16-byte tag.
    /// </summary>
    public const long MaxPlaintextLength = Gcm.CtrKeystream.MaxTextLength;

    /// <summary>Format written and formats accepted. Default: write V3, read V2 and V3.</summary>
    public CommitmentPolicy CommitmentPolicy { get; set; } = CommitmentPolicy.RequireEncryptAllowDecrypt;

    /// <summary>Where the envelope is written. Default: object metadata.</summary>
    public EnvelopeStorage Storage { get; set; } = EnvelopeStorage.ObjectMetadata;

    /// <summary>
    /// Objects whose body is at most this many bytes are decrypted in memory; larger ones through an encrypted
    /// temporary file. Either way the plaintext is released only after the tag is verified.
    /// </summary>
    public int InMemoryLimit { get; set; } = DefaultInMemoryLimit;

    /// <summary>
    /// The longest body, in bytes with its tag, that a read spools to a temporary file. A body of known length
    /// (its Content-Length or recorded plaintext length) over it is refused before it is read; one of unknown length
    /// (a chunked response of a V3 object, which records no plaintext length) as soon as it passes it, so a body
    /// that never ends does not fill the disk. At most <see cref="MaxPlaintextLength"/> + 16, which no valid object
    /// passes. Default: <see cref="DefaultTemporaryFileLimit"/>.
    /// </summary>
    public long TemporaryFileLimit { get; set; } = DefaultTemporaryFileLimit;

    /// <summary>Folder for the temporary files of large objects. Default: <see cref="Path.GetTempPath"/>.</summary>
    public string? TemporaryDirectory { get; set; }

    /// <summary>
    /// A copy for one client: options changed after the client was made would otherwise skip the checks its
    /// constructor made (a KMS master key with an instruction file, a limit out of range).
    /// </summary>
    internal EnvelopeEncryptionOptions Snapshot() => new()
    {
        CommitmentPolicy = CommitmentPolicy,
        Storage = Storage,
        InMemoryLimit = InMemoryLimit,
        TemporaryFileLimit = TemporaryFileLimit,
        TemporaryDirectory = TemporaryDirectory,
    };

    internal void Validate()
    {
        // An undefined value (a cast from a number) fell through to whichever branch tests for another: 5 as the
        // storage wrote an instruction file, past the KMS check that compares with InstructionFile.
        if (!Enum.IsDefined(CommitmentPolicy))
        {
            throw new ArgumentOutOfRangeException(
                nameof(CommitmentPolicy), $"{(int)CommitmentPolicy} is not a {nameof(Envelope.CommitmentPolicy)}.");
        }

        if (!Enum.IsDefined(Storage))
        {
            throw new ArgumentOutOfRangeException(
                nameof(Storage), $"{(int)Storage} is not an {nameof(EnvelopeStorage)}.");
        }

        if (TemporaryDirectory is { } folder && string.IsNullOrWhiteSpace(folder))
        {
            // An empty folder name puts the spool file in the current directory, not in the system temp folder.
            throw new ArgumentException(
                "TemporaryDirectory is empty; leave it null for the system temp folder.", nameof(TemporaryDirectory));
        }

        if (InMemoryLimit < 0 || InMemoryLimit > 256 * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(InMemoryLimit), "Use 0 to 256 MiB.");
        }

        if (TemporaryFileLimit < 0 || TemporaryFileLimit > MaxPlaintextLength + Gcm.StreamingAesGcm.TagSize)
        {
            throw new ArgumentOutOfRangeException(
                nameof(TemporaryFileLimit), "Use 0 to 2^36 - 16 bytes (the AES-GCM limit and the tag).");
        }
    }
}
