using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace S3Sec.Cli.CommandLine;

/// <summary>
/// Reads <c>s3sec scan [PATH] [options]</c>. Hand-written rather than a parsing package: the grammar is small,
/// and a tool that runs in CI should not pull a dependency for it.
/// </summary>
internal static class CommandLineParser
{
    public const string ScanVerb = "scan";

    public static ParsedCommand Parse(IReadOnlyList<string> args, string workingDirectory)
    {
        if (args.Count == 0)
        {
            return ParsedCommand.Fail("missing command; expected 'scan'");
        }

        var first = args[0];
        switch (first)
        {
            case "-h":
            case "--help":
            case "-?":
            case "help":
                return ParsedCommand.Help();
            case "--version":
                return ParsedCommand.Version();
            case ScanVerb:
                return ParseScan(args, 1);
        }

        if (first.StartsWith("-", StringComparison.Ordinal))
        {
            return ParsedCommand.Fail($"unknown option '{first}'");
        }

        // `s3sec PATH` is accepted as a shorthand, but only for a path that exists, so a mistyped verb still
        // gets a clear "unknown command" rather than "path does not exist".
        var candidate = System.IO.Path.Combine(workingDirectory, first);
        if (Directory.Exists(candidate) || File.Exists(candidate))
        {
            return ParseScan(args, 0);
        }

        return ParsedCommand.Fail($"unknown command '{first}'; expected 'scan'");
    }

    private static ParsedCommand ParseScan(IReadOnlyList<string> args, int start)
    {
        var settings = new ScanSettings();
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        string? path = null;
        var optionsEnded = false;
        for (var i = start; i < args.Count; i++)
        {
            var arg = args[i];
            if (optionsEnded || !arg.StartsWith("-", StringComparison.Ordinal) || arg == "-")
            {
                if (path is not null)
                {
                    return ParsedCommand.Fail($"unexpected argument '{arg}'; scan takes one path");
                }

                if (arg.Length == 0)
                {
                    // What a script passes for an unset variable; read as the current folder, --fix would edit it.
                    return ParsedCommand.Fail("the path to scan is empty");
                }

                path = arg;
                continue;
            }

            if (arg == "--")
            {
                optionsEnded = true;
                continue;
            }

            var name = arg;
            string? inlineValue = null;
            var equals = arg.IndexOf('=');
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                name = arg.Substring(0, equals);
                inlineValue = arg.Substring(equals + 1);
            }

            if (name is "-h" or "--help")
            {
                return ParsedCommand.Help();
            }

            if (name == "--version")
            {
                return ParsedCommand.Version();
            }

            var error = ApplyOption(settings, name, inlineValue, args, ref i, given);
            if (error is not null)
            {
                return ParsedCommand.Fail(error);
            }
        }

        if (!given.ContainsKey("--format") && settings.OutputFile is { } file)
        {
            // "-o s3sec.sarif" without "-f sarif" wrote the text report into the .sarif file, and the code-scanning
            // upload then failed on a file that is not JSON. The name says the format; an explicit -f still wins.
            settings.Format = FormatOf(file) ?? settings.Format;
        }

        settings.Path = path ?? ScanSettings.DefaultPath;
        settings.PathGiven = path is not null;
        return ParsedCommand.Scan(settings);
    }

    /// <summary>Applies one option; returns the usage error, or null when it was accepted.</summary>
    private static string? ApplyOption(
        ScanSettings settings,
        string name,
        string? inlineValue,
        IReadOnlyList<string> args,
        ref int index,
        Dictionary<string, string> given)
    {
        switch (name)
        {
            case "-q":
            case "--quiet":
                settings.Quiet = true;
                return inlineValue is null ? null : $"option '{name}' takes no value";
            case "-v":
            case "--verbose":
                settings.Verbose = true;
                return inlineValue is null ? null : $"option '{name}' takes no value";
            case "--fix":
                settings.Fix = true;
                return inlineValue is null ? null : $"option '{name}' takes no value";
        }

        if (!IsValueOption(name))
        {
            return $"unknown option '{name}'";
        }

        var value = inlineValue;
        if (value is null)
        {
            // "-o -q" means a forgotten value, not a report file named "-q"; "--output=-q" still works.
            // A negative number ("--max-file-size -5") is a value, and gets the value's own error.
            if (index + 1 >= args.Count || (args[index + 1].StartsWith("-", StringComparison.Ordinal)
                && args[index + 1].Length > 1 && !char.IsAsciiDigit(args[index + 1][1])))
            {
                return $"option '{name}' needs a value";
            }

            value = args[++index];
        }

        // A second value used to replace the first without a word, so `-f json ... -f sarif` in a CI script that
        // appends options wrote a SARIF file where JSON was expected. Neither value can be the one meant for sure.
        var option = LongName(name);
        if (given.TryGetValue(option, out var earlier))
        {
            return $"option '{option}' is given twice ('{earlier}' and '{value}'); it takes one value";
        }

        given.Add(option, value);
        switch (name)
        {
            case "-f":
            case "--format":
                return ParseFormat(settings, value);
            case "-o":
            case "--output":
                if (value.Length == 0)
                {
                    return "option '--output' needs a file name";
                }

                // "-" is standard output, as for most Unix tools; a file named "-" in the working folder surprised.
                settings.OutputFile = value == "-" ? null : value;
                return null;
            case "--fail-on":
                return ParseFailOn(settings, value);
            case "--loader":
                return ParseLoader(settings, value);
            default:
                return ParseMaxFileSize(settings, value);
        }
    }

    private static string LongName(string name)
    {
        return name switch
        {
            "-f" => "--format",
            "-o" => "--output",
            _ => name,
        };
    }

    private static bool IsValueOption(string name)
    {
        return name is "-f" or "--format" or "-o" or "--output" or "--fail-on" or "--max-file-size"
            or "--loader";
    }

    private static OutputFormat? FormatOf(string outputFile)
    {
        var extension = System.IO.Path.GetExtension(outputFile);
        if (extension.Equals(".sarif", StringComparison.OrdinalIgnoreCase))
        {
            return OutputFormat.Sarif;
        }

        return extension.Equals(".json", StringComparison.OrdinalIgnoreCase) ? OutputFormat.Json : null;
    }

    private static string? ParseFormat(ScanSettings settings, string value)
    {
        switch (value.ToLowerInvariant())
        {
            case "text":
                settings.Format = OutputFormat.Text;
                return null;
            case "json":
                settings.Format = OutputFormat.Json;
                return null;
            case "sarif":
                settings.Format = OutputFormat.Sarif;
                return null;
            default:
                return $"unknown format '{value}'; expected text, json or sarif";
        }
    }

    private static string? ParseLoader(ScanSettings settings, string value)
    {
        switch (value.ToLowerInvariant())
        {
            case "auto":
                settings.Loader = LoaderMode.Auto;
                return null;
            case "msbuild":
                settings.Loader = LoaderMode.MSBuild;
                return null;
            case "loose":
                settings.Loader = LoaderMode.Loose;
                return null;
            default:
                return $"unknown loader '{value}'; expected auto, msbuild or loose";
        }
    }

    private static string? ParseFailOn(ScanSettings settings, string value)
    {
        switch (value.ToLowerInvariant())
        {
            case "error":
                settings.FailOn = FailLevel.Error;
                return null;
            case "warning":
                settings.FailOn = FailLevel.Warning;
                return null;
            case "note":
            case "info":
            case "suggestion":
                settings.FailOn = FailLevel.Note;
                return null;
            case "none":
                settings.FailOn = FailLevel.None;
                return null;
            default:
                return $"unknown --fail-on level '{value}'; expected error, warning, note or none";
        }
    }

    private static string? ParseMaxFileSize(ScanSettings settings, string value)
    {
        if (!TryParseSize(value, out var bytes) || bytes <= 0)
        {
            return $"invalid --max-file-size '{value}'; expected a size such as 500000, 512K or 10M";
        }

        settings.MaxFileSize = bytes;
        return null;
    }

    /// <summary>
    /// Accepts ASCII digits alone or with a K/M/G suffix (powers of 1024, an optional trailing B), nothing else: no
    /// sign, no spaces. A value with a stray space or sign is more likely a script's mistake than a size.
    /// </summary>
    internal static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        var digits = text.ToUpperInvariant();
        if (digits.EndsWith("B", StringComparison.Ordinal) && digits.Length > 1 && !char.IsDigit(digits[^2]))
        {
            digits = digits.Substring(0, digits.Length - 1);
        }

        long multiplier = 1;
        if (digits.Length > 0 && digits[^1] is 'K' or 'M' or 'G')
        {
            multiplier = digits[^1] switch
            {
                'K' => 1024L,
                'M' => 1024L * 1024,
                _ => 1024L * 1024 * 1024,
            };
            digits = digits.Substring(0, digits.Length - 1);
        }

        // NumberStyles.None: ASCII digits only, no sign, no white space.
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || number > long.MaxValue / multiplier)
        {
            return false;
        }

        bytes = number * multiplier;
        return true;
    }
}
