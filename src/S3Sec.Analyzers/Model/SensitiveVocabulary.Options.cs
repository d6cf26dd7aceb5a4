using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using S3Sec.Analyzers.Options;

namespace S3Sec.Analyzers.Model;

/// <summary>
/// The vocabulary as the analyzers' options shape it. Kept apart from the rest of the class because S3Sec.Crypto
/// compiles that rest and has no analyzer options.
/// </summary>
internal sealed partial class SensitiveVocabulary
{
    private static readonly ConditionalWeakTable<S3SecOptions, SensitiveVocabulary> Configured = new();

    /// <summary>
    /// The built-in vocabulary with <c>s3sec.sensitive_names</c> added and <c>non_sensitive_names</c> removed.
    /// </summary>
    public static SensitiveVocabulary For(S3SecOptions options)
    {
        if (options.SensitiveNames.IsEmpty && options.NonSensitiveNames.IsEmpty)
        {
            return Default;
        }

        return Configured.GetValue(options, Create);
    }

    private static SensitiveVocabulary Create(S3SecOptions options)
    {
        var allowed = ImmutableArray.CreateBuilder<string[]>();
        foreach (var name in options.NonSensitiveNames)
        {
            if (ToWords(name) is { Length: > 0 } words)
            {
                allowed.Add(words);
            }
        }

        var phrases = ImmutableArray.CreateBuilder<Phrase>();
        foreach (var phrase in BuiltIn)
        {
            if (!IsRemoved(allowed, phrase.Words))
            {
                phrases.Add(phrase);
            }
        }

        foreach (var name in options.SensitiveNames)
        {
            if (ToWords(name) is { Length: > 0 } words)
            {
                phrases.Add(new Phrase(words, isSecret: false));
            }
        }

        return new SensitiveVocabulary(phrases.ToImmutable(), allowed.ToImmutable());
    }
}
