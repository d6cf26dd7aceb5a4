using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace S3Sec.Cli.Projects;

/// <summary>The project files a solution lists, as full paths, or why the solution could not be read.</summary>
internal sealed record SolutionProjects(IReadOnlyList<string> ProjectFiles, string? Problem);

/// <summary>
/// Reads the project list of a <c>.sln</c> (its <c>Project(...) = "name", "path", "{guid}"</c> lines) or a
/// <c>.slnx</c> (<c>&lt;Project Path="..."/&gt;</c> elements). Read as text, not loaded by MSBuild: no SDK, restore
/// or build is needed, which is the point of the scanner. Solution folders and other entries that are not
/// <c>.csproj</c> files are left out: they hold no C# the scanner could compile.
/// </summary>
internal static class SolutionFileReader
{
    private const string SolutionHeader = "Microsoft Visual Studio Solution File";

    private static readonly Regex ProjectLine = new(
        @"^\s*Project\(\s*""[^""]*""\s*\)\s*=\s*""[^""]*""\s*,\s*""(?<path>[^""]*)""",
        RegexOptions.Compiled | RegexOptions.Multiline);

    public static SolutionProjects Read(string solutionFile)
    {
        string text;
        try
        {
            text = Discovery.SourceReader.ReadSmallText(solutionFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail("cannot be read (" + ex.Message + ")");
        }

        var folder = Path.GetDirectoryName(solutionFile)!;
        return Path.GetExtension(solutionFile).Equals(".slnx", StringComparison.OrdinalIgnoreCase)
            ? ReadXml(text, folder)
            : ReadText(text, folder);
    }

    private static SolutionProjects ReadText(string text, string folder)
    {
        if (!text.Contains(SolutionHeader, StringComparison.Ordinal))
        {
            return Fail("is not a Visual Studio solution file (no '" + SolutionHeader + "' header)");
        }

        var paths = ProjectLine.Matches(text).Select(m => m.Groups["path"].Value);
        return new SolutionProjects(CSharpProjects(paths, folder), null);
    }

    private static SolutionProjects ReadXml(string text, string folder)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(text);
        }
        catch (XmlException ex)
        {
            return Fail("is not valid XML (" + ex.Message + ")");
        }

        if (document.Root?.Name.LocalName != "Solution")
        {
            return Fail("is not a solution file (its root element is not <Solution>)");
        }

        var paths = document.Root.Descendants()
            .Where(e => e.Name.LocalName == "Project")
            .Select(e => (string?)e.Attribute("Path"))
            .OfType<string>();
        return new SolutionProjects(CSharpProjects(paths, folder), null);
    }

    private static List<string> CSharpProjects(IEnumerable<string> paths, string folder)
    {
        var projects = new List<string>();
        foreach (var path in paths)
        {
            // Solutions are written on Windows as often as not: their separators are backslashes.
            var local = path.Trim()
                .Replace('\\', Path.DirectorySeparatorChar)
                .Replace('/', Path.DirectorySeparatorChar);
            if (!local.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var full = Path.GetFullPath(local, folder);
            if (!projects.Contains(full, StringComparer.Ordinal))
            {
                projects.Add(full);
            }
        }

        return projects;
    }

    private static SolutionProjects Fail(string problem) => new(Array.Empty<string>(), problem);
}
