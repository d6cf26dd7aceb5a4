using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Tasks;
using Amazon.S3.Model;
using S3Sec.Crypto.Envelope;
using S3Sec.Crypto.Tests.TestSupport;

namespace S3Sec.Crypto.Tests.Robustness;

/// <summary>The four ways an object and its envelope can be laid out in S3.</summary>
public enum Layout
{
    V2Metadata,
    V2InstructionFile,
    V3Metadata,
    V3InstructionFile,
}

/// <summary>What a consumer got from one read: the failure, and how many plaintext bytes reached it.</summary>
public sealed record ReadOutcome(Exception? Error, long BytesReleased, byte[]? Plaintext, int FilesLeft);

/// <summary>
/// One object written by the library under an AES master key into a fake S3, with byte- and field-level edits
/// wherever the layout stores them, and a reader that reports what its consumer received.
/// </summary>
public sealed class EnvelopeTarget : IDisposable
{
    public const string Bucket = "robust-bucket";
    public const string Key = "robust/object.bin";
    private const string ObjectPath = Bucket + "/" + Key;
    private const string InstructionPath = ObjectPath + EnvelopeKeys.InstructionFileSuffix;

    private EnvelopeTarget(Layout layout, byte[] plaintext)
    {
        Layout = layout;
        Plaintext = plaintext;
        TemporaryDirectory = Directory.CreateTempSubdirectory("s3sec-robust-").FullName;
        MasterKey = new RecordingMasterKey(new AesMasterKey(MasterKeyBytes));
    }

    public Layout Layout { get; }

    public FakeS3 S3 { get; } = FakeS3.Create();

    public byte[] MasterKeyBytes { get; } = RandomNumberGenerator.GetBytes(32);

    public RecordingMasterKey MasterKey { get; }

    public byte[] Plaintext { get; }

    public string TemporaryDirectory { get; }

    public byte[] Body
    {
        get => S3.Objects[ObjectPath].Body;
        set => S3.Objects[ObjectPath] = S3.Objects[ObjectPath] with { Body = value };
    }

    public bool IsV2 => Layout is Layout.V2Metadata or Layout.V2InstructionFile;

    public bool UsesInstructionFile => Layout is Layout.V2InstructionFile or Layout.V3InstructionFile;

    public static async Task<EnvelopeTarget> WriteAsync(Layout layout, int size = 1000)
    {
        var target = new EnvelopeTarget(layout, RandomNumberGenerator.GetBytes(size));
        await target.Client(throughFile: false).PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = Key,
            InputStream = new MemoryStream(target.Plaintext),
        });
        return target;
    }

    public EnvelopeEncryptionClient Client(bool throughFile) => new(S3.Client, MasterKey, Options(Layout, throughFile));

    public EnvelopeEncryptionOptions Options(Layout layout, bool throughFile) => new()
    {
        CommitmentPolicy = layout is Layout.V2Metadata or Layout.V2InstructionFile
            ? CommitmentPolicy.ForbidEncryptAllowDecrypt
            : CommitmentPolicy.RequireEncryptAllowDecrypt,
        Storage = layout is Layout.V2InstructionFile or Layout.V3InstructionFile
            ? EnvelopeStorage.InstructionFile
            : EnvelopeStorage.ObjectMetadata,
        InMemoryLimit = throughFile ? 0 : EnvelopeEncryptionOptions.DefaultInMemoryLimit,
        TemporaryDirectory = TemporaryDirectory,
    };

    /// <summary>An envelope field's value, from the object's metadata or else its instruction file.</summary>
    public string? GetField(string name) =>
        S3.Objects[ObjectPath].Get(name) ?? (Instruction().TryGetValue(name, out string? value) ? value : null);

    /// <summary>Changes or (with null) removes a field where the layout stores it; a new field goes on the
    /// object.</summary>
    public void SetField(string name, string? value)
    {
        Dictionary<string, string> instruction = Instruction();
        if (S3.Objects[ObjectPath].Get(name) == null && instruction.ContainsKey(name))
        {
            if (value == null)
            {
                instruction.Remove(name);
            }
            else
            {
                instruction[name] = value;
            }

            WriteInstruction(JsonSerializer.SerializeToUtf8Bytes(instruction));
            return;
        }

        S3.Objects[ObjectPath] = S3.Objects[ObjectPath].With(name, value);
    }

    /// <summary>Puts a field of the object's metadata into the instruction file too, or (move) only there.</summary>
    public void CopyToInstruction(string name, bool move)
    {
        Dictionary<string, string> instruction = Instruction();
        instruction[name] = S3.Objects[ObjectPath].Get(name)!;
        WriteInstruction(JsonSerializer.SerializeToUtf8Bytes(instruction));
        if (move)
        {
            S3.Objects[ObjectPath] = S3.Objects[ObjectPath].With(name, null);
        }
    }

    public void WriteInstruction(byte[] body) => S3.Objects[InstructionPath] = S3.Objects[InstructionPath] with
    {
        Body = body,
    };

    public void RemoveInstruction() => S3.Objects.TryRemove(InstructionPath, out _);

    /// <summary>Reads the object as a consumer would: open it, then copy the plaintext to a sink.</summary>
    public async Task<ReadOutcome> ReadAsync(bool throughFile, MasterKey? masterKey = null)
    {
        var sink = new RecordingStream();
        var client = new EnvelopeEncryptionClient(S3.Client, masterKey ?? MasterKey, Options(Layout, throughFile));
        try
        {
            using DecryptedObject result = await client.GetObjectAsync(Bucket, Key);
            await result.Content.CopyToAsync(sink);
            return new ReadOutcome(null, sink.BytesWritten, result.ReadAllBytes(), FilesLeft());
        }
        catch (Exception ex)
        {
            return new ReadOutcome(ex, sink.BytesWritten, null, FilesLeft());
        }
    }

    public void Dispose()
    {
        MasterKey.Dispose();
        Directory.Delete(TemporaryDirectory, recursive: true);
    }

    private int FilesLeft() => Directory.GetFiles(TemporaryDirectory).Length;

    private Dictionary<string, string> Instruction() =>
        S3.Objects.TryGetValue(InstructionPath, out StoredObject? stored)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(stored.Body)!
            : new Dictionary<string, string>();
}
