using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace S3Sec.Crypto.Tests.TestSupport;

/// <summary>
/// The interop folder's fake KMS: the CiphertextBlob is JSON holding the key id, the encryption context and
/// the data key; Decrypt refuses a different key id or context.
/// </summary>
public class FakeKms : DispatchProxy
{
    public ConcurrentQueue<Dictionary<string, string>> DecryptContexts { get; } = new();

    public IAmazonKeyManagementService Client { get; private set; } = null!;

    public static FakeKms Create()
    {
        IAmazonKeyManagementService client = DispatchProxy.Create<IAmazonKeyManagementService, FakeKms>();
        var fake = (FakeKms)(object)client;
        fake.Client = client;
        return fake;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        switch (targetMethod!.Name)
        {
            case "GenerateDataKeyAsync" when args![0] is GenerateDataKeyRequest generate:
                byte[] key = RandomNumberGenerator.GetBytes(32);
                var blob = new Dictionary<string, object>
                {
                    ["fake-kms"] = "v1",
                    ["key_id"] = generate.KeyId,
                    ["encryption_context"] = new SortedDictionary<string, string>(generate.EncryptionContext,
                        StringComparer.Ordinal),
                    ["plaintext_b64"] = Convert.ToBase64String(key),
                };
                return Task.FromResult(new GenerateDataKeyResponse
                {
                    KeyId = generate.KeyId,
                    Plaintext = new MemoryStream(key),
                    CiphertextBlob = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(blob)),
                });
            case "DecryptAsync" when args![0] is DecryptRequest decrypt:
                return Decrypt(decrypt);
            default:
                throw new NotSupportedException(targetMethod.Name + " is not faked.");
        }
    }

    private Task<DecryptResponse> Decrypt(DecryptRequest request)
    {
        DecryptContexts.Enqueue(new Dictionary<string, string>(request.EncryptionContext ?? new()));
        using JsonDocument blob = JsonDocument.Parse(request.CiphertextBlob.ToArray());
        string keyId = blob.RootElement.GetProperty("key_id").GetString()!;
        var context = blob.RootElement.GetProperty("encryption_context").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString()!);
        var requested = request.EncryptionContext ?? new Dictionary<string, string>();
        bool sameContext = context.Count == requested.Count
            && context.All(p => requested.TryGetValue(p.Key, out string? v) && v == p.Value);
        if (keyId != request.KeyId || !sameContext)
        {
            return Task.FromException<DecryptResponse>(
                new InvalidCiphertextException("fake-kms: encryption context mismatch"));
        }

        byte[] key = Convert.FromBase64String(blob.RootElement.GetProperty("plaintext_b64").GetString()!);
        return Task.FromResult(new DecryptResponse { KeyId = keyId, Plaintext = new MemoryStream(key) });
    }
}
