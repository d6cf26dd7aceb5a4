using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace S3Sec.Analyzers.Analysis;

/// <summary>
/// Follows an expression back to the expressions that produced its value: through locals assigned once in the
/// method, and through fields and properties of the same type assigned in its initializers and members (in the
/// same file). A value that comes from a parameter, another type or anywhere else is a source of its own, so
/// callers see e.g. an <see cref="IParameterReferenceOperation"/> and do not guess (DI, callers' arguments).
/// </summary>
internal static class SourceResolver
{
    private const int MaxDepth = 6;

    /// <summary>The expressions the value may come from, or empty when none can be seen.</summary>
    public static ImmutableArray<IOperation> FindSources(IOperation? expression)
    {
        var builder = ImmutableArray.CreateBuilder<IOperation>();
        Collect(expression, builder, 0);
        return builder.ToImmutable();
    }

    private static void Collect(IOperation? expression, ImmutableArray<IOperation>.Builder sources, int depth)
    {
        if (expression is null)
        {
            return;
        }

        var operation = Unwrap(expression);
        if (depth > MaxDepth)
        {
            sources.Add(operation);
            return;
        }

        switch (operation)
        {
            case ILocalReferenceOperation local:
                var writes = OriginTracker.FindWrites(OriginTracker.GetRoot(local), local.Local);
                foreach (var write in writes)
                {
                    if (write is null)
                    {
                        sources.Add(operation);
                    }
                    else
                    {
                        Collect(write, sources, depth + 1);
                    }
                }

                break;

            case IFieldReferenceOperation field when IsOwnMember(field.Instance):
                CollectMemberWrites(field.Field, operation, sources, depth);
                break;

            case IPropertyReferenceOperation property when IsOwnMember(property.Instance)
                && property.Property.Parameters.IsEmpty:
                CollectMemberWrites(property.Property, operation, sources, depth);
                break;

            case IConditionalOperation { WhenFalse: not null } conditional:
                Collect(conditional.WhenTrue, sources, depth + 1);
                Collect(conditional.WhenFalse, sources, depth + 1);
                break;

            case ICoalesceOperation coalesce:
                Collect(coalesce.Value, sources, depth + 1);
                Collect(coalesce.WhenNull, sources, depth + 1);
                break;

            default:
                sources.Add(operation);
                break;
        }
    }

    private static IOperation Unwrap(IOperation operation)
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

    private static bool IsOwnMember(IOperation? instance)
    {
        return instance is null or IInstanceReferenceOperation;
    }

    /// <summary>
    /// Every value the member is given inside the declaring type's syntax in this file: its initializer and
    /// each assignment. A member that is never assigned there is unknown (it may be set from outside).
    /// </summary>
    private static void CollectMemberWrites(
        ISymbol member,
        IOperation reference,
        ImmutableArray<IOperation>.Builder sources,
        int depth)
    {
        var model = reference.SemanticModel;
        var tree = reference.Syntax.SyntaxTree;
        if (model is null || (!IsReadOnly(member) && member.DeclaredAccessibility != Accessibility.Private))
        {
            // A settable member that other types can see may be assigned anywhere: not ours to follow.
            sources.Add(reference);
            return;
        }

        var found = false;
        foreach (var declaration in member.DeclaringSyntaxReferences)
        {
            if (declaration.SyntaxTree != tree)
            {
                sources.Add(reference);
                return;
            }

            var syntax = declaration.GetSyntax();
            var initializer = syntax switch
            {
                VariableDeclaratorSyntax variable => variable.Initializer?.Value,
                PropertyDeclarationSyntax property => property.Initializer?.Value,
                _ => null,
            };

            if (initializer is not null && model.GetOperation(initializer) is { } initialValue)
            {
                found = true;
                Collect(initialValue, sources, depth + 1);
            }

            var type = syntax.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (type is null)
            {
                continue;
            }

            foreach (var assignment in type.DescendantNodes().OfType<AssignmentExpressionSyntax>())
            {
                if (!NamesMember(assignment.Left, member.Name)
                    || model.GetOperation(assignment) is not IAssignmentOperation operation
                    || !SymbolEqualityComparer.Default.Equals(ReferencedMember(operation.Target), member))
                {
                    continue;
                }

                found = true;
                if (operation is ISimpleAssignmentOperation { IsRef: false } simple)
                {
                    Collect(simple.Value, sources, depth + 1);
                }
                else
                {
                    sources.Add(operation);
                }
            }
        }

        if (!found)
        {
            sources.Add(reference);
        }
    }

    private static bool IsReadOnly(ISymbol member)
    {
        return member switch
        {
            IFieldSymbol field => field.IsReadOnly,
            IPropertySymbol property => property.SetMethod is null || property.SetMethod.IsInitOnly,
            _ => false,
        };
    }

    private static bool NamesMember(ExpressionSyntax left, string name)
    {
        return left switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access =>
                access.Name.Identifier.ValueText == name,
            _ => false,
        };
    }

    private static ISymbol? ReferencedMember(IOperation target)
    {
        return target switch
        {
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            _ => null,
        };
    }
}
