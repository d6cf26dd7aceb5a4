using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;
using S3Sec.Crypto.Gcm;

namespace S3Sec.Crypto.Envelope;

/// <summary>
/// Client-side envelope encryption over any <see cref="IAmazonS3"/>, byte-compatible with the AWS S3
/// Encryption Client (V2 format, and the key-committing V3 format). Each object gets a fresh 256-bit data key,
/// wrapped by the <see cref="MasterKey"/>; the body is AES-256-GCM with the tag appended.
/// </summary>
public sealed class EnvelopeEncryptionClient
{
    private const int InstructionFileLimit = 64 * 1024;
    private readonly IAmazonS3 _s3;
    private readonly MasterKey _masterKey;
    private readonly EnvelopeEncryptionOptions _options;

    /// <summary>
    /// Creates the client. Neither the S3 client nor the master key is owned; the options are copied, so changing
    /// them afterwards does not change this client.
    /// </summary>
    public EnvelopeEncryptionClient(IAmazonS3 s3, MasterKey masterKey, EnvelopeEncryptionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(s3);
        ArgumentNullException.ThrowIfNull(masterKey);
        options = options?.Snapshot() ?? new EnvelopeEncryptionOptions();
        options.Validate();
        if (options.Storage == EnvelopeStorage.InstructionFile && masterKey is KmsMasterKey)
        {
            throw new ArgumentException(
                "A KMS master key stores its envelope in object metadata only, as the AWS client does.",
                nameof(options));
        }

        _s3 = s3;
        _masterKey = masterKey;
        _options = options;
    }

    /// <summary>The format this client writes under its commitment policy.</summary>
    public EnvelopeFormat WriteFormat => _options.CommitmentPolicy == CommitmentPolicy.ForbidEncryptAllowDecrypt
        ? EnvelopeFormat.V2
        : EnvelopeFormat.V3KeyCommitting;

    /// <summary>
    /// Encrypts the request's body (<c>InputStream</c>, <c>FilePath</c> or <c>ContentBody</c>) and writes it with
    /// its envelope. Other request settings (server-side encryption, tags, user metadata) are sent as given.
    /// The request is consumed: its body is replaced by the ciphertext.
    /// </summary>
    /// <exception cref="ArgumentException">The request is incomplete or its metadata uses envelope names.</exception>
    public async Task<PutObjectResponse> PutObjectAsync(
        PutObjectRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.BucketName, nameof(request));
        ArgumentException.ThrowIfNullOrEmpty(request.Key, nameof(request));
        foreach (string name in request.Metadata.Keys)
        {
            if (EnvelopeKeys.All.Contains(StripMetaPrefix(name)))
            {
                throw new ArgumentException($"Metadata name '{name}' is reserved for the envelope.", nameof(request));
            }
        }

        EnvelopeFormat format = WriteFormat;
        string contentCipher = format == EnvelopeFormat.V2
            ? EnvelopeKeys.CipherAesGcm
            : EnvelopeKeys.CipherCommittingSuite;
        var disposables = new List<IDisposable>();
        WrappedDataKey? dataKey = null;
        try
        {
            (Stream source, long? length) = OpenPlaintext(request, disposables);
            if (length > EnvelopeEncryptionOptions.MaxPlaintextLength)
            {
                // Refused before a data key is made; the cipher would fail only after 64 GiB had been sent.
                throw BodyOverGcmLimit(request);
            }

            dataKey = await _masterKey.GenerateDataKeyAsync(contentCipher, cancellationToken).ConfigureAwait(false);
            var envelope = new List<KeyValuePair<string, string>>();
            using ContentParameters content = PrepareContent(format, dataKey, _masterKey.WrapAlgorithm, envelope);
            Stream body;
            long plaintextLength;
            if (length is long known)
            {
                body = new EncryptingStream(source, known, content.Key, content.Nonce, content.AssociatedData);
                plaintextLength = known;
            }
            else
            {
                (body, plaintextLength) = await SpoolCiphertextAsync(source, content, request, cancellationToken)
                    .ConfigureAwait(false);
            }

            disposables.Add(body);
            if (format == EnvelopeFormat.V2)
            {
                envelope.Insert(0, new(EnvelopeKeys.V2PlaintextLength, plaintextLength.ToString(
                    System.Globalization.CultureInfo.InvariantCulture)));
            }

            List<KeyValuePair<string, string>> instruction = SplitForStorage(format, envelope);
            foreach (KeyValuePair<string, string> entry in envelope)
            {
                request.Metadata.Add(entry.Key, entry.Value);
            }

            request.InputStream = body;
            request.FilePath = null;
            request.ContentBody = null;
            request.AutoCloseStream = false;
            request.MD5Digest = null;
            PutObjectResponse response = await _s3.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
            if (instruction.Count > 0)
            {
                await PutInstructionFileAsync(request, format, instruction, cancellationToken).ConfigureAwait(false);
            }

            return response;
        }
        finally
        {
            if (dataKey is not null)
            {
                CryptographicOperations.ZeroMemory(dataKey.PlaintextKey);
            }

            foreach (IDisposable disposable in disposables)
            {
                disposable.Dispose();
            }
        }
    }

    /// <summary>Reads and decrypts an object, as the overload taking a <see cref="GetObjectRequest"/>.</summary>
    public Task<DecryptedObject> GetObjectAsync(
        string bucketName, string key, CancellationToken cancellationToken = default) =>
        GetObjectAsync(new GetObjectRequest { BucketName = bucketName, Key = key }, cancellationToken);

    /// <summary>
    /// Reads an object, unwraps its data key, verifies the whole body, and only then returns the plaintext.
    /// </summary>
    /// <exception cref="ObjectAuthenticationException">Tampered or truncated body, tag, IV or commitment.</exception>
    /// <exception cref="KeyUnwrapException">Wrong master key or tampered wrapped key.</exception>
    /// <exception cref="UnsupportedEncryptionAlgorithmException">A cipher or format not read here.</exception>
    /// <exception cref="EncryptionMetadataException">Missing or malformed envelope or instruction file.</exception>
    /// <exception cref="CommitmentPolicyException">A V2 object under a policy that requires commitment.</exception>
    public async Task<DecryptedObject> GetObjectAsync(
        GetObjectRequest request, CancellationToken cancellationToken = default)
    {
        (Stream plaintext, EnvelopeFormat format, Dictionary<string, string> userMetadata, string? eTag,
            string? versionId) = await ReadObjectAsync(
                request,
                (body, declared, content, plaintextLength) => declared >= 0 && declared <= _options.InMemoryLimit
                    ? BodyDecryptor.DecryptInMemoryAsync(
                        body, (int)declared, content, plaintextLength, cancellationToken)
                    : BodyDecryptor.DecryptThroughFileAsync(
                        body, TemporaryDirectory, content, plaintextLength, cancellationToken, declared,
                        _options.TemporaryFileLimit),
                cancellationToken).ConfigureAwait(false);
        return new DecryptedObject(plaintext, format, userMetadata, eTag, versionId);
    }

    /// <summary>Reads and decrypts an object into an array, as the overload taking a
    /// <see cref="GetObjectRequest"/>.</summary>
    public Task<byte[]> GetObjectBytesAsync(
        string bucketName, string key, CancellationToken cancellationToken = default) =>
        GetObjectBytesAsync(new GetObjectRequest { BucketName = bucketName, Key = key }, cancellationToken);

    /// <summary>
    /// Reads an object, verifies the whole body, and returns its plaintext as a new array of exactly its length,
    /// which the caller owns: the quickest way to the bytes, as the plaintext is written once, into that array.
    /// A body up to <see cref="EnvelopeEncryptionOptions.InMemoryLimit"/> is decrypted into the array as it
    /// arrives, and the array is zeroed and dropped if the tag does not match; a larger one goes through the
    /// encrypted temporary file first. For the object's metadata, ETag or version, use
    /// <see cref="GetObjectAsync(GetObjectRequest, CancellationToken)"/>; to decrypt into memory you already have
    /// (a pooled or reused buffer, whose pages are not new), use
    /// <see cref="GetObjectBytesAsync(GetObjectRequest, Memory{byte}, CancellationToken)"/>.
    /// </summary>
    /// <exception cref="ObjectAuthenticationException">Tampered or truncated body, tag, IV or commitment.</exception>
    /// <exception cref="KeyUnwrapException">Wrong master key or tampered wrapped key.</exception>
    /// <exception cref="UnsupportedEncryptionAlgorithmException">A cipher or format not read here.</exception>
    /// <exception cref="EncryptionMetadataException">Missing or malformed envelope or instruction file.</exception>
    /// <exception cref="CommitmentPolicyException">A V2 object under a policy that requires commitment.</exception>
    /// <exception cref="InvalidOperationException">The plaintext is larger than an array can be.</exception>
    public async Task<byte[]> GetObjectBytesAsync(
        GetObjectRequest request, CancellationToken cancellationToken = default)
    {
        (byte[] plaintext, _, _, _, _) = await ReadObjectAsync(
                request,
                (body, declared, content, plaintextLength) => declared >= 0 && declared <= _options.InMemoryLimit
                    ? BodyDecryptor.DecryptToArrayAsync(
                        body, (int)declared, content, plaintextLength, cancellationToken)
                    : BodyDecryptor.DecryptThroughFileToArrayAsync(
                        body, declared, TemporaryDirectory, content, plaintextLength, cancellationToken,
                        maxBodyLength: _options.TemporaryFileLimit),
                cancellationToken).ConfigureAwait(false);
        return plaintext;
    }

    /// <summary>Reads and decrypts an object into the caller's memory, as the overload taking a
    /// <see cref="GetObjectRequest"/>.</summary>
    public Task<int> GetObjectBytesAsync(
        string bucketName, string key, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        GetObjectBytesAsync(
            new GetObjectRequest { BucketName = bucketName, Key = key }, destination, cancellationToken);

    /// <summary>
    /// Reads an object, decrypts its body into <paramref name="destination"/> as it arrives, verifies the tag,
    /// and returns the plaintext's length: the plaintext is <c>destination[..n]</c>. As <c>AesGcm.Decrypt</c>
    /// writes into a caller's span, this allocates nothing of the object's size, so a pooled or reused buffer
    /// makes it the quickest way to the bytes; any size that fits is read in memory, whatever
    /// <see cref="EnvelopeEncryptionOptions.InMemoryLimit"/>, and no temporary file is written. While the task
    /// runs the content of <paramref name="destination"/> is unspecified (it holds text not yet authenticated):
    /// read it only after the task completed. If the task fails, every byte it wrote is zeroed; bytes past the
    /// plaintext's length are never touched.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The request is a byte range or a part number, or the plaintext is longer than
    /// <paramref name="destination"/> (refused before the body is read when the recorded plaintext length or the
    /// Content-Length says so, and as soon as the text would overflow when neither does).
    /// </exception>
    /// <exception cref="ObjectAuthenticationException">Tampered or truncated body, tag, IV or commitment.</exception>
    /// <exception cref="KeyUnwrapException">Wrong master key or tampered wrapped key.</exception>
    /// <exception cref="UnsupportedEncryptionAlgorithmException">A cipher or format not read here.</exception>
    /// <exception cref="EncryptionMetadataException">Missing or malformed envelope or instruction file.</exception>
    /// <exception cref="CommitmentPolicyException">A V2 object under a policy that requires commitment.</exception>
    public async Task<int> GetObjectBytesAsync(
        GetObjectRequest request, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        (int length, _, _, _, _) = await ReadObjectAsync(
                request,
                (body, declared, content, plaintextLength) => BodyDecryptor.DecryptIntoAsync(
                    body, declared, content, plaintextLength, destination, cancellationToken),
                cancellationToken).ConfigureAwait(false);
        return length;
    }

    private string TemporaryDirectory => _options.TemporaryDirectory ?? Path.GetTempPath();

    /// <summary>
    /// Everything a read does before and around the body: the GET, the envelope (from metadata or the instruction
    /// file), the policy and wrap checks, the data key unwrapped and zeroed after <paramref name="decrypt"/> ran.
    /// </summary>
    private async Task<(T Plaintext, EnvelopeFormat Format, Dictionary<string, string> UserMetadata, string? ETag,
        string? VersionId)> ReadObjectAsync<T>(
        GetObjectRequest request, Func<Stream, long, ContentParameters, long?, Task<T>> decrypt,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ByteRange != null)
        {
            throw new ArgumentException("A byte range of an encrypted object cannot be authenticated.",
                nameof(request));
        }

        if (request.PartNumber != null)
        {
            // One part of a multipart object is a range too: its last 16 bytes are no tag, and the refusal would
            // read as tampering.
            throw new ArgumentException("One part of an encrypted object cannot be authenticated; read it whole.",
                nameof(request));
        }

        using GetObjectResponse response = await _s3.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);

        if (!string.IsNullOrEmpty(response.ContentRange) && !CoversWholeObject(response))
        {
            // A server or cache that answers a whole-object GET with a part: its last 16 bytes are no tag.
            throw new ObjectAuthenticationException(
                "The response holds only part of the object (it has a Content-Range), which cannot be "
                + "authenticated. No plaintext was released.");
        }

        // Refused before the instruction file and the master key are asked: no AES-GCM object is this long.
        if (response.ContentLength > EnvelopeEncryptionOptions.MaxPlaintextLength + StreamingAesGcm.TagSize)
        {
            throw BodyDecryptor.OverGcmLimit(
                response.ContentLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Dictionary<string, string> metadata = ReadMetadata(response.Metadata);
        Dictionary<string, string> envelope = metadata;
        bool fromInstructionFile = !EnvelopeHeader.HasWrappedKey(metadata);
        if (fromInstructionFile)
        {
            Dictionary<string, string> instruction = await GetInstructionFileAsync(request, cancellationToken)
                .ConfigureAwait(false);
            envelope = Merge(metadata, instruction);
        }

        EnvelopeHeader header = EnvelopeHeader.Parse(envelope);
        if (header.PlaintextLength > EnvelopeEncryptionOptions.MaxPlaintextLength)
        {
            throw BodyDecryptor.OverGcmLimit(
                $"{header.PlaintextLength} + {StreamingAesGcm.TagSize} (its recorded plaintext length and the tag)");
        }

        if (header.Format == EnvelopeFormat.V2
            && _options.CommitmentPolicy == CommitmentPolicy.RequireEncryptRequireDecrypt)
        {
            throw new CommitmentPolicyException(
                "The object uses the V2 format without key commitment, and the commitment policy requires it.");
        }

        if (header.WrapAlgorithm != _masterKey.WrapAlgorithm)
        {
            throw new KeyUnwrapException(
                $"The data key is wrapped with {header.WrapAlgorithm}, "
                + $"but the master key is {_masterKey.WrapAlgorithm}.");
        }

        byte[] dataKey = await _masterKey
            .UnwrapDataKeyAsync(header.WrappedKey, header.ContentCipher, header.MaterialsDescription, cancellationToken)
            .ConfigureAwait(false);
        T plaintext;
        try
        {
            using ContentParameters content = header.DeriveContent(dataKey);
            plaintext = await decrypt(response.ResponseStream, response.ContentLength, content, header.PlaintextLength)
                .ConfigureAwait(false);
        }
        catch (ObjectAuthenticationException ex) when (fromInstructionFile
            && (ex is KeyCommitmentException || (header.Format == EnvelopeFormat.V2 && ex.IsTagMismatch)))
        {
            // V3 keeps its commitment on the object, so a wrapped key from another write fails the commitment before
            // the body is read, and a tag mismatch after it is the body's own. V2 keeps key and IV in the file alone.
            throw InstructionFileMismatch(request.VersionId, ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }

        var userMetadata = metadata
            .Where(p => !EnvelopeKeys.All.Contains(p.Key))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        return (plaintext, header.Format, userMetadata, response.ETag, response.VersionId);
    }

    /// <summary>A Content-Range of the whole body, <c>bytes 0-(n-1)/n</c> for a Content-Length of n, is no part.
    /// </summary>
    private static bool CoversWholeObject(GetObjectResponse response) =>
        response.ContentLength > 0
        && response.ContentRange.Trim() == string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"bytes 0-{response.ContentLength - 1}/{response.ContentLength}");

    /// <summary>
    /// Names the likely cause when the envelope came from the instruction file: S3 versions the object and its
    /// instruction file apart, and the AWS client, like this one, reads the instruction file's current version.
    /// </summary>
    private static InstructionFileMismatchException InstructionFileMismatch(
        string? versionId, ObjectAuthenticationException failure) => new(
        string.IsNullOrEmpty(versionId)
            ? "The object failed authentication with the envelope of its instruction file: the instruction file "
                + "belongs to another write of the object (a write still in progress, or a replaced instruction "
                + "file), or the object was changed. No plaintext was released."
            : "The requested object version failed authentication with the envelope of its instruction file. S3 "
                + "does not version an instruction file with its object: the read gets the instruction file's "
                + "current version, which belongs to a later write of the object if there was one; or the object or "
                + "its instruction file was changed. No plaintext was released.",
        failure);

    private static ContentParameters PrepareContent(
        EnvelopeFormat format, WrappedDataKey dataKey, string wrap, List<KeyValuePair<string, string>> envelope)
    {
        string description = JsonMap.Write(dataKey.MaterialsDescription);
        string wrapped = Convert.ToBase64String(dataKey.WrappedKey);
        if (format == EnvelopeFormat.V2)
        {
            byte[] iv = RandomNumberGenerator.GetBytes(StreamingAesGcm.NonceSize);
            envelope.Add(new(EnvelopeKeys.V2WrapAlgorithm, wrap));
            envelope.Add(new(EnvelopeKeys.V2TagLength, "128"));
            envelope.Add(new(EnvelopeKeys.V2WrappedKey, wrapped));
            envelope.Add(new(EnvelopeKeys.V2ContentCipher, EnvelopeKeys.CipherAesGcm));
            envelope.Add(new(EnvelopeKeys.V2Iv, Convert.ToBase64String(iv)));
            envelope.Add(new(EnvelopeKeys.V2MaterialsDescription, description));
            return new ContentParameters(dataKey.PlaintextKey.ToArray(), iv, Array.Empty<byte>());
        }

        byte[] messageId = RandomNumberGenerator.GetBytes(EnvelopeHeader.MessageIdSize);
        byte[] commitment = EnvelopeHeader.DeriveCommitment(dataKey.PlaintextKey, messageId);
        envelope.Add(new(EnvelopeKeys.V3ContentCipher, EnvelopeKeys.CipherCommittingSuite));
        envelope.Add(new(EnvelopeKeys.V3WrappedKey, wrapped));
        envelope.Add(new(EnvelopeKeys.V3WrapAlgorithm, EnvelopeKeys.ToV3WrapCode(wrap)!));
        envelope.Add(new(EnvelopeKeys.V3KeyCommitment, Convert.ToBase64String(commitment)));
        envelope.Add(new(EnvelopeKeys.V3MessageId, Convert.ToBase64String(messageId)));
        envelope.Add(new(
            wrap == EnvelopeKeys.WrapKmsContext ? EnvelopeKeys.V3EncryptionContext
                : EnvelopeKeys.V3MaterialsDescription,
            description));
        return new ContentParameters(
            EnvelopeHeader.DeriveContentKey(dataKey.PlaintextKey, messageId),
            EnvelopeHeader.CommittingContentNonce.ToArray(),
            EnvelopeHeader.CommittingContentAad.ToArray());
    }

    /// <summary>Moves the entries that the instruction file holds out of <paramref name="envelope"/>.</summary>
    private List<KeyValuePair<string, string>> SplitForStorage(
        EnvelopeFormat format, List<KeyValuePair<string, string>> envelope)
    {
        var instruction = new List<KeyValuePair<string, string>>();
        if (_options.Storage == EnvelopeStorage.ObjectMetadata)
        {
            return instruction;
        }

        // The layout mirrors the AWS client: V2 keeps only the plaintext length on the object; V3 keeps the
        // cipher, commitment and message id there.
        string[] stayOnObject = format == EnvelopeFormat.V2
            ? new[] { EnvelopeKeys.V2PlaintextLength }
            : new[] { EnvelopeKeys.V3ContentCipher, EnvelopeKeys.V3KeyCommitment, EnvelopeKeys.V3MessageId };
        instruction.AddRange(envelope.Where(e => !stayOnObject.Contains(e.Key)));
        envelope.RemoveAll(e => !stayOnObject.Contains(e.Key));
        return instruction;
    }

    private async Task PutInstructionFileAsync(
        PutObjectRequest objectRequest, EnvelopeFormat format, List<KeyValuePair<string, string>> instruction,
        CancellationToken cancellationToken)
    {
        var request = new PutObjectRequest
        {
            BucketName = objectRequest.BucketName,
            Key = objectRequest.Key + EnvelopeKeys.InstructionFileSuffix,
            ContentBody = JsonMap.Write(instruction),
            UseChunkEncoding = objectRequest.UseChunkEncoding,
            DisablePayloadSigning = objectRequest.DisablePayloadSigning,
            ServerSideEncryptionMethod = objectRequest.ServerSideEncryptionMethod,
            ServerSideEncryptionKeyManagementServiceKeyId = objectRequest.ServerSideEncryptionKeyManagementServiceKeyId,
            ServerSideEncryptionCustomerMethod = objectRequest.ServerSideEncryptionCustomerMethod,
            ServerSideEncryptionCustomerProvidedKey = objectRequest.ServerSideEncryptionCustomerProvidedKey,
            ServerSideEncryptionCustomerProvidedKeyMD5 = objectRequest.ServerSideEncryptionCustomerProvidedKeyMD5,

            // The caller's guard against writing into a bucket someone else owns holds for the wrapped key too.
            ExpectedBucketOwner = objectRequest.ExpectedBucketOwner,
            RequestPayer = objectRequest.RequestPayer,
        };
        if (format == EnvelopeFormat.V2)
        {
            request.Metadata.Add(EnvelopeKeys.InstructionFileMarker, "");
        }

        await _s3.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Dictionary<string, string>> GetInstructionFileAsync(
        GetObjectRequest objectRequest, CancellationToken cancellationToken)
    {
        var request = new GetObjectRequest
        {
            BucketName = objectRequest.BucketName,
            Key = objectRequest.Key + EnvelopeKeys.InstructionFileSuffix,
            ServerSideEncryptionCustomerMethod = objectRequest.ServerSideEncryptionCustomerMethod,
            ServerSideEncryptionCustomerProvidedKey = objectRequest.ServerSideEncryptionCustomerProvidedKey,
            ServerSideEncryptionCustomerProvidedKeyMD5 = objectRequest.ServerSideEncryptionCustomerProvidedKeyMD5,

            // No VersionId: S3 versions the instruction file apart from its object (see InstructionFileMismatch).
            ExpectedBucketOwner = objectRequest.ExpectedBucketOwner,
            RequestPayer = objectRequest.RequestPayer,
        };
        try
        {
            using GetObjectResponse response =
                await _s3.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.ContentLength > InstructionFileLimit)
            {
                throw InstructionFileTooLarge();
            }

            using var text = new MemoryStream();
            byte[] buffer = new byte[8192];
            int read;
            Stream body = response.ResponseStream;
            while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                text.Write(buffer, 0, read);
                if (text.Length > InstructionFileLimit)
                {
                    throw InstructionFileTooLarge();
                }
            }

            return JsonMap.Parse(Encoding.UTF8.GetString(text.ToArray()));
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new EncryptionMetadataException(
                "The object has no envelope in its metadata and its instruction file is missing.", ex);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new EncryptionMetadataException(
                "The instruction file is not a JSON object of strings with distinct names.", ex);
        }
    }

    private static EncryptionMetadataException InstructionFileTooLarge() =>
        new("The instruction file is larger than 64 KiB.");

    /// <summary>Object metadata and instruction file together; a name in both must agree.</summary>
    private static Dictionary<string, string> Merge(
        Dictionary<string, string> objectMetadata, Dictionary<string, string> instruction)
    {
        var merged = new Dictionary<string, string>(objectMetadata, StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, string> entry in instruction)
        {
            // The V3 format keeps cipher, commitment and message id on the object only (as the AWS client checks):
            // an instruction file must not be able to supply the commitment it is checked against.
            if (entry.Key.Equals(EnvelopeKeys.V3ContentCipher, StringComparison.OrdinalIgnoreCase)
                || entry.Key.Equals(EnvelopeKeys.V3KeyCommitment, StringComparison.OrdinalIgnoreCase)
                || entry.Key.Equals(EnvelopeKeys.V3MessageId, StringComparison.OrdinalIgnoreCase))
            {
                throw new EncryptionMetadataException(
                    $"The instruction file holds '{entry.Key.ToLowerInvariant()}', which the V3 format keeps in the "
                    + "object metadata only.");
            }

            if (!EnvelopeKeys.All.Contains(entry.Key))
            {
                continue;
            }

            if (merged.TryGetValue(entry.Key, out string? existing) && existing != entry.Value)
            {
                throw new EncryptionMetadataException(
                    $"'{entry.Key}' differs between the object metadata and the instruction file.");
            }

            merged[entry.Key] = entry.Value;
        }

        return merged;
    }

    private static Dictionary<string, string> ReadMetadata(MetadataCollection metadata)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string name in metadata.Keys)
        {
            map[StripMetaPrefix(name)] = metadata[name];
        }

        return map;
    }

    internal static string StripMetaPrefix(string name) =>
        name.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase) ? name["x-amz-meta-".Length..] : name;

    private static (Stream Source, long? Length) OpenPlaintext(PutObjectRequest request, List<IDisposable> owned)
    {
        if (request.InputStream != null)
        {
            Stream input = request.InputStream;
            if (request.AutoCloseStream)
            {
                owned.Add(input);
            }

            return input.CanSeek ? (input, input.Length - input.Position) : (input, null);
        }

        if (!string.IsNullOrEmpty(request.FilePath))
        {
            // Unbuffered: EncryptingStream reads 16 KiB or more at a time, which FileStream's buffer would only copy.
            var file = new FileStream(request.FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 0);
            owned.Add(file);
            return (file, file.Length);
        }

        // Publicly visible, so EncryptingStream encrypts straight from its buffer instead of copying it out first.
        byte[] body = Encoding.UTF8.GetBytes(request.ContentBody ?? "");
        var bytes = new MemoryStream(body, 0, body.Length, writable: false, publiclyVisible: true);
        owned.Add(bytes);
        return (bytes, bytes.Length);
    }

    private static ArgumentException BodyOverGcmLimit(PutObjectRequest request) => new(
        "The body is longer than AES-GCM can encrypt under one key and nonce (2^36 - 32 bytes, 64 GiB less 32); "
        + "nothing was written.", nameof(request));

    /// <summary>A source of unknown length is encrypted into a temporary file first; only ciphertext touches
    /// disk.</summary>
    private async Task<(Stream Body, long PlaintextLength)> SpoolCiphertextAsync(
        Stream source, ContentParameters content, PutObjectRequest request, CancellationToken cancellationToken)
    {
        FileStream spool = BodyDecryptor.CreateTemporaryFile(TemporaryDirectory);
        try
        {
            using var gcm = new StreamingAesGcm(content.Key, content.Nonce, content.AssociatedData, encrypt: true);
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (gcm.TextLength + read > EnvelopeEncryptionOptions.MaxPlaintextLength)
                {
                    throw BodyOverGcmLimit(request);
                }

                gcm.Transform(buffer.AsSpan(0, read), buffer.AsSpan(0, read));
                await spool.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            long length = gcm.TextLength;
            gcm.ComputeTag(buffer.AsSpan(0, StreamingAesGcm.TagSize));
            Memory<byte> tag = buffer.AsMemory(0, StreamingAesGcm.TagSize);
            await spool.WriteAsync(tag, cancellationToken).ConfigureAwait(false);
            await spool.FlushAsync(cancellationToken).ConfigureAwait(false);
            spool.Position = 0;
            return (spool, length);
        }
        catch
        {
            await spool.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
