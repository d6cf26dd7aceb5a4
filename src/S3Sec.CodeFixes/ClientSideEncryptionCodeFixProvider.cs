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
using S3Sec.Analyzers.Rules;

namespace S3Sec.CodeFixes;

/// <summary>
/// Fixes S3SEC031 where one enum value maps to one safe value: <c>V2AndLegacy</c> to <c>V2</c>, <c>V4AndLegacy</c>
/// to <c>V4</c>, <c>ForbidEncryptAllowDecrypt</c> to <c>RequireEncryptRequireDecrypt</c>, and <c>AesGcm</c> to
/// <c>AesGcmWithCommitment</c>. The V1 client and materials have no fix: see the rule's page.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ClientSideEncryptionCodeFixProvider)), Shared]
public sealed class ClientSideEncryptionCodeFixProvider : CodeFixProvider
{
    /// <summary>
    /// One key for every replacement: Fix All and <c>dotnet format analyzers --diagnostics S3SEC031</c> apply only
    /// the actions sharing the key they were given, so a key per value left the other values for another run.
    /// </summary>
    public const string UseSafeValueEquivalenceKey = "S3Sec.UseSafeClientSideSetting";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(RuleIdentifiers.LegacyClientSideEncryption);

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
            if (!diagnostic.Properties.TryGetValue(ClientSideEncryptionAnalyzer.ReplacementProperty, out var member)
                || member is null
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not { } node
                || NameOf(node) is not { } name)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use " + member,
                    ct => ReplaceAsync(context.Document, name, member, ct),
                    UseSafeValueEquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>The identifier naming the enum member: <c>Type.Member</c>, or bare under <c>using static</c>.</summary>
    private static IdentifierNameSyntax? NameOf(SyntaxNode node)
    {
        return node switch
        {
            MemberAccessExpressionSyntax { Name: IdentifierNameSyntax name } => name,
            IdentifierNameSyntax identifier => identifier,
            ArgumentSyntax { Expression: var expression } => NameOf(expression),
            _ => null,
        };
    }

    private static async Task<Document> ReplaceAsync(
        Document document,
        IdentifierNameSyntax name,
        string member,
        CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var replaced = name.WithIdentifier(SyntaxFactory.Identifier(member).WithTriviaFrom(name.Identifier));
        return document.WithSyntaxRoot(root.ReplaceNode(name, replaced));
    }
}
