using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using S3Sec.Analyzers.Analysis;
using S3Sec.Analyzers.Model;

namespace S3Sec.Analyzers.Rules;

/// <summary>
/// S3SEC030: a client-side master key, or an export of it, placed in anything sent to AWS: a property of an AWS
/// request or model object (object body, SSE-C key, KMS plaintext, secret, parameter value, tag), an entry of a
/// collection such a request owns (metadata, headers, encryption context), an argument of an AWS client method,
/// or the path of a file the same method has just written the key to.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MasterKeyExposureAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.S3SEC030_MasterKeySentToAws);

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

            // Built in the first callback, not here: see S3Model.Defer.
            var sinks = new Lazy<AwsSinks?>(
                () => AwsSinks.TryCreate(compilation), LazyThreadSafetyMode.PublicationOnly);
            var flow = new MasterKeyFlow();

            // Most bodies sit in files that cannot build a master key holder: asked once per body, that spares
            // the driver a call per assignment and invocation in them, which cost more than the test itself.
            start.RegisterOperationBlockStartAction(block =>
            {
                if (!MayHoldMasterKey(block.OperationBlocks, flow) || sinks.Value is not { } found)
                {
                    return;
                }

                block.RegisterOperationAction(c => AnalyzeAssignment(c, found, flow), OperationKind.SimpleAssignment);
                block.RegisterOperationAction(c => AnalyzeInvocation(c, found, flow), OperationKind.Invocation);
            });
        });
    }

    private static bool MayHoldMasterKey(ImmutableArray<IOperation> blocks, MasterKeyFlow flow)
    {
        // Each block of the declaration (body, parameter defaults, initializer) is asked: the test is per file.
        foreach (var block in blocks)
        {
            if (flow.TreeMayHoldMasterKey(block.Syntax.SyntaxTree))
            {
                return true;
            }
        }

        return false;
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, AwsSinks sinks, MasterKeyFlow flow)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation property
            || !sinks.IsPropertySink(property)
            || !Carries(assignment.Value, flow, property.Property.Name))
        {
            return;
        }

        context.Report(Diagnostic.Create(
            Descriptors.S3SEC030_MasterKeySentToAws,
            assignment.Syntax.GetLocation(),
            sinks.DescribePropertySink(property)));
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, AwsSinks sinks, MasterKeyFlow flow)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.Arguments.IsEmpty)
        {
            return;
        }

        // The messages are built only for a report: most sinks never receive a key.
        if (sinks.IsCollectionAdd(invocation))
        {
            foreach (var argument in invocation.Arguments)
            {
                if (Carries(argument.Value, flow))
                {
                    context.Report(Diagnostic.Create(
                        Descriptors.S3SEC030_MasterKeySentToAws,
                        invocation.Syntax.GetLocation(),
                        sinks.DescribeCollectionAdd(invocation)));
                    return;
                }
            }

            return;
        }

        if (!sinks.IsClientCall(invocation))
        {
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue
                && Carries(argument.Value, flow, argument.Parameter?.Name))
            {
                var method = invocation.TargetMethod;
                context.Report(Diagnostic.Create(
                    Descriptors.S3SEC030_MasterKeySentToAws,
                    argument.Syntax.GetLocation(),
                    method.ContainingType.Name + "." + method.Name + "(" + argument.Parameter?.Name + ")"));
            }
        }
    }

    private static bool Carries(IOperation value, MasterKeyFlow flow, string? targetName = null)
    {
        if (targetName is not null && NamesFile(targetName) && flow.IsFileHoldingMasterKey(value))
        {
            return true;
        }


        return !value.ConstantValue.HasValue && flow.IsMasterKey(value);
    }

    /// <summary>A file the SDK uploads: <c>FilePath</c>, the transfer utility's <c>filePath</c>, directories.</summary>
    private static bool NamesFile(string name)
    {
        return name.IndexOf("Path", System.StringComparison.OrdinalIgnoreCase) >= 0
            || name.IndexOf("Directory", System.StringComparison.OrdinalIgnoreCase) >= 0;
    }

    /// <summary>The places where a value is handed to AWS, named for the message.</summary>
    private sealed class AwsSinks
    {
        private readonly INamedTypeSymbol _request;
        private readonly INamedTypeSymbol? _service;
        private readonly S3Model _model;

        /// <summary>
        /// Whether each type that declares an AWS SDK method is a client or the transfer utility: asked for every
        /// SDK call, and the interface list behind the answer is a new array of symbols on each request.
        /// </summary>
        private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _clientTypes =
            new(SymbolEqualityComparer.Default);

        private AwsSinks(INamedTypeSymbol request, INamedTypeSymbol? service, S3Model model)
        {
            _request = request;
            _service = service;
            _model = model;
        }

        /// <summary>The sinks, or null when the compilation has no S3 model or no master key type to send.</summary>
        public static AwsSinks? TryCreate(Compilation compilation)
        {
            if (S3Model.TryCreate(compilation) is not { } model
                || compilation.GetTypeByMetadataName("Amazon.Runtime.AmazonWebServiceRequest") is not { } request
                || !ClientSideModel.MayHaveMasterKeys(compilation))
            {
                return null;
            }

            return new AwsSinks(request, compilation.GetTypeByMetadataName("Amazon.Runtime.IAmazonService"), model);
        }

        /// <summary>A request property, an initializer entry, or an indexer of a collection it owns.</summary>
        public bool IsPropertySink(IPropertyReferenceOperation property)
        {
            return IsAwsModel(property.Instance?.Type)
                || (property.Property.IsIndexer && property.Instance is IPropertyReferenceOperation owner
                    && IsAwsModel(owner.Instance?.Type));
        }

        /// <summary>The message's name of a sink <see cref="IsPropertySink"/> accepts.</summary>
        public string DescribePropertySink(IPropertyReferenceOperation property)
        {
            var instanceType = property.Instance?.Type;
            if (IsAwsModel(instanceType))
            {
                return property.Property.IsIndexer
                    ? instanceType!.Name + "[...]"
                    : instanceType!.Name + "." + property.Property.Name;
            }

            var owner = (IPropertyReferenceOperation)property.Instance!;
            return owner.Instance!.Type!.Name + "." + owner.Property.Name + "[...]";
        }

        /// <summary><c>request.Metadata.Add(...)</c>, <c>request.EncryptionContext.Add(...)</c> and the like.</summary>
        public bool IsCollectionAdd(IInvocationOperation invocation)
        {
            return invocation.TargetMethod.Name == "Add"
                && invocation.Instance is { } instance
                && ((instance is IPropertyReferenceOperation owner && IsAwsModel(owner.Instance?.Type))
                    || IsAwsModel(instance.Type));
        }

        /// <summary>The message's name of a call <see cref="IsCollectionAdd"/> accepts.</summary>
        public string DescribeCollectionAdd(IInvocationOperation invocation)
        {
            var instance = invocation.Instance!;
            return instance is IPropertyReferenceOperation owner && IsAwsModel(owner.Instance?.Type)
                ? owner.Instance!.Type!.Name + "." + owner.Property.Name + ".Add"
                : instance.Type!.Name + ".Add";
        }

        /// <summary>A method of an AWS service client or of the S3 transfer utility: its arguments are sent.</summary>
        public bool IsClientCall(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var type = method.ContainingType;
            if (type is null || !TrackedObject.IsAwsSdkMethod(method))
            {
                return false;
            }

            if (_clientTypes.TryGetValue(type, out var known))
            {
                return known;
            }

            return _clientTypes.GetOrAdd(type, _model.IsTransferUtility(type) || Implements(type, _service));
        }

        /// <summary>An AWS request, or a model object of an AWS SDK (tags, metadata collections).</summary>
        private bool IsAwsModel(ITypeSymbol? type)
        {
            if (type is null)
            {
                return false;
            }

            for (var current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, _request))
                {
                    return true;
                }
            }

            // Amazon.<Service>.Model: the request and shape types of every AWS service client.
            var ns = type.ContainingNamespace;
            return ns is { Name: "Model", ContainingNamespace: { IsGlobalNamespace: false } service }
                && SymbolNames.IsWithinNamespace(service, "Amazon");
        }

        private static bool Implements(INamedTypeSymbol type, INamedTypeSymbol? contract)
        {
            if (contract is null)
            {
                return false;
            }

            if (SymbolEqualityComparer.Default.Equals(type, contract))
            {
                return true;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented, contract))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
