using System;
using System.Collections.Immutable;

namespace S3Sec.Analyzers.Analysis;

internal static class ImmutableArrayExtensions
{
    /// <summary>Allocation-free <c>Any</c>: analyzer callbacks run on every edit.</summary>
    public static bool Exists<T>(this ImmutableArray<T> array, Func<T, bool> predicate)
    {
        foreach (var item in array)
        {
            if (predicate(item))
            {
                return true;
            }
        }

        return false;
    }
}
