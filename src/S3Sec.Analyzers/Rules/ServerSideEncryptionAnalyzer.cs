using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using S3Sec.Analyzers.Analysis;
using S3Sec.Analyzers.Model;
using S3Sec.Analyzers.Options;

namespace S3Sec.Analyzers.Rules;

/// <summary>
/// S3SEC001 (a write with no server-side encryption) and S3SEC002 (a write that encrypts less than the policy
/// asks). One analysis serves both: a write is either unencrypted, or encrypted and compared with the policy.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ServerSideEncryptionAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: "true" when the code fix may rewrite the initializer alone.</summary>
    public const string FixableProperty = "S3Sec.Fixable";

    /// <summary>Diagnostic property: the metadata name of the request type a request-less call rewrites to.</summary>
    public const string RequestTypeProperty = "S3Sec.RequestType";

    /// <summary>Diagnostic property: the configured <c>s3sec.kms_key_id</c>, when there is one.</summary>
    public const string KmsKeyIdProperty = "S3Sec.KmsKeyId";

    /// <summary>Diagnostic property: the policy value (<c>s3sec.required_encryption</c>) in force.</summary>
    public const string PolicyProperty = "S3Sec.Policy";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.S3SEC001_UnencryptedWrite, Descriptors.S3SEC002_WeakerThanPolicy);

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

            var model = S3Model.Defer(start.Compilation, m => m.HasWriteRequests);
            var options = OptionsCache.For(start.Options.AnalyzerConfigOptionsProvider);
            start.RegisterOperationAction(
                Deferred.When(model, (c, m) => AnalyzeCreation(c, m, options)), OperationKind.ObjectCreation);
            start.RegisterOperationAction(
                Deferred.When(model, (c, m) => AnalyzeInvocation(c, m, options)), OperationKind.Invocation);
            start.RegisterOperationAction(
                Deferred.When(model, (c, m) => AnalyzeUnresolvedInvocation(c, m, options)), OperationKind.Invalid);
        });
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, S3Model model, OptionsCache cache)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!model.TryGetWriteKind(creation.Type, out var kind))
        {
            return;
        }

        var options = cache.Get(creation.Syntax.SyntaxTree);
        if (options.RequiredEncryption == RequiredEncryption.BucketDefault)
        {
            return;
        }

        var request = TrackedObject.Track(creation);
        var verdict = EncryptionEvaluator.Evaluate(request, kind, model);
        if (verdict.Kind == EncryptionVerdictKind.Silent)
        {
            return;
        }

        var properties = CreateProperties(options, IsInitializerFixable(request));
        var location = CreationLocation(creation);
        var typeName = creation.Type!.Name;
        if (verdict.Kind == EncryptionVerdictKind.Unencrypted)
        {
            context.Report(Diagnostic.Create(
                Descriptors.S3SEC001_UnencryptedWrite,
                location,
                properties,
                typeName,
                options.RequiredEncryption == RequiredEncryption.ClientSide
                    ? ClientSideAdvice
                    : "set " + S3Model.ServerSideEncryptionMethodProperty));
            return;
        }

        // Under a client-side policy the server-side strength is not the question; S3SEC033 asks the real one.
        if (options.RequiredEncryption == RequiredEncryption.ClientSide
            || PolicyEvaluator.Satisfies(verdict, options.RequiredEncryption))
        {
            return;
        }

        context.Report(Diagnostic.Create(
            Descriptors.S3SEC002_WeakerThanPolicy,
            location,
            properties,
            typeName,
            PolicyEvaluator.Describe(verdict),
            S3SecOptions.Describe(options.RequiredEncryption)));
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, S3Model model, OptionsCache cache)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var requestType = RequestLessWrites.GetRequestTypeName(invocation.TargetMethod, model);
        if (requestType is null)
        {
            return;
        }

        var options = cache.Get(invocation.Syntax.SyntaxTree);
        if (options.RequiredEncryption == RequiredEncryption.BucketDefault
            || ClientResolver.IsEncryptionClient(invocation.Instance, model))
        {
            return;
        }

        ReportRequestLessWrite(
            context, invocation.Syntax.GetLocation(), invocation.TargetMethod, requestType, options, fixable: true);
    }

    private static void ReportRequestLessWrite(
        OperationAnalysisContext context,
        Location location,
        IMethodSymbol method,
        string requestType,
        S3SecOptions options,
        bool fixable)
    {
        context.Report(Diagnostic.Create(
            Descriptors.S3SEC001_UnencryptedWrite,
            location,
            CreateProperties(options, fixable).Add(RequestTypeProperty, requestType),
            method.ContainingType.Name + "." + method.Name,
            options.RequiredEncryption == RequiredEncryption.ClientSide
                ? ClientSideAdvice
                : UseRequestOverload(requestType.Substring(requestType.LastIndexOf('.') + 1))));
    }

    /// <summary>
    /// A call whose overload the compiler could not pick because an argument's type is missing from the compilation
    /// (a helper of a project the loose loader does not load). When every overload the call can still mean is a
    /// request-less write of the same kind, it writes without encryption whichever one the build picks. No fix is
    /// offered: the code fix needs the resolved call.
    /// </summary>
    private static void AnalyzeUnresolvedInvocation(OperationAnalysisContext context, S3Model model, OptionsCache cache)
    {
        var operation = context.Operation;
        if (operation.Syntax is not InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax memberAccess,
            } syntax
            || operation.SemanticModel is not { } semanticModel)
        {
            return;
        }

        var symbolInfo = semanticModel.GetSymbolInfo(syntax, context.CancellationToken);
        if (symbolInfo.CandidateReason != CandidateReason.OverloadResolutionFailure
            || symbolInfo.CandidateSymbols.IsEmpty
            || !TryGetArgumentTypes(syntax.ArgumentList, semanticModel, context, out var argumentTypes))
        {
            return;
        }

        IMethodSymbol? written = null;
        string? requestType = null;
        foreach (var candidate in symbolInfo.CandidateSymbols)
        {
            if (candidate is not IMethodSymbol method
                || !Accepts(method, argumentTypes, semanticModel.Compilation))
            {
                continue;
            }

            var candidateRequest = RequestLessWrites.GetRequestTypeName(method, model);
            if (candidateRequest is null || (requestType is not null && candidateRequest != requestType))
            {
                return;
            }

            written ??= method;
            requestType = candidateRequest;
        }

        if (written is null || requestType is null)
        {
            return;
        }

        var options = cache.Get(syntax.SyntaxTree);
        if (options.RequiredEncryption == RequiredEncryption.BucketDefault
            || FindReceiver(operation, memberAccess.Expression) is not { } receiver
            || ClientResolver.IsEncryptionClient(receiver, model)
            || HasExtensionNamed(semanticModel, syntax.SpanStart, receiver.Type, written.Name))
        {
            return;
        }

        ReportRequestLessWrite(context, syntax.GetLocation(), written, requestType, options, fixable: false);
    }

    /// <summary>
    /// The arguments' types, null for one whose type is missing from the compilation; false unless at least one is
    /// missing (any other failure is broken code, not an unloaded project) and the arguments are plain, positional
    /// values whose types are all known or missing.
    /// </summary>
    private static bool TryGetArgumentTypes(
        ArgumentListSyntax arguments,
        SemanticModel semanticModel,
        OperationAnalysisContext context,
        out ITypeSymbol?[] types)
    {
        types = new ITypeSymbol?[arguments.Arguments.Count];
        var missing = false;
        for (var i = 0; i < types.Length; i++)
        {
            var argument = arguments.Arguments[i];
            if (argument.NameColon is not null || !argument.RefKindKeyword.IsKind(SyntaxKind.None)
                || argument.Expression.IsMissing)
            {
                return false;
            }

            var type = semanticModel.GetTypeInfo(argument.Expression, context.CancellationToken).Type;
            if (type is null)
            {
                return false;
            }

            if (type.TypeKind == TypeKind.Error)
            {
                missing = true;
                continue;
            }

            types[i] = type;
        }

        return missing;
    }

    /// <summary>
    /// True when the method may take these positional arguments: their count fits, and each known argument type
    /// converts implicitly to its parameter (an argument whose type is missing could be anything). A <c>params</c>
    /// method is taken as accepting them, so that it can only keep the call unreported.
    /// </summary>
    private static bool Accepts(IMethodSymbol method, ITypeSymbol?[] argumentTypes, Compilation compilation)
    {
        var parameters = method.Parameters;
        if (argumentTypes.Length > parameters.Length)
        {
            return false;
        }

        for (var i = argumentTypes.Length; i < parameters.Length; i++)
        {
            if (!parameters[i].IsOptional && !parameters[i].IsParams)
            {
                return false;
            }
        }

        for (var i = 0; i < argumentTypes.Length; i++)
        {
            if (parameters[i].IsParams)
            {
                return true;
            }

            if (parameters[i].RefKind is RefKind.Ref or RefKind.Out)
            {
                return false;
            }

            if (argumentTypes[i] is { } type && !compilation.ClassifyConversion(type, parameters[i].Type).IsImplicit)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether an extension method called <paramref name="name"/> may be called on <paramref name="receiverType"/>
    /// here. The compiler lists only the SDK's own overloads as candidates, yet when the missing type fits none of
    /// them the build calls the extension, which may well encrypt.
    /// </summary>
    private static bool HasExtensionNamed(
        SemanticModel semanticModel, int position, ITypeSymbol? receiverType, string name)
    {
        if (receiverType is null)
        {
            return true;
        }

        foreach (var symbol in semanticModel.LookupSymbols(
                     position, receiverType, name, includeReducedExtensionMethods: true))
        {
            if (symbol is IMethodSymbol { ReducedFrom: not null } or IMethodSymbol { IsExtensionMethod: true })
            {
                return true;
            }
        }

        return false;
    }

    private static IOperation? FindReceiver(IOperation invalid, ExpressionSyntax receiverSyntax)
    {
        foreach (var child in invalid.ChildOperations)
        {
            if (child.Syntax == receiverSyntax)
            {
                return child;
            }
        }

        return null;
    }

    /// <summary>
    /// Under a client-side policy server-side encryption would not meet the policy, so the message names what would,
    /// and the code fix (which can only add a server-side setting) is not offered.
    /// </summary>
    private const string ClientSideAdvice =
        "the policy requires client-side encryption: write it through an S3 encryption client";

    private static string UseRequestOverload(string requestName)
    {
        var article = "AEIOU".IndexOf(requestName[0]) >= 0 ? "an " : "a ";
        return "use the overload that takes " + article + requestName + " and set "
            + S3Model.ServerSideEncryptionMethodProperty;
    }

    /// <summary>
    /// The properties depend only on the tree's options and the fixable flag, and about a third of the writes
    /// are reported: build the two dictionaries once per options object instead of once per diagnostic.
    /// </summary>
    private static readonly ConditionalWeakTable<S3SecOptions, ImmutableDictionary<string, string?>[]>
        PropertiesByOptions = new();

    private static readonly ConditionalWeakTable<S3SecOptions, ImmutableDictionary<string, string?>[]>
        .CreateValueCallback PropertiesCallback = options => new[]
        {
            BuildProperties(options, fixable: false),
            BuildProperties(options, fixable: true),
        };

    private static ImmutableDictionary<string, string?> CreateProperties(S3SecOptions options, bool fixable)
    {
        return PropertiesByOptions.GetValue(options, PropertiesCallback)[fixable ? 1 : 0];
    }

    private static ImmutableDictionary<string, string?> BuildProperties(S3SecOptions options, bool fixable)
    {
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        // No fix meets a client-side policy (see ClientSideAdvice).
        properties.Add(
            FixableProperty,
            fixable && options.RequiredEncryption != RequiredEncryption.ClientSide ? "true" : "false");
        properties.Add(PolicyProperty, PolicyName(options.RequiredEncryption));
        if (options.KmsKeyId is { } keyId)
        {
            properties.Add(KmsKeyIdProperty, keyId);
        }

        return properties.ToImmutable();
    }

    /// <summary>The enum member's name, as <c>ToString()</c> gives it, without the reflection behind that.</summary>
    private static string PolicyName(RequiredEncryption policy)
    {
        return policy switch
        {
            RequiredEncryption.SseS3 => nameof(RequiredEncryption.SseS3),
            RequiredEncryption.SseKms => nameof(RequiredEncryption.SseKms),
            RequiredEncryption.SseKmsCmk => nameof(RequiredEncryption.SseKmsCmk),
            RequiredEncryption.DsseKms => nameof(RequiredEncryption.DsseKms),
            RequiredEncryption.ClientSide => nameof(RequiredEncryption.ClientSide),
            RequiredEncryption.BucketDefault => nameof(RequiredEncryption.BucketDefault),
            _ => policy.ToString(),
        };
    }

    /// <summary>
    /// The fix edits the object initializer, so it is offered only when every encryption setting lives there:
    /// a later <c>request.ServerSideEncryptionMethod = ...</c> would silently undo it.
    /// </summary>
    private static bool IsInitializerFixable(TrackedObject request)
    {
        foreach (var write in request.Writes)
        {
            if (!write.InInitializer && write.Property.Name is S3Model.ServerSideEncryptionMethodProperty
                or S3Model.KmsKeyIdProperty)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The <c>new Type(...)</c> part, without the initializer: the squiggle stays on one line.</summary>
    private static Location CreationLocation(IObjectCreationOperation creation)
    {
        var syntax = creation.Syntax;
        var end = syntax switch
        {
            ObjectCreationExpressionSyntax explicitNew => (explicitNew.ArgumentList?.Span ?? explicitNew.Type.Span).End,
            ImplicitObjectCreationExpressionSyntax implicitNew => implicitNew.ArgumentList.Span.End,
            _ => syntax.Span.End,
        };

        return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.SpanStart, end));
    }
}
