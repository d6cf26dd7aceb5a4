using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using S3Sec.Analyzers.Model;
using S3Sec.Analyzers.Options;

namespace S3Sec.Analyzers.Rules;

/// <summary>
/// S3SEC090: an <c>s3sec.*</c> option whose name or value is not recognised. Reported once per distinct entry for
/// the compilation, without a source location: the mistake lives in a configuration file, which the compiler
/// does not give analyzers as a location.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OptionValidationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.S3SEC090_UnrecognisedOption);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);

        // One pass over the trees' option sets at the end of the compilation: a dictionary lookup per tree, no
        // per-node work. A project without AWSSDK.S3 is not checked at all: no rule reads the options there, and
        // a shared configuration's typo is reported in the projects it does affect.
        context.RegisterCompilationAction(Analyze);
    }

    private static void Analyze(CompilationAnalysisContext context)
    {
        if (!S3Model.MayBeReferenced(context.Compilation))
        {
            return;
        }

        var provider = context.Options.AnalyzerConfigOptionsProvider;
        var seen = new HashSet<(string Key, string Value)>();
        var problems = new List<string>();
        Collect(provider.GlobalOptions, seen, problems);
        foreach (var tree in context.Compilation.SyntaxTrees)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            Collect(provider.GetOptions(tree), seen, problems);
        }

        problems.Sort(StringComparer.Ordinal);
        foreach (var problem in problems)
        {
            context.ReportDiagnostic(
                Diagnostic.Create(Descriptors.S3SEC090_UnrecognisedOption, Location.None, problem));
        }
    }

    private static void Collect(
        AnalyzerConfigOptions options,
        HashSet<(string Key, string Value)> seen,
        List<string> problems)
    {
        foreach (var key in options.Keys)
        {
            if (!key.StartsWith(OptionValidation.Prefix, StringComparison.Ordinal)
                || !options.TryGetValue(key, out var value)
                || !seen.Add((key, value)))
            {
                continue;
            }

            if (OptionValidation.Check(key, value) is { } problem)
            {
                problems.Add(problem);
            }
        }
    }
}
