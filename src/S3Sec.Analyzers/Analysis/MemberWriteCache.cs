using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace S3Sec.Analyzers.Analysis;

/// <summary>
/// The writes to each field or property that <see cref="SourceResolver"/> has looked up, kept for one compilation:
/// a type with a thousand methods that all use one client field is scanned once, not once per call.
/// </summary>
internal sealed class MemberWriteCache
{
    private readonly ConcurrentDictionary<ISymbol, ImmutableArray<IOperation>> _writes =
        new(SymbolEqualityComparer.Default);

    public ImmutableArray<IOperation> Get(ISymbol member, IOperation reference)
    {
        // Not cached from another file than the declaration's: see SourceResolver.IsDeclaredOnlyIn.
        if (!SourceResolver.IsDeclaredOnlyIn(member, reference.Syntax.SyntaxTree))
        {
            return default;
        }

        // Looked up first: the factory captures the reference, and a delegate per call is what hits cost.
        if (_writes.TryGetValue(member, out var writes))
        {
            return writes;
        }

        return _writes.GetOrAdd(member, m => SourceResolver.FindMemberWrites(m, reference));
    }
}
