using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using S3Sec.Crypto.Envelope;

namespace S3Sec.Crypto.Tests.TestSupport;

/// <summary>
/// A master key that delegates to another and remembers every data key it hands out: the arrays themselves, to
/// prove the library zeroes them, and copies of their values, to prove no message or log shows them.
/// </summary>
public sealed class RecordingMasterKey : MasterKey
{
    private readonly MasterKey _inner;

    public RecordingMasterKey(MasterKey inner) => _inner = inner;

    /// <summary>The arrays given to the library, which it must zero once the content key exists.</summary>
    public ConcurrentQueue<byte[]> Handed { get; } = new();

    /// <summary>Copies of the data key values, taken before the library saw them.</summary>
    public ConcurrentQueue<byte[]> Values { get; } = new();

    public override string WrapAlgorithm => _inner.WrapAlgorithm;

    internal override async Task<WrappedDataKey> GenerateDataKeyAsync(
        string contentCipher, CancellationToken cancellationToken)
    {
        WrappedDataKey key = await _inner.GenerateDataKeyAsync(contentCipher, cancellationToken);
        Remember(key.PlaintextKey);
        return key;
    }

    internal override async Task<byte[]> UnwrapDataKeyAsync(
        byte[] wrappedKey, string contentCipher, IReadOnlyDictionary<string, string> materialsDescription,
        CancellationToken cancellationToken)
    {
        byte[] key = await _inner.UnwrapDataKeyAsync(wrappedKey, contentCipher, materialsDescription,
            cancellationToken);
        Remember(key);
        return key;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }
    }

    private void Remember(byte[] key)
    {
        Handed.Enqueue(key);
        Values.Enqueue((byte[])key.Clone());
    }
}
