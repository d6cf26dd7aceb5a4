using System;

namespace S3Sec.Analyzers.Model;

/// <summary>
/// Splits identifiers and metadata names into words without allocating strings: <c>user-email</c>,
/// <c>user_email</c>, <c>userEmail</c>, <c>UserEmail</c> and <c>USER_EMAIL</c> all give "user", "email";
/// <c>SSNLast4</c> gives "SSN", "Last", "4". Words are (start, length) pairs into the original text.
/// </summary>
internal static class NameWords
{
    /// <summary>
    /// Words a <see cref="Split"/> buffer of the usual size holds: no real identifier has more, and
    /// <see cref="SplitAll"/> grows it for a name that does.
    /// </summary>
    public const int MaxWords = 32;

    [ThreadStatic]
    private static int[]? s_bounds;

    /// <summary>
    /// Writes the words of <paramref name="text"/> from <paramref name="start"/> into <paramref name="bounds"/>
    /// as start, length pairs and returns how many words it found (at most as many as the buffer holds).
    /// </summary>
    public static int Split(string text, int start, int[] bounds)
    {
        var capacity = bounds.Length / 2;
        var count = 0;
        var wordStart = -1;
        for (var i = start; i < text.Length && count < capacity; i++)
        {
            var c = text[i];
            if (!char.IsLetterOrDigit(c))
            {
                if (wordStart >= 0)
                {
                    count = Add(bounds, count, wordStart, i);
                    wordStart = -1;
                }

                continue;
            }

            if (wordStart >= 0 && StartsWord(text, i))
            {
                count = Add(bounds, count, wordStart, i);
                wordStart = i;
                continue;
            }

            if (wordStart < 0)
            {
                wordStart = i;
            }
        }

        if (wordStart >= 0 && count < capacity)
        {
            count = Add(bounds, count, wordStart, text.Length);
        }

        return count;
    }

    /// <summary>
    /// Like <see cref="Split"/>, but every word: when <paramref name="bounds"/> fills up, it is replaced by one
    /// that holds a word per character. The runtime guard decides on names an application makes up at run time,
    /// where a sensitive word after a long prefix must still count.
    /// </summary>
    public static int SplitAll(string text, int start, ref int[] bounds)
    {
        var count = Split(text, start, bounds);
        if (count < bounds.Length / 2)
        {
            return count;
        }

        bounds = new int[2 * (text.Length - start)];
        return Split(text, start, bounds);
    }

    /// <summary>True when one of the words of <paramref name="text"/> is one of <paramref name="words"/>.</summary>
    public static bool ContainsAny(string text, string[] words)
    {
        var bounds = s_bounds ??= new int[2 * MaxWords];
        var count = Split(text, 0, bounds);
        for (var i = 0; i < count; i++)
        {
            foreach (var word in words)
            {
                if (Equals(text, bounds[2 * i], bounds[(2 * i) + 1], word))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True when the word at <paramref name="start"/> is <paramref name="word"/>, ignoring case.</summary>
    public static bool Equals(string text, int start, int length, string word)
    {
        return length == word.Length
            && string.Compare(text, start, word, 0, length, StringComparison.OrdinalIgnoreCase) == 0;
    }

    /// <summary>Like <see cref="Equals(string, int, int, string)"/>, also accepting the plural -s and -es.</summary>
    public static bool EqualsOrPlural(string text, int start, int length, string word)
    {
        if (Equals(text, start, length, word))
        {
            return true;
        }

        var suffix = length - word.Length;
        if (suffix is not 1 and not 2
            || string.Compare(text, start, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) != 0)
        {
            return false;
        }

        var end = start + length;
        return suffix == 1
            ? char.ToLowerInvariant(text[end - 1]) == 's'
            : char.ToLowerInvariant(text[end - 2]) == 'e' && char.ToLowerInvariant(text[end - 1]) == 's';
    }

    private static int Add(int[] bounds, int count, int start, int end)
    {
        bounds[2 * count] = start;
        bounds[(2 * count) + 1] = end - start;
        return count + 1;
    }

    /// <summary>
    /// A new word begins at a lower-to-upper change (<c>userEmail</c>), at the last capital of an acronym that
    /// runs into a word (<c>SSNNumber</c>), and where letters and digits meet (<c>address2</c>). An acronym's plural
    /// <c>s</c> stays on it (<c>customerSSNs</c>, <c>UserIDs</c>): it is not a word of its own.
    /// </summary>
    private static bool StartsWord(string text, int i)
    {
        var previous = text[i - 1];
        var current = text[i];
        if (char.IsDigit(previous) != char.IsDigit(current))
        {
            return true;
        }

        if (!char.IsUpper(current))
        {
            return false;
        }

        if (char.IsLower(previous))
        {
            return true;
        }

        return char.IsUpper(previous) && i + 1 < text.Length && char.IsLower(text[i + 1]) && !IsPluralS(text, i + 1);
    }

    private static bool IsPluralS(string text, int i)
    {
        return text[i] == 's' && (i + 1 == text.Length || !char.IsLower(text[i + 1]));
    }
}
