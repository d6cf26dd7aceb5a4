using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;

namespace S3Sec.Cli.Projects;

/// <summary>
/// The symbols the .NET SDK's <c>GenerateTargetFrameworkDefineConstants</c> and
/// <c>GenerateNETCompatibleDefineConstants</c> targets add for a target framework short name (<c>net8.0</c>,
/// <c>net472</c>, <c>netstandard2.0</c>, <c>netcoreapp3.1</c>), as <c>dotnet msbuild -getProperty:DefineConstants
/// -t:AddImplicitDefineConstants</c> prints them with SDK 10. Of a platform suffix (<c>net9.0-windows</c>) only the
/// platform's own symbol (<c>WINDOWS</c>) is added: its versioned ones (<c>WINDOWS7_0_OR_GREATER</c>) depend on the
/// platform's workload.
/// </summary>
internal static class FrameworkSymbols
{
    private static readonly string[] NetFrameworkVersions =
    {
        "2.0", "3.0", "3.5", "4.0", "4.5", "4.5.1", "4.5.2", "4.6", "4.6.1", "4.6.2", "4.7", "4.7.1", "4.7.2", "4.8",
        "4.8.1",
    };

    private static readonly string[] NetStandardVersions =
    {
        "1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2.0", "2.1",
    };

    private static readonly string[] NetCoreAppVersions = { "1.0", "1.1", "2.0", "2.1", "2.2", "3.0", "3.1" };

    /// <summary>The implicit symbols of a target framework, or null for one this does not understand.</summary>
    public static ImmutableArray<string>? For(string? targetFramework)
    {
        var name = targetFramework?.Trim().ToLowerInvariant() ?? string.Empty;
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        var platform = string.Empty;
        if (dash >= 0)
        {
            platform = new string(name.Substring(dash + 1).TakeWhile(char.IsAsciiLetter).ToArray());
            name = name.Substring(0, dash);
        }

        if (name.StartsWith("netstandard", StringComparison.Ordinal)
            && Parse(name.Substring("netstandard".Length)) is { } standard)
        {
            return Symbols("NETSTANDARD", "NETSTANDARD", standard, NetStandardVersions, dots: false);
        }

        if (name.StartsWith("netcoreapp", StringComparison.Ordinal)
            && Parse(name.Substring("netcoreapp".Length)) is { } core && core.Major < 5)
        {
            return Symbols("NETCOREAPP", "NETCOREAPP", core, NetCoreAppVersions, dots: false);
        }

        if (!name.StartsWith("net", StringComparison.Ordinal) || name.Length == 3)
        {
            return null;
        }

        var rest = name.Substring(3);
        if (rest.Contains('.', StringComparison.Ordinal))
        {
            return Parse(rest) is { Major: >= 5 } net ? Net(net, platform) : null;
        }

        // net472, net48, net20: the .NET Framework's digits, one per version part.
        if (rest.Length is < 2 or > 3 || !rest.All(char.IsAsciiDigit))
        {
            return null;
        }

        var framework = Parse(string.Join('.', rest.ToCharArray()));
        return framework is null ? null : Symbols("NETFRAMEWORK", "NET", framework, NetFrameworkVersions, dots: true);
    }

    private static ImmutableArray<string> Net(Version version, string platform)
    {
        var symbols = new List<string> { "NET", "NET" + Underscored(version), "NETCOREAPP" };
        if (platform.Length > 0)
        {
            symbols.Add(platform.ToUpperInvariant());
        }

        for (var major = 5; major <= version.Major; major++)
        {
            symbols.Add($"NET{major.ToString(CultureInfo.InvariantCulture)}_0_OR_GREATER");
        }

        symbols.AddRange(NetCoreAppVersions.Select(v => "NETCOREAPP" + v.Replace('.', '_') + "_OR_GREATER"));
        return symbols.ToImmutableArray();
    }

    private static ImmutableArray<string> Symbols(
        string versionless,
        string prefix,
        Version version,
        string[] known,
        bool dots)
    {
        var symbols = new List<string> { versionless, prefix + (dots ? Joined(version) : Underscored(version)) };
        foreach (var candidate in known)
        {
            if (Version.Parse(candidate) <= version)
            {
                symbols.Add(prefix + (dots ? candidate.Replace(".", "") : candidate.Replace('.', '_')) + "_OR_GREATER");
            }
        }

        return symbols.ToImmutableArray();
    }

    private static string Underscored(Version version) => version.ToString().Replace('.', '_');

    private static string Joined(Version version) => version.ToString().Replace(".", "");

    private static Version? Parse(string text)
    {
        if (!Version.TryParse(text, out var version) || text.Contains('+') || text.Contains('-'))
        {
            return null;
        }

        return version;
    }
}
