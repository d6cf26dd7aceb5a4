using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace S3Sec.Analyzers.Analysis;

internal static class OperationExtensions
{
    /// <summary>
    /// The operation under any conversions and parentheses: <c>(object)"AES256"</c> and the implicit string to
    /// <c>ServerSideEncryptionMethod</c> conversion say nothing about where a value comes from.
    /// </summary>
    public static IOperation WithoutConversions(this IOperation operation)
    {
        var current = operation;
        while (true)
        {
            switch (current)
            {
                case IConversionOperation conversion:
                    current = conversion.Operand;
                    continue;
                case IParenthesizedOperation parenthesized:
                    current = parenthesized.Operand;
                    continue;
                default:
                    return current;
            }
        }
    }

    /// <summary>
    /// The outermost of the implicit conversions and parentheses wrapped around the operation: where its value
    /// is actually used (stored, passed, returned).
    /// </summary>
    public static IOperation WithImplicitConversions(this IOperation operation)
    {
        var current = operation;
        while (current.Parent is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        return current;
    }
}
