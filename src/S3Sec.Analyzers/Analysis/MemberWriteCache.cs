using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace S3Sec.Analyzers.Analysis;

/// <summary>
/// The writes to each field or property that <see cref="SourceResolver"/> has looked up, kept for one compilation:
/// a type with a thousand methods that all use one client field is scanned once, not once per call.
/// </summary>
internal sealed class MemberWriteCache
{
    private readonly MemberCache<ImmutableArray<IOperation>> _writes = new();

    public ImmutableArray<IOperation> Get(ISymbol member, IOperation reference)
    {
        var tree = reference.Syntax.SyntaxTree;
        if (_writes.TryGet(member, tree, out var writes))
        {
            return writes;
        }

        // Not cached from another file than the declaration's: see SourceResolver.IsDeclaredOnlyIn.
        if (!SourceResolver.IsDeclaredOnlyIn(member, tree))
        {
            return default;
        }

        return _writes.Add(member, tree, SourceResolver.FindMemberWrites(member, reference));
    }
}
