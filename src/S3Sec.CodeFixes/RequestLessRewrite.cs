using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;

namespace S3Sec.CodeFixes;

/// <summary>
/// Rewrites a call to an SDK overload that takes no request (<c>UploadAsync(path, bucket, key, ct)</c>) into the
/// overload that takes one, with each argument moved to the request property of the same meaning. The plan is
/// made only when every argument has such a property and the request overload exists, so the rewrite sends
/// exactly the same request plus the encryption setting.
/// </summary>
internal sealed class RequestLessRewrite
{
    /// <summary>The SDK's parameter names and the request properties that carry the same value.</summary>
    private static readonly ImmutableDictionary<string, string> PropertyByParameter =
        new Dictionary<string, string>
        {
            ["filePath"] = "FilePath",
            ["stream"] = "InputStream",
            ["bucketName"] = "BucketName",
            ["key"] = "Key",
            ["directory"] = "Directory",
            ["searchPattern"] = "SearchPattern",
            ["searchOption"] = "SearchOption",
            ["sourceBucket"] = "SourceBucket",
            ["sourceKey"] = "SourceKey",
            ["sourceVersionId"] = "SourceVersionId",
            ["destinationBucket"] = "DestinationBucket",
            ["destinationKey"] = "DestinationKey",
        }.ToImmutableDictionary();

    private readonly ImmutableArray<(string Property, ExpressionSyntax Value)> _properties;
    private readonly ImmutableArray<ArgumentSyntax> _passThrough;

    private RequestLessRewrite(
        INamedTypeSymbol requestType,
        ImmutableArray<(string Property, ExpressionSyntax Value)> properties,
        ImmutableArray<ArgumentSyntax> passThrough)
    {
        RequestType = requestType;
        _properties = properties;
        _passThrough = passThrough;
    }

    public INamedTypeSymbol RequestType { get; }

    public static bool TryPlan(
        InvocationExpressionSyntax invocation,
        SemanticModel model,
        string requestTypeName,
        out RequestLessRewrite plan)
    {
        plan = null!;
        if (model.GetOperation(invocation) is not IInvocationOperation operation
            || model.Compilation.GetTypeByMetadataName(requestTypeName) is not { } requestType
            || !HasRequestOverload(operation.TargetMethod, requestType)
            || HidesRequestOverload(operation.Instance?.Type, operation.TargetMethod, requestType))
        {
            return false;
        }

        var properties = ImmutableArray.CreateBuilder<(string, ExpressionSyntax)>();
        var passThrough = ImmutableArray.CreateBuilder<ArgumentSyntax>();
        foreach (var argument in invocation.ArgumentList.Arguments)
        {
            var parameter = operation.Arguments
                .FirstOrDefault(a => a.Syntax == argument)?.Parameter;
            if (parameter is null || argument.RefKindKeyword.IsKind(SyntaxKind.None) == false)
            {
                return false;
            }

            if (IsCancellationToken(parameter.Type))
            {
                passThrough.Add(argument.WithNameColon(null));
                continue;
            }

            if (!PropertyByParameter.TryGetValue(parameter.Name, out var property)
                || !requestType.HasSettableProperty(property))
            {
                return false;
            }

            properties.Add((property, argument.Expression.WithoutTrivia()));
        }

        plan = new RequestLessRewrite(requestType, properties.ToImmutable(), passThrough.ToImmutable());
        return true;
    }

    /// <summary>
    /// <c>new TRequest { Property = argument, ... }</c>, one property a line, in the order the arguments were
    /// written (so they are evaluated in the same order); the formatter indents it where it lands.
    /// </summary>
    public BaseObjectCreationExpressionSyntax BuildRequest(SyntaxGenerator generator)
    {
        var newLine = SyntaxFactory.EndOfLine("\n");
        var nodesAndTokens = new List<SyntaxNodeOrToken>();
        foreach (var (property, value) in _properties)
        {
            nodesAndTokens.Add(SyntaxFactory.AssignmentExpression(
                SyntaxKind.SimpleAssignmentExpression,
                SyntaxFactory.IdentifierName(property),
                value));
            nodesAndTokens.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(newLine));
        }

        var initializer = SyntaxFactory.InitializerExpression(
            SyntaxKind.ObjectInitializerExpression,
            SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(newLine).WithTrailingTrivia(newLine),
            SyntaxFactory.SeparatedList<ExpressionSyntax>(nodesAndTokens),
            SyntaxFactory.Token(SyntaxKind.CloseBraceToken));
        var type = (TypeSyntax)generator.TypeExpression(RequestType, addImport: true);
        return SyntaxFactory.ObjectCreationExpression(type)
            .WithInitializer(initializer)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    public InvocationExpressionSyntax BuildInvocation(
        InvocationExpressionSyntax invocation,
        BaseObjectCreationExpressionSyntax request)
    {
        var arguments = new List<ArgumentSyntax> { SyntaxFactory.Argument(request) };
        arguments.AddRange(_passThrough);
        return invocation.WithArgumentList(invocation.ArgumentList.WithArguments(
            SyntaxFactory.SeparatedList(arguments)));
    }

    private static bool HasRequestOverload(IMethodSymbol method, INamedTypeSymbol requestType)
    {
        return method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Any(candidate =>
            candidate.Parameters.Length >= 1
            && SymbolEqualityComparer.Default.Equals(candidate.Parameters[0].Type, requestType)
            && candidate.Parameters.Skip(1).All(p => IsCancellationToken(p.Type))
            && candidate.Parameters.Length <= 1 + method.Parameters.Count(p => IsCancellationToken(p.Type))
            && SymbolEqualityComparer.Default.Equals(candidate.ReturnType, method.ReturnType));
    }

    /// <summary>
    /// Whether a user's type between the receiver's and the SDK's declares a method of the same name taking the
    /// request: C# would pick it for the rewritten call, which would then run the user's code, not the SDK's.
    /// </summary>
    private static bool HidesRequestOverload(ITypeSymbol? receiverType, IMethodSymbol method, INamedTypeSymbol request)
    {
        var declaring = method.ContainingType.OriginalDefinition;
        for (var type = receiverType as INamedTypeSymbol; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, declaring))
            {
                return false;
            }

            if (type.GetMembers(method.Name).OfType<IMethodSymbol>().Any(candidate =>
                    candidate.Parameters.Length >= 1
                    && SymbolEqualityComparer.Default.Equals(candidate.Parameters[0].Type, request)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCancellationToken(ITypeSymbol type)
    {
        return type.Name == "CancellationToken" && type.ContainingNamespace?.ToDisplayString() == "System.Threading";
    }
}
