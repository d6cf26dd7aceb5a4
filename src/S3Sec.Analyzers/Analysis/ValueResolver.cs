using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace S3Sec.Analyzers.Analysis;

/// <summary>
/// Resolves what an expression evaluates to, within one method body: constants, string conversions to the SDK's
/// constant classes, their static members, ternaries whose arms are both known, and locals assigned once.
/// Anything else is unknown, and callers do not report on unknown values.
/// </summary>
internal static class ValueResolver
{
    private const int MaxDepth = 8;

    public static ValueSet Resolve(IOperation? operation) => Resolve(operation, 0);

    private static ValueSet Resolve(IOperation? operation, int depth)
    {
        if (operation is null || depth > MaxDepth)
        {
            return ValueSet.Unknown;
        }

        if (operation.ConstantValue.HasValue)
        {
            return ValueSet.Of(operation.ConstantValue.Value);
        }

        switch (operation)
        {
            case IConversionOperation conversion:
                return Resolve(conversion.Operand, depth + 1);

            case IParenthesizedOperation parenthesized:
                return Resolve(parenthesized.Operand, depth + 1);

            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return Negate(Resolve(not.Operand, depth + 1));

            case IDefaultValueOperation:
                return ValueSet.Of(null);

            case IConditionalOperation { WhenFalse: not null } conditional:
                return Resolve(conditional.WhenTrue, depth + 1).Union(Resolve(conditional.WhenFalse, depth + 1));

            case IFieldReferenceOperation { Field.IsStatic: true } field:
                return ResolveConstantClassMember(field.Field);

            case IPropertyReferenceOperation { Property.IsStatic: true } property:
                return ResolveConstantClassMember(property.Property);

            case IObjectCreationOperation creation when IsConstantClass(creation.Type)
                && creation.Arguments.Length == 1:
                return Resolve(creation.Arguments[0].Value, depth + 1);

            case IInvocationOperation invocation when invocation.TargetMethod.Name == "FindValue"
                && invocation.TargetMethod.IsStatic
                && IsConstantClass(invocation.TargetMethod.ContainingType)
                && invocation.Arguments.Length == 1:
                return Resolve(invocation.Arguments[0].Value, depth + 1);

            case ILocalReferenceOperation local:
                return OriginTracker.TryGetSingleAssignedValue(local, out var value)
                    ? Resolve(value, depth + 1)
                    : ValueSet.Unknown;

            default:
                return ValueSet.Unknown;
        }
    }

    /// <summary><c>!flag</c> where every value of the flag is known (<c>UseHttp = !useSsl</c>).</summary>
    private static ValueSet Negate(ValueSet operand)
    {
        if (!operand.IsKnown)
        {
            return ValueSet.Unknown;
        }

        ValueSet? result = null;
        foreach (var value in operand.Values)
        {
            if (value is not bool flag)
            {
                return ValueSet.Unknown;
            }

            var negated = ValueSet.Of(!flag);
            result = result is { } known ? known.Union(negated) : negated;
        }

        return result ?? ValueSet.Unknown;
    }

    /// <summary>
    /// The AWS SDK's constant classes (<c>ServerSideEncryptionMethod</c> and friends) expose their values as
    /// static read-only members whose string the compiler cannot see. Their names are the documented values.
    /// </summary>
    private static ValueSet ResolveConstantClassMember(ISymbol member)
    {
        if (!IsConstantClass(member.ContainingType))
        {
            return ValueSet.Unknown;
        }

        return member.Name switch
        {
            "None" => ValueSet.Of(string.Empty),
            "AES256" => ValueSet.Of("AES256"),
            "AWSKMS" => ValueSet.Of("aws:kms"),
            "AWSKMSDSSE" => ValueSet.Of("aws:kms:dsse"),
            "AWSFSX" => ValueSet.Of("aws:fsx"),
            "AwsBackup" => ValueSet.Of("aws:backup"),
            _ => ValueSet.Unknown,
        };
    }

    /// <summary>True for a type derived from <c>Amazon.Runtime.ConstantClass</c>.</summary>
    public static bool IsConstantClass(ITypeSymbol? type)
    {
        for (var current = type?.BaseType; current is not null; current = current.BaseType)
        {
            if (current.Name == "ConstantClass"
                && SymbolNames.IsNamespace(current.ContainingNamespace, "Amazon.Runtime"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The name of the enum member a constant stands for, or null.</summary>
    public static string? EnumMemberName(ITypeSymbol? enumType, object? value)
    {
        if (enumType is not INamedTypeSymbol { TypeKind: TypeKind.Enum } named || value is null)
        {
            return null;
        }

        return named.GetMembers()
            .OfType<IFieldSymbol>()
            .FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, value))?.Name;
    }
}
