using System.Collections.Generic;
using S3Sec.Crypto.Envelope;
using Xunit;

namespace S3Sec.Crypto.Tests.Envelope;

/// <summary>
/// The README's exception to "no metadata value in a message": an unsupported algorithm field is quoted, cut to
/// 40 characters, with everything outside printable ASCII shown as '?'. Nothing else of the value gets through.
/// </summary>
public class EnvelopeHeaderMessageTests
{
    private const string Quoted = "AES/CBC?PKCS5Padding?ok-0123456789abcdef";
    private const string Value = "AES/CBC\nPKCS5Padding\u00e9ok-0123456789abcdefTAIL-NOT-QUOTED";

    [Theory]
    [InlineData(EnvelopeKeys.V2ContentCipher)]
    [InlineData(EnvelopeKeys.V2TagLength)]
    [InlineData(EnvelopeKeys.V2WrapAlgorithm)]
    [InlineData(EnvelopeKeys.V3ContentCipher)]
    [InlineData(EnvelopeKeys.V3WrapAlgorithm)]
    public void UnsupportedAlgorithmField_IsQuotedShortAndPrintable(string field)
    {
        Dictionary<string, string> metadata =
            field is EnvelopeKeys.V3ContentCipher or EnvelopeKeys.V3WrapAlgorithm ? V3(field) : V2(field);

        var error = Assert.Throws<UnsupportedEncryptionAlgorithmException>(() => EnvelopeHeader.Parse(metadata));

        Assert.Contains("'" + Quoted + "'", error.Message);
        Assert.DoesNotContain("TAIL", error.Message);
        Assert.DoesNotContain("\n", error.Message);
        Assert.DoesNotContain("\u00e9", error.Message);
    }

    private static Dictionary<string, string> V2(string tampered)
    {
        var metadata = new Dictionary<string, string>
        {
            [EnvelopeKeys.V2WrappedKey] = "AAAA",
            [EnvelopeKeys.V2ContentCipher] = EnvelopeKeys.CipherAesGcm,
            [EnvelopeKeys.V2WrapAlgorithm] = EnvelopeKeys.WrapAesGcm,
        };
        metadata[tampered] = Value;
        return metadata;
    }

    private static Dictionary<string, string> V3(string tampered)
    {
        var metadata = new Dictionary<string, string>
        {
            [EnvelopeKeys.V3WrappedKey] = "AAAA",
            [EnvelopeKeys.V3ContentCipher] = EnvelopeKeys.CipherCommittingSuite,
            [EnvelopeKeys.V3WrapAlgorithm] = "02",
        };
        metadata[tampered] = Value;
        return metadata;
    }
}
