using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using S3Sec.Analyzers.Analysis;
using S3Sec.Analyzers.Model;
using S3Sec.Analyzers.Options;

namespace S3Sec.Analyzers.Rules;

/// <summary>
/// S3SEC020 (a sensitive value put into object metadata) and S3SEC021 (into an object tag or an object key name).
/// No S3 encryption covers metadata, tags or key names. A value is sensitive when the metadata name or tag key
/// names sensitive data, or when the value comes from a symbol that does (by name or data-classification
/// attribute); constants and values that a recognised call hashed or encrypted are not.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SensitiveDataAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: "true" when the metadata was set through raw headers (no code fix).</summary>
    public const string RawHeaderProperty = "S3Sec.RawHeader";

    private const string MetadataProperty = "Metadata";
    private const string HeadersProperty = "Headers";
    private const string TagSetProperty = "TagSet";
    private const int MaxShownLength = 60;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.S3SEC020_SensitiveMetadata, Descriptors.S3SEC021_SensitiveTagOrKey);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.RegisterCompilationStartAction(start =>
        {
            var compilation = start.Compilation;
            if (!S3Model.MayBeReferenced(compilation))
            {
                return;
            }

            var model = S3Model.Defer(compilation, m => m.HasWriteRequests);
            var types = new Lazy<DataExposureTypes>(
                () => new DataExposureTypes(compilation), LazyThreadSafetyMode.PublicationOnly);
            var options = OptionsCache.For(start.Options.AnalyzerConfigOptionsProvider);
            start.RegisterOperationAction(
                Deferred.When(model, (c, m) => AnalyzeInvocation(c, m, types.Value, options)),
                OperationKind.Invocation);
            start.RegisterOperationAction(
                Deferred.When(model, (c, m) => AnalyzeAssignment(c, m, types.Value, options)),
                OperationKind.SimpleAssignment);
            start.RegisterOperationAction(
                Deferred.When(model, (c, m) =>
                {
                    if (types.Value.Tag is not null)
                    {
                        AnalyzeTag(c, m, types.Value, options);
                    }
                }),
                OperationKind.ObjectCreation);
        });
    }

    private static void AnalyzeInvocation(
        OperationAnalysisContext context,
        S3Model model,
        DataExposureTypes types,
        OptionsCache options)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name == "Add")
        {
            if (invocation.Arguments.Length == 2
                && SymbolEqualityComparer.Default.Equals(method.ContainingType, types.MetadataCollection)
                && IsMetadataOfWrite(invocation.Instance, MetadataProperty, model))
            {
                AnalyzeMetadata(context, invocation, Argument(invocation, 0), Argument(invocation, 1), false, options);
            }

            return;
        }

        if (RequestLessWrites.GetRequestTypeName(method, model) is null)
        {
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name is "key" or "destinationKey"
                && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                AnalyzeKey(context, argument, argument.Value, options);
            }
        }
    }

    private static void AnalyzeAssignment(
        OperationAnalysisContext context,
        S3Model model,
        DataExposureTypes types,
        OptionsCache options)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation target)
        {
            return;
        }

        var property = target.Property;
        if (property.IsIndexer)
        {
            if (target.Arguments.Length != 1)
            {
                return;
            }

            var container = property.ContainingType;
            if (SymbolEqualityComparer.Default.Equals(container, types.MetadataCollection)
                && IsMetadataOfWrite(target.Instance, MetadataProperty, model))
            {
                AnalyzeMetadata(context, assignment, target.Arguments[0].Value, assignment.Value, false, options);
            }
            else if (SymbolEqualityComparer.Default.Equals(container, types.HeadersCollection)
                && IsMetadataOfWrite(target.Instance, HeadersProperty, model))
            {
                AnalyzeMetadata(context, assignment, target.Arguments[0].Value, assignment.Value, true, options);
            }

            return;
        }

        if (property.Name is not ("Key" or "DestinationKey" or "KeyPrefix")
            || !model.TryGetWriteKind(target.Instance?.Type, out var kind)
            || !WritesKeyName(kind, property.Name)
            || !SendsObject(kind, target.Instance, model, directiveProperty: null))
        {
            return;
        }

        AnalyzeKey(context, assignment, assignment.Value, options);
    }

    private static void AnalyzeTag(
        OperationAnalysisContext context,
        S3Model model,
        DataExposureTypes types,
        OptionsCache options)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!SymbolEqualityComparer.Default.Equals(creation.Type, types.Tag)
            || creation.Initializer is not { } initializer
            || !IsObjectTag(creation, model, types))
        {
            return;
        }

        IOperation? key = null;
        ISimpleAssignmentOperation? valueAssignment = null;
        foreach (var member in initializer.Initializers)
        {
            if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment)
            {
                if (target.Property.Name == "Key")
                {
                    key = assignment.Value;
                }
                else if (target.Property.Name == "Value")
                {
                    valueAssignment = assignment;
                }
            }
        }

        if (valueAssignment is null)
        {
            return;
        }

        var vocabulary = SensitiveVocabulary.For(options.Get(creation.Syntax.SyntaxTree));
        if (Evaluate(key, valueAssignment.Value, vocabulary, out var why) is not { } shown)
        {
            return;
        }

        context.Report(Diagnostic.Create(
            Descriptors.S3SEC021_SensitiveTagOrKey,
            valueAssignment.Syntax.GetLocation(),
            "Tag " + Quote(ShowName(key)) + " receives",
            shown,
            "object tags unencrypted",
            why));
    }

    private static void AnalyzeMetadata(
        OperationAnalysisContext context,
        IOperation placement,
        IOperation? name,
        IOperation? value,
        bool rawHeader,
        OptionsCache options)
    {
        if (name is null || value is null)
        {
            return;
        }

        var names = ValueResolver.Resolve(name);
        if (names.IsKnown && AllAreEnvelopeOrOtherHeaders(names, rawHeader))
        {
            return;
        }

        var vocabulary = SensitiveVocabulary.For(options.Get(placement.Syntax.SyntaxTree));
        if (Evaluate(name, value, vocabulary, out var why) is not { } shown)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(RawHeaderProperty, rawHeader ? "true" : "false");
        context.Report(Diagnostic.Create(
            Descriptors.S3SEC020_SensitiveMetadata,
            placement.Syntax.GetLocation(),
            properties,
            ShowName(name),
            shown,
            why));
    }

    private static void AnalyzeKey(
        OperationAnalysisContext context,
        IOperation placement,
        IOperation value,
        OptionsCache options)
    {
        var vocabulary = SensitiveVocabulary.For(options.Get(placement.Syntax.SyntaxTree));
        if (SensitiveValues.FindSensitiveSource(value, vocabulary) is not { } source)
        {
            return;
        }

        context.Report(Diagnostic.Create(
            Descriptors.S3SEC021_SensitiveTagOrKey,
            placement.Syntax.GetLocation(),
            "Object key is built from",
            Show(source),
            "key names unencrypted and shows them in listings and logs",
            ValueIsSensitive));
    }

    private const string ValueIsSensitive = ", a sensitive value";

    /// <summary>
    /// When only the name is sensitive, the message says so: calling an ordinary value sensitive sends the reader
    /// looking at the value, when renaming the entry or listing it in s3sec.non_sensitive_names is the answer.
    /// </summary>
    private const string NameIsSensitive = " under a name for sensitive data";

    /// <summary>
    /// What to show as the sensitive value, or null when the pair is not sensitive: the name (or tag key) names
    /// sensitive data and the value is neither constant nor protected, or the value comes from a sensitive symbol.
    /// <paramref name="why"/> says which of the two it was, for the message.
    /// </summary>
    private static string? Evaluate(IOperation? name, IOperation value, SensitiveVocabulary vocabulary, out string why)
    {
        why = ValueIsSensitive;
        if (SensitiveValues.IsConstantOrProtected(value))
        {
            return null;
        }

        if (SensitiveValues.FindSensitiveSource(value, vocabulary) is { } source)
        {
            return Show(source);
        }

        var names = ValueResolver.Resolve(name);
        if (!names.IsKnown)
        {
            return null;
        }

        var plurals = !SensitiveValues.IsWholeNumberText(value);
        foreach (var candidate in names.Values)
        {
            if (candidate is string text
                && vocabulary.IsSensitiveName(text, plurals)
                && !SensitiveValues.IsMadeByProgram(value, random: !vocabulary.MayNameSecret(text, plurals)))
            {
                why = NameIsSensitive;
                return Show(value);
            }
        }

        return null;
    }

    private static bool AllAreEnvelopeOrOtherHeaders(ValueSet names, bool rawHeader)
    {
        foreach (var candidate in names.Values)
        {
            if (candidate is not string text)
            {
                continue;
            }

            var isUserMetadata = !rawHeader
                || text.StartsWith(SensitiveVocabulary.MetadataPrefix, StringComparison.OrdinalIgnoreCase);
            if (isUserMetadata && !SensitiveVocabulary.IsEnvelopeName(text))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the collection is <c>X.Metadata</c> (or <c>X.Headers</c>) of a write that sends it.</summary>
    private static bool IsMetadataOfWrite(IOperation? collection, string propertyName, S3Model model)
    {
        var owner = CollectionOwner(collection, propertyName);
        return owner is not null
            && model.TryGetWriteKind(owner.Type, out var kind)
            && SendsObject(kind, owner, model, directiveProperty: "MetadataDirective");
    }

    /// <summary>
    /// The request whose collection property this is: <c>request.Metadata</c>, or the implicit receiver of
    /// <c>Metadata = { ... }</c> inside the request's object initializer.
    /// </summary>
    private static IOperation? CollectionOwner(IOperation? collection, string propertyName)
    {
        switch (collection)
        {
            case IPropertyReferenceOperation property when property.Property.Name == propertyName:
                return property.Instance;
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }:
                for (var current = collection.Parent; current is not null; current = current.Parent)
                {
                    if (current is IMemberInitializerOperation member)
                    {
                        return member.InitializedMember is IPropertyReferenceOperation initialized
                            && initialized.Property.Name == propertyName
                            ? initialized.Instance
                            : null;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// True when the request sends the metadata, tags or key it is given. CopyObject sends new metadata (tags)
    /// only with a visible REPLACE directive; a presigned URL writes only with a visible PUT verb.
    /// </summary>
    private static bool SendsObject(WriteKind kind, IOperation? request, S3Model model, string? directiveProperty)
    {
        if (kind is not (WriteKind.CopyObject or WriteKind.PresignedUrl))
        {
            return true;
        }

        if (kind == WriteKind.CopyObject && directiveProperty is null)
        {
            return true;
        }

        if (FindCreation(request) is not { } creation)
        {
            return false;
        }

        var tracked = TrackedObject.Track(creation);
        if (kind == WriteKind.PresignedUrl)
        {
            return EncryptionEvaluator.IsPresignedPut(tracked, model);
        }

        var replaces = false;
        foreach (var write in tracked.Writes)
        {
            if (write.Property.Name != directiveProperty)
            {
                continue;
            }

            if (!IsReplace(write.Value, 0))
            {
                return false;
            }

            replaces = true;
        }

        return replaces;
    }

    private static bool IsReplace(IOperation value, int depth)
    {
        if (depth > 4)
        {
            return false;
        }

        if (value.ConstantValue is { HasValue: true, Value: string text })
        {
            return string.Equals(text, "REPLACE", StringComparison.OrdinalIgnoreCase);
        }

        switch (value)
        {
            case IConversionOperation conversion:
                return IsReplace(conversion.Operand, depth + 1);
            case IFieldReferenceOperation { Field: { IsStatic: true, Name: "REPLACE" } }:
            case IPropertyReferenceOperation { Property: { IsStatic: true, Name: "REPLACE" } }:
                return true;
            case IConditionalOperation { WhenFalse: not null } conditional:
                return IsReplace(conditional.WhenTrue, depth + 1) && IsReplace(conditional.WhenFalse, depth + 1);
            case ILocalReferenceOperation local:
                return OriginTracker.TryGetSingleAssignedValue(local, out var assigned)
                    && assigned is not null
                    && IsReplace(assigned, depth + 1);
            default:
                return false;
        }
    }

    /// <summary>The <c>new</c> of the request: its own initializer, or the local it was stored in once.</summary>
    private static IObjectCreationOperation? FindCreation(IOperation? request)
    {
        switch (request)
        {
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } receiver:
                for (var current = receiver.Parent; current is not null; current = current.Parent)
                {
                    if (current is IObjectCreationOperation creation
                        && SymbolEqualityComparer.Default.Equals(creation.Type, receiver.Type))
                    {
                        return creation;
                    }
                }

                return null;
            case ILocalReferenceOperation local:
                if (!OriginTracker.TryGetSingleAssignedValue(local, out var value) || value is null)
                {
                    return null;
                }

                while (value is IConversionOperation conversion)
                {
                    value = conversion.Operand;
                }

                return value as IObjectCreationOperation;
            default:
                return null;
        }
    }

    private static bool WritesKeyName(WriteKind kind, string propertyName)
    {
        return kind switch
        {
            WriteKind.CopyObject => propertyName == "DestinationKey",
            WriteKind.TransferUploadDirectory => propertyName == "KeyPrefix",
            _ => propertyName == "Key",
        };
    }

    /// <summary>
    /// A tag that goes on an object: <c>TagSet</c> of a write request (CopyObject only with a visible
    /// <c>TaggingDirective = REPLACE</c>) or of <c>Tagging</c>, given as a list initializer or through <c>Add</c>.
    /// </summary>
    private static bool IsObjectTag(IObjectCreationOperation tag, S3Model model, DataExposureTypes types)
    {
        var use = tag.WithImplicitConversions().Parent;

        // TagSet = [new Tag { ... }]: Roslyn 4.8 has no operation kind for a collection expression, so the
        // element's parent is recognised by its syntax.
        if (use?.Syntax is CollectionExpressionSyntax
            && use.WithImplicitConversions().Parent is ISimpleAssignmentOperation
            {
                Target: IPropertyReferenceOperation assigned,
            })
        {
            return IsObjectTagSet(assigned, model, types);
        }

        if (use is IArgumentOperation)
        {
            use = use.Parent;
        }

        if (use is not IInvocationOperation { TargetMethod.Name: "Add" } add)
        {
            return false;
        }

        var list = add.Instance;
        if (list is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }
            && add.Parent is IObjectOrCollectionInitializerOperation listInitializer)
        {
            list = listInitializer.Parent switch
            {
                IMemberInitializerOperation member => member.InitializedMember,
                IObjectCreationOperation newList =>
                    newList.WithImplicitConversions().Parent is ISimpleAssignmentOperation
                    {
                        Target: IPropertyReferenceOperation target,
                    }
                        ? target
                        : null,
                _ => null,
            };
        }

        return IsObjectTagSet(list, model, types);
    }

    /// <summary>The <c>TagSet</c> of a write request that sends its tags, or of a <c>Tagging</c>.</summary>
    private static bool IsObjectTagSet(IOperation? list, S3Model model, DataExposureTypes types)
    {
        if (list is not IPropertyReferenceOperation { Property.Name: TagSetProperty } tagSet)
        {
            return false;
        }

        var owner = tagSet.Instance;
        if (SymbolEqualityComparer.Default.Equals(owner?.Type, types.Tagging))
        {
            return true;
        }

        return model.TryGetWriteKind(owner?.Type, out var kind)
            && SendsObject(kind, owner, model, directiveProperty: "TaggingDirective");
    }


    private static IOperation? Argument(IInvocationOperation invocation, int ordinal)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument.Value;
            }
        }

        return null;
    }

    private static string ShowName(IOperation? name)
    {
        if (name is null)
        {
            return "(none)";
        }

        var names = ValueResolver.Resolve(name);
        if (names.IsKnown && names.Values.Length == 1 && names.Values[0] is string text)
        {
            return text;
        }

        return Show(name);
    }

    private static string Quote(string text) => "'" + text + "'";

    /// <summary>The source text of an operation on one line, shortened for the message.</summary>
    private static string Show(IOperation operation)
    {
        var text = operation.Syntax.ToString();
        if (text.IndexOf('\n') >= 0 || text.IndexOf('\r') >= 0)
        {
            text = string.Join(" ", text.Split(new[] { '\r', '\n', ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries));
        }

        return text.Length <= MaxShownLength ? text : text.Substring(0, MaxShownLength - 3) + "...";
    }
}
