using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using S3Sec.Crypto.Tests.TestSupport;
using Xunit;
using Xunit.Sdk;

namespace S3Sec.Crypto.Tests.Robustness;

/// <summary>The leak checks above prove something only if the detector sees every spelling it claims to.</summary>
public class LeakDetectorTests
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes("k3y?With+Slash/And~Printable#Raw");

    public static IEnumerable<object[]> Spellings() => new Dictionary<string, string>
    {
        ["base64"] = Convert.ToBase64String(Key),
        ["base64 unpadded"] = Convert.ToBase64String(Key).TrimEnd('='),
        ["base64url"] = Convert.ToBase64String(Key).Replace('+', '-').Replace('/', '_').TrimEnd('='),
        ["hex upper"] = Convert.ToHexString(Key),
        ["hex lower"] = Convert.ToHexString(Key).ToLowerInvariant(),
        ["raw UTF-8"] = Encoding.UTF8.GetString(Key),
        ["9-byte run as hex"] = Convert.ToHexString(Key, 5, 9).ToLowerInvariant(),
        ["9-byte run as base64"] = Convert.ToBase64String(Key, 7, 9),
        ["9-byte run raw"] = Encoding.ASCII.GetString(Key, 20, 9),
    }.Select(p => new object[] { p.Key, p.Value });

    [Theory]
    [MemberData(nameof(Spellings))]
    public void AssertNotLeaked_MessageWithSpelling_Fails(string form, string spelling)
    {
        string message = $"Refused ({form}): '{spelling}'.";

        Assert.ThrowsAny<XunitException>(() => Secrets.AssertNotLeaked(message, Key));
    }

    [Fact]
    public void AssertNotLeaked_EightByteRun_Passes()
    {
        Secrets.AssertNotLeaked("Refused: " + Convert.ToHexString(Key, 0, 8), Key);
    }
}
