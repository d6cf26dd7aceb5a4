using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace S3Sec.Cli.Analysis;

/// <summary>
/// Finds and parses the analyzer config files that apply to a set of sources, as the compiler's MSBuild targets do:
/// every <c>.editorconfig</c> and <c>.globalconfig</c> in the folder of a source file or any folder above it.
/// Each file is read and parsed once per scan, however many projects share it.
/// </summary>
internal sealed class ConfigFiles
{
    private readonly ConcurrentDictionary<string, AnalyzerConfig?> _parsed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _exists = new(StringComparer.Ordinal);
    private readonly Action<string, string> _warn;

    public ConfigFiles(Action<string, string> warn)
    {
        _warn = warn;
    }

    /// <summary>
    /// The parsed config files that apply to any of <paramref name="sourceFiles"/>, and the preset the project's
    /// <c>S3SecPolicy</c> names: the same global config the analyzer package adds to a build, at the same low level,
    /// so <c>.editorconfig</c> and the project's own <c>.globalconfig</c> win over it here too.
    /// </summary>
    public List<AnalyzerConfig> For(IEnumerable<string> sourceFiles, string? policy = null)
    {
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in sourceFiles)
        {
            for (var folder = Path.GetDirectoryName(file); folder is not null; folder = Path.GetDirectoryName(folder))
            {
                if (!folders.Add(folder))
                {
                    break;
                }
            }
        }

        var sortedFolders = new List<string>(folders);
        sortedFolders.Sort(StringComparer.Ordinal);
        var configs = new List<AnalyzerConfig>();
        foreach (var folder in sortedFolders)
        {
            AddIfPresent(configs, Path.Combine(folder, ".editorconfig"));
            AddIfPresent(configs, Path.Combine(folder, ".globalconfig"));
        }

        if (Preset(policy) is { } preset)
        {
            AddIfPresent(configs, preset);
        }

        return configs;
    }

    /// <summary>The presets the analyzer package ships, in the order its error message lists them.</summary>
    public const string KnownPresets = "recommended, strict, kms, client-side, none";

    /// <summary>
    /// The shipped global config file of an <c>S3SecPolicy</c> preset, or null for none, an unknown name or a value
    /// that is not a plain name (see <see cref="Check"/>, which says which).
    /// </summary>
    public string? Preset(string? policy)
    {
        return Check(policy) == PolicyCheck.Preset ? PresetPath(policy!) : null;
    }

    /// <summary>What a project's <c>S3SecPolicy</c> value is, as the analyzer package's build logic sees it.</summary>
    public PolicyCheck Check(string? policy)
    {
        if (policy is null || string.Equals(policy, "none", StringComparison.OrdinalIgnoreCase))
        {
            return PolicyCheck.None;
        }

        if (policy.Contains("$(", StringComparison.Ordinal))
        {
            // The project file is read as text: a property the build would expand is unknown here, not wrong.
            return PolicyCheck.Unresolved;
        }

        foreach (var c in policy)
        {
            // A separator or ".." would reach a file outside the shipped presets.
            if (!char.IsAsciiLetterOrDigit(c) && c != '-')
            {
                return PolicyCheck.Unknown;
            }
        }

        return _exists.GetOrAdd(PresetPath(policy), File.Exists) ? PolicyCheck.Preset : PolicyCheck.Unknown;
    }

    /// <summary>The name of a preset's file, the same in the tool and in the analyzer package.</summary>
    public static string PresetFileName(string policy) => "s3sec." + policy.ToLowerInvariant() + ".globalconfig";

    private static string PresetPath(string policy) =>
        Path.Combine(AppContext.BaseDirectory, "presets", PresetFileName(policy));

    private void AddIfPresent(List<AnalyzerConfig> configs, string path)
    {
        if (!_exists.GetOrAdd(path, File.Exists))
        {
            return;
        }

        if (_parsed.GetOrAdd(path, Parse) is { } config)
        {
            configs.Add(config);
        }
    }

    private AnalyzerConfig? Parse(string path)
    {
        try
        {
            return AnalyzerConfig.Parse(SourceText.From(Discovery.SourceReader.ReadSmallText(path)), path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _warn(path, "cannot be read (" + ex.Message + "); its settings are ignored");
            return null;
        }
    }
}

/// <summary>What a project's <c>S3SecPolicy</c> names.</summary>
internal enum PolicyCheck
{
    /// <summary>No preset: the property is not set, or is <c>none</c>.</summary>
    None,

    /// <summary>A shipped preset.</summary>
    Preset,

    /// <summary>A name no preset has: the analyzer package fails the build on it (S3SECPOLICY).</summary>
    Unknown,

    /// <summary>A value that refers to another MSBuild property, which only a build can expand.</summary>
    Unresolved,
}
