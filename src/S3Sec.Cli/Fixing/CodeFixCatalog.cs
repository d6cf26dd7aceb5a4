using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using S3Sec.CodeFixes;

namespace S3Sec.Cli.Fixing;

/// <summary>
/// Every S3Sec code fix provider, found by reflection over the code fixes assembly so that <c>--fix</c> applies a
/// new fix as soon as it ships, indexed by the diagnostic ids it fixes.
/// </summary>
internal static class CodeFixCatalog
{
    private static readonly Lazy<ImmutableDictionary<string, ImmutableArray<CodeFixProvider>>> LazyProviders =
        new(Discover);

    public static Assembly CodeFixAssembly => typeof(ServerSideEncryptionCodeFixProvider).Assembly;

    /// <summary>Providers per diagnostic id, each list ordered by provider name for a stable choice.</summary>
    public static ImmutableDictionary<string, ImmutableArray<CodeFixProvider>> ByDiagnosticId => LazyProviders.Value;

    public static bool CanFix(string diagnosticId) => ByDiagnosticId.ContainsKey(diagnosticId);

    private static ImmutableDictionary<string, ImmutableArray<CodeFixProvider>> Discover()
    {
        Type[] types;
        try
        {
            types = CodeFixAssembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            types = ex.Types.Where(t => t is not null).ToArray()!;
        }

        var byId = new Dictionary<string, List<CodeFixProvider>>(StringComparer.Ordinal);
        var providers = types
            .Where(IsCSharpProvider)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!);
        foreach (var provider in providers)
        {
            foreach (var id in provider.FixableDiagnosticIds)
            {
                if (!byId.TryGetValue(id, out var list))
                {
                    list = new List<CodeFixProvider>();
                    byId.Add(id, list);
                }

                list.Add(provider);
            }
        }

        return byId.ToImmutableDictionary(e => e.Key, e => e.Value.ToImmutableArray(), StringComparer.Ordinal);
    }

    private static bool IsCSharpProvider(Type type)
    {
        if (type.IsAbstract
            || !typeof(CodeFixProvider).IsAssignableFrom(type)
            || type.GetConstructor(Type.EmptyTypes) is null)
        {
            return false;
        }

        var attribute = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
        return attribute is not null && attribute.Languages.Contains(LanguageNames.CSharp);
    }
}
