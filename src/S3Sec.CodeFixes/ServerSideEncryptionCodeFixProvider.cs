using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.Editing;
using S3Sec.Analyzers;
using S3Sec.Analyzers.Analysis;
using S3Sec.Analyzers.Rules;

namespace S3Sec.CodeFixes;

/// <summary>
/// Fixes S3SEC001 and S3SEC002 by setting the server-side encryption the policy asks for: in the request's
/// initializer, or, for an overload that takes no request, by rewriting the call to the request overload.
/// Only fixes that satisfy the policy are offered, so a fix never trades one finding for another.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ServerSideEncryptionCodeFixProvider)), Shared]
public sealed class ServerSideEncryptionCodeFixProvider : CodeFixProvider
{
    public const string UseSseS3EquivalenceKey = "S3Sec.UseSseS3";
    public const string UseSseKmsEquivalenceKey = "S3Sec.UseSseKms";
    public const string UseDsseKmsEquivalenceKey = "S3Sec.UseDsseKms";

    private const string SseType = "Amazon.S3.ServerSideEncryptionMethod";
    private const string SseProperty = "ServerSideEncryptionMethod";
    private const string KeyIdProperty = "ServerSideEncryptionKeyManagementServiceKeyId";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(RuleIdentifiers.UnencryptedWrite, RuleIdentifiers.WeakerThanPolicy);

    public override FixAllProvider GetFixAllProvider() => KeyChoosingFixAllProvider.Instance;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null || model.Compilation.GetTypeByMetadataName(SseType) is not { } sseType)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(ServerSideEncryptionAnalyzer.FixableProperty, out var fixable)
                || fixable != "true")
            {
                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            foreach (var choice in Choices(diagnostic))
            {
                // AWSSDK.S3 versions from before DSSE-KMS have no AWSKMSDSSE: the fix would not compile there.
                if (!DeclaresValue(sseType, choice.Member))
                {
                    continue;
                }

                var action = CreateAction(context.Document, node, model, sseType, diagnostic, choice);
                if (action is not null)
                {
                    context.RegisterCodeFix(action, diagnostic);
                }
            }
        }
    }

    private static CodeAction? CreateAction(
        Document document,
        SyntaxNode node,
        SemanticModel model,
        INamedTypeSymbol sseType,
        Diagnostic diagnostic,
        Choice choice)
    {
        if (node.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is { } creation
            && !diagnostic.Properties.ContainsKey(ServerSideEncryptionAnalyzer.RequestTypeProperty))
        {
            // Editing around a syntax error can only guess at what the author meant.
            if (creation.ContainsDiagnostics || HasDirectiveInside(creation))
            {
                return null;
            }

            if (model.GetTypeInfo(creation).Type is not INamedTypeSymbol requestType
                || !requestType.HasSettableProperty(SseProperty)
                || (choice.KeyId is not null && !requestType.HasSettableProperty(KeyIdProperty)))
            {
                return null;
            }

            diagnostic.Properties.TryGetValue(ServerSideEncryptionAnalyzer.PolicyProperty, out var policy);
            if (choice.KeyId is not null && NamesKeyId(creation, model, customerKeyRequired: policy == "SseKmsCmk"))
            {
                // The key the author named stays: another key has other key policies, grants and readers.
                choice = choice.WithoutKeyId();
            }

            return CodeAction.Create(
                choice.Title,
                ct => SetOnCreationAsync(document, creation, sseType, choice, ct),
                choice.EquivalenceKey);
        }

        if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { ContainsDiagnostics: false } invocation
            && !HasDirectiveInside(invocation)
            && diagnostic.Properties.TryGetValue(ServerSideEncryptionAnalyzer.RequestTypeProperty, out var typeName)
            && typeName is not null
            && RequestLessRewrite.TryPlan(invocation, model, typeName, out var plan)
            && (choice.KeyId is null || plan.RequestType.HasSettableProperty(KeyIdProperty)))
        {
            return CodeAction.Create(
                choice.Title + " through " + plan.RequestType.Name,
                ct => RewriteInvocationAsync(document, invocation, plan, sseType, choice, ct),
                choice.EquivalenceKey);
        }

        return null;
    }

    private static async Task<Document> SetOnCreationAsync(
        Document document,
        BaseObjectCreationExpressionSyntax creation,
        INamedTypeSymbol sseType,
        Choice choice,
        CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var updated = Apply(creation, editor.Generator, sseType, choice);
        editor.ReplaceNode(creation, updated);
        return editor.GetChangedDocument();
    }

    private static async Task<Document> RewriteInvocationAsync(
        Document document,
        InvocationExpressionSyntax invocation,
        RequestLessRewrite plan,
        INamedTypeSymbol sseType,
        Choice choice,
        CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var request = Apply(plan.BuildRequest(editor.Generator), editor.Generator, sseType, choice);
        editor.ReplaceNode(invocation, plan.BuildInvocation(invocation, request));
        return editor.GetChangedDocument();
    }

    private static BaseObjectCreationExpressionSyntax Apply(
        BaseObjectCreationExpressionSyntax creation,
        SyntaxGenerator generator,
        INamedTypeSymbol sseType,
        Choice choice)
    {
        var method = (ExpressionSyntax)generator.MemberAccessExpression(
            generator.TypeExpression(sseType, addImport: true), choice.Member);
        var updated = InitializerEditor.SetProperty(creation, SseProperty, method);
        if (choice.KeyId is not null)
        {
            var keyId = SyntaxFactory.LiteralExpression(
                SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(choice.KeyId));
            updated = InitializerEditor.SetProperty(updated, KeyIdProperty, keyId);
        }

        return updated;
    }

    /// <summary>Whether the referenced SDK's <c>ServerSideEncryptionMethod</c> has this public static value.</summary>
    private static bool DeclaresValue(INamedTypeSymbol sseType, string member)
    {
        return sseType.GetMembers(member).Any(m =>
            m.IsStatic
            && m.DeclaredAccessibility == Accessibility.Public
            && m is IFieldSymbol or IPropertySymbol);
    }

    /// <summary>
    /// Whether a preprocessor directive sits inside the node (after its first token). A line added there lands in
    /// one branch of an <c>#if</c>, so the other configurations keep writing unencrypted; a call rebuilt from its
    /// active arguments keeps <c>#else</c>/<c>#endif</c> without their <c>#if</c>, and no configuration compiles.
    /// </summary>
    private static bool HasDirectiveInside(SyntaxNode node)
    {
        return node.ContainsDirectives
            && node.DescendantTokens().Skip(1).Any(t => t.LeadingTrivia.Any(trivia => trivia.IsDirective));
    }

    /// <summary>
    /// Whether the initializer sets a key id other than a constant null or empty string, or, where a customer
    /// managed key is required, an AWS managed alias: that key is the reason for the diagnostic, so it is replaced.
    /// </summary>
    private static bool NamesKeyId(
        BaseObjectCreationExpressionSyntax creation, SemanticModel model, bool customerKeyRequired)
    {
        return creation.Initializer is { } initializer
            && initializer.Expressions.OfType<AssignmentExpressionSyntax>().Any(a =>
                a.Left is IdentifierNameSyntax { Identifier.ValueText: KeyIdProperty }
                && model.GetConstantValue(a.Right) is var constant
                && constant is not { HasValue: true, Value: null or "" }
                && !(customerKeyRequired && constant is { HasValue: true, Value: string id }
                    && AwsManagedKmsKey.IsAwsManagedAlias(id)));
    }

    /// <summary>The fixes that meet the policy in force where the diagnostic was reported.</summary>
    private static IEnumerable<Choice> Choices(Diagnostic diagnostic)
    {
        diagnostic.Properties.TryGetValue(ServerSideEncryptionAnalyzer.PolicyProperty, out var policy);
        diagnostic.Properties.TryGetValue(ServerSideEncryptionAnalyzer.KmsKeyIdProperty, out var keyId);
        var kmsTitle = keyId is null ? "Use SSE-KMS" : "Use SSE-KMS with key " + keyId;
        switch (policy)
        {
            case "SseKms":
                yield return new Choice(kmsTitle, "AWSKMS", keyId, UseSseKmsEquivalenceKey);
                break;
            case "SseKmsCmk":
                // A configured AWS managed alias would be reported again: it is not a customer managed key.
                if (keyId is not null && !AwsManagedKmsKey.IsAwsManagedAlias(keyId))
                {
                    yield return new Choice(kmsTitle, "AWSKMS", keyId, UseSseKmsEquivalenceKey);
                }

                break;
            case "DsseKms":
                var dsseTitle = keyId is null ? "Use DSSE-KMS" : "Use DSSE-KMS with key " + keyId;
                yield return new Choice(dsseTitle, "AWSKMSDSSE", keyId, UseDsseKmsEquivalenceKey);
                break;
            case "ClientSide":
                // A server-side setting does not meet a client-side policy; offering one would settle the finding
                // while the write stays as far from the policy as before.
                break;
            default:
                if (diagnostic.Id == RuleIdentifiers.UnencryptedWrite)
                {
                    yield return new Choice("Use SSE-S3 (AES256)", "AES256", null, UseSseS3EquivalenceKey);
                    yield return new Choice(kmsTitle, "AWSKMS", keyId, UseSseKmsEquivalenceKey);
                }

                break;
        }
    }

    private sealed class Choice
    {
        public Choice(string title, string member, string? keyId, string equivalenceKey)
        {
            Title = title;
            Member = member;
            KeyId = keyId;
            EquivalenceKey = equivalenceKey;
        }

        public string Title { get; }

        /// <summary>The <c>ServerSideEncryptionMethod</c> member to use.</summary>
        public string Member { get; }

        public string? KeyId { get; }

        public string EquivalenceKey { get; }

        /// <summary>The same fix leaving the key id as the request has it (same key, so Fix All groups them).</summary>
        public Choice WithoutKeyId()
        {
            var title = Member == "AWSKMSDSSE" ? "Use DSSE-KMS" : "Use SSE-KMS";
            return new Choice(title, Member, null, EquivalenceKey);
        }
    }
}
