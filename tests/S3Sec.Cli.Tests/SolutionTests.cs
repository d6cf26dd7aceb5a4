using System;
using System.Linq;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

public sealed class SolutionTests
{
    private const string SolutionHeader = """

        Microsoft Visual Studio Solution File, Format Version 12.00
        # Visual Studio Version 17
        """;

    [Fact]
    public void Sln_ScansOnlyTheProjectsItLists()
    {
        using var tree = WithProjects();
        var solution = tree.Write("App.sln", SolutionHeader + """

            Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Api", "src\Api\Api.csproj", "{1}"
            EndProject
            Project("{2150E333-8FDC-42A3-9474-1A3956D46DE8}") = "docs", "docs", "{2}"
            EndProject
            Global
            EndGlobal
            """);

        var result = CliRunner.Run(tree.Root, "scan", solution, "-q", "--loader", "loose");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        Assert.Equal(new[] { "src/Api/Uploader.cs" }, FindingPaths(result));
    }

    [Fact]
    public void Slnx_ScansOnlyTheProjectsItLists()
    {
        using var tree = WithProjects();
        var solution = tree.Write("App.slnx", """
            <Solution>
              <Folder Name="/tools/">
                <Project Path="tools/Tool/Tool.csproj" />
              </Folder>
              <Project Path="src/Api/Api.csproj" />
            </Solution>
            """);

        var result = CliRunner.Run(tree.Root, "scan", solution, "-q");

        Assert.Equal(new[] { "src/Api/Uploader.cs", "tools/Tool/Uploader.cs" }, FindingPaths(result));
    }

    [Fact]
    public void Sln_ListsMissingProject_WarnsAndScansTheRest()
    {
        using var tree = WithProjects();
        var solution = tree.Write("App.sln", SolutionHeader + """

            Project("{9A19103F-16F7-4668-BE54-9A1E7A4F7556}") = "Gone", "src\Gone\Gone.csproj", "{3}"
            EndProject
            Project("{9A19103F-16F7-4668-BE54-9A1E7A4F7556}") = "Tool", "tools\Tool\Tool.csproj", "{4}"
            EndProject
            """);
        var before = TreeSnapshot.Take(tree.Root);

        var result = CliRunner.Run(tree.Root, "scan", solution, "-q", "--loader", "loose");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "s3sec: warning: App.sln: lists project 'src/Gone/Gone.csproj', which does not exist; not scanned",
            result.Error.TrimEnd());
        Assert.Equal(new[] { "tools/Tool/Uploader.cs" }, FindingPaths(result));
        Assert.Empty(TreeSnapshot.Take(tree.Root).ChangedSince(before));
    }

    [Fact]
    public void Sln_NotASolution_WarnsAndScansItsFolder()
    {
        using var tree = WithProjects();
        var solution = tree.Write("App.sln", "this is not a solution\n");
        var before = TreeSnapshot.Take(tree.Root);

        var result = CliRunner.Run(tree.Root, "scan", solution, "-q");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("s3sec: warning: App.sln: is not a Visual Studio solution file", result.Error);
        Assert.EndsWith("; scanning its folder instead", result.Error.TrimEnd());
        Assert.Equal(3, FindingPaths(result).Length);
        Assert.Empty(TreeSnapshot.Take(tree.Root).ChangedSince(before));
    }

    [Fact]
    public void Slnx_InvalidXml_WarnsAndScansItsFolder()
    {
        using var tree = WithProjects();
        var solution = tree.Write("App.slnx", "<Solution><Project Path=");

        var result = CliRunner.Run(tree.Root, "scan", solution, "-q");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("s3sec: warning: App.slnx: is not valid XML", result.Error);
        Assert.Equal(3, FindingPaths(result).Length);
    }

    [Fact]
    public void Sln_WithoutCSharpProjects_ScansNothingAndSaysSo()
    {
        using var tree = WithProjects();
        var solution = tree.Write("App.sln", SolutionHeader + "\nGlobal\nEndGlobal\n");

        var result = CliRunner.Run(tree.Root, "scan", solution, "-q");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("s3sec: warning: App.sln: lists no C# project; nothing to scan", result.Error);
    }

    [Fact]
    public void Sln_ProjectOutsideItsFolder_IsScannedWithARelativePath()
    {
        using var tree = WithProjects();
        var solution = tree.Write("build/App.sln", SolutionHeader + """

            Project("{9A19103F-16F7-4668-BE54-9A1E7A4F7556}") = "Tool", "..\tools\Tool\Tool.csproj", "{5}"
            EndProject
            """);

        var result = CliRunner.Run(tree.Root, "scan", solution, "-q");

        Assert.Equal(new[] { "../tools/Tool/Uploader.cs" }, FindingPaths(result));
    }

    /// <summary>
    /// Three projects with one finding each: <c>src/Api</c>, a project nested in it that no solution lists, and
    /// <c>tools/Tool</c>.
    /// </summary>
    private static TempTree WithProjects()
    {
        var tree = new TempTree();
        tree.Write("src/Api/Api.csproj", Sources.Project("4.1.0.1"));
        tree.Write("src/Api/Uploader.cs", Sources.UnencryptedPut);
        tree.Write("src/Api/Generated/Generated.csproj", Sources.Project("4.1.0.1"));
        tree.Write("src/Api/Generated/Uploader.cs", Sources.UnencryptedPut);
        tree.Write("tools/Tool/Tool.csproj", Sources.Project("3.7.511.8"));
        tree.Write("tools/Tool/Uploader.cs", Sources.UnencryptedPut);
        return tree;
    }

    private static string[] FindingPaths(CliResult result)
    {
        return result.Output.Split('\n')
            .Where(l => l.Contains("S3SEC001:", StringComparison.Ordinal))
            .Select(l => l.Substring(0, l.IndexOf('(')))
            .ToArray();
    }
}
