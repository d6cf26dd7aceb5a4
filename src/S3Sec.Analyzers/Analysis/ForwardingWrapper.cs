using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace S3Sec.Analyzers.Analysis;

/// <summary>
/// A static method of your own (typically a synchronous extension, <c>PutObject(this IAmazonS3 client,
/// PutObjectRequest request) =&gt; client.PutObjectAsync(request).GetResult()</c>) whose request parameter does one
/// thing: it is passed, as the first argument, to a method of the S3 client that is the wrapper's first parameter.
/// Such a wrapper sends the request as it gets it, so a request handed to it is followed as if handed to the SDK.
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
        if (!method.IsStatic
            || method.MethodKind != MethodKind.Ordinary
            || request.Ordinal == 0
            || request.RefKind != RefKind.None
            || method.Parameters.Length < 2
            || method.Parameters[0] is not { RefKind: RefKind.None } client
            || !IsSdkType(client.Type)
            || method.DeclaringSyntaxReferences.Length != 1
            || method.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax declaration)
        {
            return false;
        }

        SyntaxNode? body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
        if (body is null)
        {
            return false;
        }

        IdentifierNameSyntax? use = null;
        foreach (var node in body.DescendantNodes())
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
                Expression: IdentifierNameSyntax receiver,
                Name: IdentifierNameSyntax called,
            }
            || receiver.Identifier.ValueText != client.Name)
        {
            return false;
        }

        return DeclaresMethodTaking(client.Type, called.Identifier.ValueText, request.Type);
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
