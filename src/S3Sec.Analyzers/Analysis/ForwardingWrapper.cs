using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace S3Sec.Analyzers.Analysis;

/// <summary>
/// A method of your own whose request parameter does one thing: it is passed, as the first argument, to a method of
/// an S3 client. Such a wrapper sends the request as it gets it, so a request handed to it is followed as if handed
/// to the SDK. Two shapes: a static method (typically a synchronous extension, <c>PutObject(this IAmazonS3 client,
/// PutObjectRequest request) =&gt; client.PutObjectAsync(request).GetResult()</c>) whose client is its first
/// parameter, and an instance method that cannot be overridden (<c>Put(PutObjectRequest r) =&gt;
/// _s3.PutObjectAsync(r)</c>) whose client is a field or property of its own type.
/// </summary>
/// <remarks>
/// Read from syntax alone, so that another file's body is never bound: the parameter's name must occur once in the
/// body, and the client's own type must declare the called method with the request's type as its first parameter
/// (an instance method wins over every extension method of the same name, so that is the method called).
/// </remarks>
internal static class ForwardingWrapper
{
    public static bool Forwards(IMethodSymbol method, IParameterSymbol request)
    {
        return method.IsStatic ? ForwardsToParameter(method, request) : ClientMember(method, request) is not null;
    }

    /// <summary>
    /// The field or property of its own type that an instance wrapper hands the request to, or null when
    /// <paramref name="method"/> is not such a wrapper for <paramref name="request"/>.
    /// </summary>
    public static ISymbol? ClientMember(IMethodSymbol method, IParameterSymbol request)
    {
        // Symbol checks before the body's syntax: this runs for every tracked object handed to a method of your own.
        // An override elsewhere may set the encryption before it sends: only a body that is surely the one called.
        if (method.IsStatic
            || method.MethodKind != MethodKind.Ordinary
            || method.IsVirtual
            || method.IsAbstract
            || (method.IsOverride && !method.IsSealed && !method.ContainingType.IsSealed)
            || method.ContainingType.TypeKind == TypeKind.Interface
            || request.RefKind != RefKind.None
            || !IsSdkType(request.Type)
            || !TryFindForwardingCall(method, request, out var body, out var receiver, out var called))
        {
            return null;
        }

        var name = receiver switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax member } =>
                member.Identifier.ValueText,
            _ => null,
        };

        if (name is null
            || FindMember(method.ContainingType, name) is not { } client
            || TypeOf(client) is not { } clientType
            || !IsSdkType(clientType)
            || !DeclaresMethodTaking(clientType, called, request.Type)
            || (receiver is IdentifierNameSyntax && IsShadowed(method, body, name)))
        {
            return null;
        }

        return client;
    }

    /// <summary>
    /// The field or property through which the instance wrapper that <paramref name="consumer"/> calls sends the
    /// request whose creation and local references are <paramref name="references"/>; null for any other call.
    /// </summary>
    public static ISymbol? ClientMember(IInvocationOperation consumer, ImmutableArray<IOperation> references)
    {
        if (consumer.Instance is null || TrackedObject.IsAwsSdkMethod(consumer.TargetMethod))
        {
            return null;
        }

        foreach (var argument in consumer.Arguments)
        {
            if (argument.Parameter is { } parameter
                && references.Contains(argument.Value.WithoutConversions())
                && ClientMember(consumer.TargetMethod, parameter) is { } member)
            {
                return member;
            }
        }

        return null;
    }

    public static ITypeSymbol? TypeOf(ISymbol member) => member switch
    {
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };

    private static bool ForwardsToParameter(IMethodSymbol method, IParameterSymbol request)
    {
        if (method.MethodKind != MethodKind.Ordinary
            || request.Ordinal == 0
            || request.RefKind != RefKind.None
            || method.Parameters.Length < 2
            || method.Parameters[0] is not { RefKind: RefKind.None } client
            || !IsSdkType(client.Type)
            || !TryFindForwardingCall(method, request, out _, out var receiver, out var called)
            || receiver is not IdentifierNameSyntax identifier
            || identifier.Identifier.ValueText != client.Name)
        {
            return false;
        }

        return DeclaresMethodTaking(client.Type, called, request.Type);
    }

    /// <summary>
    /// Finds the request parameter's one use in the method's body, and requires it to be the first positional
    /// argument of a call <c>receiver.Called(...)</c>.
    /// </summary>
    private static bool TryFindForwardingCall(
        IMethodSymbol method,
        IParameterSymbol request,
        out SyntaxNode body,
        out ExpressionSyntax receiver,
        out string called)
    {
        body = null!;
        receiver = null!;
        called = null!;
        if (method.DeclaringSyntaxReferences.Length != 1
            || method.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax declaration
            || ((SyntaxNode?)declaration.Body ?? declaration.ExpressionBody) is not { } found)
        {
            return false;
        }

        IdentifierNameSyntax? use = null;
        foreach (var node in found.DescendantNodes())
        {
            if (node is IdentifierNameSyntax name && name.Identifier.ValueText == request.Name)
            {
                if (use is not null)
                {
                    return false;
                }

                use = name;
            }
        }

        if (use?.Parent is not ArgumentSyntax { NameColon: null } argument
            || !argument.RefKindKeyword.IsKind(SyntaxKind.None)
            || argument.Parent is not ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } list
            || list.Arguments.IndexOf(argument) != 0
            || invocation.Expression is not MemberAccessExpressionSyntax
            {
                RawKind: (int)SyntaxKind.SimpleMemberAccessExpression,
                Expression: var target,
                Name: IdentifierNameSyntax calledName,
            })
        {
            return false;
        }

        body = found;
        receiver = target;
        called = calledName.Identifier.ValueText;
        return true;
    }

    /// <summary>
    /// The field or property a simple name in the type's own code binds to, from the type and its bases. Null when
    /// the name is anything else, or is a base type's private member (it then binds to something else, say the
    /// outer type's member, which syntax alone cannot tell).
    /// </summary>
    private static ISymbol? FindMember(INamedTypeSymbol type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            var members = current.GetMembers(name);
            if (members.IsEmpty)
            {
                continue;
            }

            if (members.Length != 1
                || (members[0].DeclaredAccessibility == Accessibility.Private
                    && !SymbolEqualityComparer.Default.Equals(current, type)))
            {
                return null;
            }

            return members[0] is IFieldSymbol or IPropertySymbol { Parameters.IsEmpty: true } ? members[0] : null;
        }

        return null;
    }

    /// <summary>Whether a parameter, local or lambda parameter of the wrapper hides the member's name.</summary>
    private static bool IsShadowed(IMethodSymbol method, SyntaxNode body, string name)
    {
        foreach (var parameter in method.Parameters)
        {
            if (parameter.Name == name)
            {
                return true;
            }
        }

        foreach (var node in body.DescendantNodes())
        {
            var declared = node switch
            {
                VariableDeclaratorSyntax variable => variable.Identifier,
                SingleVariableDesignationSyntax designation => designation.Identifier,
                ParameterSyntax parameter => parameter.Identifier,
                ForEachStatementSyntax loop => loop.Identifier,
                CatchDeclarationSyntax caught => caught.Identifier,
                LocalFunctionStatementSyntax function => function.Identifier,
                _ => default,
            };

            if (declared.ValueText == name)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSdkType(ITypeSymbol type)
    {
        return type.ContainingAssembly?.Name is { } assembly
            && assembly.StartsWith("AWSSDK.", System.StringComparison.Ordinal);
    }

    private static bool DeclaresMethodTaking(ITypeSymbol type, string name, ITypeSymbol parameterType)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (DeclaresOwn(current, name, parameterType))
            {
                return true;
            }
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (DeclaresOwn(implemented, name, parameterType))
            {
                return true;
            }
        }

        return false;
    }

    private static bool DeclaresOwn(ITypeSymbol type, string name, ITypeSymbol parameterType)
    {
        foreach (var member in type.GetMembers(name))
        {
            if (member is IMethodSymbol { IsStatic: false, Parameters.Length: > 0 } candidate
                && SymbolEqualityComparer.Default.Equals(candidate.Parameters[0].Type, parameterType)
                && TrackedObject.IsAwsSdkMethod(candidate))
            {
                return true;
            }
        }

        return false;
    }
}
