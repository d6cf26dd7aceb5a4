using System;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using S3Sec.Analyzers;

namespace S3Sec.CodeFixes;

/// <summary>
/// Fixes S3SEC010 and S3SEC011 by switching the setting that selects plain HTTP to HTTPS: <c>UseHttp = true</c>
/// becomes <c>false</c>, an <c>"http://..."</c> literal becomes <c>"https://..."</c>, and a presigned URL's
/// <c>Protocol.HTTP</c> becomes <c>Protocol.HTTPS</c>. Offered only when that setting is a literal in the
/// document being fixed; a constant declared elsewhere or a computed URL is left to the author.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PlainHttpCodeFixProvider)), Shared]
public sealed class PlainHttpCodeFixProvider : CodeFixProvider
{
    public const string UseHttpsEquivalenceKey = "S3Sec.UseHttps";

    private const string HttpScheme = "http://";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(RuleIdentifiers.SseCustomerKeyOverHttp, RuleIdentifiers.PlainHttpClient);

    public override FixAllProvider GetFixAllProvider() => KeyChoosingFixAllProvider.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            // S3SEC011 sits on the setting itself; S3SEC010 sits on the call and points at the setting first.
            var setting = diagnostic.Id == RuleIdentifiers.PlainHttpClient || diagnostic.AdditionalLocations.Count == 0
                ? diagnostic.Location
                : diagnostic.AdditionalLocations[0];
            if (!setting.IsInSource
                || setting.SourceTree != root.SyntaxTree
                || root.FindNode(setting.SourceSpan, getInnermostNodeForTie: true)
                    is not AssignmentExpressionSyntax assignment
                || HttpsValue(assignment.Right) is not { } replacement)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use HTTPS",
                    ct => ReplaceAsync(context.Document, assignment.Right, replacement, ct),
                    UseHttpsEquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>The HTTPS counterpart of a literal HTTP setting, or null when the value is not a literal.</summary>
    private static ExpressionSyntax? HttpsValue(ExpressionSyntax value)
    {
        switch (value)
        {
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.TrueLiteralExpression):
                return SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression).WithTriviaFrom(literal);

            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression)
                && literal.Token.ValueText.StartsWith(HttpScheme, StringComparison.OrdinalIgnoreCase):
                return HttpsUrl(literal.Token.ValueText.Substring(HttpScheme.Length)) is { } url
                    ? SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(url))
                        .WithTriviaFrom(literal)
                    : null;

            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "HTTP" } member:
                return member.WithName(SyntaxFactory.IdentifierName("HTTPS").WithTriviaFrom(member.Name));

            default:
                return null;
        }
    }

    /// <summary>
    /// The URL after <c>http://</c> with the HTTPS scheme, or null when it names a port of its own: whether that
    /// server speaks TLS on it, or on which other port, only its owner knows. An explicit <c>:80</c> is dropped,
    /// so the URL takes HTTPS's own port.
    /// </summary>
    private static string? HttpsUrl(string rest)
    {
        var end = rest.IndexOfAny(AuthorityEnd);
        var authority = end < 0 ? rest : rest.Substring(0, end);
        var colon = authority.LastIndexOf(':');
        if (colon > authority.LastIndexOf(']') && colon > authority.LastIndexOf('@'))
        {
            var port = authority.Substring(colon + 1);
            if (port.Length > 0 && port.TrimStart('0') != "80")
            {
                return null;
            }

            rest = authority.Substring(0, colon) + rest.Substring(authority.Length);
        }

        return "https://" + rest;
    }

    private static readonly char[] AuthorityEnd = { '/', '?', '#' };

    private static async Task<Document> ReplaceAsync(
        Document document,
        ExpressionSyntax value,
        ExpressionSyntax replacement,
        CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null ? document : document.WithSyntaxRoot(root.ReplaceNode(value, replacement));
    }
}
