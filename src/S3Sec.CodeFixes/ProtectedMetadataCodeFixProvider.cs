using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using S3Sec.Analyzers;
using S3Sec.Analyzers.Rules;

namespace S3Sec.CodeFixes;

/// <summary>
/// Fixes S3SEC020 by sealing the value with S3Sec.Crypto's <c>ProtectedMetadata</c>:
/// <c>Metadata.Add("email", protector.Protect("email", user.Email))</c>. Offered only when exactly one protector
/// is visibly in scope (a local, parameter, field or property of that type), the metadata name is a constant, and
/// the protector is not visibly bound to another object than the request writes (<see cref="ProtectorBinding"/>):
/// making up a data key, or dropping the user's data, is not a fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ProtectedMetadataCodeFixProvider)), Shared]
public sealed class ProtectedMetadataCodeFixProvider : CodeFixProvider
{
    public const string ProtectValueEquivalenceKey = "S3Sec.ProtectMetadataValue";

    private const string ProtectorType = "S3Sec.Crypto.Metadata.ProtectedMetadata";
    private const string ProtectMethod = "Protect";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(RuleIdentifiers.SensitiveMetadata);

    public override FixAllProvider GetFixAllProvider() => KeyChoosingFixAllProvider.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model?.Compilation.GetTypeByMetadataName(ProtectorType) is not { } protectorType
            || !HasProtect(protectorType))
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (diagnostic.Properties.TryGetValue(SensitiveDataAnalyzer.RawHeaderProperty, out var raw)
                && raw == "true")
            {
                // Raw headers carry the x-amz-meta- prefix, which would become part of the protected name.
                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (!TryGetNameAndValue(node, out var name, out var value)
                || !IsConstantString(model, name, context.CancellationToken)
                || model.GetTypeInfo(value, context.CancellationToken).Type?.SpecialType != SpecialType.System_String
                || FindProtector(model, value.SpanStart, protectorType) is not { } protector
                || !ProtectorBinding.FitsRequest(model, protector, protectorType, node, context.CancellationToken))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Protect the value with '{protector.Name}'",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(Wrap(root, name, value, protector.Name))),
                    ProtectValueEquivalenceKey),
                diagnostic);
        }
    }

    private static SyntaxNode Wrap(SyntaxNode root, ExpressionSyntax name, ExpressionSyntax value, string protector)
    {
        var call = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                SyntaxFactory.IdentifierName(Identifier(protector)),
                SyntaxFactory.IdentifierName(ProtectMethod)),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
            {
                SyntaxFactory.Argument(name.WithoutTrivia()),
                SyntaxFactory.Argument(value.WithoutTrivia()),
            })));
        return root.ReplaceNode(value, call.WithTriviaFrom(value));
    }

    /// <summary>The identifier for a symbol name: a keyword (<c>@protected</c>) needs its <c>@</c> back.</summary>
    private static SyntaxToken Identifier(string name)
    {
        return SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None
            ? SyntaxFactory.Identifier(name)
            : SyntaxFactory.ParseToken("@" + name);
    }

    /// <summary>The name and value of <c>Metadata.Add(name, value)</c> or <c>Metadata[name] = value</c>.</summary>
    private static bool TryGetNameAndValue(SyntaxNode node, out ExpressionSyntax name, out ExpressionSyntax value)
    {
        name = null!;
        value = null!;
        switch (node)
        {
            case InvocationExpressionSyntax { ArgumentList.Arguments: { Count: 2 } arguments }
                when arguments.All(a => a.NameColon is null):
                name = arguments[0].Expression;
                value = arguments[1].Expression;
                return true;
            case AssignmentExpressionSyntax { Left: ElementAccessExpressionSyntax access } assignment
                when access.ArgumentList.Arguments.Count == 1:
                name = access.ArgumentList.Arguments[0].Expression;
                value = assignment.Right;
                return true;
            case AssignmentExpressionSyntax { Left: ImplicitElementAccessSyntax implicitAccess } assignment
                when implicitAccess.ArgumentList.Arguments.Count == 1:
                name = implicitAccess.ArgumentList.Arguments[0].Expression;
                value = assignment.Right;
                return true;
            default:
                return false;
        }
    }

    private static bool IsConstantString(SemanticModel model, ExpressionSyntax expression, CancellationToken token)
    {
        return model.GetConstantValue(expression, token) is { HasValue: true, Value: string };
    }

    private static bool HasProtect(INamedTypeSymbol type)
    {
        return type.GetMembers(ProtectMethod).OfType<IMethodSymbol>().Any(m =>
            !m.IsStatic
            && m.ReturnType.SpecialType == SpecialType.System_String
            && m.Parameters.Length == 2
            && m.Parameters.All(p => p.Type.SpecialType == SpecialType.System_String));
    }

    /// <summary>
    /// The one protector visible at the position, or null when there is none or more than one (the fix would
    /// have to guess which data key the team meant for this object). Lookup also returns symbols the code there
    /// cannot use (an outer local inside a static local function, an outer class's instance field inside a nested
    /// class); those would not compile, so they are left out.
    /// </summary>
    private static ISymbol? FindProtector(SemanticModel model, int position, INamedTypeSymbol protectorType)
    {
        var enclosing = model.GetEnclosingSymbol(position);
        ISymbol? found = null;
        foreach (var symbol in model.LookupSymbols(position))
        {
            var type = symbol switch
            {
                ILocalSymbol local when DeclaredBefore(local, position) => local.Type,
                IParameterSymbol parameter => parameter.Type,
                IFieldSymbol field => field.Type,
                IPropertySymbol property when property.GetMethod is not null => property.Type,
                _ => null,
            };

            if (!SymbolEqualityComparer.Default.Equals(type, protectorType) || !IsUsable(symbol, enclosing))
            {
                continue;
            }

            if (found is not null)
            {
                return null;
            }

            found = symbol;
        }

        return found;
    }

    /// <summary>Whether code inside <paramref name="enclosing"/> can name <paramref name="symbol"/>.</summary>
    private static bool IsUsable(ISymbol symbol, ISymbol? enclosing)
    {
        if (symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } ctor }
            && ctor.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax))
        {
            // A primary constructor's parameter is in scope in the instance members of its own type only.
            return InstanceMember(enclosing) is { IsStatic: false } member
                && SymbolEqualityComparer.Default.Equals(member.ContainingType, ctor.ContainingType);
        }

        if (symbol is ILocalSymbol or IParameterSymbol)
        {
            // A static lambda or local function cannot capture the locals and parameters of the code around it.
            for (var current = enclosing; current is not null; current = current.ContainingSymbol)
            {
                if (SymbolEqualityComparer.Default.Equals(current, symbol.ContainingSymbol))
                {
                    return true;
                }

                if (!IsLambdaOrLocalFunction(current) || current.IsStatic)
                {
                    return false;
                }
            }

            return false;
        }

        if (symbol.IsStatic)
        {
            return true;
        }

        // An instance member needs a 'this' of its type: an instance method of that type or a derived one, not a
        // static lambda or local function inside it, not a field initializer, not a nested type's method.
        if (InstanceMember(enclosing) is not IMethodSymbol { IsStatic: false } method)
        {
            return false;
        }

        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type, symbol.ContainingType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The member whose <c>this</c> the code at <paramref name="enclosing"/> sees, through non-static lambdas and
    /// local functions; null inside a static one, which sees none.
    /// </summary>
    private static ISymbol? InstanceMember(ISymbol? enclosing)
    {
        var member = enclosing;
        while (IsLambdaOrLocalFunction(member))
        {
            if (member!.IsStatic)
            {
                return null;
            }

            member = member.ContainingSymbol;
        }

        return member;
    }

    private static bool IsLambdaOrLocalFunction(ISymbol? symbol)
    {
        return symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction };
    }

    private static bool DeclaredBefore(ILocalSymbol local, int position)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.Span.End > position)
            {
                return false;
            }
        }

        return true;
    }
}
