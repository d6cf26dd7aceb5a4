using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using S3Sec.Cli.Analysis;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

/// <summary>
/// An analyzer that throws (AD0001) while the scan runs. The S3Sec analyzers do not throw, and the scanner loads no
/// other analyzer, so these tests add one that does through <see cref="AnalyzerCatalog.AddedForTests"/>: they cover
/// what the scanner does with the exception Roslyn hands it (report, standard error, exit code), with the loose
/// loader; the MSBuild loader passes its exceptions to the same handler.
/// </summary>
public sealed class AnalyzerFailureTests
{
    private const string Failure =
        "ThrowingAnalyzer threw InvalidOperationException: thrown on purpose; what it checks is not checked here";

    [Fact]
    public void AnalyzerFailure_IsAnErrorOnStandardErrorAndInTheExitCode_WhateverTheFailOnLevel()
    {
        using var tree = AppTree();

        var result = ScanWithThrowingAnalyzer(tree, "--fail-on", "none");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("s3sec: error: App/App.csproj: AD0001: " + Failure, result.Error.TrimEnd());
    }

    [Fact]
    public void AnalyzerFailure_Text_IsListedAndCounted_BesideTheFindings()
    {
        using var tree = AppTree();

        var result = ScanWithThrowingAnalyzer(tree);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("App/Uploader.cs(8,23): warning S3SEC001", result.Output);
        Assert.Contains("App/App.csproj: error AD0001: " + Failure + "\n", result.Output.ReplaceLineEndings("\n"));
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
        Assert.Equal(Failure, error.GetProperty("message").GetString());
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
            "App/App.csproj: " + Failure,
            notification.GetProperty("message").GetProperty("text").GetString());
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

    /// <summary>
    /// Runs the scan on a task of its own, so the added analyzer stays in that task's flow and no other test's scan
    /// sees it.
    /// </summary>
    private static CliResult ScanWithThrowingAnalyzer(TempTree tree, params string[] options)
    {
        return Task.Run(() =>
            {
                AnalyzerCatalog.AddedForTests.Value = ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowingAnalyzer());
                return CliRunner.Scan(tree, options);
            })
            .GetAwaiter()
            .GetResult();
    }

    // Handed to the scan directly, never discovered by a compiler or an IDE: no attribute, no release tracking.
#pragma warning disable RS1001, RS2008
    private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new(
            "TEST001",
            "Throws",
            "Throws",
            "Test",
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSyntaxNodeAction(
                _ => throw new InvalidOperationException("thrown on purpose"),
                SyntaxKind.ObjectCreationExpression);
        }
    }
#pragma warning restore RS1001, RS2008
}
