using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using S3Sec.Analyzers.Analysis;
using S3Sec.Analyzers.Model;
using S3Sec.Analyzers.Options;

namespace S3Sec.Analyzers.Rules;

/// <summary>
/// S3SEC033: under <c>s3sec.required_encryption = client-side</c>, an object body written through a client the
/// analysis can see is a plain <c>AmazonS3Client</c> (its static type, or every <c>new</c> that produced it, of the
/// SDK's type or of the user's own derived from it), or through a transfer utility built over one. A client passed
/// in as <c>IAmazonS3</c> is unknown: not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PlainClientWriteAnalyzer : DiagnosticAnalyzer
{
    private const int MaxDepth = 4;

    // A longer chain of the user's own client types is not followed (as DerivedConstructor does not).
    private const int MaxChain = 8;

    // Where a client of the user's own type can change what a write sends: the SDK's request pipeline (which the
    // encryption clients customise), or a write method of its own that an interface call may reach.
    private static readonly string[] OwnSendingMembers =
    {
        "CustomizeRuntimePipeline", "PutObject", "PutObjectAsync", "UploadPart", "UploadPartAsync",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.S3SEC033_PlainClientWhereClientSideRequired);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.RegisterCompilationStartAction(start =>
        {
            if (!S3Model.MayBeReferenced(start.Compilation))
            {
                return;
            }

            var model = S3Model.Defer(start.Compilation, m => m.AmazonS3Client is not null);
            var options = OptionsCache.For(start.Options.AnalyzerConfigOptionsProvider);
            start.RegisterOperationAction(
                Deferred.When(model, (c, m) => AnalyzeInvocation(c, m, options)), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, S3Model model, OptionsCache cache)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (!IsBodyWrite(method.Name, type, model)
            || cache.Get(invocation.Syntax.SyntaxTree).RequiredEncryption != RequiredEncryption.ClientSide
            || !IsVisiblyPlain(invocation.Instance, model, 0)
            || IsReportedAsUnencrypted(invocation, model))
        {
            return;
        }

        context.Report(Diagnostic.Create(
            Descriptors.S3SEC033_PlainClientWhereClientSideRequired,
            invocation.Syntax.GetLocation(),
            type.Name + "." + method.Name));
    }

    /// <summary>
    /// One finding per mistake: a write that sends no encryption at all is S3SEC001's, whatever the policy.
    /// That is every overload that takes no request, and a request S3SEC001 sees as unencrypted.
    /// </summary>
    private static bool IsReportedAsUnencrypted(IInvocationOperation invocation, S3Model model)
    {
        if (RequestLessWrites.GetRequestTypeName(invocation.TargetMethod, model) is not null)
        {
            return true;
        }

        if (invocation.Arguments.IsEmpty)
        {
            return false;
        }

        var sources = SourceResolver.FindSources(invocation.Arguments[0].Value, model.MemberWrites);
        if (sources.Length != 1
            || sources[0] is not IObjectCreationOperation creation
            || !model.TryGetWriteKind(creation.Type, out var kind))
        {
            return false;
        }

        var verdict = EncryptionEvaluator.Evaluate(TrackedObject.Track(creation), kind, model);
        return verdict.Kind == EncryptionVerdictKind.Unencrypted;
    }

    /// <summary>
    /// The SDK's calls that send an object body: put, multipart part, and the transfer utility's uploads.
    /// </summary>
    private static bool IsBodyWrite(string name, INamedTypeSymbol? type, S3Model model)
    {
        // Every invocation of the compilation comes here: the name rules out nearly all of them before the walks
        // of the type's bases below (each true answer needs an Upload... or PutObject... name).
        if (type is null
            || !(name.StartsWith("Upload", System.StringComparison.Ordinal) || name is "PutObject" or "PutObjectAsync"))
        {
            return false;
        }

        // The SDK's own method, perhaps inherited by a user's derived type; one the user declares there has a body
        // of its own that decides which client writes (S3SEC001's request-less writes draw the same line).
        if (!S3Model.IsFromS3Sdk(type))
        {
            return false;
        }

        if (model.IsTransferUtility(type))
        {
            return name.StartsWith("Upload", System.StringComparison.Ordinal);
        }

        return name is "PutObject" or "PutObjectAsync" or "UploadPart" or "UploadPartAsync"
            && model.IsS3ClientOrTransferUtility(type);
    }

    private static bool IsVisiblyPlain(IOperation? receiver, S3Model model, int depth)
    {
        if (receiver is null || depth > MaxDepth || ClientResolver.IsEncryptionClient(receiver, model))
        {
            return false;
        }

        var staticType = receiver.Type;
        if (SymbolEqualityComparer.Default.Equals(staticType, model.AmazonS3Client))
        {
            return true;
        }

        // A caller's object initializer may hand the property an encryption client.
        if (SourceResolver.IsInitializedByOthers(receiver))
        {
            return false;
        }

        var sources = SourceResolver.FindSources(receiver, model.MemberWrites);
        if (sources.IsEmpty)
        {
            return false;
        }

        foreach (var source in sources)
        {
            if (!IsPlainSource(source, model, depth))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPlainSource(IOperation source, S3Model model, int depth)
    {
        if (source is not IObjectCreationOperation creation)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(creation.Type, model.AmazonS3Client)
            || IsPlainDerivedClient(creation.Type, model))
        {
            return true;
        }

        // One of the user's own type is read through its constructor, which chooses the base's client.
        if (!model.IsTransferUtility(creation.Type)
            || !DerivedConstructor.TryGetForwardedArguments(creation, out var arguments))
        {
            return false;
        }

        foreach (var argument in arguments)
        {
            if (model.IsS3ClientOrTransferUtility(argument.Parameter?.Type))
            {
                return IsVisiblyPlain(argument.Value, model, depth + 1);
            }
        }

        // Built from credentials or a region, the transfer utility makes its own plain AmazonS3Client.
        return true;
    }

    /// <summary>
    /// A client of the user's own type whose chain of the user's types ends at <c>AmazonS3Client</c> itself: whatever
    /// its constructors hand the base, the base sends as a plain client, unless a type in the chain changes how it
    /// sends (the SDK's pipeline, a write of its own) or names an encryption client it may hand the writes to.
    /// </summary>
    private static bool IsPlainDerivedClient(ITypeSymbol? type, S3Model model)
    {
        if (model.IsEncryptionClient(type))
        {
            return false;
        }

        var current = type as INamedTypeSymbol;
        for (var depth = 0; depth < MaxChain; depth++)
        {
            if (current is null || current.DeclaringSyntaxReferences.IsEmpty)
            {
                return false;
            }

            if (model.NamesEncryptionClient(current) || DeclaresOwnSending(current))
            {
                return false;
            }

            current = current.BaseType;
            if (SymbolEqualityComparer.Default.Equals(current, model.AmazonS3Client))
            {
                return true;
            }
        }

        return false;
    }

    private static bool DeclaresOwnSending(INamedTypeSymbol type)
    {
        foreach (var name in OwnSendingMembers)
        {
            if (!type.GetMembers(name).IsEmpty)
            {
                return true;
            }
        }

        // An explicit implementation (IAmazonS3.PutObjectAsync) is named after its interface, not found by name.
        foreach (var member in type.GetMembers())
        {
            if (member is IMethodSymbol method)
            {
                foreach (var implemented in method.ExplicitInterfaceImplementations)
                {
                    if (System.Array.IndexOf(OwnSendingMembers, implemented.Name) >= 0)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
