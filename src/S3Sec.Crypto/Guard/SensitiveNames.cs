using System;
using System.Collections.Generic;
using System.Linq;

namespace S3Sec.Crypto.Guard;

/// <summary>Whole-word matching of metadata names against sensitive words.</summary>
public static class SensitiveNames
{
    /// <summary>
    /// Splits a name into lower-case words at <c>-</c>, <c>_</c>, <c>.</c>, spaces, camel-case humps and where
    /// letters and digits meet (<c>userEmail</c> gives user, email; <c>SSNNumber</c> gives ssn, number;
    /// <c>email1</c> gives email, 1), the same words the analyzers see.
    /// </summary>
    public static IReadOnlyList<string> SplitWords(string name)
    {
        var words = new List<string>();
        int start = -1;
        for (int i = 0; i <= name.Length; i++)
        {
            bool boundary = i == name.Length || !char.IsLetterOrDigit(name[i]);
            bool hump = !boundary && start >= 0 && i > start && IsHump(name, i);
            if ((boundary || hump) && start >= 0)
            {
                words.Add(name[start..i].ToLowerInvariant());
                start = -1;
            }

            if (!boundary && start < 0)
            {
                start = i;
            }
        }

        return words;
    }

    /// <summary>
    /// True when the words of <paramref name="name"/> contain the words of any entry as a contiguous run
    /// (<c>user_email</c> matches <c>email</c>; <c>tokenizer</c> does not match <c>token</c>).
    /// </summary>
    public static bool IsSensitive(string name, IEnumerable<string> sensitiveNames)
    {
        IReadOnlyList<string> words = SplitWords(name);
        foreach (string entry in sensitiveNames)
        {
            IReadOnlyList<string> needle = SplitWords(entry);
            if (needle.Count > 0 && ContainsRun(words, needle))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsHump(string name, int i)
    {
        char previous = name[i - 1];
        char current = name[i];
        if (char.IsLower(previous) && char.IsUpper(current))
        {
            return true;
        }

        // Letters and digits always part, as in the analyzers' splitting: "password2" holds "password".
        if (char.IsDigit(previous) != char.IsDigit(current))
        {
            return true;
        }

        // "SSNNumber": the hump is before the last capital of a run that is followed by a lower-case letter.
        return char.IsUpper(previous) && char.IsUpper(current) && i + 1 < name.Length && char.IsLower(name[i + 1]);
    }

    private static bool ContainsRun(IReadOnlyList<string> words, IReadOnlyList<string> run)
    {
        for (int start = 0; start + run.Count <= words.Count; start++)
        {
            if (!run.Where((word, offset) => words[start + offset] != word).Any())
            {
                return true;
            }
        }

        return false;
    }
}
