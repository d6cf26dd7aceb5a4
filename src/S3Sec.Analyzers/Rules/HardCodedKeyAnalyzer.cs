using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using S3Sec.Analyzers.Analysis;
using S3Sec.Analyzers.Model;

namespace S3Sec.Analyzers.Rules;

/// <summary>
/// S3SEC013: key material written in the source. Two kinds of key: SSE-C keys assigned to a request, and
/// client-side encryption master keys (the <c>Aes</c> or <c>RSA</c> object given to the encryption materials,
/// whose key is set from literal bytes). The finding goes where the value is put in place.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedKeyAnalyzer : DiagnosticAnalyzer
{
    private const string SymmetricKeyProperty = "Key";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.S3SEC013_HardCodedKey);

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
            var withMaterials = S3Model.Defer(start.Compilation, m => !m.MasterKeyMaterials.IsEmpty);
            start.RegisterOperationAction(
                Deferred.When(model, (c, _) => AnalyzeAssignment(c)), OperationKind.SimpleAssignment);
            start.RegisterOperationAction(Deferred.When(withMaterials, AnalyzeMaterials), OperationKind.ObjectCreation);
        });
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: var property }
            || !SseCustomerKeySlot.IsKeyProperty(property.Name)
            || !S3Model.IsFromS3Sdk(property.ContainingType)
            || !HardCodedKeyDetector.IsHardCoded(assignment.Value))
        {
            return;
        }

        context.Report(Diagnostic.Create(
            Descriptors.S3SEC013_HardCodedKey,
            assignment.Syntax.GetLocation(),
            "The SSE-C key (" + property.Name + ")"));
    }

    private static void AnalyzeMaterials(OperationAnalysisContext context, S3Model model)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Type is not INamedTypeSymbol type || !model.MasterKeyMaterials.Contains(type.OriginalDefinition))
        {
            return;
        }

        foreach (var argument in creation.Arguments)
        {
            if (IsKeyAlgorithm(argument.Parameter?.Type))
            {
                ReportHardCodedMasterKey(context, argument.Value);
            }
        }
    }

    /// <summary>
    /// Finds where the master key object gets its key: an initializer (<c>new AesManaged { Key = ... }</c>), a
    /// later <c>aes.Key = ...</c> on the local that holds it, or an import call (<c>rsa.ImportFromPem("...")</c>).
    /// </summary>
    private static void ReportHardCodedMasterKey(OperationAnalysisContext context, IOperation keyObject)
    {
        foreach (var source in SourceResolver.FindSources(keyObject))
        {
            if (source is IObjectCreationOperation { Initializer: { } initializer })
            {
                foreach (var member in initializer.Initializers)
                {
                    if (member is ISimpleAssignmentOperation
                        {
                            Target: IPropertyReferenceOperation { Property.Name: SymmetricKeyProperty },
                        } keyWrite)
                    {
                        ReportIfHardCoded(context, keyWrite, keyWrite.Value);
                    }
                }
            }
        }

        var local = keyObject.WithoutConversions() as ILocalReferenceOperation;
        if (local is null)
        {
            return;
        }

        foreach (var operation in OriginTracker.GetRoot(local).Descendants())
        {
            switch (operation)
            {
                case ISimpleAssignmentOperation
                    {
                        Target: IPropertyReferenceOperation
                        {
                            Property.Name: SymmetricKeyProperty,
                            Instance: ILocalReferenceOperation instance,
                        },
                    } assignment when SymbolEqualityComparer.Default.Equals(instance.Local, local.Local):
                    ReportIfHardCoded(context, assignment, assignment.Value);
                    break;

                case IInvocationOperation { Instance: ILocalReferenceOperation instance } invocation
                    when IsKeyImport(invocation.TargetMethod)
                        && invocation.Arguments.Length >= 1
                        && SymbolEqualityComparer.Default.Equals(instance.Local, local.Local):
                    ReportIfHardCoded(context, invocation.Arguments[0], invocation.Arguments[0].Value);
                    break;
            }
        }
    }

    private static void ReportIfHardCoded(OperationAnalysisContext context, IOperation place, IOperation value)
    {
        if (!HardCodedKeyDetector.IsHardCoded(value))
        {
            return;
        }

        context.Report(Diagnostic.Create(
            Descriptors.S3SEC013_HardCodedKey,
            place.Syntax.GetLocation(),
            "The client-side encryption master key"));
    }

    private static bool IsKeyImport(IMethodSymbol method)
    {
        return method.Name.StartsWith("Import", System.StringComparison.Ordinal) || method.Name == "FromXmlString";
    }

    /// <summary>Symmetric (<c>Aes</c>) and asymmetric (<c>RSA</c>) algorithms of the .NET cryptography.</summary>
    private static bool IsKeyAlgorithm(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name is "SymmetricAlgorithm" or "AsymmetricAlgorithm"
                && SymbolNames.IsNamespace(current.ContainingNamespace, "System.Security.Cryptography"))
            {
                return true;
            }
        }

        return false;
    }
}
