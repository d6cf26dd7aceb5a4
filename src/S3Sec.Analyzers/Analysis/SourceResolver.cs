using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
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
    /// <param name="expression">The expression whose value to trace.</param>
    /// <param name="cache">The compilation's cache of member writes (<see cref="Model.S3Model.MemberWrites"/>):
    /// without it every call scans the declaring type again.</param>
    public static ImmutableArray<IOperation> FindSources(IOperation? expression, MemberWriteCache? cache = null)
    {
        // Most expressions (a parameter, a call, a literal, a new object) are their own and only source: no builder.
        var operation = expression?.WithoutConversions();
        if (operation is null)
        {
            return ImmutableArray<IOperation>.Empty;
        }

        if (operation is not (ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation
            or IConditionalOperation or ICoalesceOperation))
        {
            return ImmutableArray.Create(operation);
        }

        var builder = ImmutableArray.CreateBuilder<IOperation>();
        Collect(expression, builder, 0, cache);
        return builder.ToImmutable();
    }

    /// <summary>
    /// The expressions a field or property of another object's type may hold, when every write to it is visible
    /// from <paramref name="reference"/>'s file (see <see cref="FindMemberWrites"/>); else
    /// <paramref name="reference"/> itself, a source that says nothing.
    /// </summary>
    public static ImmutableArray<IOperation> FindMemberSources(
        ISymbol member,
        IOperation reference,
        MemberWriteCache? cache = null)
    {
        var builder = ImmutableArray.CreateBuilder<IOperation>();
        CollectMemberWrites(member, reference, builder, 0, cache);
        return builder.ToImmutable();
    }

    /// <summary>
    /// Whether the member is a property whose init accessor others can see: any object initializer that can see
    /// it may give it another value (<c>new Store { S3 = ... }</c>), so its own initializer and constructors are not
    /// all it can hold. <see cref="FindMemberWrites"/> still follows them, as the rules that ask whether a client
    /// may be an encryption client want; a rule for which that value is the finding asks this first.
    /// </summary>
    public static bool IsInitializedByOthers(ISymbol? member)
    {
        return member is IPropertySymbol
        {
            SetMethod: { IsInitOnly: true, DeclaredAccessibility: not Accessibility.Private },
        };
    }

    /// <summary>The same question for the property a receiver reads, when it reads one.</summary>
    public static bool IsInitializedByOthers(IOperation receiver)
        => IsInitializedByOthers((receiver.WithoutConversions() as IPropertyReferenceOperation)?.Property);

    private static void Collect(
        IOperation? expression,
        ImmutableArray<IOperation>.Builder sources,
        int depth,
        MemberWriteCache? cache)
    {
        if (expression is null)
        {
            return;
        }

        var operation = expression.WithoutConversions();
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
                        Collect(write, sources, depth + 1, cache);
                    }
                }

                break;

            case IFieldReferenceOperation field when IsOwnMember(field.Instance):
                CollectMemberWrites(field.Field, operation, sources, depth, cache);
                break;

            case IPropertyReferenceOperation property when IsOwnMember(property.Instance)
                && property.Property.Parameters.IsEmpty:
                CollectMemberWrites(property.Property, operation, sources, depth, cache);
                break;

            case IConditionalOperation { WhenFalse: not null } conditional:
                Collect(conditional.WhenTrue, sources, depth + 1, cache);
                Collect(conditional.WhenFalse, sources, depth + 1, cache);
                break;

            case ICoalesceOperation coalesce:
                Collect(coalesce.Value, sources, depth + 1, cache);
                Collect(coalesce.WhenNull, sources, depth + 1, cache);
                break;

            default:
                sources.Add(operation);
                break;
        }
    }


    private static bool IsOwnMember(IOperation? instance)
    {
        return instance is null or IInstanceReferenceOperation;
    }

    private static void CollectMemberWrites(
        ISymbol member,
        IOperation reference,
        ImmutableArray<IOperation>.Builder sources,
        int depth,
        MemberWriteCache? cache)
    {
        var writes = cache is null ? FindMemberWrites(member, reference) : cache.Get(member, reference);
        if (writes.IsDefault)
        {
            sources.Add(reference);
            return;
        }

        foreach (var write in writes)
        {
            Collect(write, sources, depth + 1, cache);
        }
    }

    /// <summary>
    /// Every value the member is given inside the declaring type's syntax in this file: its initializer and each
    /// assignment (constructors only, for a read-only member); for a property with a getter of its own, what the
    /// getter returns. Default when the member can be assigned where the analysis does not look: from other types,
    /// other files (another part of a partial type), or nowhere visible at all.
    /// </summary>
    internal static ImmutableArray<IOperation> FindMemberWrites(ISymbol member, IOperation reference)
    {
        var model = reference.SemanticModel;
        var tree = reference.Syntax.SyntaxTree;
        var readOnly = IsReadOnly(member);
        if (model is null || (!readOnly && member.DeclaredAccessibility != Accessibility.Private))
        {
            // A settable member that other types can see may be assigned anywhere: not ours to follow.
            return default;
        }

        if (!IsDeclaredOnlyIn(member, tree) || AssignedInAnotherPart(member, tree, readOnly))
        {
            return default;
        }

        var writes = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var declaration in member.DeclaringSyntaxReferences)
        {
            var syntax = declaration.GetSyntax();
            var initializer = syntax switch
            {
                VariableDeclaratorSyntax variable => variable.Initializer?.Value,
                PropertyDeclarationSyntax property => property.Initializer?.Value,
                _ => null,
            };

            if (initializer is not null && model.GetOperation(initializer) is { } initialValue)
            {
                writes.Add(initialValue);
            }

            // A property with a getter of its own reads what the getter returns (often a field), whatever was
            // assigned to the property: that expression is its only source, or nothing is known.
            if (syntax is PropertyDeclarationSyntax computed && !IsAutoProperty(computed))
            {
                return Returned(computed) is { } returned && model.GetOperation(returned) is { } value
                    ? ImmutableArray.Create(value)
                    : default;
            }

            var type = syntax.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (type is null)
            {
                continue;
            }

            var followed = new HashSet<AssignmentExpressionSyntax>();
            foreach (var part in type.Members)
            {
                if (readOnly && part is not ConstructorDeclarationSyntax)
                {
                    continue;
                }

                foreach (var node in part.DescendantNodes())
                {
                    if (node is not AssignmentExpressionSyntax assignment
                        || !NamesMember(assignment.Left, member.Name)
                        || model.GetOperation(assignment) is not IAssignmentOperation operation
                        || !SymbolEqualityComparer.Default.Equals(ReferencedMember(operation.Target), member))
                    {
                        continue;
                    }

                    // A compound or ref assignment is kept whole: followed, it reads as unknown.
                    writes.Add(
                        operation is ISimpleAssignmentOperation { IsRef: false } simple ? simple.Value : operation);
                    followed.Add(assignment);
                }
            }

            if (HasWriteNotFollowed(member, type, model, followed))
            {
                return default;
            }
        }

        return writes.Count == 0 ? default : writes.ToImmutable();
    }

    /// <summary>
    /// Whether the type's code gives the member a value the assignments read above do not show: through another
    /// instance (<c>other._s3 = c</c>), by <c>ref</c> or <c>out</c> (<c>Swap(ref _s3)</c>), by deconstruction
    /// (<c>(_s3, _n) = (c, 1)</c>), an increment, or an object initializer or <c>with</c> expression outside the
    /// constructors. Then what the member holds is not known.
    /// </summary>
    private static bool HasWriteNotFollowed(
        ISymbol member,
        TypeDeclarationSyntax type,
        SemanticModel model,
        HashSet<AssignmentExpressionSyntax> followed)
    {
        foreach (var node in type.DescendantNodes())
        {
            if (node is IdentifierNameSyntax name
                && name.Identifier.ValueText == member.Name
                && IsWritten(name, out var assignment)
                && (assignment is null || !followed.Contains(assignment))
                && SymbolEqualityComparer.Default.Equals(
                    model.GetSymbolInfo(name).Symbol?.OriginalDefinition, member.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the name is written where it stands; <paramref name="assignment"/> is the plain assignment that
    /// writes it, null for any other kind of write.
    /// </summary>
    private static bool IsWritten(IdentifierNameSyntax name, out AssignmentExpressionSyntax? assignment)
    {
        assignment = null;
        SyntaxNode current = name.Parent is MemberAccessExpressionSyntax access && access.Name == name
            ? access
            : name;
        var inTuple = false;
        while (true)
        {
            switch (current.Parent)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    current = parenthesized;
                    continue;

                case ArgumentSyntax { Parent: TupleExpressionSyntax tuple }:
                    current = tuple;
                    inTuple = true;
                    continue;

                case ArgumentSyntax argument:
                    return argument.RefKindKeyword.IsKind(SyntaxKind.RefKeyword)
                        || argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword);

                case AssignmentExpressionSyntax written when written.Left == current:
                    assignment = inTuple ? null : written;
                    return true;

                case RefExpressionSyntax:
                    return true;

                case PrefixUnaryExpressionSyntax unary:
                    return unary.IsKind(SyntaxKind.PreIncrementExpression)
                        || unary.IsKind(SyntaxKind.PreDecrementExpression);

                case PostfixUnaryExpressionSyntax unary:
                    return unary.IsKind(SyntaxKind.PostIncrementExpression)
                        || unary.IsKind(SyntaxKind.PostDecrementExpression);

                default:
                    return false;
            }
        }
    }

    /// <summary>
    /// Whether every declaration of <paramref name="member"/> is in <paramref name="tree"/>. From another file (another
    /// part of a partial type) its writes are not followed, and callers that cache per member must not cache that
    /// answer: it belongs to the reference, and depends on which file the driver analysed first.
    /// </summary>
    internal static bool IsDeclaredOnlyIn(ISymbol member, SyntaxTree tree)
    {
        foreach (var declaration in member.DeclaringSyntaxReferences)
        {
            if (declaration.SyntaxTree != tree)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a part of the member's partial type in another file may assign it (by name, syntax only: that file
    /// has another semantic model). Those writes are not followed, so the declaring part's writes are not all.
    /// </summary>
    private static bool AssignedInAnotherPart(ISymbol member, SyntaxTree tree, bool readOnly)
    {
        foreach (var part in member.ContainingType?.DeclaringSyntaxReferences ?? ImmutableArray<SyntaxReference>.Empty)
        {
            if (part.SyntaxTree == tree || part.GetSyntax() is not TypeDeclarationSyntax type)
            {
                continue;
            }

            foreach (var child in type.Members)
            {
                if (readOnly && child is not ConstructorDeclarationSyntax)
                {
                    continue;
                }

                foreach (var node in child.DescendantNodes())
                {
                    if (node is AssignmentExpressionSyntax assignment && NamesMember(assignment.Left, member.Name))
                    {
                        return true;
                    }

                    // Any other write by name (Secure(out _s3), another instance's, a with expression) as well.
                    if (node is IdentifierNameSyntax name
                        && name.Identifier.ValueText == member.Name
                        && IsWritten(name, out _))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool IsAutoProperty(PropertyDeclarationSyntax property)
    {
        if (property.ExpressionBody is not null || property.AccessorList is null)
        {
            return false;
        }

        foreach (var accessor in property.AccessorList.Accessors)
        {
            if (accessor.Body is not null || accessor.ExpressionBody is not null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The one expression the getter returns (<c>=&gt; x</c> or <c>{ return x; }</c>), else null.</summary>
    private static ExpressionSyntax? Returned(PropertyDeclarationSyntax property)
    {
        if (property.ExpressionBody is { } body)
        {
            return body.Expression;
        }

        foreach (var accessor in property.AccessorList!.Accessors)
        {
            if (!accessor.IsKind(SyntaxKind.GetAccessorDeclaration))
            {
                continue;
            }

            if (accessor.ExpressionBody is { } arrow)
            {
                return arrow.Expression;
            }

            return accessor.Body is { Statements.Count: 1 } block
                && block.Statements[0] is ReturnStatementSyntax { Expression: { } value }
                ? value
                : null;
        }

        return null;
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

    /// <summary>Whether an assignment target is the member named <paramref name="name"/> of this instance.</summary>
    internal static bool NamesMember(ExpressionSyntax left, string name)
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
