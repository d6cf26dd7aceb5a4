using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using S3Sec.Analyzers.Analysis;

namespace S3Sec.CodeFixes;

/// <summary>
/// A <c>ProtectedMetadata</c> built with a bucket name or object key seals values for that object only: a value it
/// protects on another object's request does not open with that object's protector. The fix therefore uses a
/// protector only when its binding fits the request: the protector is visibly unbound, or each bound part is the
/// same constant or the same local, parameter or member path as the request's one write of <c>BucketName</c> or
/// <c>Key</c>. A protector whose construction the fix cannot see (a parameter, a member assigned elsewhere) is
/// used as found: its binding is the caller's business.
/// </summary>
internal static class ProtectorBinding
{
    private const string BucketParameter = "bucketName";
    private const string ObjectKeyParameter = "objectKey";
    private const string ForObjectMethod = "ForObject";
    private const string BucketProperty = "BucketName";
    private const string KeyProperty = "Key";
    private const string MetadataProperty = "Metadata";

    /// <summary>Whether <paramref name="protector"/> may seal values of the request that <paramref name="write"/>
    /// (the diagnostic's <c>Add</c> or assignment) writes metadata to.</summary>
    public static bool FitsRequest(
        SemanticModel model,
        ISymbol protector,
        INamedTypeSymbol protectorType,
        SyntaxNode write,
        CancellationToken cancellationToken)
    {
        if (FindOrigin(model, protector) is not { } origin)
        {
            return true;
        }

        if (origin.Expression is null
            || model.GetOperation(origin.Expression, cancellationToken)?.WithoutConversions() is not { } operation
            || !TryReadBinding(operation, protectorType, out var bucket, out var objectKey))
        {
            // Built where the fix can see it, in a way it cannot read (a factory, a reassignment).
            return false;
        }

        if (bucket is null && objectKey is null)
        {
            return true;
        }

        var request = FindRequest(model, write, cancellationToken);
        return request is not null
            && Fits(model, bucket, request.Value.ValueOf(BucketProperty), cancellationToken)
            && Fits(model, objectKey, request.Value.ValueOf(KeyProperty), cancellationToken);
    }

    /// <summary>
    /// Where the protector's value comes from: null when the fix cannot see it (a parameter, a settable member, a
    /// member a constructor assigns, without an initializer, or declared in another file); an origin without
    /// expression when a local is written after its declaration or declared without a value.
    /// </summary>
    private static Origin? FindOrigin(SemanticModel model, ISymbol protector)
    {
        if (protector.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var declaration = protector.DeclaringSyntaxReferences[0];
        if (declaration.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        var syntax = declaration.GetSyntax();
        switch (protector)
        {
            case ILocalSymbol:
                var scope = syntax.FirstAncestorOrSelf<BlockSyntax>() ?? syntax.Parent!;
                return new Origin(syntax is VariableDeclaratorSyntax { Initializer.Value: var local }
                    && !AssignedIn(scope, protector.Name) ? local : null);
            case IFieldSymbol { IsReadOnly: true }
                when syntax is VariableDeclaratorSyntax { Initializer.Value: var value }
                && !AssignedInConstructors(syntax, protector.Name):
                return new Origin(value);
            case IPropertySymbol { SetMethod: null }
                when syntax is PropertyDeclarationSyntax { Initializer.Value: var value, AccessorList: not null }
                && !AssignedInConstructors(syntax, protector.Name):
                return new Origin(value);
            default:
                // A parameter, a member that other code or a constructor may set: what it holds is the caller's.
                return null;
        }
    }

    private static bool AssignedIn(SyntaxNode scope, string name)
    {
        return scope.DescendantNodes()
            .OfType<AssignmentExpressionSyntax>()
            .Any(a => SourceResolver.NamesMember(a.Left, name));
    }

    private static bool AssignedInConstructors(SyntaxNode member, string name)
    {
        var type = member.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        return type is not null
            && type.Members.OfType<ConstructorDeclarationSyntax>().Any(c => AssignedIn(c, name));
    }

    /// <summary>Reads <c>new ProtectedMetadata(key[, bucketName[, objectKey]])</c> and <c>p.ForObject(b, k)</c>.
    /// </summary>
    private static bool TryReadBinding(
        IOperation operation,
        INamedTypeSymbol protectorType,
        out SyntaxNode? bucket,
        out SyntaxNode? objectKey)
    {
        bucket = null;
        objectKey = null;
        var arguments = operation switch
        {
            IObjectCreationOperation creation
                when SymbolEqualityComparer.Default.Equals(creation.Type, protectorType) => creation.Arguments,
            IInvocationOperation { TargetMethod.Name: ForObjectMethod } call
                when SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, protectorType) =>
                call.Arguments,
            _ => default,
        };

        if (arguments.IsDefault)
        {
            return false;
        }

        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue
                || argument.Value.WithoutConversions().ConstantValue is { HasValue: true, Value: null })
            {
                continue;
            }

            switch (argument.Parameter?.Name)
            {
                case BucketParameter:
                    bucket = argument.Value.Syntax;
                    break;
                case ObjectKeyParameter:
                    objectKey = argument.Value.Syntax;
                    break;
            }
        }

        return true;
    }

    /// <summary>Whether the request writes, once, the value the protector is bound to (or it is not bound).</summary>
    private static bool Fits(SemanticModel model, SyntaxNode? bound, SyntaxNode? written, CancellationToken token)
    {
        if (bound is null)
        {
            return true;
        }

        if (written is null)
        {
            return false;
        }

        var boundConstant = model.GetConstantValue(bound, token);
        var writtenConstant = model.GetConstantValue(written, token);
        if (boundConstant.HasValue || writtenConstant.HasValue)
        {
            return boundConstant.HasValue
                && writtenConstant.HasValue
                && Equals(boundConstant.Value, writtenConstant.Value);
        }

        return IsPath(bound)
            && SyntaxFactory.AreEquivalent(bound, written)
            && SymbolEqualityComparer.Default.Equals(
                model.GetSymbolInfo(bound, token).Symbol, model.GetSymbolInfo(written, token).Symbol);
    }

    /// <summary>A name or a chain of member names (<c>bucket</c>, <c>this.bucket</c>, <c>upload.Key</c>): no call.
    /// </summary>
    private static bool IsPath(SyntaxNode node)
    {
        return node switch
        {
            IdentifierNameSyntax => true,
            ThisExpressionSyntax => true,
            MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access =>
                IsPath(access.Expression),
            _ => false,
        };
    }

    /// <summary>
    /// The request whose metadata <paramref name="write"/> changes, when the fix can see all its writes: built in
    /// this method with <c>new</c>, held in a local or written in place.
    /// </summary>
    private static Request? FindRequest(SemanticModel model, SyntaxNode write, CancellationToken token)
    {
        if (write is AssignmentExpressionSyntax
            {
                Left: ImplicitElementAccessSyntax,
                Parent: InitializerExpressionSyntax
                {
                    Parent: AssignmentExpressionSyntax
                    {
                        Left: IdentifierNameSyntax { Identifier.ValueText: MetadataProperty },
                        Parent: InitializerExpressionSyntax { Parent: BaseObjectCreationExpressionSyntax creation },
                    },
                },
            })
        {
            // Metadata = { ["k"] = v } inside the request's own initializer.
            return new Request(creation, LocalHolding(model, creation, token));
        }

        var receiver = write switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: var metadata } } =>
                MetadataOwner(metadata),
            AssignmentExpressionSyntax { Left: ElementAccessExpressionSyntax { Expression: var metadata } } =>
                MetadataOwner(metadata),
            _ => null,
        };

        if (receiver is not IdentifierNameSyntax name
            || model.GetSymbolInfo(name, token).Symbol is not ILocalSymbol local
            || local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax
            {
                Initializer.Value: BaseObjectCreationExpressionSyntax built,
            } declarator)
        {
            return null;
        }

        return AssignedIn(declarator.FirstAncestorOrSelf<BlockSyntax>() ?? declarator.Parent!, local.Name)
            ? null
            : new Request(built, local);
    }

    private static ExpressionSyntax? MetadataOwner(ExpressionSyntax metadata)
    {
        return metadata is MemberAccessExpressionSyntax
        {
            Expression: var owner,
            Name.Identifier.ValueText: MetadataProperty,
        }
            ? owner
            : null;
    }

    private static ILocalSymbol? LocalHolding(
        SemanticModel model, BaseObjectCreationExpressionSyntax creation, CancellationToken token)
    {
        return creation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            ? model.GetDeclaredSymbol(declarator, token) as ILocalSymbol
            : null;
    }

    private readonly struct Request
    {
        private readonly BaseObjectCreationExpressionSyntax _creation;
        private readonly ILocalSymbol? _local;

        public Request(BaseObjectCreationExpressionSyntax creation, ILocalSymbol? local)
        {
            _creation = creation;
            _local = local;
        }

        /// <summary>The one value written to the property, in the initializer or through the local; else null.
        /// </summary>
        public SyntaxNode? ValueOf(string property)
        {
            SyntaxNode? found = null;
            var count = 0;
            foreach (var assignment in _creation.Initializer?.Expressions.OfType<AssignmentExpressionSyntax>()
                ?? Enumerable.Empty<AssignmentExpressionSyntax>())
            {
                if (assignment.Left is IdentifierNameSyntax { Identifier.ValueText: var name } && name == property)
                {
                    found = assignment.Right;
                    count++;
                }
            }

            if (_local is not null
                && _creation.FirstAncestorOrSelf<BlockSyntax>() is { } block)
            {
                foreach (var assignment in block.DescendantNodes().OfType<AssignmentExpressionSyntax>())
                {
                    if (assignment.Left is MemberAccessExpressionSyntax
                        {
                            Expression: IdentifierNameSyntax { Identifier.ValueText: var owner },
                            Name.Identifier.ValueText: var name,
                        }
                        && owner == _local.Name
                        && name == property)
                    {
                        found = assignment.Right;
                        count++;
                    }
                }
            }

            return count == 1 ? found : null;
        }
    }

    private readonly struct Origin
    {
        public Origin(ExpressionSyntax? expression) => Expression = expression;

        /// <summary>The one expression that gives the protector its value; null when it is given more than one.
        /// </summary>
        public ExpressionSyntax? Expression { get; }
    }
}
