using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace S3Sec.Analyzers.Tests;

/// <summary>Keeps descriptors, rule pages, release tracking and the README table in step.</summary>
public sealed class DocumentationTests
{
    internal static readonly string RepositoryRoot = FindRepositoryRoot();

    public static TheoryData<string> RuleIds()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in AllDescriptors())
        {
            data.Add(descriptor.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void HelpLink_PointsAtTheRulePage(string id)
    {
        var descriptor = AllDescriptors().Single(d => d.Id == id);

        Assert.Equal(RuleIdentifiers.HelpLinkBase + id + ".md", descriptor.HelpLinkUri);
        Assert.True(File.Exists(RulePage(id)), $"docs/rules/{id}.md is missing");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void RulePage_StartsWithIdAndTitle(string id)
    {
        var descriptor = AllDescriptors().Single(d => d.Id == id);
        var firstLine = File.ReadLines(RulePage(id)).First();

        Assert.Equal($"# {id}: {descriptor.Title}", firstLine);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void RulePage_HasEveryTemplateSection(string id)
    {
        var text = File.ReadAllText(RulePage(id));

        foreach (var heading in new[]
        {
            "## What it flags", "## Why it matters", "## How to fix", "## Configuration", "## When to suppress",
            "## Examples", "## Limitations",
        })
        {
            Assert.Contains("\n" + heading + "\n", text.Replace("\r\n", "\n"));
        }
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void ReleaseTracking_ListsTheRule(string id)
    {
        var folder = Path.Combine(RepositoryRoot, "src", "S3Sec.Analyzers");
        var lines = File.ReadAllLines(Path.Combine(folder, "AnalyzerReleases.Unshipped.md"))
            .Concat(File.ReadAllLines(Path.Combine(folder, "AnalyzerReleases.Shipped.md")));

        Assert.Contains(lines, line => line.StartsWith(id + " ", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadmeRuleTable_MatchesTheDescriptors()
    {
        var expected = new StringBuilder();
        foreach (var descriptor in AllDescriptors().OrderBy(d => d.Id, StringComparer.Ordinal))
        {
            var severity = descriptor.IsEnabledByDefault ? descriptor.DefaultSeverity.ToString() : "Off";
            var link = $"[{descriptor.Id}](docs/rules/{descriptor.Id}.md)";
            expected.Append($"| {link} | {descriptor.Title} | {severity} |\n");
        }

        var readme = File.ReadAllText(Path.Combine(RepositoryRoot, "README.md")).Replace("\r\n", "\n");
        var rows = string.Concat(readme.Split('\n')
            .Where(line => line.StartsWith("| [S3SEC", StringComparison.Ordinal))
            .Select(line => line + "\n"));

        Assert.Equal(expected.ToString(), rows);
    }

    [Fact]
    public void StrictPreset_MakesEveryRuleThatIsOnByDefaultAnError()
    {
        var preset = Path.Combine(
            RepositoryRoot, "src", "S3Sec.Analyzers.Package", "config", "s3sec.strict.globalconfig");
        var lines = File.ReadAllLines(preset).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);

        var missing = AllDescriptors()
            .Where(d => d.IsEnabledByDefault)
            .Select(d => d.Id)
            .Where(id => !lines.Contains($"dotnet_diagnostic.{id}.severity = error"))
            .ToList();

        Assert.Empty(missing);
    }

    private static string RulePage(string id) => Path.Combine(RepositoryRoot, "docs", "rules", id + ".md");

    private static IEnumerable<DiagnosticDescriptor> AllDescriptors()
    {
        return typeof(RuleIdentifiers).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
            .GroupBy(d => d.Id)
            .Select(g => g.First());
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null;
            directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Analyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
