using System;
using System.Collections.Generic;
using System.Linq;
using Amazon.S3.Model;
using S3Sec.Analyzers.Model;
using S3Sec.Crypto.Guard;
using Xunit;

namespace S3Sec.Analyzers.Tests.Model;

/// <summary>
/// The runtime guard of S3Sec.Crypto must refuse exactly the metadata names and tag keys that S3SEC020 and S3SEC021
/// report: a name it refuses that the analyzers accept throws in production, and one it allows that they report is
/// a miss. Every built-in phrase goes through both, alone and next to the words that change the answer, in the
/// spellings names come in.
/// </summary>
public sealed class GuardAgreementTests
{
    /// <summary>Qualifiers, protecting words, phrase exclusions and ordinary neighbours, of both answers.</summary>
    private static readonly string[] Neighbours =
    {
        "policy", "policies", "hash", "hashed", "length", "version", "type", "at", "verified", "domain", "country",
        "id", "ids", "name", "arn", "ttl", "url", "path", "file", "encrypted", "masked", "is", "has", "max", "num",
        "continuation", "next", "cancellation", "input", "ip", "remote", "memory", "app", "device", "model",
        "check", "probe", "family", "range", "user", "customer", "primary", "last", "number", "value", "reset", "2",
    };

    private static readonly string[] Ordinary =
    {
        "", "content-type", "tokenizer-version", "emailed-at", "passwordless", "pass_word", "Pa55word", "span",
        "Japan", "secretary", "voice-mail", "mailbox", "x-amz-key-v2", "x-amz-meta-x-amz-iv", "salary", "orderId",
    };

    [Fact]
    public void GuardAndAnalyzers_AnswerEveryNameAlike()
    {
        var names = Names();
        var disagreements = new List<string>();
        var sensitive = 0;
        foreach (var name in names)
        {
            var analyzers = SensitiveVocabulary.Default.IsSensitiveName(name);
            sensitive += analyzers ? 1 : 0;
            var guard = SensitiveNames.IsSensitive(name, S3RuntimeGuardOptions.DefaultSensitiveNames);
            if (guard != analyzers)
            {
                disagreements.Add((guard ? "guard refuses, analyzers accept: " : "guard allows, analyzers report: ")
                    + name);
            }
        }

        Assert.Empty(disagreements);
        Assert.InRange(sensitive, names.Count / 5, names.Count - (names.Count / 5));
    }

    [Fact]
    public void GuardedRequest_RefusesExactlyWhatTheAnalyzersReport()
    {
        var guard = new S3RuntimeGuard(new S3RuntimeGuardOptions());
        var uri = new Uri("https://bucket.s3.us-east-1.amazonaws.com/key");
        var disagreements = new List<string>();
        foreach (var name in Names().Where(n => n.Length > 0))
        {
            var request = new PutObjectRequest();
            request.Metadata.Add(name, "value");
            request.TagSet = new List<Tag> { new() { Key = name, Value = "value" } };
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["x-amz-server-side-encryption"] = "AES256",
            };

            var refused = Record.Exception(() => guard.Inspect(request, headers, uri)) is S3PolicyViolationException;
            if (refused != SensitiveVocabulary.Default.IsSensitiveName(name))
            {
                disagreements.Add((refused ? "refused: " : "allowed: ") + name);
            }
        }

        Assert.Empty(disagreements);
    }

    [Fact]
    public void DefaultSensitiveNames_AreTheBuiltInPhrases()
    {
        Assert.Equal(SensitiveVocabulary.BuiltInNames, S3RuntimeGuardOptions.DefaultSensitiveNames);
    }

    private static List<string> Names()
    {
        var names = new HashSet<string>(Ordinary, StringComparer.Ordinal);
        foreach (var builtIn in SensitiveVocabulary.BuiltInNames)
        {
            var words = builtIn.Split('_');
            var last = words.Length - 1;
            foreach (var form in new[] { words, With(words, last, "s"), With(words, last, "es") })
            {
                foreach (var spelling in Spellings(form))
                {
                    names.Add(spelling);
                }

                names.Add("x-amz-meta-" + string.Join("-", form));
                foreach (var neighbour in Neighbours)
                {
                    names.Add(string.Join("-", form.Append(neighbour)));
                    names.Add(Camel(form.Append(neighbour).ToArray()));
                    names.Add(string.Join("_", new[] { neighbour }.Concat(form)));
                    names.Add(Pascal(new[] { neighbour }.Concat(form).ToArray()));
                }
            }
        }

        return names.ToList();
    }

    private static string[] With(string[] words, int index, string suffix)
    {
        var copy = (string[])words.Clone();
        copy[index] += suffix;
        return copy;
    }

    private static IEnumerable<string> Spellings(string[] words)
    {
        yield return string.Join("-", words);
        yield return string.Join("_", words);
        yield return string.Join("_", words).ToUpperInvariant();
        yield return Camel(words);
        yield return Pascal(words);
        yield return Camel(words) + "2";
    }

    private static string Camel(string[] words) => words[0] + Pascal(words.Skip(1).ToArray());

    private static string Pascal(string[] words) =>
        string.Concat(words.Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w.Substring(1)));
}
