using System.Linq;
using System.Text.Json;
using S3Sec.Cli.Analysis;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

/// <summary>
/// An analyzer that throws (AD0001) while the scan runs. The S3Sec analyzers do not throw, and the scanner loads no
/// other analyzer, so these tests add one that does (<see cref="ThrowingAnalyzer"/>): they cover what the scanner does
/// with the exception Roslyn hands it (report, standard error, exit code), with the loose loader; MSBuildLoaderTests
/// has the same failure with the MSBuild loader.
/// </summary>
public sealed class AnalyzerFailureTests
{
    [Fact]
    public void AnalyzerFailure_IsAnErrorOnStandardErrorAndInTheExitCode_WhateverTheFailOnLevel()
    {
        using var tree = AppTree();

        var result = ScanWithThrowingAnalyzer(tree, "--fail-on", "none");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("s3sec: error: App/App.csproj: AD0001: " + ThrowingAnalyzer.Failure, result.Error.TrimEnd());
    }

    [Fact]
    public void AnalyzerFailure_Text_IsListedAndCounted_BesideTheFindings()
    {
        using var tree = AppTree();

        var result = ScanWithThrowingAnalyzer(tree);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("App/Uploader.cs(8,23): warning S3SEC001", result.Output);
        Assert.Contains(
            "App/App.csproj: error AD0001: " + ThrowingAnalyzer.Failure + "\n",
            result.Output.ReplaceLineEndings("\n"));
        Assert.Contains("1 finding (1 warning) in 1 of 1 file (1 project); 1 analyzer failure.", result.Output);
    }

    [Fact]
    public void AnalyzerFailure_Json_IsInTheErrors()
    {
        using var tree = AppTree();

        var result = ScanWithThrowingAnalyzer(tree, "-f", "json");

        Assert.Equal(2, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var error = json.RootElement.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal("App/App.csproj", error.GetProperty("path").GetString());
        Assert.Equal(ThrowingAnalyzer.Failure, error.GetProperty("message").GetString());
        Assert.Equal("AD0001", error.GetProperty("id").GetString());
        Assert.Empty(json.RootElement.GetProperty("warnings").EnumerateArray());
        Assert.Equal(1, json.RootElement.GetProperty("findings").GetArrayLength());
    }

    [Fact]
    public void AnalyzerFailure_Sarif_IsAnErrorNotification_AndTheRunStillCounts()
    {
        using var tree = AppTree();

        var result = ScanWithThrowingAnalyzer(tree, "-f", "sarif");

        Assert.Equal(2, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var run = json.RootElement.GetProperty("runs")[0];
        Assert.Equal(1, run.GetProperty("results").GetArrayLength());
        var invocation = run.GetProperty("invocations")[0];
        // As for an unknown policy preset: code scanning drops every result of a run marked unsuccessful.
        Assert.True(invocation.GetProperty("executionSuccessful").GetBoolean());
        var notification = invocation.GetProperty("toolExecutionNotifications").EnumerateArray().Single();
        Assert.Equal("error", notification.GetProperty("level").GetString());
        Assert.Equal("AD0001", notification.GetProperty("descriptor").GetProperty("id").GetString());
        Assert.Equal(
            "App/App.csproj: " + ThrowingAnalyzer.Failure,
            notification.GetProperty("message").GetProperty("text").GetString());
    }

    [Fact]
    public void ProjectAnalysisFailure_IsAnError_NotAPass()
    {
        // The project's code went unchecked as surely as after an analyzer failure: a scan must not pass on it.
        using var tree = AppTree();

        var result = ThrowingAnalyzer.WithAdded(
            AnalyzerCatalog.Analyzers[0], () => CliRunner.Scan(tree, "-f", "json", "--fail-on", "none"));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("s3sec: error: App/App.csproj: could not be analysed (ArgumentException: ", result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var error = json.RootElement.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal("App/App.csproj", error.GetProperty("path").GetString());
        Assert.StartsWith("could not be analysed", error.GetProperty("message").GetString());
        Assert.Empty(json.RootElement.GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public void NoAnalyzerAdded_TheSameScanIsClean()
    {
        // The failure above comes from the added analyzer alone, not from the tree.
        using var tree = AppTree();

        var result = CliRunner.Scan(tree, "-f", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
    }

    private static TempTree AppTree()
    {
        var tree = new TempTree();
        tree.Write("App/App.csproj", Sources.Project("4.1.0.1"));
        tree.Write("App/Uploader.cs", Sources.UnencryptedPut);
        return tree;
    }

    private static CliResult ScanWithThrowingAnalyzer(TempTree tree, params string[] options)
    {
        return ThrowingAnalyzer.Added(() => CliRunner.Scan(tree, options));
    }
}
