using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;
using S3Sec.Crypto.Envelope;
using S3Sec.Crypto.Metadata;
using S3Sec.Crypto.SseC;
using S3Sec.Crypto.Tests.TestSupport;
using Xunit;

namespace S3Sec.Crypto.Tests.Robustness;

/// <summary>
/// Runs every failure path these tests know with printable keys (so their raw bytes are a findable string too)
/// and checks each exception, event, trace and console line for any spelling of any key involved.
/// </summary>
public sealed class KeyLeakTests : IDisposable
{
    private const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;
    private readonly byte[] _aesKey = PrintableKey();
    private readonly byte[] _otherAesKey = PrintableKey();
    private readonly byte[] _sseCKey = PrintableKey();
    private readonly byte[] _metadataKey = PrintableKey();
    private readonly byte[] _plaintext = Encoding.ASCII.GetBytes("payroll: alice 120000, bob 95000, carol 134000");
    private readonly FakeS3 _s3 = FakeS3.Create();
    private readonly RecordingMasterKey _masterKey;
    private readonly string _temp = Directory.CreateTempSubdirectory("s3sec-leak-").FullName;

    public KeyLeakTests() => _masterKey = new RecordingMasterKey(new AesMasterKey(_aesKey));

    public void Dispose()
    {
        _masterKey.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    [Fact]
    public async Task EveryFailurePath_ExceptionsShowNoKeyOrPlaintext()
    {
        List<Exception> errors = await RunFailurePathsAsync();

        Assert.True(errors.Count >= 40, $"Only {errors.Count} failure paths ran.");
        foreach (Exception error in errors)
        {
            foreach (byte[] secret in SecretsInvolved())
            {
                Secrets.AssertNotLeaked(error, secret);
            }
        }
    }

    [Fact]
    public async Task EveryFailurePath_EventsTracesAndConsoleShowNoKey()
    {
        var captured = new ConcurrentQueue<string>();
        using (var listener = new CapturingEventListener(captured))
        using (var trace = new CapturingTraceListener(captured))
        {
            Trace.Listeners.Add(trace);
            var console = new StringWriter();
            TextWriter output = Console.Out;
            TextWriter error = Console.Error;
            Console.SetOut(console);
            Console.SetError(console);
            try
            {
                await RunFailurePathsAsync();
            }
            finally
            {
                Console.SetOut(output);
                Console.SetError(error);
                Trace.Listeners.Remove(trace);
            }

            captured.Enqueue(console.ToString());
        }

        string all = string.Join("\n", captured);
        foreach (byte[] secret in SecretsInvolved())
        {
            Secrets.AssertNotLeaked(all, secret);
        }
    }

    /// <summary>
    /// The library has no logger, EventSource or trace of its own: the channels the test above watches are the
    /// only ones it could write to. A logging dependency added later must be watched there too.
    /// </summary>
    [Fact]
    public void Library_HasNoLoggingChannelOfItsOwn()
    {
        Assembly library = typeof(S3EncryptionException).Assembly;

        Assert.DoesNotContain(library.GetTypes(), t => typeof(EventSource).IsAssignableFrom(t));
        Assert.DoesNotContain(library.GetReferencedAssemblies(), a => a.Name!.Contains("Logging"));
    }

    /// <summary>
    /// A debugger shows ToString in the value column but lists every field when the object is expanded: the key
    /// arrays (and the ciphers holding key schedules) of what a caller can hold were one click away.
    /// </summary>
    [Theory]
    [InlineData(typeof(SseCustomerKey), "_key")]
    [InlineData(typeof(AesMasterKey), "_key")]
    [InlineData(typeof(ProtectedMetadata), "_key")]
    [InlineData(typeof(EncryptingStream), "_key")]
    [InlineData(typeof(EncryptingStream), "_gcm")]
    [InlineData(typeof(SpooledPlaintextStream), "_stitched")]
    [InlineData(typeof(SpooledPlaintextStream), "_aes")]
    [InlineData(typeof(SpooledPlaintextStream), "_keystream")]
    public void KeyField_IsHiddenFromTheDebugger(Type holder, string field)
    {
        FieldInfo info = holder.GetField(field, Private)!;

        Assert.Equal(DebuggerBrowsableState.Never, info.GetCustomAttribute<DebuggerBrowsableAttribute>()?.State);
    }

    public static IEnumerable<object[]> KeyHolders() => new[]
    {
        "SseCustomerKey", "SseCustomerKey disposed", "AesMasterKey", "RsaMasterKey", "KmsMasterKey",
        "ProtectedMetadata", "ProtectedMetadata bound", "EnvelopeEncryptionClient", "DecryptedObject",
    }.Select(name => new object[] { name });

    [Theory]
    [MemberData(nameof(KeyHolders))]
    public async Task KeyHolder_ToString_ShowsNoKey(string holder)
    {
        byte[] rsaPrivate = TestRsaKeys.WriterPkcs8;
        using RSA rsa = TestRsaKeys.Load(rsaPrivate);
        string text = holder switch
        {
            "SseCustomerKey" => SseCustomerKey.FromBytes(_sseCKey).ToString(),
            "SseCustomerKey disposed" => Disposed(SseCustomerKey.FromBytes(_sseCKey)).ToString(),
            "AesMasterKey" => new AesMasterKey(_aesKey).ToString(),
            "RsaMasterKey" => RsaMasterKey.FromPkcs8PrivateKey(rsaPrivate).ToString(),
            "KmsMasterKey" => new KmsMasterKey(FakeKms.Create().Client, "alias/k").ToString(),
            "ProtectedMetadata" => new ProtectedMetadata(_metadataKey).ToString(),
            "ProtectedMetadata bound" => new ProtectedMetadata(_metadataKey, "b", "k").ToString(),
            "EnvelopeEncryptionClient" => Envelope().ToString()!,
            _ => (await WrittenAndRead()).ToString()!,
        };

        foreach (byte[] secret in SecretsInvolved().Append(rsaPrivate)
            .Append(rsa.ExportParameters(includePrivateParameters: true).D!))
        {
            Secrets.AssertNotLeaked(text, secret);
        }
    }

    [Fact]
    public void ProtectedMetadata_Dispose_ZeroesTheDerivedKey()
    {
        var protector = new ProtectedMetadata(_metadataKey);
        byte[] held = HeldKey(protector);

        protector.Dispose();

        Assert.All(held, b => Assert.Equal(0, b));
    }

    [Fact]
    public void ProtectedMetadata_ForObjectDispose_ZeroesOnlyItsOwnCopy()
    {
        using var protector = new ProtectedMetadata(_metadataKey);
        ProtectedMetadata bound = protector.ForObject("b", "k");
        byte[] boundKey = HeldKey(bound);

        bound.Dispose();

        Assert.All(boundKey, b => Assert.Equal(0, b));
        Assert.Equal("v", protector.Unprotect("n", protector.Protect("n", "v")));
    }

    [Fact]
    public void EncryptingStream_Dispose_ZeroesItsKeyCopy()
    {
        var stream = new EncryptingStream(new MemoryStream(_plaintext), _plaintext.Length, _aesKey, new byte[12],
            default);
        byte[] held = (byte[])typeof(EncryptingStream).GetField("_key", Private)!.GetValue(stream)!;

        stream.Dispose();

        Assert.All(held, b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task PutObject_ZeroesTheDataKeyItWasHanded()
    {
        await Envelope().PutObjectAsync(Put());

        Assert.All(Assert.Single(_masterKey.Handed), b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task GetObject_ZeroesTheUnwrappedDataKey()
    {
        using DecryptedObject result = await WrittenAndRead();

        Assert.Equal(2, _masterKey.Handed.Count);
        Assert.All(_masterKey.Handed, key => Assert.All(key, b => Assert.Equal(0, b)));
    }

    [Fact]
    public async Task GetObjectRefused_ZeroesTheUnwrappedDataKey()
    {
        await Envelope().PutObjectAsync(Put());
        StoredObject stored = _s3.Objects["b/k"];
        _s3.Objects["b/k"] = stored with { Body = stored.Body.Select(b => (byte)(b ^ 1)).ToArray() };

        await Assert.ThrowsAsync<ObjectAuthenticationException>(() => Envelope().GetObjectAsync("b", "k"));

        Assert.Equal(2, _masterKey.Handed.Count);
        Assert.All(_masterKey.Handed, key => Assert.All(key, b => Assert.Equal(0, b)));
    }

    private async Task<List<Exception>> RunFailurePathsAsync()
    {
        var errors = new List<Exception>();
        var https = new AmazonS3Config { RegionEndpoint = Amazon.RegionEndpoint.USEast1 };
        var http = new AmazonS3Config { ServiceURL = "http://127.0.0.1:9000" };
        var texts = new[]
        {
            Encoding.ASCII.GetString(_aesKey), Convert.ToHexString(_aesKey), Convert.ToBase64String(_aesKey) + "!",
            Convert.ToBase64String(_aesKey).Replace('+', '-').Replace('/', '_') + "-_",
        };
        foreach (int size in new[] { 0, 16, 24, 31, 33 })
        {
            byte[] sized = size <= 32 ? _aesKey[..size] : _aesKey.Append((byte)'x').ToArray();
            Capture(errors, () => new AesMasterKey(sized));
            Capture(errors, () => AesMasterKey.FromBase64(Convert.ToBase64String(sized)));
            Capture(errors, () => SseCustomerKey.FromBytes(sized));
            Capture(errors, () => SseCustomerKey.FromBase64(Convert.ToBase64String(sized)));
            Capture(errors, () => new ProtectedMetadata(sized));
        }

        foreach (string text in texts)
        {
            Capture(errors, () => AesMasterKey.FromBase64(text));
            Capture(errors, () => SseCustomerKey.FromBase64(text));
        }

        using (SseCustomerKey sseC = SseCustomerKey.FromBytes(_sseCKey))
        {
            Capture(errors, () => sseC.ApplyTo(new PutObjectRequest(), http));
            Capture(errors, () => sseC.ApplyTo(new GetPreSignedUrlRequest { Protocol = Protocol.HTTP }, https));
            Capture(errors, () => sseC.CopyTo(new byte[16]));
            sseC.Dispose();
            Capture(errors, () => sseC.ApplyTo(new GetObjectRequest(), https));
        }

        using (var protector = new ProtectedMetadata(_metadataKey, "b", "k"))
        using (var other = new ProtectedMetadata(_otherAesKey, "b", "k"))
        {
            string sealedValue = protector.Protect("salary", Encoding.ASCII.GetString(_plaintext));
            Capture(errors, () => other.Unprotect("salary", sealedValue));
            Capture(errors, () => protector.Unprotect("bonus", sealedValue));
            // The second-to-last character always carries six significant bits: changing it changes the bytes.
            char kept = sealedValue[^2];
            string tampered = sealedValue[..^2] + (kept == 'A' ? 'B' : 'A') + sealedValue[^1];
            Capture(errors, () => protector.Unprotect("salary", tampered));
            Capture(errors, () => protector.Unprotect("salary", Encoding.ASCII.GetString(_metadataKey)));
            Capture(errors, () => protector.Protect("notes", new string('x', 2000)));
        }

        await CaptureEnvelopeFailuresAsync(errors);
        return errors;
    }

    private async Task CaptureEnvelopeFailuresAsync(List<Exception> errors)
    {
        await Envelope().PutObjectAsync(Put());
        StoredObject original = _s3.Objects["b/k"];
        var edits = new List<Func<StoredObject, StoredObject>>
        {
            o => o with { Body = o.Body.Select((b, i) => i == 0 ? (byte)(b ^ 1) : b).ToArray() },
            o => o with { Body = o.Body[..^1] },
            o => o with { Body = o.Body[..15] },
            o => o.With("x-amz-3", "AAAA"),
            o => o.With("x-amz-d", Convert.ToBase64String(new byte[28])),
            o => o.With("x-amz-c", "114"),
            o => o.With("x-amz-w", "22"),
            o => o.With("x-amz-i", null),
        };
        foreach (Func<StoredObject, StoredObject> edit in edits)
        {
            _s3.Objects["b/k"] = edit(original);
            await CaptureAsync(errors, () => Envelope(throughFile: true).GetObjectAsync("b", "k"));
            await CaptureAsync(errors, () => Envelope().GetObjectAsync("b", "k"));
        }

        _s3.Objects["b/k"] = original;
        using (var other = new AesMasterKey(_otherAesKey))
        {
            await CaptureAsync(errors, () => new EnvelopeEncryptionClient(_s3.Client, other).GetObjectAsync("b", "k"));
        }

        using (var kms = new KmsMasterKey(FakeKms.Create().Client, "alias/k"))
        {
            await CaptureAsync(errors, () => new EnvelopeEncryptionClient(_s3.Client, kms).GetObjectAsync("b", "k"));
        }

        var strict = new EnvelopeEncryptionOptions { CommitmentPolicy = CommitmentPolicy.RequireEncryptRequireDecrypt };
        var v2 = new EnvelopeEncryptionOptions { CommitmentPolicy = CommitmentPolicy.ForbidEncryptAllowDecrypt };
        await new EnvelopeEncryptionClient(_s3.Client, _masterKey, v2).PutObjectAsync(Put());
        await CaptureAsync(errors, () => new EnvelopeEncryptionClient(_s3.Client, _masterKey, strict)
            .GetObjectAsync("b", "k"));
    }

    private IEnumerable<byte[]> SecretsInvolved() =>
        new[] { _aesKey, _otherAesKey, _sseCKey, _metadataKey, _plaintext }.Concat(_masterKey.Values);

    private EnvelopeEncryptionClient Envelope(bool throughFile = false) => new(_s3.Client, _masterKey,
        new EnvelopeEncryptionOptions { InMemoryLimit = throughFile ? 0 : 1 << 20, TemporaryDirectory = _temp });

    private async Task<DecryptedObject> WrittenAndRead()
    {
        await Envelope().PutObjectAsync(Put());
        return await Envelope().GetObjectAsync("b", "k");
    }

    private PutObjectRequest Put() => new() { BucketName = "b", Key = "k", InputStream = new MemoryStream(_plaintext) };

    private static byte[] HeldKey(ProtectedMetadata protector) =>
        (byte[])typeof(ProtectedMetadata).GetField("_key", Private)!.GetValue(protector)!;

    private static SseCustomerKey Disposed(SseCustomerKey key)
    {
        key.Dispose();
        return key;
    }

    /// <summary>32 random printable ASCII bytes: a passphrase pasted where a key belongs, the raw-text case.</summary>
    private static byte[] PrintableKey() =>
        RandomNumberGenerator.GetItems<byte>(Enumerable.Range(0x21, 0x7e - 0x21).Select(i => (byte)i).ToArray(), 32);

    private static void Capture(List<Exception> errors, Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            errors.Add(ex);
            return;
        }

        throw new Xunit.Sdk.XunitException("A failure path succeeded.");
    }

    private static async Task CaptureAsync(List<Exception> errors, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex)
        {
            errors.Add(ex);
            return;
        }

        throw new Xunit.Sdk.XunitException("A failure path succeeded.");
    }

    /// <summary>Every event source but the runtime's and the task library's, whose volume says nothing about
    /// keys.</summary>
    private sealed class CapturingEventListener : EventListener
    {
        private readonly ConcurrentQueue<string> _captured;

        public CapturingEventListener(ConcurrentQueue<string> captured) => _captured = captured;

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name is "Microsoft-Windows-DotNETRuntime" or "System.Threading.Tasks.TplEventSource"
                or "System.Runtime")
            {
                return;
            }

            EnableEvents(eventSource, EventLevel.Verbose, EventKeywords.All);
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            // The field is set after the base constructor, which may already report events.
            _captured?.Enqueue(eventData.EventSource.Name + " " + eventData.EventName + " " + eventData.Message + " "
                + string.Join(" ", eventData.Payload?.Select(Describe) ?? Enumerable.Empty<string>()));
        }

        private static string Describe(object? value) => value is byte[] bytes
            ? Convert.ToBase64String(bytes) + " " + Encoding.Latin1.GetString(bytes)
            : value?.ToString() ?? "";
    }

    private sealed class CapturingTraceListener : TraceListener
    {
        private readonly ConcurrentQueue<string> _captured;

        public CapturingTraceListener(ConcurrentQueue<string> captured) => _captured = captured;

        public override void Write(string? message) => _captured.Enqueue(message ?? "");

        public override void WriteLine(string? message) => _captured.Enqueue(message ?? "");
    }
}
