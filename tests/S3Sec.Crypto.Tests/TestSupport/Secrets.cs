using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Xunit;

namespace S3Sec.Crypto.Tests.TestSupport;

public static class Secrets
{
    /// <summary>A truncated echo leaks as much as a whole one, so runs of this many bytes are checked too.</summary>
    private const int WindowSize = 9;

    /// <summary>Runs are taken from this many leading bytes: all of a key, and where an echoed plaintext starts.
    /// Every run of a kilobyte of plaintext would make each check a hundred times slower.</summary>
    private const int WindowedPrefix = 64;

    /// <summary>Asserts that text shows the key in none of its usual spellings.</summary>
    public static void AssertNotLeaked(string? text, byte[] key)
    {
        if (text == null)
        {
            return;
        }

        foreach (string spelling in Spellings(key))
        {
            Assert.False(text.Contains(spelling, StringComparison.Ordinal), "The text holds key material.");
        }
    }

    public static void AssertNotLeaked(Exception exception, byte[] key)
    {
        for (Exception? e = exception; e != null; e = e.InnerException)
        {
            AssertNotLeaked(e.Message, key);
            AssertNotLeaked(e.ToString(), key);
        }
    }

    /// <summary>
    /// The key as base64 (padded and not), base64url, hex in either case, and its raw bytes read as UTF-8 and
    /// Latin-1; plus every run of <see cref="WindowSize"/> bytes of its start in those forms, where the run is
    /// varied enough not to turn up by chance.
    /// </summary>
    public static IEnumerable<string> Spellings(byte[] key)
    {
        var spellings = new HashSet<string>(StringComparer.Ordinal);
        AddWholeSpellings(spellings, key);
        for (int offset = 0; offset + WindowSize <= Math.Min(key.Length, WindowedPrefix); offset++)
        {
            byte[] window = key.AsSpan(offset, WindowSize).ToArray();
            if (window.Distinct().Count() < 6)
            {
                continue;
            }

            string base64 = Convert.ToBase64String(window);
            spellings.Add(base64);
            spellings.Add(ToBase64Url(base64));
            spellings.Add(Convert.ToHexString(window));
            spellings.Add(Convert.ToHexString(window).ToLowerInvariant());
            if (window.All(b => b is >= 0x20 and < 0x7f))
            {
                spellings.Add(Encoding.ASCII.GetString(window));
            }
        }

        return spellings;
    }

    private static void AddWholeSpellings(HashSet<string> spellings, byte[] key)
    {
        // A key of a few bytes spells like any short word or number; too short to be found, it is not checked.
        if (key.Length < WindowSize)
        {
            return;
        }

        string base64 = Convert.ToBase64String(key);
        spellings.Add(base64);
        spellings.Add(base64.TrimEnd('='));
        spellings.Add(ToBase64Url(base64));
        spellings.Add(Convert.ToHexString(key));
        spellings.Add(Convert.ToHexString(key).ToLowerInvariant());
        spellings.Add(Encoding.UTF8.GetString(key));
        spellings.Add(Encoding.Latin1.GetString(key));
    }

    private static string ToBase64Url(string base64) => base64.Replace('+', '-').Replace('/', '_').TrimEnd('=');
}
