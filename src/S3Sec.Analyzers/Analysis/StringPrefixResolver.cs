using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace S3Sec.Analyzers.Analysis;

/// <summary>
/// Reads the leading text of a string expression: enough to see the scheme and host of
/// <c>$"http://{host}:9000"</c> or <c>"http://" + host</c> even when the rest is not known.
/// </summary>
internal static class StringPrefixResolver
{
    private const int MaxDepth = 6;

    /// <summary>
    /// The known leading text, or null; <paramref name="complete"/> is true when it is the whole value.
    /// </summary>
    public static string? Resolve(IOperation? operation, out bool complete) => Resolve(operation, 0, out complete);

    private static string? Resolve(IOperation? operation, int depth, out bool complete)
    {
        complete = false;
        if (operation is null || depth > MaxDepth)
        {
            return null;
        }

        if (operation.ConstantValue is { HasValue: true, Value: var constant })
        {
            complete = constant is string;
            return constant as string;
        }

        switch (operation)
        {
            case IConversionOperation conversion:
                return Resolve(conversion.Operand, depth + 1, out complete);

            case IParenthesizedOperation parenthesized:
                return Resolve(parenthesized.Operand, depth + 1, out complete);

            case ILocalReferenceOperation local:
                return OriginTracker.TryGetSingleAssignedValue(local, out var value)
                    ? Resolve(value, depth + 1, out complete)
                    : null;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation:
                var left = Resolve(concatenation.LeftOperand, depth + 1, out var leftComplete);
                if (left is null || !leftComplete)
                {
                    return left;
                }

                var right = Resolve(concatenation.RightOperand, depth + 1, out var rightComplete);
                complete = rightComplete;
                return left + right;

            case IInterpolatedStringOperation interpolated:
                return ResolveInterpolation(interpolated, depth, out complete);

            default:
                return null;
        }
    }

    private static string? ResolveInterpolation(IInterpolatedStringOperation interpolated, int depth, out bool complete)
    {
        complete = false;
        var text = new StringBuilder();
        foreach (var part in interpolated.Parts)
        {
            switch (part)
            {
                case IInterpolatedStringTextOperation { Text.ConstantValue.Value: string literal }:
                    text.Append(literal);
                    continue;
                case IInterpolationOperation { Alignment: null, FormatString: null } hole:
                    var value = Resolve(hole.Expression, depth + 1, out var holeComplete);
                    if (value is not null)
                    {
                        text.Append(value);
                    }

                    if (holeComplete)
                    {
                        continue;
                    }

                    return text.ToString();
                default:
                    return text.ToString();
            }
        }

        complete = true;
        return text.ToString();
    }
}
