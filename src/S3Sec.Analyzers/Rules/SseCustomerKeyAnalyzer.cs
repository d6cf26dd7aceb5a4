using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using S3Sec.Analyzers.Analysis;
using S3Sec.Analyzers.Model;
using S3Sec.Analyzers.Options;

namespace S3Sec.Analyzers.Rules;

/// <summary>
/// S3SEC012 (SSE-C settings that S3 will refuse: half a pair, a key that is not 256 bits, a wrong MD5) and
/// S3SEC014 (any SSE-C use, for teams whose policy bans it). Both read the SSE-C members of one request.
/// </summary>
/// <remarks>
/// S3SEC014 is off by default. It turns on in two ways, and a user needs only one: the policy option
/// <c>s3sec.allow_sse_c = false</c> (its findings are then reported as enabled warnings), or a
/// <c>dotnet_diagnostic.S3SEC014.severity</c> line. An explicit <c>severity = none</c> still silences it, because
/// the compiler applies the configured severity to every diagnostic with the id.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SseCustomerKeyAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.S3SEC012_MalformedSseCustomerKey, Descriptors.S3SEC014_SseCustomerKeyForbidden);

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

            var model = S3Model.Defer(start.Compilation);
            var options = OptionsCache.For(start.Options.AnalyzerConfigOptionsProvider);
            start.RegisterOperationAction(
                Deferred.When(model, (c, _) => AnalyzeCreation(c, options)), OperationKind.ObjectCreation);
        });
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, OptionsCache cache)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        var type = creation.Type;
        if (type is null || !SseCustomerKeySlot.HasSseCustomerMembers(type))
        {
            return;
        }

        var request = TrackedObject.Track(creation);
        var location = CreationLocation.Of(creation.Syntax);
        var usesSseCustomerKey = false;
        foreach (var slot in SseCustomerKeySlot.All)
        {
            usesSseCustomerKey |= UsesSlot(request, slot);
            if (FindProblem(request, type, slot) is { } problem)
            {
                context.Report(Diagnostic.Create(
                    Descriptors.S3SEC012_MalformedSseCustomerKey, location, type.Name, problem));
            }
        }

        if (!usesSseCustomerKey)
        {
            return;
        }

        var options = cache.Get(creation.Syntax.SyntaxTree);
        var descriptor = options.AllowSseCustomerKey
            ? Descriptors.S3SEC014_SseCustomerKeyForbidden
            : Descriptors.S3SEC014_ForbiddenByPolicy;
        context.Report(Diagnostic.Create(descriptor, location, type.Name));
    }

    private static bool UsesSlot(TrackedObject request, SseCustomerKeySlot slot)
    {
        if (slot.SetsKey(request))
        {
            return true;
        }

        return request.ValuesOf(slot.Algorithm) is { IsKnown: true } algorithms
            && algorithms.Values.Exists(v => v is string { Length: > 0 });
    }

    private static string? FindProblem(TrackedObject request, ITypeSymbol type, SseCustomerKeySlot slot)
    {
        if (!request.Escapes && HasMember(type, slot.Key))
        {
            // Half a pair: S3 refuses the request. Only said when every write to the request is visible.
            if (slot.SurelySetsAlgorithm(request) && !request.Assigns(slot.Key))
            {
                return "sets " + slot.Algorithm + " without " + slot.Key;
            }

            if (slot.SetsKey(request) && !request.Assigns(slot.Algorithm) && HasMember(type, slot.Algorithm))
            {
                return "sets " + slot.Key + " without " + slot.Algorithm;
            }
        }

        if (SingleConstant(request.ValuesOf(slot.Key)) is not { } key)
        {
            return null;
        }

        var bytes = SseCustomerKeyFormat.TryDecode(key);
        if (bytes is not { Length: SseCustomerKeyFormat.KeyLengthInBytes })
        {
            return slot.Key + " is not the base64 of a 256-bit key";
        }

        if (SingleConstant(request.ValuesOf(slot.KeyMd5)) is { } md5
            && SseCustomerKeyFormat.KeyMd5(bytes) is { } expected
            && md5 != expected)
        {
            return slot.KeyMd5 + " does not match " + slot.Key;
        }

        return null;
    }

    private static string? SingleConstant(ValueSet? values)
    {
        if (values is not { IsKnown: true } known || known.Values.Length != 1)
        {
            return null;
        }

        return known.Values[0] is string { Length: > 0 } text ? text : null;
    }

    private static bool HasMember(ITypeSymbol type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (!current.GetMembers(name).IsEmpty)
            {
                return true;
            }
        }

        return false;
    }
}
