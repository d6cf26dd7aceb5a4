using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using S3Sec.Analyzers;

namespace S3Sec.Cli.Analysis;

/// <summary>
/// Every S3Sec analyzer, found by reflection over the analyzers assembly so that a new rule is scanned for as soon
/// as it ships, and the rules they report, which are the only diagnostics the scanner ever shows.
/// </summary>
internal static class AnalyzerCatalog
{
    private static readonly Lazy<ImmutableArray<DiagnosticAnalyzer>> LazyAnalyzers = new(Discover);

    private static readonly Lazy<ImmutableArray<DiagnosticDescriptor>> LazyRules = new(CollectRules);

    public static ImmutableArray<DiagnosticAnalyzer> Analyzers => LazyAnalyzers.Value;

    /// <summary>
    /// Analyzers a test adds to the scans it runs, in its own async flow only (tests run in parallel): the S3Sec
    /// analyzers do not throw, so a test that needs an analyzer failure brings one. The tool never sets it.
    /// </summary>
    internal static AsyncLocal<ImmutableArray<DiagnosticAnalyzer>> AddedForTests { get; } = new();

    /// <summary>What a scan runs: <see cref="Analyzers"/>, and in a test whatever it added.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> ForScan =>
        AddedForTests.Value.IsDefaultOrEmpty ? Analyzers : Analyzers.AddRange(AddedForTests.Value);

    /// <summary>Analyzers that judge the project's configuration rather than any file (S3SEC090).</summary>
    public static ImmutableArray<DiagnosticAnalyzer> ProjectWideAnalyzers =>
        Analyzers.Where(a => a is S3Sec.Analyzers.Rules.OptionValidationAnalyzer).ToImmutableArray();

    /// <summary>One descriptor per rule id, ordered by id.</summary>
    public static ImmutableArray<DiagnosticDescriptor> Rules => LazyRules.Value;

    public static Assembly AnalyzerAssembly => typeof(Descriptors).Assembly;

    private static ImmutableArray<DiagnosticAnalyzer> Discover()
    {
        Type[] types;
        try
        {
            types = AnalyzerAssembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            types = ex.Types.Where(t => t is not null).ToArray()!;
        }

        return types
            .Where(IsCSharpAnalyzer)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
    }

    private static bool IsCSharpAnalyzer(Type type)
    {
        if (type.IsAbstract
            || !typeof(DiagnosticAnalyzer).IsAssignableFrom(type)
            || type.GetConstructor(Type.EmptyTypes) is null)
        {
            return false;
        }

        var attribute = type.GetCustomAttribute<DiagnosticAnalyzerAttribute>();
        return attribute is not null && attribute.Languages.Contains(LanguageNames.CSharp);
    }

    private static ImmutableArray<DiagnosticDescriptor> CollectRules()
    {
        var byId = new SortedDictionary<string, DiagnosticDescriptor>(StringComparer.Ordinal);
        foreach (var analyzer in Analyzers)
        {
            foreach (var descriptor in analyzer.SupportedDiagnostics)
            {
                byId.TryAdd(descriptor.Id, descriptor);
            }
        }

        return byId.Values.ToImmutableArray();
    }
}
