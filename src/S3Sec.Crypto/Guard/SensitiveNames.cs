using System;
using System.Collections.Generic;
using S3Sec.Analyzers.Model;

namespace S3Sec.Crypto.Guard;

/// <summary>
/// Decides whether a metadata name or tag key names sensitive data, with the analyzers' own vocabulary and rules
/// (the source files of S3SEC020 and S3SEC021 are compiled into this library), so the guard refuses exactly the
/// names those rules report.
/// </summary>
public static class SensitiveNames
{
    /// <summary>
    /// Splits a name into lower-case words at <c>-</c>, <c>_</c>, <c>.</c>, spaces, camel-case humps and where
    /// letters and digits meet (<c>userEmail</c> gives user, email; <c>SSNNumber</c> gives ssn, number;
    /// <c>email1</c> gives email, 1), the same words the analyzers see, however many there are.
    /// </summary>
    public static IReadOnlyList<string> SplitWords(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int[] bounds = new int[2 * NameWords.MaxWords];
        int count = NameWords.SplitAll(name, 0, ref bounds);
        var words = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            words.Add(name.Substring(bounds[2 * i], bounds[(2 * i) + 1]).ToLowerInvariant());
        }

        return words;
    }

    /// <summary>
    /// True when <paramref name="name"/> names what one of <paramref name="sensitiveNames"/> names, as whole words
    /// (<c>user_email</c> and <c>emails</c> match <c>email</c>; <c>tokenizer</c> does not match <c>token</c>), and
    /// not as something about it: a following qualifier (<c>password-policy</c>, <c>email-hash</c>,
    /// <c>api-key-id</c>) or a leading protecting word (<c>hashed-password</c>) makes the name not sensitive. An entry
    /// that is one of <see cref="S3RuntimeGuardOptions.DefaultSensitiveNames"/>, in any spelling with the same
    /// words, keeps that phrase's own exceptions (<c>continuation-token</c>, <c>ip-address</c>, <c>phone-model</c>).
    /// </summary>
    public static bool IsSensitive(string name, IEnumerable<string> sensitiveNames)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(sensitiveNames);
        return SensitiveVocabulary.FromNames(sensitiveNames).IsSensitiveName(name);
    }
}
