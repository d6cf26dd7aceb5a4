using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using S3Sec.Analyzers.Model;

namespace S3Sec.Analyzers.Analysis;

/// <summary>
/// One set of SSE-C members on a request: the algorithm, the customer-provided key (base64 of 256 bits) and its
/// MD5. A request can carry two (the object's own and, on copies, the copy source's).
/// </summary>
internal sealed class SseCustomerKeySlot
{
    public static readonly ImmutableArray<SseCustomerKeySlot> All = ImmutableArray.Create(
        new SseCustomerKeySlot(
            S3Model.SseCustomerMethodProperty, S3Model.SseCustomerKeyProperty, S3Model.SseCustomerKeyMd5Property),
        new SseCustomerKeySlot(
            S3Model.CopySourceSseCustomerMethodProperty,
            S3Model.CopySourceSseCustomerKeyProperty,
            S3Model.CopySourceSseCustomerKeyMd5Property),
        new SseCustomerKeySlot(
            S3Model.SseCustomerAlgorithmStringProperty,
            S3Model.SseCustomerKeyStringProperty,
            S3Model.SseCustomerKeyMd5StringProperty));

    private static readonly ConditionalWeakTable<ITypeSymbol, StrongBox<bool>> SseCustomerTypes = new();

    private static readonly ConditionalWeakTable<ITypeSymbol, StrongBox<bool>>.CreateValueCallback HasMembersCallback =
        type => new StrongBox<bool>(HasMembers(type));

    private SseCustomerKeySlot(string algorithm, string key, string keyMd5)
    {
        Algorithm = algorithm;
        Key = key;
        KeyMd5 = keyMd5;
    }

    public string Algorithm { get; }

    public string Key { get; }

    public string KeyMd5 { get; }

    public static bool IsKeyProperty(string name)
    {
        return name is S3Model.SseCustomerKeyProperty
            or S3Model.CopySourceSseCustomerKeyProperty
            or S3Model.SseCustomerKeyStringProperty;
    }

    /// <summary>True when the request type has any SSE-C member: the cheap test before tracking a request.</summary>
    public static bool HasSseCustomerMembers(ITypeSymbol? type)
    {
        if (type is null || !S3Model.IsFromS3Sdk(type))
        {
            return false;
        }

        // Asked for every creation of an SDK type by three analyzers: the member lookups are done once per type.
        return SseCustomerTypes.GetValue(type, HasMembersCallback).Value;
    }

    private static bool HasMembers(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var slot in All)
            {
                if (!current.GetMembers(slot.Algorithm).IsEmpty || !current.GetMembers(slot.Key).IsEmpty)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The request sets this slot's key to something that may be a key (not null, not empty).</summary>
    public bool SetsKey(TrackedObject request) => MaySet(request.ValuesOf(Key));

    /// <summary>The request sets this slot's algorithm to something that may not be None.</summary>
    public bool SetsAlgorithm(TrackedObject request) => MaySet(request.ValuesOf(Algorithm));

    /// <summary>The algorithm is assigned, and every value the analysis can see is an algorithm (not None).</summary>
    public bool SurelySetsAlgorithm(TrackedObject request) => SurelySet(request.ValuesOf(Algorithm));

    public bool SurelySetsKey(TrackedObject request) => SurelySet(request.ValuesOf(Key));

    private static bool MaySet(ValueSet? values)
    {
        if (values is not { } assigned)
        {
            return false;
        }

        return !assigned.IsKnown || assigned.Values.Exists(v => v is not (null or ""));
    }

    private static bool SurelySet(ValueSet? values)
    {
        if (values is not { IsKnown: true } assigned)
        {
            return false;
        }

        foreach (var value in assigned.Values)
        {
            if (value is not string { Length: > 0 })
            {
                return false;
            }
        }

        return true;
    }
}
