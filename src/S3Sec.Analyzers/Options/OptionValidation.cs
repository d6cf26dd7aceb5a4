using System;
using System.Collections.Immutable;

namespace S3Sec.Analyzers.Options;

/// <summary>
/// Says what is wrong with one <c>s3sec.*</c> entry, in the words S3SEC090 reports. The parser itself stays
/// lenient (an unknown value means the default), so this is the only place a typo becomes visible.
/// </summary>
internal static class OptionValidation
{
    public const string Prefix = "s3sec.";

    private static readonly ImmutableArray<string> KnownKeys = ImmutableArray.Create(
        S3SecOptions.RequiredEncryptionKey,
        S3SecOptions.KmsKeyIdKey,
        S3SecOptions.AllowedHttpEndpointsKey,
        S3SecOptions.AllowSseCustomerKeyKey,
        S3SecOptions.SensitiveNamesKey,
        S3SecOptions.NonSensitiveNamesKey,
        S3SecOptions.ClientSideMasterKeysKey,
        S3SecOptions.RequireKeyCommitmentKey);

    private static readonly ImmutableArray<string> RequiredEncryptionValues = ImmutableArray.Create(
        "sse-s3", "sse-kms", "sse-kms-cmk", "dsse-kms", "client-side", "bucket-default");

    private static readonly ImmutableArray<string> BooleanValues = ImmutableArray.Create("true", "false");

    private static readonly ImmutableArray<string> MasterKeyValues = ImmutableArray.Create("local", "kms");

    /// <summary>The problem with <paramref name="key"/> = <paramref name="value"/>, or null when it is fine.</summary>
    public static string? Check(string key, string value)
    {
        var trimmed = value.Trim();
        switch (key)
        {
            case S3SecOptions.RequiredEncryptionKey:
                return CheckChoice(key, trimmed, RequiredEncryptionValues, "sse-s3");
            case S3SecOptions.AllowSseCustomerKeyKey:
                return CheckChoice(key, trimmed, BooleanValues, "true");
            case S3SecOptions.RequireKeyCommitmentKey:
                return CheckChoice(key, trimmed, BooleanValues, "false");
            case S3SecOptions.ClientSideMasterKeysKey:
                return CheckChoice(key, trimmed, MasterKeyValues, "no preference");
            case S3SecOptions.AllowedHttpEndpointsKey:
                return CheckEndpoints(key, trimmed);
            case S3SecOptions.KmsKeyIdKey:
                return trimmed.Length == 0 || IsKmsKeyIdentifier(trimmed)
                    ? null
                    : $"{key} = '{trimmed}' is not a KMS key id, key ARN, alias name or alias ARN, and the KMS code "
                      + "fix would write it into the code; use for example alias/my-key";
            default:
                if (KnownKeys.Contains(key))
                {
                    return null;
                }

                var nearest = Nearest(key);
                return nearest is null
                    ? $"{key} is not an S3Sec option and is ignored"
                    : $"{key} is not an S3Sec option and is ignored; did you mean {nearest}?";
        }
    }

    /// <summary>
    /// The entries of <c>s3sec.allowed_http_endpoints</c> that no service URL's host can ever equal: a URL
    /// (<c>http://minio:9000</c>), a path, a port that is not a number from 1 to 65535. Such an entry allows nothing,
    /// and the S3SEC011 finding it leaves tells the user to list the host they believe they listed.
    /// </summary>
    private static string? CheckEndpoints(string key, string value)
    {
        string? first = null;
        string? suggestion = null;
        var count = 0;
        foreach (var item in value.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var entry = item.Trim();
            if (entry.Length == 0 || IsEndpointEntry(entry))
            {
                continue;
            }

            count++;
            if (first is null)
            {
                first = entry;
                suggestion = SuggestEndpoint(entry);
            }
        }

        if (first is null)
        {
            return null;
        }

        var more = count > 1 ? $" (and {count - 1} more)" : string.Empty;
        var example = suggestion is null ? "for example minio.internal:9000" : "write " + suggestion;
        return $"{key} entry '{first}'{more} is not a host, host:port or [IPv6]:port, so it allows no endpoint; "
               + example;
    }

    private static bool IsEndpointEntry(string entry)
    {
        foreach (var c in entry)
        {
            if (char.IsWhiteSpace(c) || c is '/' or '\\' or '?' or '#' or '@' or '"')
            {
                return false;
            }
        }

        if (entry[0] == '[')
        {
            var close = entry.IndexOf(']');
            return close > 1
                && (close == entry.Length - 1 || (entry[close + 1] == ':' && IsPortNumber(entry.Substring(close + 2))));
        }

        if (entry.IndexOf('[') >= 0 || entry.IndexOf(']') >= 0)
        {
            return false;
        }

        var colon = entry.IndexOf(':');
        if (colon < 0 || colon != entry.LastIndexOf(':'))
        {
            // No port, or a bare IPv6 address (::1), whose colons are its own.
            return true;
        }

        return colon > 0 && IsPortNumber(entry.Substring(colon + 1));
    }

    private static bool IsPortNumber(string text)
    {
        if (text.Length == 0 || text.Length > 5)
        {
            return false;
        }

        var number = 0;
        foreach (var c in text)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }

            number = (number * 10) + (c - '0');
        }

        return number is >= 1 and <= 65535;
    }

    /// <summary>For an entry written as a URL, its host and port, when those make a valid entry.</summary>
    private static string? SuggestEndpoint(string entry)
    {
        var scheme = entry.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return null;
        }

        var rest = entry.Substring(scheme + 3);
        var end = rest.IndexOfAny(new[] { '/', '?', '#' });
        var hostPort = end < 0 ? rest : rest.Substring(0, end);
        return hostPort.Length > 0 && IsEndpointEntry(hostPort) ? hostPort : null;
    }

    private static string? CheckChoice(string key, string value, ImmutableArray<string> allowed, string fallback)
    {
        if (value.Length == 0)
        {
            return null;
        }

        foreach (var candidate in allowed)
        {
            if (string.Equals(candidate, value, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        return $"{key} = '{value}' is not recognised and is ignored ({fallback} applies); expected "
               + string.Join(" | ", allowed);
    }

    /// <summary>
    /// The shapes KMS accepts for a key: a key id (a GUID or a multi-Region <c>mrk-</c> id), a key or alias ARN,
    /// or an alias name. Only the shape is checked; whether the key exists is for KMS to say.
    /// </summary>
    private static bool IsKmsKeyIdentifier(string value)
    {
        if (value.IndexOf(' ') >= 0 || value.IndexOf('"') >= 0 || value.IndexOf('\\') >= 0)
        {
            return false;
        }

        if (value.StartsWith("alias/", StringComparison.Ordinal) && value.Length > "alias/".Length)
        {
            return true;
        }

        if (value.StartsWith("arn:", StringComparison.Ordinal) && value.IndexOf(":kms:", StringComparison.Ordinal) > 0)
        {
            return true;
        }

        if (value.StartsWith("mrk-", StringComparison.Ordinal))
        {
            return value.Length == 36 && IsHex(value, 4, value.Length);
        }

        return Guid.TryParseExact(value, "D", out _);
    }

    private static bool IsHex(string value, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            var c = value[i];
            if (!(c is >= '0' and <= '9' || c is >= 'a' and <= 'f' || c is >= 'A' and <= 'F'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The known option a typo most likely meant: within three edits, else none.</summary>
    private static string? Nearest(string key)
    {
        string? best = null;
        var bestDistance = 4;
        foreach (var known in KnownKeys)
        {
            var distance = Distance(key, known, bestDistance);
            if (distance < bestDistance)
            {
                best = known;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>Levenshtein distance, given up (returns <paramref name="limit"/>) once it cannot be under it.</summary>
    private static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) >= limit)
        {
            return limit;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMinimum = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMinimum = Math.Min(rowMinimum, current[j]);
            }

            if (rowMinimum >= limit)
            {
                return limit;
            }

            (previous, current) = (current, previous);
        }

        return Math.Min(previous[b.Length], limit);
    }
}
