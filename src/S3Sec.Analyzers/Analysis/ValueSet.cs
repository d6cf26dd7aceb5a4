using System.Collections.Immutable;

namespace S3Sec.Analyzers.Analysis;

/// <summary>
/// The values an expression can take as far as the analysis can see: a small set of constants, or unknown.
/// Strings stand for themselves, enum members for their underlying constant, and <c>null</c> for null.
/// </summary>
internal readonly struct ValueSet
{
    /// <summary>Beyond this many alternatives a value is treated as unknown: nobody writes more by hand.</summary>
    private const int MaxValues = 8;

    private ValueSet(ImmutableArray<object?> values)
    {
        Values = values;
    }

    public static ValueSet Unknown => default;

    /// <summary>False when the analysis cannot see the value.</summary>
    public bool IsKnown => !Values.IsDefault;

    public ImmutableArray<object?> Values { get; }

    public static ValueSet Of(object? value) => new(ImmutableArray.Create(value));

    public ValueSet Union(ValueSet other)
    {
        if (!IsKnown || !other.IsKnown)
        {
            return Unknown;
        }

        var builder = Values.ToBuilder();
        foreach (var value in other.Values)
        {
            if (!builder.Contains(value))
            {
                builder.Add(value);
            }
        }

        return builder.Count > MaxValues ? Unknown : new ValueSet(builder.ToImmutable());
    }
}
