using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace S3Sec.Analyzers.Tests.Robustness;

/// <summary>
/// Breaks C# source the ways editors see it broken: tokens deleted or duplicated, text cut short, characters
/// replaced, lines swapped, types exchanged for wrong ones. Deterministic for a given seed so a failure can be
/// replayed from the seed in the test output.
/// </summary>
internal sealed class SourceMutator
{
    private static readonly string[] WrongTypes =
    {
        "int", "string", "object", "dynamic", "PutObjectRequest", "IAmazonS3", "ServerSideEncryptionMethod",
        "Missing.Type", "List<>", "var", "void", "AmazonS3Config",
    };

    private static readonly string[] Fragments =
    {
        "new PutObjectRequest {", "ServerSideEncryptionMethod =", "= null", "}", "{", ";", "(", ")", "\"", "$\"{",
        "await ", "=> ", "default", "ServerSideEncryptionMethod.None", "\"AES256\"", "request.", "?.", "!", "#if X",
        "new()", "[", "]", ",", "..", "stackalloc byte[", "ref ", "out var x", "is not", "with {", "\"\"\"",
    };

    private readonly Random _random;

    public SourceMutator(int seed)
    {
        _random = new Random(seed);
    }

    public string Mutate(string source)
    {
        var result = source;
        var edits = 1 + _random.Next(3);
        for (var i = 0; i < edits; i++)
        {
            result = _random.Next(8) switch
            {
                0 => DeleteToken(result),
                1 => DuplicateToken(result),
                2 => Truncate(result),
                3 => ReplaceCharacter(result),
                4 => SwapLines(result),
                5 => ReplaceType(result),
                6 => InsertFragment(result),
                _ => DeleteRange(result),
            };
        }

        return result;
    }

    private List<SyntaxToken> Tokens(string source)
    {
        return CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().ToList();
    }

    private string DeleteToken(string source)
    {
        var tokens = Tokens(source);
        if (tokens.Count == 0)
        {
            return source;
        }

        var token = tokens[_random.Next(tokens.Count)];
        return source.Remove(token.SpanStart, token.Span.Length);
    }

    private string DuplicateToken(string source)
    {
        var tokens = Tokens(source);
        if (tokens.Count == 0)
        {
            return source;
        }

        var token = tokens[_random.Next(tokens.Count)];
        return source.Insert(token.Span.End, " " + token.Text);
    }

    private string Truncate(string source)
    {
        return source.Length == 0 ? source : source.Substring(0, _random.Next(source.Length));
    }

    private string ReplaceCharacter(string source)
    {
        if (source.Length == 0)
        {
            return source;
        }

        const string Alphabet = "{}()[];,.=\"'$@#<>!?:/\\ \n\tabcXYZ019\u00e9\u0000";
        var index = _random.Next(source.Length);
        return source.Remove(index, 1).Insert(index, Alphabet[_random.Next(Alphabet.Length)].ToString());
    }

    private string SwapLines(string source)
    {
        var lines = source.Split('\n');
        if (lines.Length < 2)
        {
            return source;
        }

        var a = _random.Next(lines.Length);
        var b = _random.Next(lines.Length);
        (lines[a], lines[b]) = (lines[b], lines[a]);
        return string.Join("\n", lines);
    }

    private string ReplaceType(string source)
    {
        var identifiers = Tokens(source).Where(t => t.IsKind(SyntaxKind.IdentifierToken)).ToList();
        if (identifiers.Count == 0)
        {
            return source;
        }

        var token = identifiers[_random.Next(identifiers.Count)];
        return source.Remove(token.SpanStart, token.Span.Length)
            .Insert(token.SpanStart, WrongTypes[_random.Next(WrongTypes.Length)]);
    }

    private string InsertFragment(string source)
    {
        var index = _random.Next(source.Length + 1);
        return source.Insert(index, Fragments[_random.Next(Fragments.Length)]);
    }

    private string DeleteRange(string source)
    {
        if (source.Length == 0)
        {
            return source;
        }

        var start = _random.Next(source.Length);
        var length = Math.Min(source.Length - start, 1 + _random.Next(80));
        return source.Remove(start, length);
    }
}
