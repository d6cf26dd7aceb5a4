using System;
using Xunit;

namespace S3Sec.Crypto.Tests.TestSupport;

public static class Secrets
{
    /// <summary>Asserts that text shows the key in none of its usual spellings.</summary>
    public static void AssertNotLeaked(string? text, byte[] key)
    {
        if (text == null)
        {
            return;
        }

        string base64 = Convert.ToBase64String(key);
        Assert.DoesNotContain(base64, text, StringComparison.Ordinal);
        Assert.DoesNotContain(base64.TrimEnd('='), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(key), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(base64.Replace('+', '-').Replace('/', '_').TrimEnd('='), text, StringComparison.Ordinal);
    }

    public static void AssertNotLeaked(Exception exception, byte[] key)
    {
        for (Exception? e = exception; e != null; e = e.InnerException)
        {
            AssertNotLeaked(e.Message, key);
            AssertNotLeaked(e.ToString(), key);
        }
    }
}
