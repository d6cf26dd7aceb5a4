using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace S3Sec.Analyzers.Model;

/// <summary>
/// The words that name sensitive data (secrets and personal data), and the one place that decides whether a
/// metadata name, tag key or symbol name names such a datum. A name is split into words and a phrase of the
/// vocabulary must occur as whole words: <c>userEmail</c> and <c>EmailAddress</c> match "email", but
/// <c>emailed-at</c>, <c>tokenizer-version</c> and <c>passwordless</c> do not. A phrase followed by a qualifier
/// names something about the datum rather than the datum (<c>password-policy</c>, <c>email-hash</c>,
/// <c>api-key-id</c>), and one preceded by a protecting word names a protected form (<c>hashed-password</c>).
/// S3Sec.Crypto compiles this file too, so the runtime guard decides with the same words and rules; the part that
/// reads the analyzers' options lives in SensitiveVocabulary.Options.cs, which only the analyzers compile.
/// </summary>
internal sealed partial class SensitiveVocabulary
{
    public const string MetadataPrefix = "x-amz-meta-";

    /// <summary>
    /// The envelope of client-side encryption (V2 and key-committing formats): an encrypted data key, an IV and
    /// algorithm names. They are designed to be stored in the clear and are never sensitive metadata.
    /// </summary>
    private static readonly ImmutableHashSet<string> EnvelopeNames = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "x-amz-key",
        "x-amz-key-v2",
        "x-amz-iv",
        "x-amz-matdesc",
        "x-amz-cek-alg",
        "x-amz-wrap-alg",
        "x-amz-tag-len",
        "x-amz-unencrypted-content-length",
        "x-amz-c",
        "x-amz-3",
        "x-amz-w",
        "x-amz-d",
        "x-amz-i",
        "x-amz-m",
        "x-amz-t");

    /// <summary>Words after a phrase that make the name about the datum, not the datum itself.</summary>
    private static readonly string[] Qualifiers =
    {
        "policy", "policies", "hash", "hashed", "digest", "hmac", "checksum", "length", "len", "size", "version",
        "count", "type", "kind", "format", "scheme", "algorithm", "alg", "expiry", "expires", "expiration",
        "expired", "updated", "created", "changed", "modified", "rotated", "at", "verified", "confirmed",
        "enabled", "disabled", "required", "status", "template", "provider", "strength", "masked", "encrypted",
        "protected", "redacted", "present", "flag", "manager", "store", "vault", "service", "client", "handler",
        "factory", "options", "settings", "config", "configuration", "validator", "validation", "regex",
        "pattern", "rule", "rules", "field", "column", "domain", "domains", "country", "countries", "ids",
    };

    /// <summary>
    /// A record's identifier after personal data (<c>AddressId</c>, <c>PhoneId</c>, <c>emailBatchId</c>) names a row,
    /// not the datum. Not right after <c>email</c> or <c>passport</c>: "email id" often means the address itself,
    /// and a passport id its number.
    /// </summary>
    private static readonly string[] RecordIdQualifiers = { "id" };

    private static readonly string[] IdIsTheDatum = { "email", "mail", "passport" };

    /// <summary>Words after a secret's name that name where the secret is, not the secret.</summary>
    private static readonly string[] SecretQualifiers =
    {
        "id", "name", "arn", "ref", "reference", "ttl", "uri", "url", "endpoint", "issuer", "audience",
        "lifetime", "path", "file", "source",
    };

    /// <summary>Words anywhere before a phrase that name a protected form or a fact about the datum.</summary>
    private static readonly string[] LeadingQualifiers =
    {
        "hashed", "hash", "sha", "md", "hmac", "encrypted", "protected", "masked", "redacted", "tokenized",
        "salted", "has", "is", "num", "max", "min", "require", "requires", "needs",
    };

    private static readonly ImmutableArray<Phrase> BuiltIn = CreateBuiltIn();

    /// <summary>
    /// Phrases by the name given, so a guard that checks every request splits each name once. Ordinal: case decides
    /// the words (<c>ApiKey</c> is two, <c>apikey</c> one).
    /// </summary>
    private static readonly ConcurrentDictionary<string, Phrase> Named = new(StringComparer.Ordinal);

    /// <summary>Bounds <see cref="Named"/> for callers that pass ever new names.</summary>
    private const int MaxNamed = 1024;

    [ThreadStatic]
    private static int[]? s_bounds;

    private readonly ImmutableArray<Phrase> _phrases;
    private readonly ImmutableArray<string[]> _allowedNames;

    private SensitiveVocabulary(ImmutableArray<Phrase> phrases, ImmutableArray<string[]> allowedNames)
    {
        _phrases = phrases;
        _allowedNames = allowedNames;
    }

    public static SensitiveVocabulary Default { get; } =
        new(BuiltIn, ImmutableArray<string[]>.Empty);

    /// <summary>
    /// The built-in phrases, their words joined by <c>_</c> (<c>api_key</c>, <c>date_of_birth</c>): the runtime
    /// guard's default list.
    /// </summary>
    public static ImmutableArray<string> BuiltInNames { get; } = CreateBuiltInNames();

    /// <summary>
    /// A vocabulary of exactly <paramref name="names"/>: a name that is a built-in phrase (in any spelling that
    /// gives the same words) matches as that phrase does, with its exclusions; any other name matches as an
    /// <c>s3sec.sensitive_names</c> entry does.
    /// </summary>
    public static SensitiveVocabulary FromNames(IEnumerable<string?> names)
    {
        var phrases = ImmutableArray.CreateBuilder<Phrase>();
        foreach (var name in names)
        {
            if (name is not null && PhraseNamed(name) is { } phrase)
            {
                phrases.Add(phrase);
            }
        }

        return new SensitiveVocabulary(phrases.ToImmutable(), ImmutableArray<string[]>.Empty);
    }

    /// <summary>True for the metadata names of the client-side encryption envelope.</summary>
    public static bool IsEnvelopeName(string name)
    {
        var start = PrefixLength(name);
        return EnvelopeNames.Contains(start == 0 ? name : name.Substring(start));
    }

    /// <summary>True when the metadata name, tag key or identifier names a secret or personal datum.</summary>
    public bool IsSensitiveName(string? name) => IsSensitiveName(name, plurals: true);

    /// <summary>
    /// As <see cref="IsSensitiveName(string?)"/>; without <paramref name="plurals"/> a phrase's last word must occur
    /// as written, so <c>emailsSent</c> and <c>customerSSNs</c> do not match: for a whole number they name a count.
    /// </summary>
    public bool IsSensitiveName(string? name, bool plurals) => Matches(name, plurals, mayNameSecretOnly: false);

    /// <summary>
    /// True when the name may name a secret: a built-in secret phrase matches (<c>upload-token</c>), or a phrase of
    /// <c>s3sec.sensitive_names</c>, whose kind is not known. A value the program makes at random may be a secret,
    /// never a person's datum.
    /// </summary>
    public bool MayNameSecret(string? name, bool plurals) => Matches(name, plurals, mayNameSecretOnly: true);

    private bool Matches(string? name, bool plurals, bool mayNameSecretOnly)
    {
        if (name is null || name.Length == 0)
        {
            return false;
        }

        // A name of more words gets a buffer of its own; the shared one keeps the usual size.
        var bounds = s_bounds ??= new int[2 * NameWords.MaxWords];
        var count = NameWords.SplitAll(name, PrefixLength(name), ref bounds);
        if (IsAllowed(name, bounds, count))
        {
            return false;
        }

        var marks = default(QualifierMarks);
        for (var i = 0; i < count; i++)
        {
            // Most phrases start with another letter than the word: one comparison rules them out, where matching
            // would compare strings. Upper case, as the ordinal ignore-case comparison of the words folds case.
            var first = bounds[(2 * i) + 1] > 0 ? Phrase.Fold(name[bounds[2 * i]]) : Phrase.AnyLetter;
            foreach (var phrase in _phrases)
            {
                if ((phrase.First == first || phrase.First == Phrase.AnyLetter || first == Phrase.AnyLetter)
                    && (!mayNameSecretOnly || phrase.IsSecret || !BuiltIn.Contains(phrase))
                    && Matches(phrase, name, bounds, count, i, plurals, ref marks))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static int PrefixLength(string name)
    {
        return name.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase) ? MetadataPrefix.Length : 0;
    }

    private static bool Matches(
        Phrase phrase, string name, int[] bounds, int count, int first, bool plurals, ref QualifierMarks marks)
    {
        var words = phrase.Words;
        var end = first + words.Length;
        if (end > count)
        {
            return false;
        }

        for (var w = 0; w < words.Length; w++)
        {
            var start = bounds[2 * (first + w)];
            var length = bounds[(2 * (first + w)) + 1];
            var matched = w == words.Length - 1 && plurals
                ? NameWords.EqualsOrPlural(name, start, length, words[w])
                : NameWords.Equals(name, start, length, words[w]);
            if (!matched)
            {
                return false;
            }
        }

        if (first > 0 && IsAny(name, bounds, first - 1, phrase.ExcludedBefore))
        {
            return false;
        }

        if (end < count && IsAny(name, bounds, end, phrase.ExcludedAfter))
        {
            return false;
        }

        if (!marks.Found)
        {
            marks = QualifierMarks.Find(name, bounds, count);
        }

        if (marks.FirstLeading < first)
        {
            return false;
        }

        if (marks.LastQualifier >= end || (phrase.IsSecret && marks.LastSecretQualifier >= end))
        {
            return false;
        }

        // "email id" may be the address itself, but an id further on names another record: emailBatchId.
        return phrase.IsSecret
            || marks.LastRecordId < end
            || (marks.LastRecordId == end && IsAny(name, bounds, end - 1, IdIsTheDatum));
    }

    /// <summary>
    /// Where a name's qualifiers are, found once on its first phrase match: a name of many words that repeats a
    /// phrase is then read once, not once per repetition.
    /// </summary>
    private struct QualifierMarks
    {
        public bool Found;

        /// <summary>The first leading qualifier, or the word count: a phrase after it is a protected form.</summary>
        public int FirstLeading;

        /// <summary>The last qualifier, secret qualifier and record id, or -1: a phrase before them is qualified.
        /// </summary>
        public int LastQualifier;

        public int LastSecretQualifier;

        public int LastRecordId;

        public static QualifierMarks Find(string name, int[] bounds, int count)
        {
            var marks = new QualifierMarks
            {
                Found = true,
                FirstLeading = count,
                LastQualifier = -1,
                LastSecretQualifier = -1,
                LastRecordId = -1,
            };
            for (var i = 0; i < count; i++)
            {
                if (marks.FirstLeading == count && IsAny(name, bounds, i, LeadingQualifiers))
                {
                    marks.FirstLeading = i;
                }

                if (IsAny(name, bounds, i, Qualifiers))
                {
                    marks.LastQualifier = i;
                }

                if (IsAny(name, bounds, i, SecretQualifiers))
                {
                    marks.LastSecretQualifier = i;
                }

                if (IsAny(name, bounds, i, RecordIdQualifiers))
                {
                    marks.LastRecordId = i;
                }
            }

            return marks;
        }
    }

    private static bool IsAny(string name, int[] bounds, int index, string[] words)
    {
        var start = bounds[2 * index];
        var length = bounds[(2 * index) + 1];
        foreach (var word in words)
        {
            if (NameWords.Equals(name, start, length, word))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsAllowed(string name, int[] bounds, int count)
    {
        foreach (var allowed in _allowedNames)
        {
            if (allowed.Length != count)
            {
                continue;
            }

            var equal = true;
            for (var i = 0; i < count && equal; i++)
            {
                equal = NameWords.Equals(name, bounds[2 * i], bounds[(2 * i) + 1], allowed[i]);
            }

            if (equal)
            {
                return true;
            }
        }

        return false;
    }

    private static Phrase? PhraseNamed(string name)
    {
        if (Named.TryGetValue(name, out var known))
        {
            return known;
        }

        var words = ToWords(name);
        if (words.Length == 0)
        {
            return null;
        }

        var phrase = new Phrase(words, isSecret: false);
        foreach (var builtIn in BuiltIn)
        {
            if (SameWords(builtIn.Words, words))
            {
                phrase = builtIn;
                break;
            }
        }

        if (Named.Count < MaxNamed)
        {
            Named.TryAdd(name, phrase);
        }

        return phrase;
    }

    private static ImmutableArray<string> CreateBuiltInNames()
    {
        var names = ImmutableArray.CreateBuilder<string>(BuiltIn.Length);
        foreach (var phrase in BuiltIn)
        {
            names.Add(string.Join("_", phrase.Words));
        }

        return names.MoveToImmutable();
    }

    private static string[] ToWords(string text)
    {
        var bounds = new int[2 * NameWords.MaxWords];
        var count = NameWords.SplitAll(text, 0, ref bounds);
        var words = new string[count];
        for (var i = 0; i < count; i++)
        {
            words[i] = text.Substring(bounds[2 * i], bounds[(2 * i) + 1]).ToLowerInvariant();
        }

        return words;
    }

    private static bool IsRemoved(ImmutableArray<string[]>.Builder removed, string[] words)
    {
        foreach (var candidate in removed)
        {
            if (SameWords(candidate, words))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameWords(string[] left, string[] right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Length; i++)
        {
            if (!string.Equals(left[i], right[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }

    private static ImmutableArray<Phrase> CreateBuiltIn()
    {
        var list = new List<Phrase>();

        void Secret(params string[] phrases) => AddAll(list, phrases, isSecret: true, null, null);
        void Personal(params string[] phrases) => AddAll(list, phrases, isSecret: false, null, null);

        Secret("password", "passwd", "pwd", "passphrase", "secret", "api key", "apikey", "access key",
            "secret key", "private key", "privatekey", "encryption key", "master key", "signing key",
            "credential", "connection string");

        // Pagination, cancellation and language-model token counts are not credentials.
        AddAll(
            list,
            new[] { "token" },
            isSecret: true,
            before: new[]
            {
                "continuation", "next", "page", "pagination", "cancellation", "sync", "input", "output", "prompt",
                "completion", "total",
            },
            after: null);

        Personal("credit card", "creditcard", "card number", "cardnumber", "pan", "cvv", "cvc",
            "card verification", "ssn", "social security", "national id", "national insurance", "passport",
            "tax id", "taxid", "iban", "account number", "routing number", "date of birth", "dob", "birthdate",
            "birth date", "birthday", "email", "e mail", "street", "postcode", "postal code", "zip code",
            "zipcode", "diagnosis", "medical", "prescription");

        // "phone" and "mobile" also name devices and app flavours.
        var deviceWords = new[] { "app", "client", "device", "platform", "view", "os", "sdk", "build", "model" };
        AddAll(list, new[] { "phone", "telephone", "mobile" }, isSecret: false, before: null, after: deviceWords);

        // Network and memory addresses are not where a person lives.
        AddAll(
            list,
            new[] { "address" },
            isSecret: false,
            before: new[]
            {
                "ip", "ipv", "mac", "server", "host", "endpoint", "remote", "local", "network", "proxy", "gateway",
                "broker", "memory", "base", "bind", "listen", "web", "url", "contract", "wallet",
            },
            after: new[] { "family", "space", "range" });

        // Health checks and probes are about services, not people.
        AddAll(
            list,
            new[] { "health" },
            isSecret: false,
            before: null,
            after: new[] { "check", "checks", "probe", "endpoint", "monitor", "url" });

        return list.ToImmutableArray();
    }

    private static void AddAll(List<Phrase> list, string[] phrases, bool isSecret, string[]? before, string[]? after)
    {
        foreach (var phrase in phrases)
        {
            list.Add(new Phrase(phrase.Split(' '), isSecret, before, after));
        }
    }

    private sealed class Phrase
    {
        public Phrase(string[] words, bool isSecret, string[]? excludedBefore = null, string[]? excludedAfter = null)
        {
            Words = words;
            IsSecret = isSecret;
            ExcludedBefore = excludedBefore ?? Array.Empty<string>();
            ExcludedAfter = excludedAfter ?? Array.Empty<string>();
            First = words.Length > 0 && words[0].Length > 0 ? Fold(words[0][0]) : AnyLetter;
        }

        /// <summary>A first letter that cannot rule a match out (an empty word, half a surrogate pair).</summary>
        public const char AnyLetter = '\0';

        /// <summary>The letter as the ignore-case comparison sees it; a surrogate's case depends on its pair.</summary>
        public static char Fold(char letter) => char.IsSurrogate(letter) ? AnyLetter : char.ToUpperInvariant(letter);

        /// <summary>The first letter of the first word, upper case.</summary>
        public char First { get; }

        public string[] Words { get; }

        /// <summary>Secrets are not named by their id or location (<c>secret-arn</c>, <c>token-id</c>).</summary>
        public bool IsSecret { get; }

        public string[] ExcludedBefore { get; }

        public string[] ExcludedAfter { get; }
    }
}
