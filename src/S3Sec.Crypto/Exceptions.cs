using System;

namespace S3Sec.Crypto;

/// <summary>
/// Base type of every failure raised by S3Sec.Crypto. Messages never contain key material, plaintext or
/// metadata values.
/// </summary>
public class S3EncryptionException : Exception
{
    /// <summary>Creates the exception with a message.</summary>
    public S3EncryptionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public S3EncryptionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The object body, its tag, its IV, its key commitment or its length failed authentication: the object was
/// tampered with, truncated, or decrypted with the wrong data key. No plaintext was released.
/// </summary>
public class ObjectAuthenticationException : S3EncryptionException
{
    /// <summary>Creates the exception with a message.</summary>
    public ObjectAuthenticationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public ObjectAuthenticationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// True for a GCM tag that does not match: with a V2 envelope from an instruction file, a data key or IV of
    /// another write of the object fails this way too, so the read can name that cause.
    /// </summary>
    internal bool IsTagMismatch { get; init; }
}

/// <summary>
/// The object failed authentication with the envelope read from its instruction file (<c>&lt;key&gt;.instruction</c>).
/// S3 keeps no link between an object and its instruction file: a read of an older version gets the current
/// instruction file, which belongs to a later write, and a read during a write, or after the instruction file was
/// replaced, gets one that belongs to another body. No plaintext was released; the inner exception is the failure
/// itself.
/// </summary>
public sealed class InstructionFileMismatchException : ObjectAuthenticationException
{
    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public InstructionFileMismatchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A body is longer than it can be or may be: over the AES-GCM limit of one key and nonce (2^36 - 32 bytes of
/// plaintext), or, for a read through a temporary file, over <c>EnvelopeEncryptionOptions.TemporaryFileLimit</c>.
/// Refused before the body is read when its length is known, else as soon as it passes the limit; no plaintext
/// was released and no temporary file stays behind.
/// </summary>
public sealed class ObjectTooLargeException : S3EncryptionException
{
    /// <summary>Creates the exception with a message.</summary>
    public ObjectTooLargeException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// The key commitment stored with a key-committing (V3) object does not match the one derived from the
/// unwrapped data key: the data key or the message id was changed.
/// </summary>
public sealed class KeyCommitmentException : ObjectAuthenticationException
{
    /// <summary>Creates the exception with a message.</summary>
    public KeyCommitmentException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// The object names a content cipher, a wrap algorithm or a format version that this library does not read
/// (for example <c>AES/CBC/PKCS5Padding</c>, the legacy V1 format, or an unknown <c>x-amz-c</c> suite).
/// </summary>
public sealed class UnsupportedEncryptionAlgorithmException : S3EncryptionException
{
    /// <summary>Creates the exception with a message.</summary>
    public UnsupportedEncryptionAlgorithmException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// The wrapped data key could not be unwrapped with the configured master key: wrong master key, a tampered
/// wrapped key, a KMS refusal, or an encryption context that does not match.
/// </summary>
public sealed class KeyUnwrapException : S3EncryptionException
{
    /// <summary>Creates the exception with a message.</summary>
    public KeyUnwrapException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public KeyUnwrapException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The envelope metadata is missing or malformed: no encryption metadata, a missing instruction file, a value
/// that is not valid base64 or has the wrong length, or conflicting values.
/// </summary>
public sealed class EncryptionMetadataException : S3EncryptionException
{
    /// <summary>Creates the exception with a message.</summary>
    public EncryptionMetadataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public EncryptionMetadataException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The object was written without key commitment, and the configured commitment policy requires it.
/// </summary>
public sealed class CommitmentPolicyException : S3EncryptionException
{
    /// <summary>Creates the exception with a message.</summary>
    public CommitmentPolicyException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// An SSE-C key would travel over plain HTTP (a client configured for HTTP, or a presigned URL with
/// <c>Protocol.HTTP</c>). A key sent that way must be treated as compromised, so it is refused before use.
/// </summary>
public sealed class InsecureTransportException : S3EncryptionException
{
    /// <summary>Creates the exception with a message.</summary>
    public InsecureTransportException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// A protected metadata value failed authentication: it was changed, copied under another name or to another
/// object, or protected under another data key.
/// </summary>
public sealed class MetadataAuthenticationException : S3EncryptionException
{
    /// <summary>Creates the exception with a message.</summary>
    public MetadataAuthenticationException(string message)
        : base(message)
    {
    }
}
