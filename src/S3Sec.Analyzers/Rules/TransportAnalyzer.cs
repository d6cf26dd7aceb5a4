using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using S3Sec.Analyzers.Analysis;
using S3Sec.Analyzers.Model;
using S3Sec.Analyzers.Options;

namespace S3Sec.Analyzers.Rules;

/// <summary>
/// S3SEC010 (an SSE-C key sent over plain HTTP) and S3SEC011 (an S3 client configured for plain HTTP).
/// Both read the same configuration: <c>UseHttp</c>, <c>ServiceURL</c>, and a presigned URL's <c>Protocol</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TransportAnalyzer : DiagnosticAnalyzer
{
    private const string HttpProtocolMember = "HTTP";
    private const string PresignedHttp = "a presigned URL with Protocol.HTTP";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.S3SEC010_SseCustomerKeyOverHttp, Descriptors.S3SEC011_PlainHttpClient);

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

            var model = S3Model.Defer(start.Compilation, m => m.AmazonS3Config is not null);
            var options = OptionsCache.For(start.Options.AnalyzerConfigOptionsProvider);
            start.RegisterOperationAction(
                Deferred.When(model, (c, m) => AnalyzeCreation(c, m, options)), OperationKind.ObjectCreation);
        });
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, S3Model model, OptionsCache cache)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        var type = creation.Type;
        if (model.IsS3Config(type))
        {
            AnalyzeConfig(context, creation, cache);
            return;
        }

        if (!SseCustomerKeySlot.HasSseCustomerMembers(type))
        {
            return;
        }

        var request = TrackedObject.Track(creation);
        if (SymbolEqualityComparer.Default.Equals(type, model.GetPreSignedUrlRequest))
        {
            AnalyzePresignedUrl(context, request, model, cache);
            return;
        }

        if (!SetsAnyKey(request))
        {
            return;
        }

        foreach (var consumer in request.Consumers)
        {
            var setting = SendingClient(consumer, request, model);
            if (setting.Kind != TransportKind.PlainHttp)
            {
                continue;
            }

            context.Report(Diagnostic.Create(
                Descriptors.S3SEC010_SseCustomerKeyOverHttp,
                consumer.Syntax.GetLocation(),
                AdditionalLocations(setting.Assignment, creation),
                consumer.TargetMethod.Name,
                Describe(setting)));
        }
    }

    /// <summary>
    /// The transport of the client the consumer sends through: the SDK method's receiver (or a static wrapper's
    /// client argument), or the client field of an instance wrapper that forwards the request to it. A property
    /// whose init accessor others can see may hold whatever a caller's object initializer gave it: unknown.
    /// </summary>
    private static PlainHttpSetting SendingClient(IInvocationOperation consumer, TrackedObject request, S3Model model)
    {
        if (TrackedObject.ReceiverOf(consumer) is { } receiver)
        {
            return SourceResolver.IsInitializedByOthers(receiver)
                ? PlainHttpSetting.Unknown
                : TransportResolver.EvaluateClient(receiver, model);
        }

        return ForwardingWrapper.ClientMember(consumer, request.References) is { } member
            && !SourceResolver.IsInitializedByOthers(member)
            ? TransportResolver.EvaluateClientMember(member, consumer, model)
            : PlainHttpSetting.Unknown;
    }

    /// <summary>S3SEC011 on the assignment that selects plain HTTP, unless the endpoint is an allowed one.</summary>
    private static void AnalyzeConfig(
        OperationAnalysisContext context,
        IObjectCreationOperation creation,
        OptionsCache cache)
    {
        var setting = TransportResolver.EvaluateConfig(TrackedObject.Track(creation));
        if (setting.Kind != TransportKind.PlainHttp || setting.Assignment is not { } assignment)
        {
            return;
        }

        // A host built at run time ($"http://{host}") could be any allowed endpoint, so it is reported only when no
        // endpoint is allowed at all: plain HTTP then needs no host to be wrong.
        var options = cache.Get(creation.Syntax.SyntaxTree);
        var allowed = options.AllowedHttpEndpoints;
        if (setting.HostUnreadable
                ? !allowed.IsEmpty
                : TransportResolver.IsAllowedEndpoint(setting.Host, setting.Port, allowed))
        {
            return;
        }

        context.Report(Diagnostic.Create(
            Descriptors.S3SEC011_PlainHttpClient,
            assignment.Syntax.GetLocation(),
            Describe(setting)));
    }

    /// <summary>
    /// A presigned URL with <c>Protocol.HTTP</c> and an SSE-C algorithm makes whoever uses it send the key in clear
    /// text: S3SEC010 on the <c>GetPreSignedURL</c> call that produces the URL. Without SSE-C the URL still moves
    /// the object in clear text: S3SEC011 on the <c>Protocol</c> assignment, unless the URL is visibly for a client
    /// of an allowed local endpoint.
    /// </summary>
    private static void AnalyzePresignedUrl(
        OperationAnalysisContext context,
        TrackedObject request,
        S3Model model,
        OptionsCache cache)
    {
        if (!IsHttpProtocol(request, model, out var write))
        {
            return;
        }

        if (!SseCustomerKeySlot.All[0].SurelySetsAlgorithm(request))
        {
            ReportPresignedHttp(context, request, model, cache, write);
            return;
        }

        foreach (var consumer in request.Consumers)
        {
            context.Report(Diagnostic.Create(
                Descriptors.S3SEC010_SseCustomerKeyOverHttp,
                consumer.Syntax.GetLocation(),
                AdditionalLocations(write, request.Creation),
                consumer.TargetMethod.Name,
                PresignedHttp));
        }
    }

    private static void ReportPresignedHttp(
        OperationAnalysisContext context,
        TrackedObject request,
        S3Model model,
        OptionsCache cache,
        IOperation? write)
    {
        if (write is null || request.Escapes)
        {
            return;
        }

        var options = cache.Get(write.Syntax.SyntaxTree);
        foreach (var consumer in request.Consumers)
        {
            var client = TransportResolver.EvaluateClient(TrackedObject.ReceiverOf(consumer), model);
            if (client.Kind == TransportKind.PlainHttp
                && TransportResolver.IsAllowedEndpoint(client.Host, client.Port, options.AllowedHttpEndpoints))
            {
                return;
            }
        }

        context.Report(Diagnostic.Create(
            Descriptors.S3SEC011_PlainHttpClient,
            write.Syntax.GetLocation(),
            PresignedHttp));
    }

    private static bool IsHttpProtocol(TrackedObject request, S3Model model, out IOperation? assignment)
    {
        assignment = null;
        var values = request.ValuesOf(S3Model.ProtocolProperty);
        if (values is not { IsKnown: true } known)
        {
            return false;
        }

        foreach (var value in known.Values)
        {
            if (ValueResolver.EnumMemberName(model.Protocol, value) != HttpProtocolMember)
            {
                return false;
            }
        }

        foreach (var write in request.Writes)
        {
            if (write.Property.Name == S3Model.ProtocolProperty)
            {
                assignment = write.Assignment;
            }
        }

        return true;
    }

    private static bool SetsAnyKey(TrackedObject request)
    {
        foreach (var slot in SseCustomerKeySlot.All)
        {
            if (slot.SetsKey(request))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The setting that selects HTTP comes first (the code fix edits it when it is in the same document), then
    /// the request.
    /// </summary>
    private static ImmutableArray<Location> AdditionalLocations(IOperation? setting, IOperation request)
    {
        return setting is null
            ? ImmutableArray.Create(request.Syntax.GetLocation())
            : ImmutableArray.Create(setting.Syntax.GetLocation(), request.Syntax.GetLocation());
    }

    private static string Describe(PlainHttpSetting setting)
    {
        if (setting.Host is { } host)
        {
            return "ServiceURL " + TransportResolver.DescribeEndpoint(host, setting.Port);
        }

        return setting.Assignment?.Syntax.ToString() ?? "UseHttp = true";
    }
}
