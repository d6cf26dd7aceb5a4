using System;
using Microsoft.CodeAnalysis;

namespace S3Sec.Analyzers.Analysis;

/// <summary>
/// Name checks on symbols without building display strings: analyzer callbacks run for every operation of every
/// build, and <c>ToDisplayString</c> allocates on each call.
/// </summary>
internal static class SymbolNames
{
    /// <summary>True when the namespace's full name is <paramref name="fullName"/> ("System.IO").</summary>
    public static bool IsNamespace(INamespaceSymbol? ns, string fullName)
    {
        var end = fullName.Length;
        for (var current = ns; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
        {
            var name = current.Name;
            var start = end - name.Length;
            if (start < 0 || string.CompareOrdinal(fullName, start, name, 0, name.Length) != 0)
            {
                return false;
            }

            if (start == 0)
            {
                return current.ContainingNamespace is null or { IsGlobalNamespace: true };
            }

            if (fullName[start - 1] != '.')
            {
                return false;
            }

            end = start - 1;
        }

        return fullName.Length == 0;
    }

    /// <summary>True when the namespace is <paramref name="fullName"/> or nested inside it.</summary>
    public static bool IsWithinNamespace(INamespaceSymbol? ns, string fullName)
    {
        for (var current = ns; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
        {
            if (IsNamespace(current, fullName))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for the top-level type of that full name ("System.IO.Stream").</summary>
    public static bool IsType(ITypeSymbol? type, string fullName)
    {
        if (type is null || type.ContainingType is not null)
        {
            return false;
        }

        var dot = fullName.LastIndexOf('.');
        var name = type.Name;
        return name.Length == fullName.Length - dot - 1
            && string.CompareOrdinal(fullName, dot + 1, name, 0, name.Length) == 0
            && IsNamespace(type.ContainingNamespace, dot < 0 ? string.Empty : fullName.Substring(0, dot));
    }

    /// <summary>True when the type is, or derives from, the type of that full name.</summary>
    public static bool DerivesFrom(ITypeSymbol? type, string fullName)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (IsType(current, fullName))
            {
                return true;
            }
        }

        return false;
    }
}
