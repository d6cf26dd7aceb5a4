using System.Diagnostics.CodeAnalysis;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace S3Sec.Analyzers.Tests.Verifiers;

/// <summary>Runs one analyzer (and optionally its code fix) over test sources written with markup.</summary>
internal static class Verify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    public static Task AnalyzerAsync(
        [StringSyntax("C#-test")] string source,
        params DiagnosticResult[] expected)
    {
        return AnalyzerAsync(source, SdkLine.V4, editorConfig: null, expected);
    }

    public static Task AnalyzerAsync(
        [StringSyntax("C#-test")] string source,
        SdkLine line,
        string? editorConfig,
        params DiagnosticResult[] expected)
    {
        return RunAsync(source, line, editorConfig, CompilerDiagnostics.Errors, expected);
    }

    /// <summary>Runs against explicit references (for example <see cref="SdkReferences.V4WithKmsAndSsm"/>).</summary>
    public static Task AnalyzerAsync(
        [StringSyntax("C#-test")] string source,
        ReferenceAssemblies references,
        params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = references,
        };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>
    /// Runs with the real S3Sec.Crypto assembly referenced (and the AWS SDK it is built on), the way a project that
    /// uses S3Sec's runtime library compiles. Code that does not compile is allowed when <paramref name="broken"/>.
    /// </summary>
    public static Task AnalyzerWithCryptoAsync(
        [StringSyntax("C#-test")] string source,
        bool broken,
        params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = SdkReferences.V4WithKmsAndSsm,
        };
        test.TestState.AdditionalReferences.Add(SdkReferences.S3SecCrypto);
        if (broken)
        {
            test.CompilerDiagnostics = CompilerDiagnostics.None;
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Runs over code that does not compile: the analyzer must stay silent and must not throw.</summary>
    public static Task AnalyzerOnBrokenCodeAsync(
        [StringSyntax("C#-test")] string source,
        SdkLine line = SdkLine.V4,
        string? editorConfig = null)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = SdkReferences.For(line),
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        AddEditorConfig(test.TestState, editorConfig);
        return test.RunAsync();
    }

    /// <summary>
    /// Runs over code that does not compile because a type it names is missing (as the loose loader leaves a
    /// referenced project's types), expecting exactly <paramref name="expected"/>.
    /// </summary>
    public static Task AnalyzerOnUnresolvedCodeAsync(
        [StringSyntax("C#-test")] string source,
        SdkLine line,
        string? editorConfig,
        params DiagnosticResult[] expected)
    {
        return RunAsync(source, line, editorConfig, CompilerDiagnostics.None, expected);
    }

    private static Task RunAsync(
        string source,
        SdkLine line,
        string? editorConfig,
        CompilerDiagnostics compilerDiagnostics,
        DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = SdkReferences.For(line),
            CompilerDiagnostics = compilerDiagnostics,
        };
        AddEditorConfig(test.TestState, editorConfig);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>
    /// Runs the analyzer the way a build does for a rule that is off by default: the test framework turns every
    /// supported diagnostic on through the compilation options, which outrank <c>.editorconfig</c>; this test
    /// leaves rules that are off by default to the analyzer and the <c>.editorconfig</c>.
    /// </summary>
    public static Task AnalyzerAsBuiltAsync(
        [StringSyntax("C#-test")] string source,
        SdkLine line,
        string? editorConfig,
        params DiagnosticResult[] expected)
    {
        var test = new AsBuiltTest
        {
            TestCode = source,
            ReferenceAssemblies = SdkReferences.For(line),
        };
        AddEditorConfig(test.TestState, editorConfig);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Runs the analyzer over code that does not compile: only the analyzer's own findings count.</summary>
    public static Task BrokenCodeAsync(
        [StringSyntax("C#-test")] string source,
        SdkLine line = SdkLine.V4,
        params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = SdkReferences.For(line),
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        foreach (var descriptor in new TAnalyzer().SupportedDiagnostics)
        {
            if (!descriptor.IsEnabledByDefault)
            {
                test.DisabledDiagnostics.Add(descriptor.Id);
            }
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public static Task AnalyzerWithoutSdkAsync([StringSyntax("C#-test")] string source)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = SdkReferences.None,
        };
        return test.RunAsync();
    }

    public static Task CodeFixAsync<TCodeFix>(
        [StringSyntax("C#-test")] string source,
        [StringSyntax("C#-test")] string fixedSource,
        string equivalenceKey,
        SdkLine line = SdkLine.V4,
        string? editorConfig = null)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
            ReferenceAssemblies = SdkReferences.For(line),
        };
        AddEditorConfig(test.TestState, editorConfig);
        AddEditorConfig(test.FixedState, editorConfig);
        return test.RunAsync();
    }

    /// <summary>Checks that no fix is offered where the diagnostic is reported.</summary>
    public static Task NoCodeFixAsync<TCodeFix>(
        [StringSyntax("C#-test")] string source,
        SdkLine line = SdkLine.V4,
        string? editorConfig = null)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = source,
            ReferenceAssemblies = SdkReferences.For(line),
        };
        AddEditorConfig(test.TestState, editorConfig);
        AddEditorConfig(test.FixedState, editorConfig);
        return test.RunAsync();
    }

    private static void AddEditorConfig(SolutionState state, string? editorConfig)
    {
        if (editorConfig is null)
        {
            return;
        }

        state.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig + "\n"));
    }

    private sealed class AsBuiltTest : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        protected override Project ApplyCompilationOptions(Project project)
        {
            var configured = base.ApplyCompilationOptions(project);
            var options = configured.CompilationOptions!;
            var specific = options.SpecificDiagnosticOptions;
            foreach (var descriptor in new TAnalyzer().SupportedDiagnostics)
            {
                if (!descriptor.IsEnabledByDefault)
                {
                    specific = specific.Remove(descriptor.Id);
                }
            }

            return configured.WithCompilationOptions(options.WithSpecificDiagnosticOptions(specific));
        }
    }
}
