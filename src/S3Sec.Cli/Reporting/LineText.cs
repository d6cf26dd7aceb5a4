using System.Globalization;
using System.Text;

namespace S3Sec.Cli.Reporting;

/// <summary>
/// Makes text from the scanned repository safe for one line of a text report or of standard error. File names and
/// string constants may hold any character: a line break in a file name wrote a line of its own, which a CI log
/// parser takes for a finding (<c>Fake.cs(1,1): error ...</c>), and an escape sequence (ESC, BEL) reached the
/// reader's terminal. Such characters, and the bidirectional controls that reorder text on screen, are shown as
/// <c>\uXXXX</c>, as the JSON report writes them.
/// </summary>
internal static class LineText
{
    public static string Escape(string text)
    {
        var first = IndexOfUnsafe(text, 0);
        if (first < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        escaped.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (IsUnsafe(c))
            {
                escaped.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    private static int IndexOfUnsafe(string text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsUnsafe(char c) =>
        char.IsControl(c)
        || c is '\u061C' or '\u200E' or '\u200F' or '\u2028' or '\u2029'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2066' and <= '\u2069';
}
