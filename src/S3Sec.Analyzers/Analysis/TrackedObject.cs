using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace S3Sec.Analyzers.Analysis;

/// <summary>One write to a property of a tracked object: <c>X = value</c> in the initializer or later.</summary>
internal readonly struct PropertyWrite
{
    public PropertyWrite(IPropertySymbol property, IOperation value, IOperation assignment, bool inInitializer)
    {
        Property = property;
        Value = value;
        Assignment = assignment;
        InInitializer = inInitializer;
    }

    public IPropertySymbol Property { get; }

    public IOperation Value { get; }

    /// <summary>The assignment operation, where a diagnostic about this write belongs.</summary>
    public IOperation Assignment { get; }

    public bool InInitializer { get; }
}

/// <summary>
/// An object built with <c>new</c> and followed through the method body that builds it: its initializer, the
/// later assignments to its properties through the one local that holds it, and the calls it is passed to.
/// When the object can be changed where the analysis cannot see (stored in a field, returned, passed to code
/// outside the AWS SDK, its local reassigned) it <see cref="Escapes"/> and rules stay silent about it.
/// </summary>
internal sealed class TrackedObject
{
    private TrackedObject(
        IObjectCreationOperation creation,
        ILocalSymbol? local,
        bool escapes,
        ImmutableArray<PropertyWrite> writes,
        ImmutableArray<IOperation> references,
        ImmutableArray<IInvocationOperation> consumers)
    {
        Creation = creation;
        Local = local;
        Escapes = escapes;
        Writes = writes;
        References = references;
        Consumers = consumers;
    }

    public IObjectCreationOperation Creation { get; }

    /// <summary>The local that holds the object, when it is stored in one.</summary>
    public ILocalSymbol? Local { get; }

    public bool Escapes { get; }

    public ImmutableArray<PropertyWrite> Writes { get; }

    /// <summary>The object's creation and every later reference to its local.</summary>
    public ImmutableArray<IOperation> References { get; }

    /// <summary>AWS SDK calls that receive the object as an argument (the calls that send it).</summary>
    public ImmutableArray<IInvocationOperation> Consumers { get; }

    /// <summary>The values assigned to the named property; <c>null</c> when the property is never assigned.</summary>
    public ValueSet? ValuesOf(string propertyName)
    {
        ValueSet? result = null;
        foreach (var write in Writes)
        {
            if (write.Property.Name != propertyName)
            {
                continue;
            }

            var value = ValueResolver.Resolve(write.Value);
            result = result is { } known ? known.Union(value) : value;
        }

        return result;
    }

    public bool Assigns(string propertyName)
    {
        foreach (var write in Writes)
        {
            if (write.Property.Name == propertyName)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Four analyzers track the same request creations, and the driver hands them the same operation tree: the
    /// first one to ask does the walk. Weak keys, so the cache lives no longer than the compilation's operations.
    /// </summary>
    private static readonly ConditionalWeakTable<IObjectCreationOperation, TrackedObject> Tracked = new();

    private static readonly ConditionalWeakTable<IObjectCreationOperation, TrackedObject>.CreateValueCallback
        TrackCallback = Create;

    public static TrackedObject Track(IObjectCreationOperation creation) => Tracked.GetValue(creation, TrackCallback);

    private static TrackedObject Create(IObjectCreationOperation creation)
    {
        // Builders only for what there is, sized to fit: most creations have a few writes and one consumer, and
        // this runs for every tracked creation in the compilation.
        ImmutableArray<PropertyWrite>.Builder? writes = null;
        ImmutableArray<IOperation>.Builder? references = null;
        ImmutableArray<IInvocationOperation>.Builder? consumers = null;

        if (creation.Initializer is { } initializer)
        {
            var members = initializer.Initializers;
            foreach (var member in members)
            {
                if (member is ISimpleAssignmentOperation
                    {
                        Target: IPropertyReferenceOperation { Property: var property },
                        Value: var value,
                    } assignment)
                {
                    (writes ??= ImmutableArray.CreateBuilder<PropertyWrite>(members.Length))
                        .Add(new PropertyWrite(property, value, assignment, inInitializer: true));
                }
            }
        }

        var escapes = !TryFollowStorage(creation, out var local);
        if (!escapes && local is null)
        {
            escapes = !IsHarmlessUse(creation, ref consumers);
        }
        else if (local is not null)
        {
            // One walk of the body serves both questions: how often the local is written, and where it is used.
            var occurrences = Occurrences ??= new List<IOperation>();
            try
            {
                OriginTracker.CollectOccurrences(OriginTracker.GetRoot(creation), local, occurrences);
                escapes |= FollowLocal(creation, occurrences, ref writes, out references, ref consumers);
            }
            finally
            {
                // The list is kept for the thread's next request: it must not keep this compilation alive.
                occurrences.Clear();
            }
        }

        return new TrackedObject(
            creation,
            local,
            escapes,
            Finish(writes),
            references is null ? ImmutableArray.Create<IOperation>(creation) : Finish(references),
            Finish(consumers));
    }

    /// <summary>
    /// A scratch list per thread for the local's occurrences: this runs for every tracked creation in the
    /// compilation, and the list is only needed while the creation is followed.
    /// </summary>
    [ThreadStatic]
    private static List<IOperation>? Occurrences;

    /// <summary>
    /// Reads the local's occurrences: the references, the later writes to the object's properties, and its
    /// consumers. True when the object escapes: the local is written more than once, or used where the analysis
    /// cannot follow.
    /// </summary>
    private static bool FollowLocal(
        IObjectCreationOperation creation,
        List<IOperation> occurrences,
        ref ImmutableArray<PropertyWrite>.Builder? writes,
        out ImmutableArray<IOperation>.Builder references,
        ref ImmutableArray<IInvocationOperation>.Builder? consumers)
    {
        var escapes = OriginTracker.CountWrites(occurrences) != 1;

        // Sized to fit, so the array is handed over rather than copied.
        var count = 1;
        foreach (var operation in occurrences)
        {
            if (operation is ILocalReferenceOperation { IsDeclaration: false })
            {
                count++;
            }
        }

        references = ImmutableArray.CreateBuilder<IOperation>(count);
        references.Add(creation);
        foreach (var operation in occurrences)
        {
            if (operation is not ILocalReferenceOperation reference || reference.IsDeclaration)
            {
                continue;
            }

            references.Add(reference);
            if (reference.Parent is ISimpleAssignmentOperation { Target: var target } && target == reference)
            {
                continue;
            }

            if (reference.Parent is IPropertyReferenceOperation propertyReference
                && propertyReference.Instance == reference)
            {
                if (propertyReference.Parent is ISimpleAssignmentOperation assignment
                    && assignment.Target == propertyReference)
                {
                    (writes ??= ImmutableArray.CreateBuilder<PropertyWrite>()).Add(new PropertyWrite(
                        propertyReference.Property, assignment.Value, assignment, inInitializer: false));
                }
                else if (propertyReference.Property.SetMethod is not null
                    && UnevaluatedWriteOf(propertyReference) is { } writer)
                {
                    // A write the analysis cannot evaluate: record it so the property reads as unknown.
                    (writes ??= ImmutableArray.CreateBuilder<PropertyWrite>()).Add(new PropertyWrite(
                        propertyReference.Property, writer, writer, false));
                }

                continue;
            }

            if (!IsHarmlessUse(reference, ref consumers))
            {
                escapes = true;
            }
        }

        return escapes;
    }

    /// <summary>
    /// The compound (<c>+=</c>, <c>??=</c>) or deconstructing (<c>(a, b) = ...</c>, at any depth) assignment that
    /// <paramref name="operation"/> takes part in, or null.
    /// </summary>
    private static IOperation? UnevaluatedWriteOf(IOperation operation)
    {
        if (operation.Parent is ICompoundAssignmentOperation or ICoalesceAssignmentOperation)
        {
            return operation.Parent;
        }

        var element = operation;
        while (element.Parent is ITupleOperation tuple)
        {
            element = tuple;
        }

        return element != operation
            && element.Parent is IDeconstructionAssignmentOperation deconstruction
            && deconstruction.Target == element
            ? deconstruction
            : null;
    }

    private static ImmutableArray<T> Finish<T>(ImmutableArray<T>.Builder? builder)
    {
        if (builder is null)
        {
            return ImmutableArray<T>.Empty;
        }

        // A full builder hands over its array; otherwise one copy of the items, as ToImmutable makes.
        return builder.Count == builder.Capacity ? builder.MoveToImmutable() : builder.ToImmutable();
    }

    /// <summary>
    /// Follows the new object to the local it is stored in. Fails when it is stored anywhere else
    /// (field, property, array element, returned value is handled by <see cref="IsHarmlessUse"/>).
    /// </summary>
    private static bool TryFollowStorage(IObjectCreationOperation creation, out ILocalSymbol? local)
    {
        local = null;
        var parent = creation.WithImplicitConversions().Parent;
        switch (parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                local = declarator.Symbol;
                return !local.IsRef;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target, IsRef: false }:
                local = target.Local;
                return true;
            case ISimpleAssignmentOperation:
                return false;
            default:
                return true;
        }
    }

    /// <summary>
    /// A use that cannot change the object's encryption or metadata behind the analysis' back: reading a
    /// property, subscribing to one of its events, calling a method of the SDK on it, passing it by value to an AWS SDK
    /// method or to a <see cref="ForwardingWrapper"/> (static or instance), or discarding it.
    /// </summary>
    private static bool IsHarmlessUse(IOperation use, ref ImmutableArray<IInvocationOperation>.Builder? consumers)
    {
        var operation = use.WithImplicitConversions();
        switch (operation.Parent)
        {
            case IExpressionStatementOperation:
            case IIsTypeOperation:
            case IIsPatternOperation:
            case IBinaryOperation:
            case INameOfOperation:
            case IPropertyReferenceOperation:
            // Subscribing to the request's own events (upload progress): a handler that writes to the request is
            // one of its occurrences, so its writes are seen like any other.
            case IEventReferenceOperation:
                return true;
            case IInvocationOperation invocation when invocation.Instance == operation:
                return IsAwsSdkMethod(invocation.TargetMethod);
            case IArgumentOperation { Parent: IInvocationOperation invocation } argument
                when argument.Parameter?.RefKind is null or RefKind.None or RefKind.In:
                if (!IsAwsSdkMethod(invocation.TargetMethod)
                    && !(argument.Parameter is { } parameter
                        && ForwardingWrapper.Forwards(invocation.TargetMethod, parameter)))
                {
                    return false;
                }

                (consumers ??= ImmutableArray.CreateBuilder<IInvocationOperation>(1)).Add(invocation);
                return true;
            case IArgumentOperation { Parent: IObjectCreationOperation created }
                when created.Constructor is { } constructor && IsAwsSdkMethod(constructor):
                return true;
            case IAwaitOperation:
                return true;
            default:
                return false;
        }
    }


    /// <summary>
    /// The client a consumer sends through: the receiver of an SDK method, or the client argument of a static
    /// <see cref="ForwardingWrapper"/> (its first parameter). Null for an instance wrapper: its client is its own
    /// field or property, which the caller's code does not show.
    /// </summary>
    public static IOperation? ReceiverOf(IInvocationOperation consumer)
    {
        if (consumer.Instance is { } instance)
        {
            return IsAwsSdkMethod(consumer.TargetMethod) ? instance : null;
        }

        foreach (var argument in consumer.Arguments)
        {
            if (argument.Parameter?.Ordinal == 0)
            {
                return argument.Value.WithoutConversions();
            }
        }

        return null;
    }

    /// <summary>
    /// Methods of the AWS SDK for .NET and of its S3 encryption client, which send a request but never change
    /// its encryption. The encryption client is matched by namespace because it is recognised by name.
    /// </summary>
    public static bool IsAwsSdkMethod(IMethodSymbol method)
    {
        var assembly = method.ContainingAssembly?.Name;
        if (assembly is not null && assembly.StartsWith("AWSSDK.", System.StringComparison.Ordinal))
        {
            return true;
        }

        var ns = method.ContainingNamespace;
        return SymbolNames.IsWithinNamespace(ns, "Amazon.Extensions.S3.Encryption")
            || SymbolNames.IsNamespace(ns, "Amazon.S3.Encryption");
    }
}
