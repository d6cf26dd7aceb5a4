using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using S3Sec.Crypto.Tests.TestSupport;
using Xunit;

namespace S3Sec.Crypto.Tests.Robustness;

/// <summary>
/// Every class of change to the stored body (one flipped bit at each position class, cuts at the sizes where
/// a streaming reader changes behaviour, one extra byte), in every layout, on both read paths.
/// </summary>
public class BodyTamperingTests
{
    private const int PlaintextSize = 1000;

    public static IEnumerable<object[]> FlipPositions() =>
        from layout in Enum.GetValues<Layout>()
        from position in new[] { "first", "middle", "last-ciphertext" }
            .Concat(Enumerable.Range(0, 16).Select(i => "tag-" + i))
        from throughFile in new[] { false, true }
        select new object[] { layout, position, throughFile };

    public static IEnumerable<object[]> Cuts() =>
        from layout in Enum.GetValues<Layout>()
        from length in new[] { "0", "1", "15", "16", "17", "length-1" }
        from throughFile in new[] { false, true }
        select new object[] { layout, length, throughFile };

    public static IEnumerable<object[]> V2Cuts() => Cuts().Where(row => (Layout)row[0] is Layout.V2Metadata
        or Layout.V2InstructionFile);

    public static IEnumerable<object[]> LayoutsAndPaths() =>
        from layout in Enum.GetValues<Layout>()
        from throughFile in new[] { false, true }
        select new object[] { layout, throughFile };

    [Theory]
    [MemberData(nameof(FlipPositions))]
    public async Task OneBitFlipped_IsRefusedAsObjectAuthenticationAndReleasesNothing(
        Layout layout, string position, bool throughFile)
    {
        using EnvelopeTarget target = await EnvelopeTarget.WriteAsync(layout, PlaintextSize);
        byte[] body = target.Body.ToArray();
        int index = position switch
        {
            "first" => 0,
            "middle" => PlaintextSize / 2,
            "last-ciphertext" => PlaintextSize - 1,
            _ => PlaintextSize + int.Parse(position["tag-".Length..]),
        };
        body[index] ^= 0x01;
        target.Body = body;

        Refusal.Assert<ObjectAuthenticationException>(await target.ReadAsync(throughFile), target);
    }

    [Theory]
    [MemberData(nameof(Cuts))]
    public async Task BodyCut_IsRefusedAsObjectAuthenticationAndReleasesNothing(
        Layout layout, string length, bool throughFile)
    {
        using EnvelopeTarget target = await EnvelopeTarget.WriteAsync(layout, PlaintextSize);
        target.Body = target.Body[..CutLength(length, target.Body.Length)];

        Refusal.Assert<ObjectAuthenticationException>(await target.ReadAsync(throughFile), target);
    }

    /// <summary>V2 records the plaintext length, which catches a cut first; without it the tag must.</summary>
    [Theory]
    [MemberData(nameof(V2Cuts))]
    public async Task BodyCutWithLengthFieldRemoved_IsRefusedAsObjectAuthentication(
        Layout layout, string length, bool throughFile)
    {
        using EnvelopeTarget target = await EnvelopeTarget.WriteAsync(layout, PlaintextSize);
        target.SetField("x-amz-unencrypted-content-length", null);
        target.Body = target.Body[..CutLength(length, target.Body.Length)];

        Refusal.Assert<ObjectAuthenticationException>(await target.ReadAsync(throughFile), target);
    }

    [Theory]
    [MemberData(nameof(LayoutsAndPaths))]
    public async Task BodyExtendedByOneByte_IsRefusedAsObjectAuthenticationAndReleasesNothing(
        Layout layout, bool throughFile)
    {
        using EnvelopeTarget target = await EnvelopeTarget.WriteAsync(layout, PlaintextSize);
        target.Body = target.Body.Append((byte)0).ToArray();

        Refusal.Assert<ObjectAuthenticationException>(await target.ReadAsync(throughFile), target);
    }

    [Theory]
    [MemberData(nameof(LayoutsAndPaths))]
    public async Task UntouchedObject_ReleasesExactlyItsPlaintext(Layout layout, bool throughFile)
    {
        using EnvelopeTarget target = await EnvelopeTarget.WriteAsync(layout, PlaintextSize);

        ReadOutcome outcome = await target.ReadAsync(throughFile);

        Assert.Null(outcome.Error);
        Assert.Equal(target.Plaintext, outcome.Plaintext);
        Assert.Equal(PlaintextSize, outcome.BytesReleased);
    }

    private static int CutLength(string length, int bodyLength) =>
        length == "length-1" ? bodyLength - 1 : int.Parse(length);

    /// <summary>
    /// A server or cache that answers a whole-object GET with a part (a Content-Range) is refused for that reason,
    /// not as a tag that does not match; a Content-Range of the whole body is no part.
    /// </summary>
    [Theory]
    [MemberData(nameof(LayoutsAndPaths))]
    public async Task PartialContentForAWholeObjectGet_IsRefusedNamingTheRange(Layout layout, bool throughFile)
    {
        using EnvelopeTarget target = await EnvelopeTarget.WriteAsync(layout, PlaintextSize);
        int total = target.Body.Length;
        target.Body = target.Body[..500];
        target.S3.ReportContentRange = key => key == EnvelopeTarget.Key ? $"bytes 0-499/{total}" : null;

        ReadOutcome outcome = await target.ReadAsync(throughFile);

        Exception error = Refusal.Assert<ObjectAuthenticationException>(outcome, target);
        Assert.Contains("only part of the object", error.Message);
    }

    [Theory]
    [MemberData(nameof(LayoutsAndPaths))]
    public async Task ContentRangeOfTheWholeBody_Decrypts(Layout layout, bool throughFile)
    {
        using EnvelopeTarget target = await EnvelopeTarget.WriteAsync(layout, PlaintextSize);
        int total = target.Body.Length;
        target.S3.ReportContentRange = key => key == EnvelopeTarget.Key ? $"bytes 0-{total - 1}/{total}" : null;

        ReadOutcome outcome = await target.ReadAsync(throughFile);

        Assert.Null(outcome.Error);
        Assert.Equal(target.Plaintext, outcome.Plaintext);
    }

    public static IEnumerable<object[]> MalformedRanges() =>
        from range in new[]
        {
            "bytes */{0}", "bytes 0-{1}/*", "bytes -0-{1}/{0}", "bytes 0-{1}/{0}, 0-{1}/{0}", "bytes 0-{0}/{0}",
            "bytes 1-{1}/{0}", "bytes 00-{1}/{0}", "bytes 0-99999999999999999999999/{0}", "bytes 0 - {1} / {0}",
            "Bytes 0-{1}/{0}", "bytes=0-{1}", "0-{1}/{0}", " ", "bytes 0-{1}/{0}0",
        }
        from layout in new[] { Layout.V2Metadata, Layout.V3InstructionFile }
        from throughFile in new[] { false, true }
        select new object[] { range, layout, throughFile };

    /// <summary>
    /// Only the exact whole-body range passes: a malformed, unsatisfied, multiple, padded or oversized
    /// Content-Range is refused as a part, before the instruction file or the master key is asked.
    /// </summary>
    [Theory]
    [MemberData(nameof(MalformedRanges))]
    public async Task ContentRangeOtherThanTheExactWholeBody_IsRefusedAsAPart(
        string range, Layout layout, bool throughFile)
    {
        using EnvelopeTarget target = await EnvelopeTarget.WriteAsync(layout, PlaintextSize);
        int total = target.Body.Length;
        string reported = string.Format(System.Globalization.CultureInfo.InvariantCulture, range, total, total - 1);
        target.S3.ReportContentRange = key => key == EnvelopeTarget.Key ? reported : null;

        ReadOutcome outcome = await target.ReadAsync(throughFile);

        Exception error = Refusal.Assert<ObjectAuthenticationException>(outcome, target);
        Assert.Contains("only part of the object", error.Message);
        Assert.Single(target.S3.Gets);
    }

    /// <summary>
    /// A connection reset in the middle of the body is the reader's own failure: it propagates, and no plaintext
    /// byte, temporary file, key or plaintext in the message is left behind on either read path.
    /// </summary>
    [Theory]
    [MemberData(nameof(LayoutsAndPaths))]
    public async Task ConnectionResetMidBody_ReleasesNothingAndLeavesNoFile(Layout layout, bool throughFile)
    {
        using EnvelopeTarget target = await EnvelopeTarget.WriteAsync(layout, PlaintextSize);
        int total = target.Body.Length;
        target.S3.WrapResponseBody = inner => inner.Length == total ? new ResettingStream(inner, total / 2) : inner;

        ReadOutcome outcome = await target.ReadAsync(throughFile);

        Assert.IsType<System.IO.IOException>(outcome.Error);
        Assert.Equal(0, outcome.BytesReleased);
        Assert.Equal(0, outcome.FilesLeft);
        Secrets.AssertNotLeaked(outcome.Error!, target.MasterKeyBytes);
        Secrets.AssertNotLeaked(outcome.Error!, target.Plaintext);
    }

    private sealed class ResettingStream(System.IO.Stream inner, int failAfter) : System.IO.Stream
    {
        private int _passed;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) =>
            ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(
            byte[] buffer, int offset, int count, System.Threading.CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, System.IO.SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(
            Memory<byte> buffer, System.Threading.CancellationToken cancellationToken = default)
        {
            if (_passed >= failAfter)
            {
                throw new System.IO.IOException("The connection was reset.");
            }

            int read = await inner.ReadAsync(buffer[..Math.Min(buffer.Length, failAfter - _passed)], cancellationToken);
            _passed += read;
            return read;
        }
    }
}
