using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace S3Sec.CodeFixes;

/// <summary>
/// Sets properties in the object initializer of a <c>new</c> expression while keeping the layout the author
/// chose: an existing assignment keeps its place and trivia, a new one follows the last, one-line initializers
/// stay on one line and multi-line ones gain a line with the same indentation.
/// </summary>
internal static class InitializerEditor
{
    public static BaseObjectCreationExpressionSyntax SetProperty(
        BaseObjectCreationExpressionSyntax creation,
        string propertyName,
        ExpressionSyntax value)
    {
        var initializer = creation.Initializer;
        if (initializer is null)
        {
            var assignment = Assign(propertyName, value);
            var created = SyntaxFactory.InitializerExpression(
                SyntaxKind.ObjectInitializerExpression,
                SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(assignment))
                .WithAdditionalAnnotations(Formatter.Annotation);
            return WithInitializer(creation, created);
        }

        var existing = initializer.Expressions
            .OfType<AssignmentExpressionSyntax>()
            .FirstOrDefault(a => a.Left is IdentifierNameSyntax name && name.Identifier.ValueText == propertyName);
        if (existing is not null)
        {
            var replaced = existing.WithRight(value.WithTriviaFrom(existing.Right));
            return creation.WithInitializer(initializer.ReplaceNode(existing, replaced));
        }

        return creation.WithInitializer(Append(initializer, Assign(propertyName, value)));
    }

    private static BaseObjectCreationExpressionSyntax WithInitializer(
        BaseObjectCreationExpressionSyntax creation,
        InitializerExpressionSyntax initializer)
    {
        if (creation is ObjectCreationExpressionSyntax explicitNew)
        {
            // "new T() { ... }" reads worse than "new T { ... }"; drop an empty argument list.
            var withoutEmptyArguments = explicitNew.ArgumentList is { Arguments.Count: 0 } arguments
                ? explicitNew.WithArgumentList(null).WithType(explicitNew.Type.WithTrailingTrivia(
                    arguments.GetTrailingTrivia()))
                : explicitNew;
            var trailing = withoutEmptyArguments.GetTrailingTrivia();
            return withoutEmptyArguments
                .WithoutTrailingTrivia()
                .WithInitializer(initializer
                    .WithLeadingTrivia(SyntaxFactory.Space)
                    .WithTrailingTrivia(trailing));
        }

        var implicitTrailing = creation.GetTrailingTrivia();
        return creation
            .WithoutTrailingTrivia()
            .WithInitializer(initializer.WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(implicitTrailing));
    }

    private static InitializerExpressionSyntax Append(InitializerExpressionSyntax initializer, ExpressionSyntax added)
    {
        var expressions = initializer.Expressions;
        if (expressions.Count == 0)
        {
            var single = added.WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space);
            return initializer.WithExpressions(SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(single));
        }

        var last = expressions[expressions.Count - 1];
        var hasTrailingSeparator = expressions.SeparatorCount == expressions.Count;
        var nodesAndTokens = expressions.GetWithSeparators();

        if (hasTrailingSeparator)
        {
            // "A = a,\n}" : the new element goes after the trailing comma, and gets one of its own.
            var separator = expressions.GetSeparator(expressions.Count - 1);
            var element = added.WithLeadingTrivia(Indentation(last.GetLeadingTrivia()));
            var newSeparator = SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(separator.TrailingTrivia);
            return initializer.WithExpressions(SyntaxFactory.SeparatedList<ExpressionSyntax>(
                nodesAndTokens.Add(element).Add(newSeparator)));
        }

        var lastTrailing = last.GetTrailingTrivia();
        var multiLine = lastTrailing.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var comma = SyntaxFactory.Token(SyntaxKind.CommaToken)
            .WithTrailingTrivia(multiLine ? lastTrailing : SyntaxFactory.TriviaList(SyntaxFactory.Space));
        // A comment after the last element stays with it, after the new comma; the new element gets only the
        // line break, or the comment would be written twice.
        var newElement = added
            .WithLeadingTrivia(multiLine ? Indentation(last.GetLeadingTrivia()) : SyntaxFactory.TriviaList())
            .WithTrailingTrivia(multiLine
                ? SyntaxFactory.TriviaList(lastTrailing.Where(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
                : lastTrailing);
        var list = nodesAndTokens
            .RemoveAt(nodesAndTokens.Count - 1)
            .Add(last.WithoutTrailingTrivia())
            .Add(comma)
            .Add(newElement);
        return initializer.WithExpressions(SyntaxFactory.SeparatedList<ExpressionSyntax>(list));
    }

    /// <summary>The whitespace that indents an element, without the comments above it.</summary>
    private static SyntaxTriviaList Indentation(SyntaxTriviaList leading)
    {
        var start = 0;
        for (var i = 0; i < leading.Count; i++)
        {
            if (!leading[i].IsKind(SyntaxKind.WhitespaceTrivia))
            {
                start = i + 1;
            }
        }

        return SyntaxFactory.TriviaList(leading.Skip(start));
    }

    private static AssignmentExpressionSyntax Assign(string propertyName, ExpressionSyntax value)
    {
        return SyntaxFactory.AssignmentExpression(
            SyntaxKind.SimpleAssignmentExpression,
            SyntaxFactory.IdentifierName(propertyName),
            value);
    }
}
