using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using S3Sec.Analyzers.Model;
using S3Sec.Analyzers.Options;

namespace S3Sec.Analyzers.Rules;

/// <summary>
/// S3SEC031 (legacy or weak client-side encryption: the V1 client and materials, the ...AndLegacy security
/// profiles, the commitment policy that forbids key commitment, and AES-GCM without key commitment where the
/// policy asks for it) and S3SEC032 (KMS-wrapped materials where the policy requires local master keys).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ClientSideEncryptionAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the enum member the code fix puts in place of the reported one.</summary>
    public const string ReplacementProperty = "S3Sec.Replacement";

    public const string SecurityProfileEnum = "SecurityProfile";
    public const string CommitmentPolicyEnum = "CommitmentPolicy";
    public const string ContentEncryptionAlgorithmEnum = "ContentEncryptionAlgorithm";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.S3SEC031_LegacyClientSideEncryption, Descriptors.S3SEC032_KmsWrappedWhereLocalRequired);

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
            start.RegisterOperationAction(
                Deferred.When(model, (c, _) => AnalyzeEnumValue(c, options)), OperationKind.FieldReference);
        });
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, OptionsCache cache)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        var type = creation.Type;
        if (type is null)
        {
            return;
        }

        if (ClientSideModel.IsLegacyType(type))
        {
            var advice = type.Name == "EncryptionMaterials"
                ? "use EncryptionMaterialsV2 or EncryptionMaterialsV4"
                : "use AmazonS3EncryptionClientV2 or AmazonS3EncryptionClientV4 with SecurityProfile.V2 or V4";
            context.Report(Diagnostic.Create(
                Descriptors.S3SEC031_LegacyClientSideEncryption,
                CreationLocation(creation),
                type.Name + " is the legacy V1 S3 encryption client format (AES-CBC, no authenticated key wrap)",
                advice));
        }

        if (!ClientSideModel.IsEncryptionMaterials(type)
            || creation.Constructor is not { Parameters.Length: > 0 } constructor
            || constructor.Parameters[0].Type.SpecialType != SpecialType.System_String
            || cache.Get(creation.Syntax.SyntaxTree).ClientSideMasterKeys != "local")
        {
            return;
        }

        context.Report(Diagnostic.Create(
            Descriptors.S3SEC032_KmsWrappedWhereLocalRequired, CreationLocation(creation), type.Name));
    }

    /// <summary>An enum value of the encryption client's configuration, where it is put in place.</summary>
    private static void AnalyzeEnumValue(OperationAnalysisContext context, OptionsCache cache)
    {
        var reference = (IFieldReferenceOperation)context.Operation;
        var field = reference.Field;
        var enumType = field.ContainingType;
        // Every field read comes here: the enum's name rules out all but three types before any walk.
        if (enumType is not
            {
                TypeKind: TypeKind.Enum,
                Name: SecurityProfileEnum or CommitmentPolicyEnum or ContentEncryptionAlgorithmEnum,
            }
            || !IsPutInPlace(reference))
        {
            return;
        }

        string? replacement = null;
        string? problem = null;
        var v2Default = false;
        if (ClientSideModel.IsExtensionsType(enumType, SecurityProfileEnum)
            && field.Name.EndsWith("AndLegacy", System.StringComparison.Ordinal))
        {
            replacement = field.Name.Substring(0, field.Name.Length - "AndLegacy".Length);
            problem = "SecurityProfile." + field.Name + " lets the client accept legacy V1 objects";
        }
        else if (ClientSideModel.IsExtensionsType(enumType, CommitmentPolicyEnum)
            && field.Name == "ForbidEncryptAllowDecrypt")
        {
            replacement = "RequireEncryptRequireDecrypt";
            problem = "CommitmentPolicy.ForbidEncryptAllowDecrypt encrypts without key commitment";
            v2Default = true;
        }
        else if (ClientSideModel.IsExtensionsType(enumType, ContentEncryptionAlgorithmEnum)
            && field.Name == "AesGcm"
            && cache.Get(reference.Syntax.SyntaxTree).RequireKeyCommitment)
        {
            replacement = "AesGcmWithCommitment";
            problem = "ContentEncryptionAlgorithm.AesGcm has no key commitment, which the policy requires";
            v2Default = true;
        }

        if (replacement is null || HasNoMember(enumType, replacement))
        {
            return;
        }

        // The V2 configuration throws NotSupportedException for any other policy or algorithm: these are the only
        // values it takes, the same it uses when none is given. The fix would break it; moving to V4 is the cure.
        if (v2Default && ConfiguresV2(reference))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(ReplacementProperty, replacement);
        context.Report(Diagnostic.Create(
            Descriptors.S3SEC031_LegacyClientSideEncryption,
            reference.Syntax.GetLocation(),
            properties,
            problem,
            "use " + enumType.Name + "." + replacement));
    }

    /// <summary>
    /// Passed as an argument, assigned, or used to initialize a variable: comparing a configuration with a legacy
    /// profile (<c>config.SecurityProfile == SecurityProfile.V2AndLegacy</c>) configures nothing.
    /// </summary>
    private static bool IsPutInPlace(IOperation reference)
    {
        var current = reference;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        return current.Parent switch
        {
            IArgumentOperation => true,
            ISimpleAssignmentOperation assignment => assignment.Value == current,
            IVariableInitializerOperation => true,
            IReturnOperation => true,
            _ => false,
        };
    }

    /// <summary>
    /// True when the value goes straight into a V2 configuration: a parameter of its constructor or methods, or one
    /// of its properties (the receiver's type may derive from it).
    /// </summary>
    private static bool ConfiguresV2(IOperation reference)
    {
        var current = reference;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        var target = current.Parent switch
        {
            IArgumentOperation { Parameter.ContainingSymbol: IMethodSymbol method } => method.ContainingType,
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment
                when assignment.Value == current => property.Instance?.Type ?? property.Property.ContainingType,
            _ => null,
        };

        for (var type = target; type is not null; type = type.BaseType)
        {
            if (ClientSideModel.IsExtensionsType(type, "AmazonS3CryptoConfigurationV2"))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasNoMember(INamedTypeSymbol enumType, string name) => enumType.GetMembers(name).IsEmpty;

    private static Location CreationLocation(IObjectCreationOperation creation)
    {
        var syntax = creation.Syntax;
        var end = syntax switch
        {
            ObjectCreationExpressionSyntax explicitNew => (explicitNew.ArgumentList?.Span ?? explicitNew.Type.Span).End,
            ImplicitObjectCreationExpressionSyntax implicitNew => implicitNew.ArgumentList.Span.End,
            _ => syntax.Span.End,
        };

        return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.SpanStart, end));
    }
}
