using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Tasks;
using S3Sec.Crypto.Envelope;
using S3Sec.Crypto.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace S3Sec.Crypto.Tests.Envelope;

/// <summary>The conformance suite: every record written by the official AWS S3 Encryption Client.</summary>
public class InteropVectorTests
{
    private readonly ITestOutputHelper _output;

    public InteropVectorTests(ITestOutputHelper output) => _output = output;

    public static IEnumerable<object[]> Positives() => InteropVectors.Ids("positive");

    public static IEnumerable<object[]> Negatives() => InteropVectors.Ids("negative");

    public static IEnumerable<object[]> Lenients() => InteropVectors.Ids("lenient");

    public static IEnumerable<object[]> LargePositives() =>
        InteropVectors.Ids("positive").Where(id => ((string)id[0]).EndsWith("-1048579", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Positives))]
    public async Task Decrypt_PositiveVector_ReturnsPlaintext(string id)
    {
        JsonElement record = InteropVectors.ById(id);

        byte[] plaintext = await DecryptAsync(record, new EnvelopeEncryptionOptions());

        Assert.Equal(SHA256.HashData(InteropVectors.Plaintext(record)), SHA256.HashData(plaintext));
    }

    [Theory]
    [MemberData(nameof(LargePositives))]
    public async Task Decrypt_LargePositiveVectorThroughTemporaryFile_ReturnsPlaintext(string id)
    {
        JsonElement record = InteropVectors.ById(id);

        byte[] plaintext = await DecryptAsync(record, new EnvelopeEncryptionOptions { InMemoryLimit = 0 });

        Assert.Equal(record.GetProperty("plaintext").GetProperty("sha256_hex").GetString(),
            Convert.ToHexString(SHA256.HashData(plaintext)).ToLowerInvariant());
    }

    [Theory]
    [MemberData(nameof(Positives))]
    public async Task GetObjectBytes_PositiveVector_ReturnsPlaintext(string id)
    {
        JsonElement record = InteropVectors.ById(id);

        byte[] plaintext = await DecryptToBytesAsync(record, new EnvelopeEncryptionOptions());

        Assert.Equal(SHA256.HashData(InteropVectors.Plaintext(record)), SHA256.HashData(plaintext));
    }

    [Theory]
    [MemberData(nameof(LargePositives))]
    public async Task GetObjectBytes_LargePositiveVectorThroughTemporaryFile_ReturnsPlaintext(string id)
    {
        JsonElement record = InteropVectors.ById(id);

        byte[] plaintext = await DecryptToBytesAsync(record, new EnvelopeEncryptionOptions { InMemoryLimit = 0 });

        Assert.Equal(SHA256.HashData(InteropVectors.Plaintext(record)), SHA256.HashData(plaintext));
    }

    [Theory]
    [MemberData(nameof(Negatives))]
    public async Task GetObjectBytes_NegativeVector_ThrowsExpectedException(string id)
    {
        JsonElement record = InteropVectors.ById(id);

        S3EncryptionException error = await Assert.ThrowsAnyAsync<S3EncryptionException>(
            () => DecryptToBytesAsync(record, new EnvelopeEncryptionOptions()));

        Assert.IsType(ExpectedException(id), error);
    }

    /// <summary>Into a destination larger than the plaintext, filled first: the rest must stay as it was.</summary>
    [Theory]
    [MemberData(nameof(Positives))]
    public async Task GetObjectInto_PositiveVector_ReturnsPlaintext(string id)
    {
        JsonElement record = InteropVectors.ById(id);
        byte[] expected = InteropVectors.Plaintext(record);
        byte[] destination = new byte[expected.Length + 64];
        destination.AsSpan().Fill(0xA5);

        int written = await DecryptIntoAsync(record, new EnvelopeEncryptionOptions(), destination);

        Assert.Equal(expected.Length, written);
        Assert.True(expected.AsSpan().SequenceEqual(destination.AsSpan(0, written)));
        Assert.True(destination.AsSpan(written).IndexOfAnyExcept((byte)0xA5) < 0);
    }

    /// <summary>
    /// An odd-sized slice at an odd offset, with and without a Content-Length: the text lands in the slice, and
    /// the bytes around it stay as they were.
    /// </summary>
    [Theory]
    [MemberData(nameof(Positives))]
    public async Task GetObjectInto_PositiveVectorOddSlice_ReturnsPlaintext(string id)
    {
        JsonElement record = InteropVectors.ById(id);
        byte[] expected = InteropVectors.Plaintext(record);
        int size = expected.Length | 1;
        foreach (bool noContentLength in new[] { false, true })
        {
            byte[] array = new byte[3 + size + 5];
            array.AsSpan().Fill(0xA5);
            FakeS3 s3 = FakeS3.Create();
            InteropVectors.StoreIn(s3, record);
            s3.HideContentLength = noContentLength;
            var options = new EnvelopeEncryptionOptions { CommitmentPolicy = InteropVectors.PolicyFor(record) };
            using MasterKey masterKey = InteropVectors.MasterKeyFor(record, FakeKms.Create());
            var client = new EnvelopeEncryptionClient(s3.Client, masterKey, options);
            JsonElement obj = record.GetProperty("object");

            int written = await client.GetObjectBytesAsync(obj.GetProperty("bucket").GetString()!,
                obj.GetProperty("key").GetString()!, array.AsMemory(3, size));

            Assert.Equal(expected.Length, written);
            Assert.True(expected.AsSpan().SequenceEqual(array.AsSpan(3, written)));
            Assert.True(array.AsSpan(0, 3).IndexOfAnyExcept((byte)0xA5) < 0);
            Assert.True(array.AsSpan(3 + written).IndexOfAnyExcept((byte)0xA5) < 0);
        }
    }

    [Theory]
    [MemberData(nameof(Negatives))]
    public async Task GetObjectInto_NegativeVector_ThrowsExpectedExceptionAndLeavesNoText(string id)
    {
        JsonElement record = InteropVectors.ById(id);
        byte[] destination = new byte[InteropVectors.Body(record).Length + 64];
        destination.AsSpan().Fill(0xA5);

        S3EncryptionException error = await Assert.ThrowsAnyAsync<S3EncryptionException>(
            () => DecryptIntoAsync(record, new EnvelopeEncryptionOptions(), destination));

        Assert.IsType(ExpectedException(id), error);
        int zeroed = destination.AsSpan().IndexOfAnyExcept((byte)0);
        Assert.True(destination.AsSpan(zeroed < 0 ? destination.Length : zeroed).IndexOfAnyExcept((byte)0xA5) < 0);
    }

    [Theory]
    [MemberData(nameof(Negatives))]
    public async Task Decrypt_NegativeVector_ThrowsExpectedException(string id)
    {
        JsonElement record = InteropVectors.ById(id);

        S3EncryptionException error = await Assert.ThrowsAnyAsync<S3EncryptionException>(
            () => DecryptAsync(record, new EnvelopeEncryptionOptions()));

        Assert.IsType(ExpectedException(id), error);
    }

    [Theory]
    [MemberData(nameof(Lenients))]
    public async Task Decrypt_WrapAlgorithmSwapped_RefusedAsKeyUnwrap(string id)
    {
        JsonElement record = InteropVectors.ById(id);

        await Assert.ThrowsAsync<KeyUnwrapException>(() => DecryptAsync(record, new EnvelopeEncryptionOptions()));
    }

    [Fact]
    public async Task AllVectors_Counted_EveryPositiveDecryptedEveryNegativeRejected()
    {
        int decrypted = 0, rejected = 0, lenientRejected = 0;
        foreach (JsonElement record in InteropVectors.All)
        {
            string kind = record.GetProperty("kind").GetString()!;
            try
            {
                byte[] plaintext = await DecryptAsync(record, new EnvelopeEncryptionOptions());
                Assert.Equal("positive", kind);
                Assert.Equal(InteropVectors.Plaintext(record), plaintext);
                decrypted++;
            }
            catch (S3EncryptionException)
            {
                Assert.NotEqual("positive", kind);
                if (kind == "negative")
                {
                    rejected++;
                }
                else
                {
                    lenientRejected++;
                }
            }
        }

        _output.WriteLine($"vectors: {InteropVectors.All.Count}, decrypted {decrypted}, rejected {rejected}, "
            + $"lenient rejected {lenientRejected}");
        Assert.Equal((60, 30, 2), (decrypted, rejected, lenientRejected));
    }

    internal static Task<byte[]> DecryptAsync(JsonElement record, EnvelopeEncryptionOptions options) =>
        ReadAsync(record, options, async (client, bucket, key) =>
        {
            using DecryptedObject result = await client.GetObjectAsync(bucket, key);
            return result.ReadAllBytes();
        });

    private static Task<byte[]> DecryptToBytesAsync(JsonElement record, EnvelopeEncryptionOptions options) =>
        ReadAsync(record, options, (client, bucket, key) => client.GetObjectBytesAsync(bucket, key));

    private static Task<int> DecryptIntoAsync(
        JsonElement record, EnvelopeEncryptionOptions options, Memory<byte> destination) =>
        ReadAsync(record, options, (client, bucket, key) => client.GetObjectBytesAsync(bucket, key, destination));

    /// <summary>Stores the record's object in a fresh fake S3 and reads it with the record's key and policy.</summary>
    private static async Task<T> ReadAsync<T>(
        JsonElement record, EnvelopeEncryptionOptions options,
        Func<EnvelopeEncryptionClient, string, string, Task<T>> read)
    {
        FakeS3 s3 = FakeS3.Create();
        FakeKms kms = FakeKms.Create();
        InteropVectors.StoreIn(s3, record);
        options.CommitmentPolicy = InteropVectors.PolicyFor(record);
        using MasterKey masterKey = InteropVectors.MasterKeyFor(record, kms);
        var client = new EnvelopeEncryptionClient(s3.Client, masterKey, options);
        JsonElement obj = record.GetProperty("object");
        return await read(client, obj.GetProperty("bucket").GetString()!, obj.GetProperty("key").GetString()!);
    }

    private static Type ExpectedException(string id) => id switch
    {
        // The commitment is on the object and the wrapped key in the instruction file: a commitment that does not
        // match is named as an instruction file that may belong to another write.
        _ when id.Contains("instructionfile") && id.Contains("key-commitment")
            => typeof(InstructionFileMismatchException),
        _ when id.Contains("flip-ciphertext") || id.Contains("flip-tag") || id.Contains("truncated")
            || id.Contains("flip-iv") => typeof(ObjectAuthenticationException),
        _ when id.Contains("key-commitment") || id.Contains("message-id") => typeof(KeyCommitmentException),
        _ when id.Contains("wrong-") || id.Contains("wrapped-key") || id.Contains("kms-context")
            => typeof(KeyUnwrapException),
        _ when id.Contains("cek-alg-cbc") || id.Contains("content-cipher")
            => typeof(UnsupportedEncryptionAlgorithmException),
        _ when id.Contains("missing-instruction-file") => typeof(EncryptionMetadataException),
        _ when id.Contains("require-decrypt-policy") => typeof(CommitmentPolicyException),
        _ => throw new InvalidOperationException("No expectation for " + id),
    };
}
