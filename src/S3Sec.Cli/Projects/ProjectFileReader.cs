using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace S3Sec.Cli.Projects;

/// <summary>
/// Reads the few things the scan needs from a <c>.csproj</c> and the MSBuild files that feed it
/// (<c>Directory.Build.props</c>, <c>Directory.Packages.props</c>, <c>packages.config</c>). This is not MSBuild:
/// for most properties conditions are ignored and the last value written wins, which is right for the projects
/// people actually write and never worse than guessing; <c>DefineConstants</c> and <c>Compile</c> items, which
/// decide what code is compiled at all, count only under a condition decided exactly.
/// </summary>
internal static class ProjectFileReader
{
    private const string S3PackageId = "AWSSDK.S3";

    private static readonly Regex PropertyReference = new(@"\$\(([A-Za-z_][A-Za-z0-9_\-]*)\)", RegexOptions.Compiled);

    // MSBuild binds the method's name in any case but compares the text as string.StartsWith does, case-sensitively.
    private static readonly Regex FrameworkStartsWith = new(
        @"\$\(TargetFramework\.StartsWith\((['`])([^'`""$@%()]*)\1\)\)",
        RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    private static readonly Regex SimpleCondition = new(
        @"^\s*'([^']*)'\s*(==|!=)\s*'([^']*)'\s*$", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    public static ProjectSettings Read(string projectFile, Action<string, string> warn)
    {
        var directory = Path.GetDirectoryName(projectFile)!;
        var files = new List<XDocument>();
        var buildProps = FindAbove(directory, "Directory.Build.props");
        var props = buildProps is null ? null : Load(buildProps, warn);
        if (props is not null)
        {
            files.Add(props);
        }

        var project = Load(projectFile, warn);
        if (project is not null)
        {
            files.Add(project);
        }

        var properties = ReadProperties(files);
        var policySource = project?.Descendants().Any(e => e.Name.LocalName == "S3SecPolicy") == true
            ? projectFile
            : buildProps;
        var (line, reason) = ChooseSdkLine(directory, files, properties, warn);
        var (framework, others) = ChosenFramework(props, project, properties);
        var compileItems = ReadCompileItems(
            directory, (props, buildProps), (project, projectFile), properties, framework.Name);
        var symbols = ReadSymbols(props, project, properties, framework);
        return new ProjectSettings(
            projectFile,
            directory,
            line,
            reason,
            ReadLanguageVersion(properties),
            ReadNullable(properties),
            ReadOutputKind(properties),
            ReadGlobalUsings(files, properties),
            properties.TryGetValue("S3SecPolicy", out var policy) && policy.Trim().Length > 0 ? policy.Trim() : null,
            References(files, "S3Sec.Crypto"),
            References(files, "Amazon.Extensions.S3.Encryption"),
            symbols,
            ReadLinkedSources(directory, (props, buildProps), (project, projectFile), properties, framework.Name)
                .Where(compileItems.Compiles)
                .ToImmutableArray(),
            compileItems,
            policySource)
        {
            OtherFrameworkSymbols = OtherSymbols(props, project, properties, others, symbols),
            ProjectReferences = ReadProjectReferences(directory, project, projectFile, properties, framework.Name),
            TargetsNetFramework = TargetsNetFramework(project, properties, framework),
        };
    }

    /// <summary>
    /// Whether the scan's framework is .NET Framework: a <c>TargetFramework</c> such as <c>net48</c> or
    /// <c>net462</c>, or, in a project that is not SDK-style, a <c>TargetFrameworkVersion</c> of v2 to v4
    /// (Xamarin's legacy projects also set it, to their own versions: v9.0, v12.0).
    /// </summary>
    private static bool TargetsNetFramework(
        XDocument? project,
        Dictionary<string, string> properties,
        Framework framework)
    {
        if (project is null)
        {
            return false;
        }

        if (!IsSdkStyle(project))
        {
            return properties.TryGetValue("TargetFrameworkVersion", out var version)
                && Regex.IsMatch(version.Trim(), @"^v[2-4]\.[0-9.]+$", RegexOptions.CultureInvariant);
        }

        return framework.Name is { } name
            && Regex.IsMatch(name, @"^net[2-4][0-9]{1,2}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    }

    /// <summary>
    /// The symbols of each of <c>TargetFrameworks</c> after the first that defines other symbols than it, each set
    /// once: a build compiles the project once per framework, and code under <c>#if</c> is compiled by some of them
    /// only.
    /// </summary>
    private static ImmutableArray<ImmutableArray<string>> OtherSymbols(
        XDocument? buildProps,
        XDocument? project,
        Dictionary<string, string> properties,
        IEnumerable<string> others,
        ImmutableArray<string> first)
    {
        var sets = new List<ImmutableArray<string>>();
        foreach (var other in others)
        {
            var symbols = ReadSymbols(buildProps, project, properties, new Framework(other, null, Global: true));
            if (!symbols.ToHashSet(StringComparer.Ordinal).SetEquals(first)
                && !sets.Any(s => s.ToHashSet(StringComparer.Ordinal).SetEquals(symbols)))
            {
                sets.Add(symbols);
            }
        }

        return sets.ToImmutableArray();
    }

    /// <summary>
    /// The existing project files the project's <c>ProjectReference</c> items name, under conditions
    /// <see cref="ConditionHolds"/> decides; one written with a wildcard or a property a build must expand is left
    /// out.
    /// </summary>
    private static ImmutableArray<string> ReadProjectReferences(
        string directory,
        XDocument? project,
        string projectFile,
        Dictionary<string, string> properties,
        string? framework)
    {
        if (project is null)
        {
            return ImmutableArray<string>.Empty;
        }

        var thisFileDirectory = Path.GetDirectoryName(projectFile) + Path.DirectorySeparatorChar;
        var references = new List<string>();
        var items = project.Descendants()
            .Where(e => e.Name.LocalName == "ProjectReference" && Applies(e, true, framework));
        foreach (var path in LiteralItemPaths(items, ".csproj", thisFileDirectory, directory, properties))
        {
            if (File.Exists(path) && !references.Contains(path, StringComparer.Ordinal))
            {
                references.Add(path);
            }
        }

        return references.ToImmutableArray();
    }

    /// <summary>
    /// Where a restore writes the project's <c>project.assets.json</c> when <c>MSBuildProjectExtensionsPath</c> or
    /// <c>BaseIntermediateOutputPath</c> (in the project or <c>Directory.Build.props</c>) moves it out of <c>obj/</c>;
    /// null when neither is set or the value names a property other than <c>MSBuildProjectDirectory</c> and
    /// <c>MSBuildProjectName</c>.
    /// </summary>
    public static string? AssetsFile(string projectFile)
    {
        var directory = Path.GetDirectoryName(projectFile)!;
        var files = new[] { FindAbove(directory, "Directory.Build.props"), projectFile }
            .OfType<string>()
            .Select(f => Load(f, (_, _) => { }))
            .OfType<XDocument>()
            .ToList();
        var properties = ReadProperties(files);
        if (!properties.TryGetValue("MSBuildProjectExtensionsPath", out var path)
            && !properties.TryGetValue("BaseIntermediateOutputPath", out path))
        {
            return null;
        }

        path = path.Trim()
            .Replace("$(MSBuildProjectDirectory)", directory, StringComparison.OrdinalIgnoreCase)
            .Replace("$(MSBuildProjectName)", Path.GetFileNameWithoutExtension(projectFile),
                StringComparison.OrdinalIgnoreCase);
        if (path.Length == 0 || path.Contains("$(", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var relative = path.Replace('\\', Path.DirectorySeparatorChar);
            return Path.GetFullPath(Path.Combine(directory, relative, "project.assets.json"));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }

    /// <summary>
    /// The project's <c>Compile</c> items as <see cref="CompileItems"/> evaluates them: those of
    /// <c>Directory.Build.props</c>, then the SDK's default include unless a decided property turns it off, then
    /// the project's. An item under a condition <see cref="ConditionHolds"/> cannot decide is left out.
    /// </summary>
    private static CompileItems ReadCompileItems(
        string directory,
        (XDocument? Document, string? Path) buildProps,
        (XDocument? Document, string Path) project,
        Dictionary<string, string> properties,
        string? framework)
    {
        var steps = new List<CompileItems.Step>();
        if (buildProps is { Document: { } propsDocument, Path: { } propsPath })
        {
            AddCompileSteps(steps, directory, propsDocument, propsPath, properties, framework);
        }

        var defaults = new[] { "EnableDefaultItems", "EnableDefaultCompileItems" }
            .Select(name => DecidedProperty(buildProps.Document, project.Document, name)?.Trim())
            .All(v => string.IsNullOrEmpty(v) || string.Equals(v, "true", StringComparison.OrdinalIgnoreCase));
        // A project that is not SDK-style has no default items: it lists every file it compiles.
        if (project.Document is null || (IsSdkStyle(project.Document) && defaults))
        {
            var everything = CompileItems.Patterns("**/*.cs", directory, s => s);
            // The SDK's DefaultExcludesInProjectFolder: a build compiles nothing under a folder named .something.
            var hidden = project.Document is null
                ? ImmutableArray<Regex>.Empty
                : CompileItems.Patterns("**/.*/**", directory, s => s);
            steps.Add(new CompileItems.Step(true, everything, hidden) { IsDefault = true });
        }

        if (project.Document is not null)
        {
            AddCompileSteps(steps, directory, project.Document, project.Path, properties, framework);
        }

        return CompileItems.From(steps);
    }

    private static void AddCompileSteps(
        List<CompileItems.Step> steps,
        string directory,
        XDocument document,
        string file,
        Dictionary<string, string> properties,
        string? framework)
    {
        var thisFileDirectory = Path.GetDirectoryName(file) + Path.DirectorySeparatorChar;
        foreach (var item in ApplicableCompileItems(document, framework))
        {
            Func<string, string> expand = text => ExpandItem(text, thisFileDirectory, directory, properties);
            if (Value(item, "Include") is { } include)
            {
                steps.Add(new CompileItems.Step(
                    true,
                    CompileItems.Patterns(include, directory, expand),
                    CompileItems.Patterns(Value(item, "Exclude"), directory, expand)));
            }
            else if (Value(item, "Remove") is { } remove)
            {
                steps.Add(new CompileItems.Step(
                    false, CompileItems.Patterns(remove, directory, expand), ImmutableArray<Regex>.Empty));
            }
        }
    }

    /// <summary>
    /// The file's <c>Compile</c> items whose conditions hold, in document order. Items are evaluated after every
    /// property, so the chosen <paramref name="framework"/> is known to them wherever they are written.
    /// </summary>
    private static IEnumerable<XElement> ApplicableCompileItems(XDocument document, string? framework)
    {
        return document.Descendants().Where(e => e.Name.LocalName == "Compile" && Applies(e, true, framework));
    }

    private static string ExpandItem(
        string text,
        string thisFileDirectory,
        string directory,
        Dictionary<string, string> properties)
    {
        return PropertyReference.Replace(text, m => m.Groups[1].Value.ToUpperInvariant() switch
        {
            "MSBUILDTHISFILEDIRECTORY" => thisFileDirectory,
            "MSBUILDPROJECTDIRECTORY" => directory,
            _ => properties.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value,
        });
    }

    /// <summary>
    /// The last value a property is given where <see cref="ConditionHolds"/> decides it (in
    /// <c>Directory.Build.props</c>, before the SDK gives <c>Configuration</c> its default), or null.
    /// </summary>
    private static string? DecidedProperty(XDocument? buildProps, XDocument? project, string name)
    {
        return DecidedElement(buildProps, project, name)?.Value;
    }

    private static XElement? DecidedElement(XDocument? buildProps, XDocument? project, string name)
    {
        XElement? value = null;
        foreach (var (file, configurationKnown) in new[] { (buildProps, false), (project, true) })
        {
            if (file is null)
            {
                continue;
            }

            foreach (var group in file.Descendants().Where(e => e.Name.LocalName == "PropertyGroup"))
            {
                if (!Applies(group, configurationKnown))
                {
                    continue;
                }

                foreach (var property in group.Elements().Where(e => e.Name.LocalName == name))
                {
                    if (ConditionHolds((string?)property.Attribute("Condition"), configurationKnown))
                    {
                        value = property;
                    }
                }
            }
        }

        return value;
    }

    /// <summary>
    /// The existing <c>.cs</c> files outside the project's folder that <c>Compile</c> items name one by one
    /// (<c>..\Shared\Settings.cs</c>, with or without <c>Link</c>): the build compiles them with the project, and
    /// code calling into them needs their types. An include with a wildcard, a property only a build can expand, or
    /// a condition <see cref="ConditionHolds"/> cannot decide is left out; files inside the folder are globbed already.
    /// </summary>
    private static ImmutableArray<string> ReadLinkedSources(
        string directory,
        (XDocument? Document, string? Path) buildProps,
        (XDocument? Document, string Path) project,
        Dictionary<string, string> properties,
        string? framework)
    {
        var linked = new List<string>();
        foreach (var (document, file) in new[] { buildProps, project })
        {
            if (document is not null && file is not null)
            {
                AddLinkedSources(linked, directory, document, file, properties, framework);
            }
        }

        return linked.ToImmutableArray();
    }

    private static void AddLinkedSources(
        List<string> linked,
        string directory,
        XDocument document,
        string file,
        Dictionary<string, string> properties,
        string? framework)
    {
        var thisFileDirectory = Path.GetDirectoryName(file) + Path.DirectorySeparatorChar;
        var items = ApplicableCompileItems(document, framework);
        foreach (var path in LiteralItemPaths(items, ".cs", thisFileDirectory, directory, properties))
        {
            if (!Discovery.PathResolver.IsSameOrAncestor(directory, path) && File.Exists(path)
                && !linked.Contains(path, StringComparer.Ordinal))
            {
                linked.Add(path);
            }
        }
    }

    /// <summary>
    /// The full paths an item list names one by one with the given extension, its properties expanded: wildcards and
    /// what is still unexpanded are left out, and so is a path this machine cannot name (a build could not open it
    /// either).
    /// </summary>
    private static IEnumerable<string> LiteralItemPaths(
        IEnumerable<XElement> items,
        string extension,
        string thisFileDirectory,
        string directory,
        Dictionary<string, string> properties)
    {
        foreach (var item in items)
        {
            if (Value(item, "Include") is not { } include)
            {
                continue;
            }

            var expanded = ExpandItem(include, thisFileDirectory, directory, properties);
            var parts = expanded.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var part in parts)
            {
                if (part.IndexOfAny(new[] { '*', '?', '$', '@', '%' }) >= 0
                    || !part.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                string path;
                try
                {
                    path = Path.GetFullPath(Path.Combine(directory, part.Replace('\\', Path.DirectorySeparatorChar)));
                }
                catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
                {
                    continue;
                }

                yield return path;
            }
        }
    }

    /// <summary>
    /// The symbols a Debug build defines: <c>DefineConstants</c> as Directory.Build.props, the SDK (which adds
    /// <c>TRACE</c>) and the project write it, in that order, then the SDK's implicit symbols. A property or
    /// group under a condition counts only when <see cref="ConditionHolds"/> can decide it; one that cannot be
    /// decided (a target framework, a property of the build) is left out rather than guessed.
    /// </summary>
    private static ImmutableArray<string> ReadSymbols(
        XDocument? buildProps,
        XDocument? project,
        Dictionary<string, string> properties,
        Framework framework)
    {
        var defined = string.Empty;
        var frameworkKnown = framework.Global;
        if (buildProps is not null)
        {
            // The SDK gives Configuration and Platform their defaults after Directory.Build.props: there they are
            // empty in a command-line build and Debug|AnyCPU in an IDE, so a condition on them is undecided.
            defined = ReadDefineConstants(
                buildProps, defined, properties, configurationKnown: false, framework, ref frameworkKnown);
        }

        if (project is null || IsSdkStyle(project))
        {
            defined = defined.Length > 0
                ? defined + ";" + ProjectSettings.SdkDefineConstants
                : ProjectSettings.SdkDefineConstants;
        }

        if (project is not null)
        {
            defined = ReadDefineConstants(
                project, defined, properties, configurationKnown: true, framework, ref frameworkKnown);
        }

        // The compiler task splits the list on these, and skips what is not an identifier.
        return defined.Split(new[] { ';', ',', ' ' }, StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.Trim())
            .Where(SyntaxFacts.IsValidIdentifier)
            .Concat(ImplicitSymbols(buildProps, project, framework))
            .Distinct(StringComparer.Ordinal)
            .ToImmutableArray();
    }

    /// <summary>
    /// What the SDK adds to <c>DefineConstants</c>: <c>DEBUG</c>, and the target framework's symbols unless
    /// <c>DisableImplicitFrameworkDefines</c> is <c>true</c>. A project that is not SDK-style gets nothing: its own
    /// <c>DefineConstants</c> (most often <c>DEBUG;TRACE</c> under a Debug condition) is all its build defines. The
    /// framework is the decided <c>TargetFramework</c>, else the first of <c>TargetFrameworks</c> (the one the MSBuild
    /// loader and an IDE's default context take); one that cannot be read keeps the net8.0 symbols the references
    /// are compiled against.
    /// </summary>
    private static IEnumerable<string> ImplicitSymbols(XDocument? buildProps, XDocument? project, Framework framework)
    {
        if (project is null)
        {
            return ProjectSettings.ImplicitSymbols;
        }

        if (!IsSdkStyle(project))
        {
            return Array.Empty<string>();
        }

        var disabled = DecidedProperty(buildProps, project, "DisableImplicitFrameworkDefines")?.Trim();
        if (string.Equals(disabled, "true", StringComparison.OrdinalIgnoreCase))
        {
            return new[] { "DEBUG" };
        }

        return FrameworkSymbols.For(framework.Text) is { } symbols
            ? symbols.Insert(0, "DEBUG")
            : ProjectSettings.ImplicitSymbols;
    }

    /// <summary>
    /// The target framework the scan takes: the decided <c>TargetFramework</c>, else the first of
    /// <c>TargetFrameworks</c> once expanded. <see cref="Framework.Name"/> is null when it still names a property.
    /// </summary>
    private static (Framework First, IEnumerable<string> Others) ChosenFramework(
        XDocument? buildProps,
        XDocument? project,
        Dictionary<string, string> properties)
    {
        var single = DecidedElement(buildProps, project, "TargetFramework");
        if (single is not null && !string.IsNullOrWhiteSpace(single.Value))
        {
            return (new Framework(Expand(single.Value, properties), single, Global: false), Array.Empty<string>());
        }

        // Expanded before the split: $(LibraryFrameworks) can hold the whole list.
        var frameworks = DecidedProperty(buildProps, project, "TargetFrameworks");
        var all = frameworks is null
            ? Array.Empty<string>()
            : Expand(frameworks, properties)
                .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var others = all.Skip(1).Where(f => new Framework(f, null, true).Name is not null).Distinct().ToList();
        // The build of one of several frameworks gets TargetFramework as a global property: known everywhere.
        return (new Framework(all.FirstOrDefault(), null, Global: true), others);
    }

    /// <summary>
    /// The framework a condition's <c>$(TargetFramework)</c> stands for. <see cref="Text"/> is what the scan
    /// takes the symbols of; <see cref="Name"/> is it when fully expanded. Set in the project (not
    /// <see cref="Global"/>), it is known to a property only after <see cref="Source"/> sets it.
    /// </summary>
    private readonly record struct Framework(string? Text, XElement? Source, bool Global)
    {
        public string? Name => Text is null || Text.Trim().Length == 0 || Text.Contains("$(", StringComparison.Ordinal)
            ? null
            : Text.Trim();
    }

    private static string ReadDefineConstants(
        XDocument file,
        string defined,
        Dictionary<string, string> properties,
        bool configurationKnown,
        Framework framework,
        ref bool frameworkKnown)
    {
        foreach (var group in file.Descendants().Where(e => e.Name.LocalName == "PropertyGroup"))
        {
            if (!Applies(group, configurationKnown, frameworkKnown ? framework.Name : null))
            {
                continue;
            }

            foreach (var property in group.Elements())
            {
                if (property == framework.Source)
                {
                    frameworkKnown = true;
                }

                if (property.Name.LocalName != "DefineConstants"
                    || !ConditionHolds(
                        (string?)property.Attribute("Condition"),
                        configurationKnown,
                        frameworkKnown ? framework.Name : null))
                {
                    continue;
                }

                var before = defined;
                defined = PropertyReference.Replace(
                    property.Value,
                    m => string.Equals(m.Groups[1].Value, "DefineConstants", StringComparison.OrdinalIgnoreCase)
                        ? before
                        : properties.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);
            }
        }

        return defined;
    }

    /// <summary>True when a property group is evaluated in a Debug build: every enclosing condition holds.</summary>
    private static bool Applies(XElement group, bool configurationKnown = true, string? framework = null)
    {
        for (var element = group; element is not null; element = element.Parent)
        {
            // A target sets properties while it runs, and an Otherwise depends on its siblings: neither is evaluated.
            if (element.Name.LocalName is "Target" or "Otherwise"
                || !ConditionHolds((string?)element.Attribute("Condition"), configurationKnown, framework))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Decides a condition exactly, or says false: only a single <c>'a' == 'b'</c> or <c>'a' != 'b'</c> whose sides
    /// name no property but <c>Configuration</c> (Debug) and <c>Platform</c> (AnyCPU), compared as MSBuild does,
    /// ignoring case, and those two only where they have their values (<paramref name="configurationKnown"/>: in the
    /// project file, and for items everywhere), and <c>TargetFramework</c> where the scan's chosen
    /// <paramref name="framework"/> is known there, also as <c>$(TargetFramework.StartsWith('net4'))</c>, alone,
    /// negated with <c>!</c> or compared; or several of these joined by <c>and</c> alone or <c>or</c> alone.
    /// Anything else needs a build to decide.
    /// </summary>
    internal static bool ConditionHolds(string? condition, bool configurationKnown = true, string? framework = null)
    {
        if (condition is null || condition.Trim().Length == 0)
        {
            return true;
        }

        if (framework is not null)
        {
            condition = FrameworkStartsWith.Replace(
                condition,
                m => framework.StartsWith(m.Groups[2].Value, StringComparison.Ordinal) ? "true" : "false");
        }

        // Undecided counts as false, which is exact for and/or alone: "x or true" holds and "x and false" does not
        // whatever x is, and otherwise the item is left out either way. Both mixed would need MSBuild's precedence.
        if (Junction(condition) is { } junction)
        {
            return junction.Or
                ? junction.Parts.Any(p => ConditionHolds(p, configurationKnown, framework))
                : junction.Parts.All(p => ConditionHolds(p, configurationKnown, framework));
        }

        if (framework is not null)
        {
            switch (condition.Trim().ToLowerInvariant())
            {
                case "true" or "!false":
                    return true;
                case "false" or "!true":
                    return false;
            }
        }

        var match = SimpleCondition.Match(condition);
        if (!match.Success || Configured(match.Groups[1].Value, configurationKnown, framework) is not { } left
            || Configured(match.Groups[3].Value, configurationKnown, framework) is not { } right)
        {
            return false;
        }

        var equal = string.Equals(left, right, StringComparison.OrdinalIgnoreCase);
        return match.Groups[2].Value == "==" ? equal : !equal;
    }

    /// <summary>
    /// The parts of a condition joined by <c>and</c> alone or <c>or</c> alone (in any case, outside quotes), or null
    /// for a single part, both kinds, or parentheses outside quotes.
    /// </summary>
    private static (bool Or, List<string> Parts)? Junction(string condition)
    {
        var parts = new List<string>();
        string? kind = null;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < condition.Length; i++)
        {
            var c = condition[i];
            if (c == '\'')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '(' or ')')
            {
                return null;
            }
            else if (!quoted && char.IsWhiteSpace(c) && JoinerAt(condition, i + 1) is { } joiner)
            {
                if (kind is not null && kind != joiner)
                {
                    return null;
                }

                kind = joiner;
                parts.Add(condition.Substring(start, i - start));
                start = i + 1 + joiner.Length;
                i = start - 1;
            }
        }

        if (kind is null)
        {
            return null;
        }

        parts.Add(condition.Substring(start));
        return (kind == "or", parts);
    }

    private static string? JoinerAt(string text, int index)
    {
        foreach (var joiner in new[] { "and", "or" })
        {
            var end = index + joiner.Length;
            if (end < text.Length && char.IsWhiteSpace(text[end])
                && string.Compare(text, index, joiner, 0, joiner.Length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                return joiner;
            }
        }

        return null;
    }

    private static string? Configured(string text, bool configurationKnown, string? framework)
    {
        var expanded = configurationKnown ? PropertyReference.Replace(text, DebugAnyCpu) : text;
        if (framework is not null)
        {
            expanded = PropertyReference.Replace(
                expanded,
                m => string.Equals(m.Groups[1].Value, "TargetFramework", StringComparison.OrdinalIgnoreCase)
                    ? framework
                    : m.Value);
        }

        return expanded.Contains("$(", StringComparison.Ordinal) || expanded.Contains("@(", StringComparison.Ordinal)
            || expanded.Contains("%(", StringComparison.Ordinal)
            ? null
            : expanded;
    }

    private static string DebugAnyCpu(Match reference)
    {
        return reference.Groups[1].Value.ToUpperInvariant() switch
        {
            "CONFIGURATION" => "Debug",
            "PLATFORM" => "AnyCPU",
            _ => reference.Value,
        };
    }

    /// <summary>An SDK-style project, whose SDK props add <c>TRACE</c> before the project's own properties.</summary>
    private static bool IsSdkStyle(XDocument project)
    {
        var root = project.Root;
        return root is not null && (root.Attribute("Sdk") is not null
            || root.Elements().Any(e => e.Name.LocalName == "Sdk"
                || (e.Name.LocalName == "Import" && e.Attribute("Sdk") is not null)));
    }

    /// <summary>The SDK line for a version string such as <c>3.7.511.8</c>, <c>[4.0,5.0)</c> or <c>3.*</c>.</summary>
    internal static AwsSdkLine? LineFromVersion(string? version)
    {
        if (string.IsNullOrWhiteSpace(version))
        {
            return null;
        }

        var text = version.Trim().TrimStart('[', '(').Trim();
        var end = 0;
        while (end < text.Length && char.IsDigit(text[end]))
        {
            end++;
        }

        if (end == 0 || !int.TryParse(text.AsSpan(0, end), out var major))
        {
            return null;
        }

        return major <= 3 ? AwsSdkLine.V3 : AwsSdkLine.V4;
    }

    private static (AwsSdkLine Line, string Reason) ChooseSdkLine(
        string directory,
        List<XDocument> files,
        Dictionary<string, string> properties,
        Action<string, string> warn)
    {
        var found = false;
        string? version = null;
        var source = "PackageReference";
        var references = Elements(files, "PackageReference").Where(e => IsS3(e, "Include") || IsS3(e, "Update"));
        foreach (var reference in references)
        {
            found = true;
            var value = Value(reference, "VersionOverride") ?? Value(reference, "Version");
            if (value is not null)
            {
                version = Expand(value, properties);
            }
        }

        if (version is null && found && FindAbove(directory, "Directory.Packages.props") is { } central)
        {
            var document = Load(central, warn);
            if (document is not null)
            {
                var centralProperties = ReadProperties(new List<XDocument> { document });
                foreach (var entry in centralProperties)
                {
                    properties.TryAdd(entry.Key, entry.Value);
                }

                var package = document.Descendants().Where(e => e.Name.LocalName == "PackageVersion")
                    .LastOrDefault(e => IsS3(e, "Include") || IsS3(e, "Update"));
                if (package is not null && Value(package, "Version") is { } centralVersion)
                {
                    version = Expand(centralVersion, properties);
                    source = "Directory.Packages.props";
                }
            }
        }

        if (!found && ReadPackagesConfig(Path.Combine(directory, "packages.config"), warn) is { } legacy)
        {
            found = true;
            version = legacy;
            source = "packages.config";
        }

        if (!found && AssemblyReferenceVersion(files) is { } assembly)
        {
            found = true;
            version = assembly;
            source = "Reference";
        }

        if (!found)
        {
            return (AwsSdkLine.V4, "no AWSSDK.S3 reference found; using 4.x");
        }

        if (LineFromVersion(version) is not { } line)
        {
            return (AwsSdkLine.V4, $"AWSSDK.S3 version '{version ?? "(none)"}' not understood; using 4.x");
        }

        return (line, $"AWSSDK.S3 {version} ({source}); using {line.DisplayName()}");
    }

    /// <summary>
    /// The assembly version a project that is not restored names (<c>&lt;Reference Include="AWSSDK.S3,
    /// Version=3.3.0.0, ..."&gt;</c> beside a <c>HintPath</c> to a copied DLL): its major version is the line's.
    /// Empty when the reference names no version.
    /// </summary>
    private static string? AssemblyReferenceVersion(List<XDocument> files)
    {
        foreach (var reference in Elements(files, "Reference"))
        {
            var parts = ((string?)reference.Attribute("Include"))?.Split(',') ?? Array.Empty<string>();
            if (parts.Length == 0 || !string.Equals(parts[0].Trim(), S3PackageId, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var version = parts.Skip(1).Select(p => p.Trim())
                .FirstOrDefault(p => p.StartsWith("Version=", StringComparison.OrdinalIgnoreCase));
            return version is null ? string.Empty : version.Substring("Version=".Length).Trim();
        }

        return null;
    }

    private static string? ReadPackagesConfig(string path, Action<string, string> warn)
    {
        if (!File.Exists(path) || Load(path, warn) is not { } document)
        {
            return null;
        }

        var package = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "package"
            && string.Equals((string?)e.Attribute("id"), S3PackageId, StringComparison.OrdinalIgnoreCase));
        return package is null ? null : (string?)package.Attribute("version") ?? string.Empty;
    }

    private static LanguageVersion ReadLanguageVersion(Dictionary<string, string> properties)
    {
        // Newer syntax parses older code unchanged, so only "preview" asks for more than the latest release.
        return properties.TryGetValue("LangVersion", out var value)
            && string.Equals(value.Trim(), "preview", StringComparison.OrdinalIgnoreCase)
            ? LanguageVersion.Preview
            : LanguageVersion.Latest;
    }

    private static NullableContextOptions ReadNullable(Dictionary<string, string> properties)
    {
        if (!properties.TryGetValue("Nullable", out var value))
        {
            return NullableContextOptions.Disable;
        }

        return value.Trim().ToLowerInvariant() switch
        {
            "enable" => NullableContextOptions.Enable,
            "warnings" => NullableContextOptions.Warnings,
            "annotations" => NullableContextOptions.Annotations,
            _ => NullableContextOptions.Disable,
        };
    }

    private static OutputKind ReadOutputKind(Dictionary<string, string> properties)
    {
        if (!properties.TryGetValue("OutputType", out var value))
        {
            return OutputKind.DynamicallyLinkedLibrary;
        }

        return value.Trim().ToLowerInvariant() switch
        {
            "exe" => OutputKind.ConsoleApplication,
            "winexe" => OutputKind.WindowsApplication,
            _ => OutputKind.DynamicallyLinkedLibrary,
        };
    }

    private static ImmutableArray<string> ReadGlobalUsings(List<XDocument> files, Dictionary<string, string> properties)
    {
        var usings = new List<string>();
        if (properties.TryGetValue("ImplicitUsings", out var implicitUsings)
            && implicitUsings.Trim().ToLowerInvariant() is "enable" or "true")
        {
            usings.AddRange(ProjectSettings.ImplicitUsingNamespaces);
        }

        foreach (var item in Elements(files, "Using"))
        {
            if (Value(item, "Remove") is { } removed)
            {
                usings.Remove(Expand(removed, properties));
                continue;
            }

            if (Value(item, "Include") is not { } include)
            {
                continue;
            }

            var name = Expand(include, properties).Trim();
            var alias = Value(item, "Alias");
            var isStatic = string.Equals(Value(item, "Static"), "true", StringComparison.OrdinalIgnoreCase);
            var directive = alias is not null ? alias.Trim() + " = " + name : isStatic ? "static " + name : name;
            if (!usings.Contains(directive))
            {
                usings.Add(directive);
            }
        }

        return usings.ToImmutableArray();
    }

    private static Dictionary<string, string> ReadProperties(List<XDocument> files)
    {
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in files.SelectMany(f => f.Descendants().Where(e => e.Name.LocalName == "PropertyGroup")))
        {
            foreach (var property in group.Elements())
            {
                properties[property.Name.LocalName] = Expand(property.Value, properties);
            }
        }

        return properties;
    }

    /// <summary>True when a package or project reference names the library (a project path by its file name).</summary>
    private static bool References(List<XDocument> files, string library)
    {
        foreach (var item in Elements(files, "PackageReference").Concat(Elements(files, "ProjectReference")))
        {
            var include = ((string?)item.Attribute("Include"))?.Trim();
            if (include is null)
            {
                continue;
            }

            var name = include.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)
                ? Path.GetFileNameWithoutExtension(include.Replace('\\', '/'))
                : include;
            if (string.Equals(name, library, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<XElement> Elements(List<XDocument> files, string name)
    {
        return files.SelectMany(f => f.Descendants().Where(e => e.Name.LocalName == name));
    }

    private static bool IsS3(XElement element, string attribute)
    {
        var value = ((string?)element.Attribute(attribute))?.Trim();
        return string.Equals(value, S3PackageId, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>An item's metadata, written either as an attribute or as a child element.</summary>
    private static string? Value(XElement element, string name)
    {
        var attribute = element.Attributes().FirstOrDefault(a => a.Name.LocalName == name);
        if (attribute is not null)
        {
            return attribute.Value;
        }

        return element.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
    }

    private static string Expand(string value, Dictionary<string, string> properties)
    {
        return PropertyReference.Replace(
            value,
            m => properties.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);
    }

    private static XDocument? Load(string path, Action<string, string> warn)
    {
        try
        {
            // Not opened when it reports length 0 (a FIFO would block open()); the XML's own encoding declaration
            // is honoured otherwise, which reading it as text first would not do.
            return new FileInfo(path).Length == 0 ? XDocument.Parse(string.Empty) : XDocument.Load(path);
        }
        catch (Exception ex) when (ex is XmlException or IOException or UnauthorizedAccessException)
        {
            warn(path, "cannot be read as MSBuild XML (" + ex.Message + "); ignored");
            return null;
        }
    }

    internal static string? FindAbove(string directory, string fileName)
    {
        for (var current = directory; current is not null; current = Path.GetDirectoryName(current))
        {
            var candidate = Path.Combine(current, fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
