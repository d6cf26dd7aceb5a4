using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace S3Sec.Analyzers.Analysis;

/// <summary>
/// An answer about a field or property, kept for one compilation, that holds only for references in the file that
/// declares the member (see <see cref="SourceResolver.IsDeclaredOnlyIn"/>). Each answer is stored with that file,
/// so a hit costs one lookup and a comparison: asking the member for its declarations allocates on every call, and
/// the callers ask once per call through the member.
/// </summary>
internal sealed class MemberCache<T>
{
    private readonly ConcurrentDictionary<ISymbol, Entry> _entries = new(SymbolEqualityComparer.Default);

    /// <summary>The answer stored for <paramref name="member"/>, when <paramref name="tree"/> declares it.</summary>
    public bool TryGet(ISymbol member, SyntaxTree tree, out T value)
    {
        if (_entries.TryGetValue(member, out var entry) && entry.Tree == tree)
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>
    /// Stores the answer found through a reference in <paramref name="tree"/>, the member's only declaring file;
    /// returns the answer stored first when another thread got there before.
    /// </summary>
    public T Add(ISymbol member, SyntaxTree tree, T value) => _entries.GetOrAdd(member, new Entry(tree, value)).Value;

    // A class, not a tuple: the dictionary then runs the runtime's shared code for reference types, which a fresh
    // compiler process need not compile again.
    private sealed class Entry
    {
        public Entry(SyntaxTree tree, T value)
        {
            Tree = tree;
            Value = value;
        }

        public SyntaxTree Tree { get; }

        public T Value { get; }
    }
}
