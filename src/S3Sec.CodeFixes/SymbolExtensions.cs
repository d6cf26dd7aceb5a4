using System.Linq;
using Microsoft.CodeAnalysis;

namespace S3Sec.CodeFixes;

internal static class SymbolExtensions
{
    /// <summary>True when the type or a base type declares a settable property of that name.</summary>
    public static bool HasSettableProperty(this ITypeSymbol type, string propertyName)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.GetMembers(propertyName).OfType<IPropertySymbol>().Any(p => p.SetMethod is not null))
            {
                return true;
            }
        }

        return false;
    }
}
