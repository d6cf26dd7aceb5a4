using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using S3Sec.Analyzers.Model;

namespace S3Sec.Analyzers.Analysis;

/// <summary>Answers what the analysis can see about the S3 client behind a call.</summary>
internal static class ClientResolver
{
    private const int MaxDepth = 4;

    /// <summary>
    /// True when the receiver is visibly a client-side encryption client: by its static type, by every
    /// <c>new</c> that can have produced it, as a transfer utility built over such a client, or as what a method of
    /// this compilation returns when that method's body names an encryption client type.
    /// </summary>
    public static bool IsEncryptionClient(IOperation? receiver, S3Model model)
    {
        // Without an encryption client type in the compilation, no receiver can be one: skip the tracing.
        if (model.EncryptionClients.IsEmpty)
        {
            return false;
        }

        // Most calls go through the type's own client field or property, and the answer then depends on the
        // member alone (its type and the writes the member-write cache holds for it): trace it once, not once
        // per call in every method of the type.
        var member = receiver switch
        {
            IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => (ISymbol)field.Field,
            IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation } property
                when property.Property.Parameters.IsEmpty => property.Property,
            _ => null,
        };

        if (member is null)
        {
            return IsEncryptionClient(receiver, model, 0);
        }

        var tree = receiver!.Syntax.SyntaxTree;
        if (model.EncryptionClientMembers.TryGet(member, tree, out var known))
        {
            return known;
        }

        // Not cached from another file than the declaration's: see SourceResolver.IsDeclaredOnlyIn.
        return SourceResolver.IsDeclaredOnlyIn(member, tree)
            ? model.EncryptionClientMembers.Add(member, tree, IsEncryptionClient(receiver, model, 0))
            : IsEncryptionClient(receiver, model, 0);
    }

    /// <summary>
    /// Whether the client field or property that an instance <see cref="ForwardingWrapper"/> sends through may be a
    /// client-side encryption client: by its type, by a mention of an encryption client type in the code of the
    /// wrapper's type (where the member is assigned, in files this analysis does not bind), or by a wrapper object
    /// that the caller visibly built over an encryption client.
    /// </summary>
    public static bool MayHoldEncryptionClient(ISymbol member, IInvocationOperation wrapperCall, S3Model model)
    {
        if (model.EncryptionClients.IsEmpty)
        {
            return false;
        }

        if (model.IsEncryptionClient(ForwardingWrapper.TypeOf(member)))
        {
            return true;
        }

        // The wrapper's method may be inherited: a subclass the caller holds or built may hand the base class its
        // encryption client, and only that subclass's code names it.
        if (NamesEncryptionClientDownTo(wrapperCall.TargetMethod.ContainingType, member, model)
            || NamesEncryptionClientDownTo(wrapperCall.Instance?.WithoutConversions().Type, member, model))
        {
            return true;
        }

        foreach (var source in SourceResolver.FindSources(wrapperCall.Instance, model.MemberWrites))
        {
            if (source is not IObjectCreationOperation creation)
            {
                continue;
            }

            if (NamesEncryptionClientDownTo(creation.Type, member, model))
            {
                return true;
            }

            foreach (var argument in creation.Arguments)
            {
                if (IsEncryptionClient(argument.Value, model))
                {
                    return true;
                }
            }

            foreach (var initializer in creation.Initializer?.Initializers ?? ImmutableArray<IOperation>.Empty)
            {
                if (initializer is ISimpleAssignmentOperation assignment
                    && IsEncryptionClient(assignment.Value, model))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the code of <paramref name="type"/> or of a base class, down to the one that declares the client
    /// member, names a client-side encryption client.
    /// </summary>
    private static bool NamesEncryptionClientDownTo(ITypeSymbol? type, ISymbol member, S3Model model)
    {
        var declaring = member.ContainingType.OriginalDefinition;
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (model.NamesEncryptionClient(current))
            {
                return true;
            }

            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, declaring))
            {
                break;
            }
        }

        return false;
    }

    private static bool IsEncryptionClient(IOperation? receiver, S3Model model, int depth)
    {
        if (receiver is null || depth > MaxDepth)
        {
            return false;
        }

        if (model.IsEncryptionClient(receiver.Type))
        {
            return true;
        }

        var sources = SourceResolver.FindSources(receiver, model.MemberWrites);
        if (sources.IsEmpty)
        {
            return false;
        }

        foreach (var source in sources)
        {
            if (!IsEncryptionClientSource(source, model, depth))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsEncryptionClientSource(IOperation source, S3Model model, int depth)
    {
        if (model.IsEncryptionClient(source.Type))
        {
            return true;
        }

        // A factory of this compilation that may return an encryption client on some path: precision first, so
        // "may" is enough. What it returns decides where this file's semantic model shows every returned value;
        // otherwise its body is read as syntax, as the model reads a type's code for a client name.
        if (source is IInvocationOperation call)
        {
            return FactoryReturns(call, model, depth) switch
            {
                Returned.Encrypted => true,
                Returned.Plain => false,
                _ => model.BodyNamesEncryptionClient(call.TargetMethod),
            };
        }

        if (source is not IObjectCreationOperation creation || !model.IsTransferUtility(creation.Type))
        {
            return false;
        }

        // A transfer utility of the user's own type: its constructors choose the base's client. One seen handing
        // the SDK's constructor the caller's arguments as they are is judged by them, whatever else the type names;
        // otherwise a type whose code names an encryption client may hand it one, as a factory that names one may.
        if (!DerivedConstructor.TryGetForwardedArguments(creation, out var arguments))
        {
            for (var type = creation.Type as INamedTypeSymbol;
                 type is not null && !S3Model.IsFromS3Sdk(type);
                 type = type.BaseType)
            {
                if (model.NamesEncryptionClient(type))
                {
                    return true;
                }
            }

            arguments = creation.Arguments;
        }

        foreach (var argument in arguments)
        {
            if (model.IsS3ClientOrTransferUtility(argument.Parameter?.Type))
            {
                return IsEncryptionClient(argument.Value, model, depth + 1);
            }
        }

        return false;
    }

    /// <summary>What a factory visibly returns: an encryption client on some path, only other values, or unknown.
    /// </summary>
    private enum Returned
    {
        Unknown,
        Plain,
        Encrypted,
    }

    /// <summary>
    /// Reads the values a factory method declared in the caller's file returns (<c>return</c> statements outside
    /// lambdas and local functions, or the expression body). One returned value that may be an encryption client
    /// makes the factory one; a value the analysis cannot follow makes it unknown.
    /// </summary>
    private static Returned FactoryReturns(IInvocationOperation call, S3Model model, int depth)
    {
        var semanticModel = call.SemanticModel;
        var method = call.TargetMethod.OriginalDefinition;
        if (semanticModel is null || depth >= MaxDepth || method.DeclaringSyntaxReferences.Length != 1)
        {
            return Returned.Unknown;
        }

        var declaration = method.DeclaringSyntaxReferences[0].GetSyntax();
        if (declaration.SyntaxTree != semanticModel.SyntaxTree)
        {
            return Returned.Unknown;
        }

        var (body, expressionBody) = declaration switch
        {
            BaseMethodDeclarationSyntax declared => (declared.Body, declared.ExpressionBody),
            LocalFunctionStatementSyntax local => (local.Body, local.ExpressionBody),
            _ => (null, null),
        };

        if (expressionBody is not null)
        {
            return Judge(semanticModel.GetOperation(expressionBody.Expression), model, depth + 1);
        }

        if (body is null)
        {
            return Returned.Unknown;
        }

        var result = Returned.Plain;
        var anyReturn = false;
        foreach (var node in body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax
                     or LocalFunctionStatementSyntax)))
        {
            if (node is not ReturnStatementSyntax returned)
            {
                continue;
            }

            anyReturn = true;
            result = Either(
                result,
                returned.Expression is null
                    ? Returned.Unknown
                    : Judge(semanticModel.GetOperation(returned.Expression), model, depth + 1));
        }

        // A body with no return of its own (it throws, or is an iterator) shows nothing it returns.
        return anyReturn ? result : Returned.Unknown;
    }

    private static Returned Judge(IOperation? value, S3Model model, int depth)
    {
        var operation = value?.WithoutConversions();
        if (operation is null || depth > MaxDepth)
        {
            return Returned.Unknown;
        }

        if (model.IsEncryptionClient(operation.Type))
        {
            return Returned.Encrypted;
        }

        switch (operation)
        {
            case { ConstantValue: { HasValue: true, Value: null } }:
            case IDefaultValueOperation:
                return Returned.Plain;

            case IConditionalOperation conditional:
                return Either(
                    Judge(conditional.WhenTrue, model, depth + 1), Judge(conditional.WhenFalse, model, depth + 1));

            case ICoalesceOperation coalesce:
                return Either(Judge(coalesce.Value, model, depth + 1), Judge(coalesce.WhenNull, model, depth + 1));

            // Judged as a client built in the caller's own method is: a transfer utility by the client it is given.
            // A type of the user's own that is neither (a decorator over IAmazonS3) may hand on to any client.
            case IObjectCreationOperation creation
                when S3Model.IsFromS3Sdk(creation.Type) || model.IsTransferUtility(creation.Type):
                return IsEncryptionClientSource(creation, model, depth + 1) ? Returned.Encrypted : Returned.Plain;

            case ILocalReferenceOperation local:
                var sources = SourceResolver.FindSources(local, model.MemberWrites);
                if (sources.IsDefaultOrEmpty)
                {
                    return Returned.Unknown;
                }

                var result = Returned.Plain;
                foreach (var source in sources)
                {
                    result = Either(result, Judge(source, model, depth + 1));
                }

                return result;

            default:
                return Returned.Unknown;
        }
    }

    private static Returned Either(Returned left, Returned right)
    {
        return left == Returned.Encrypted || right == Returned.Encrypted ? Returned.Encrypted
            : left == Returned.Unknown || right == Returned.Unknown ? Returned.Unknown
            : Returned.Plain;
    }
}
