using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace S3Sec.Analyzers.Analysis;

/// <summary>Finds where a local's value comes from inside the method body that declares it.</summary>
internal static class OriginTracker
{
    /// <summary>The outermost operation of the body (method, constructor, accessor, lambda's owner).</summary>
    public static IOperation GetRoot(IOperation operation)
    {
        var current = operation;
        while (current.Parent is not null)
        {
            current = current.Parent;
        }

        return current;
    }

    /// <summary>
    /// Succeeds when the local is written exactly once in its body, by its declaration's initializer or by one
    /// plain assignment, and returns that value. Loops, <c>ref</c>/<c>out</c> and compound writes make it fail.
    /// </summary>
    public static bool TryGetSingleAssignedValue(ILocalReferenceOperation reference, out IOperation? value)
    {
        value = null;
        var local = reference.Local;
        if (local.IsRef)
        {
            return false;
        }

        var writes = FindWrites(GetRoot(reference), local);
        if (writes.Count != 1)
        {
            return false;
        }

        value = writes[0];
        return value is not null;
    }

    /// <summary>
    /// Every value written to the local; a null entry stands for a write whose value cannot be seen
    /// (<c>out</c>, <c>ref</c>, compound assignment, deconstruction, <c>foreach</c> variable, pattern).
    /// </summary>
    public static List<IOperation?> FindWrites(IOperation root, ILocalSymbol local)
    {
        var occurrences = new List<IOperation>();
        CollectOccurrences(root, local, occurrences);
        return FindWrites(occurrences);
    }

    /// <summary>
    /// The local's declarators and references in the body, in tree order: one walk that a caller needing both
    /// the writes and the references (<see cref="TrackedObject"/>) can share.
    /// </summary>
    public static void CollectOccurrences(IOperation root, ILocalSymbol local, List<IOperation> occurrences)
    {
        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator
                    when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    occurrences.Add(declarator);
                    break;
                case ILocalReferenceOperation candidate
                    when SymbolEqualityComparer.Default.Equals(candidate.Local, local):
                    occurrences.Add(candidate);
                    break;
            }
        }
    }

    /// <summary>The writes among the occurrences <see cref="CollectOccurrences"/> found.</summary>
    public static List<IOperation?> FindWrites(List<IOperation> occurrences)
    {
        var writes = new List<IOperation?>();
        VisitWrites(occurrences, writes);
        return writes;
    }

    /// <summary>
    /// How many entries <see cref="FindWrites(List{IOperation})"/> would return. Every tracked request asks only
    /// this, so it builds no list.
    /// </summary>
    public static int CountWrites(List<IOperation> occurrences) => VisitWrites(occurrences, writes: null);

    /// <summary>Counts the writes, and adds them to <paramref name="writes"/> when there is one.</summary>
    private static int VisitWrites(List<IOperation> occurrences, List<IOperation?>? writes)
    {
        var count = 0;
        var declared = false;
        foreach (var operation in occurrences)
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator:
                    declared = true;
                    var initializer = declarator.Initializer ?? (declarator.Parent as IVariableDeclarationOperation)
                        ?.Initializer;
                    if (initializer is not null)
                    {
                        Add(writes, initializer.Value, ref count);
                    }

                    break;

                case ILocalReferenceOperation candidate:
                    if (candidate.IsDeclaration)
                    {
                        declared = true;
                        if (candidate.Parent is not ISimpleAssignmentOperation)
                        {
                            Add(writes, null, ref count);
                        }
                    }

                    if (IsWrittenHere(candidate, out var written))
                    {
                        Add(writes, written, ref count);
                    }

                    break;
            }
        }

        if (!declared)
        {
            // A foreach, using or catch variable, or a pattern: written without an operation we can read.
            Add(writes, null, ref count);
        }

        return count;
    }

    private static void Add(List<IOperation?>? writes, IOperation? write, ref int count)
    {
        writes?.Add(write);
        count++;
    }

    private static bool IsWrittenHere(ILocalReferenceOperation reference, out IOperation? value)
    {
        value = null;
        switch (reference.Parent)
        {
            case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                value = assignment.IsRef ? null : assignment.Value;
                return true;
            case ICompoundAssignmentOperation compound when compound.Target == reference:
            case ICoalesceAssignmentOperation coalesce when coalesce.Target == reference:
            case IIncrementOrDecrementOperation:
            case IDeconstructionAssignmentOperation:
            case ITupleOperation { Parent: IDeconstructionAssignmentOperation }:
                return true;
            case IArgumentOperation argument when argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out:
                return true;
            default:
                return false;
        }
    }
}
