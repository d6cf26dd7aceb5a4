using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using S3Sec.Crypto.Envelope;

namespace S3Sec.Crypto.Tests.TestSupport;

/// <summary>The AWS S3 Encryption Client records in shared/interop/s3ec, found beside the repository.</summary>
public static class InteropVectors
{
    /// <summary>The environment variable that names the records' folder when none is found above the tests.</summary>
    public const string FolderVariable = "S3SEC_INTEROP_VECTORS";

    private static readonly Lazy<(string Folder, List<JsonElement> Records)> Loaded = new(Load);

    public static string Folder => Loaded.Value.Folder;

    public static IReadOnlyList<JsonElement> All => Loaded.Value.Records;

    public static JsonElement ById(string id) => All.Single(r => r.GetProperty("id").GetString() == id);

    public static IEnumerable<object[]> Ids(string kind) =>
        All.Where(r => r.GetProperty("kind").GetString() == kind).Select(r
            => new object[] { r.GetProperty("id").GetString()! });

    public static byte[] Body(JsonElement record)
    {
        JsonElement obj = record.GetProperty("object");
        return obj.TryGetProperty("body_b64", out JsonElement b64)
            ? Convert.FromBase64String(b64.GetString()!)
            : File.ReadAllBytes(Path.Combine(Folder, obj.GetProperty("body_file").GetString()!));
    }

    public static byte[] Plaintext(JsonElement record)
    {
        JsonElement plaintext = record.GetProperty("plaintext");
        if (plaintext.TryGetProperty("b64", out JsonElement b64))
        {
            return Convert.FromBase64String(b64.GetString()!);
        }

        int length = plaintext.GetProperty("length").GetInt32();
        return Enumerable.Range(0, length).Select(i => (byte)(((i * 31) + 7) % 256)).ToArray();
    }

    public static IEnumerable<KeyValuePair<string, string>> Headers(JsonElement headers) =>
        headers.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!));

    /// <summary>Stores the record's object (and instruction file) in the fake S3.</summary>
    public static void StoreIn(FakeS3 s3, JsonElement record)
    {
        JsonElement obj = record.GetProperty("object");
        s3.Store(
            obj.GetProperty("bucket").GetString()!, obj.GetProperty("key").GetString()!, Body(record),
            Headers(obj.GetProperty("metadata_headers")));
        if (record.GetProperty("instruction_file") is { ValueKind: JsonValueKind.Object } instruction)
        {
            s3.Store(
                obj.GetProperty("bucket").GetString()!, instruction.GetProperty("key").GetString()!,
                System.Text.Encoding.UTF8.GetBytes(instruction.GetProperty("body_text").GetString()!),
                Headers(instruction.GetProperty("metadata_headers")));
        }
    }

    public static MasterKey MasterKeyFor(JsonElement record, FakeKms kms)
    {
        JsonElement key = record.GetProperty("master_key");
        return key.GetProperty("type").GetString() switch
        {
            "aes-256" => AesMasterKey.FromBase64(key.GetProperty("aes_key_b64").GetString()!),
            "rsa-2048" => RsaMasterKey.FromPkcs8PrivateKey(
                Convert.FromBase64String(key.GetProperty("rsa_private_key_pkcs8_b64").GetString()!)),
            _ => new KmsMasterKey(
                kms.Client, key.GetProperty("kms_key_id").GetString()!,
                key.GetProperty("caller_encryption_context").EnumerateObject()
                    .ToDictionary(p => p.Name, p => p.Value.GetString()!)),
        };
    }

    public static CommitmentPolicy PolicyFor(JsonElement record) =>
        Enum.Parse<CommitmentPolicy>(
            record.GetProperty("decrypt_config").GetProperty("commitment_policy").GetString()!);

    private static (string, List<JsonElement>) Load()
    {
        // The records are a fixed capture from the AWS client, kept outside the repository; a clone elsewhere
        // names their folder with this variable.
        string? named = Environment.GetEnvironmentVariable(FolderVariable);
        if (!string.IsNullOrEmpty(named))
        {
            return File.Exists(Path.Combine(named, "vectors.json"))
                ? Read(named)
                : throw new InvalidOperationException(
                    $"{FolderVariable} is '{named}', which holds no vectors.json");
        }

        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "interop", "s3ec");
            if (File.Exists(Path.Combine(candidate, "vectors.json")))
            {
                return Read(candidate);
            }
        }

        throw new InvalidOperationException(
            "shared/interop/s3ec/vectors.json was not found in any folder above " + AppContext.BaseDirectory
            + $"; set {FolderVariable} to the folder that holds the AWS S3 Encryption Client records");
    }

    private static (string, List<JsonElement>) Read(string folder)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "vectors.json")));
        return (Path.GetFullPath(folder), document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList());
    }
}
