using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace S3Sec.Analyzers.Analysis;

/// <summary>
/// Decides whether key material is written in the source: string literals and constants, byte arrays whose
/// elements are all constants (array creations, array initializers, collection expressions), and the usual
/// wrappers around them (<c>Convert.FromBase64String("...")</c>, <c>Encoding.UTF8.GetBytes("...")</c>,
/// <c>Convert.ToBase64String(bytes)</c>), through locals and fields of the same type. A value derived from
/// anything else (a key store, configuration, a parameter, a KDF over such input) is not hard-coded.
/// </summary>
internal static class HardCodedKeyDetector
{
    private const int MaxDepth = 6;

    public static bool IsHardCoded(IOperation? value) => IsHardCoded(value, 0);

    private static bool IsHardCoded(IOperation? value, int depth)
    {
        if (value is null || depth > MaxDepth)
        {
            return false;
        }

        if (value.ConstantValue.HasValue)
        {
            return value.ConstantValue.Value is string { Length: > 0 };
        }

        if (value.Syntax is CollectionExpressionSyntax collection)
        {
            return IsConstantCollection(collection, value.SemanticModel);
        }

        switch (value)
        {
            case IConversionOperation conversion:
                return IsHardCoded(conversion.Operand, depth + 1);
            case IParenthesizedOperation parenthesized:
                return IsHardCoded(parenthesized.Operand, depth + 1);
            case IArrayCreationOperation { Initializer: { } initializer }:
                return IsConstantArray(initializer);
            case IArrayInitializerOperation initializer:
                return IsConstantArray(initializer);
            case IUtf8StringOperation utf8:
                return utf8.Value.Length > 0;
            case IInvocationOperation { TargetMethod.Name: "ToArray", Instance: IUtf8StringOperation utf8 }:
                return utf8.Value.Length > 0;
            case IInvocationOperation invocation:
                return IsKeyEncoding(invocation.TargetMethod)
                    && invocation.Arguments.Length >= 1
                    && IsHardCoded(invocation.Arguments[0].Value, depth + 1);
            case ILocalReferenceOperation:
            case IFieldReferenceOperation:
            case IPropertyReferenceOperation { Property.Parameters.IsEmpty: true }:
                return AllSourcesHardCoded(value, depth);
            default:
                return false;
        }
    }

    private static bool AllSourcesHardCoded(IOperation reference, int depth)
    {
        var sources = SourceResolver.FindSources(reference);
        if (sources.IsEmpty)
        {
            return false;
        }

        foreach (var source in sources)
        {
            // A source that is a reference again could not be followed (parameter, member of another type).
            if (source is ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation
                or IParameterReferenceOperation || !IsHardCoded(source, depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsConstantArray(IArrayInitializerOperation initializer)
    {
        if (initializer.ElementValues.IsEmpty)
        {
            return false;
        }

        foreach (var element in initializer.ElementValues)
        {
            if (!element.ConstantValue.HasValue)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Collection expressions have no operation of their own on the Roslyn version S3Sec targets.</summary>
    private static bool IsConstantCollection(CollectionExpressionSyntax collection, SemanticModel? model)
    {
        if (model is null || collection.Elements.Count == 0)
        {
            return false;
        }

        foreach (var element in collection.Elements)
        {
            if (element is not ExpressionElementSyntax expression
                || !model.GetConstantValue(expression.Expression).HasValue)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Conversions that change the key's encoding but not its secrecy.</summary>
    private static bool IsKeyEncoding(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        if (type.Name == "Convert" && IsSystemNamespace(type.ContainingNamespace))
        {
            return method.Name is "FromBase64String" or "FromHexString" or "ToBase64String" or "ToHexString";
        }

        if (method.Name != "GetBytes" || method.IsStatic)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == "Encoding" && SymbolNames.IsNamespace(current.ContainingNamespace, "System.Text"))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSystemNamespace(INamespaceSymbol? ns)
    {
        return ns is { Name: "System", ContainingNamespace.IsGlobalNamespace: true };
    }
}
