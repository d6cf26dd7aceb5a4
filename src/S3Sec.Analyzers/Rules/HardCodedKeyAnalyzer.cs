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
/// whose key is set from literal bytes), and the keys handed to S3Sec.Crypto's factories and constructors
/// (<see cref="CryptoKeyFactories"/>). The finding goes where the value is put in place.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedKeyAnalyzer : DiagnosticAnalyzer
{
    private const string SymmetricKeyProperty = "Key";
    private const string MasterKey = "The client-side encryption master key";
    private const string CertificatesNamespace = "System.Security.Cryptography.X509Certificates";
    private const string PemBegin = "-----BEGIN ";
    private const string PemDashes = "-----";

    /// <summary>PEM labels of public data: a certificate or public key lets its holder verify or encrypt only.
    /// </summary>
    private static readonly string[] PublicPemLabels =
    {
        "CERTIFICATE", "TRUSTED CERTIFICATE", "X509 CERTIFICATE", "PUBLIC KEY", "RSA PUBLIC KEY",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.S3SEC013_HardCodedKey);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCode.Flags);
        context.RegisterCompilationStartAction(start =>
        {
            // Each gate reads the reference list only; a project with neither assembly gets no action at all.
            if (CryptoKeyFactories.MayBeReferenced(start.Compilation))
            {
                var factories = CryptoKeyFactories.Defer(start.Compilation);
                start.RegisterOperationAction(Deferred.When(factories, AnalyzeFactory), OperationKind.Invocation);
                start.RegisterOperationAction(
                    Deferred.When(factories, AnalyzeConstructor), OperationKind.ObjectCreation);
            }

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

    private static void AnalyzeFactory(OperationAnalysisContext context, CryptoKeyFactories factories)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (factories.KeyTakenBy(invocation.TargetMethod) is not { } key
            || FirstArgument(invocation.Arguments) is not { } argument)
        {
            return;
        }

        ReportIfHardCoded(context, argument, argument.Value, key);
    }

    private static void AnalyzeConstructor(OperationAnalysisContext context, CryptoKeyFactories factories)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Constructor is not { } constructor
            || factories.KeyTakenBy(constructor) is not { } key
            || FirstArgument(creation.Arguments) is not { } argument)
        {
            return;
        }

        // RsaMasterKey takes the RSA object: its key is imported into it elsewhere, as for the materials.
        if (IsKeyAlgorithm(argument.Parameter?.Type))
        {
            ReportHardCodedMasterKey(context, argument.Value, key);
        }
        else
        {
            ReportIfHardCoded(context, argument, argument.Value, key);
        }
    }

    /// <summary>The argument of the first parameter, wherever a named argument put it.</summary>
    private static IArgumentOperation? FirstArgument(ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { Ordinal: 0 })
            {
                return argument;
            }
        }

        return null;
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
                ReportHardCodedMasterKey(context, argument.Value, MasterKey);
            }
        }
    }

    /// <summary>
    /// Finds where the master key object gets its key: an initializer (<c>new AesManaged { Key = ... }</c>), a
    /// later <c>aes.Key = ...</c> on the local that holds it, or an import call (<c>rsa.ImportFromPem("...")</c>).
    /// </summary>
    private static void ReportHardCodedMasterKey(OperationAnalysisContext context, IOperation keyObject, string key)
    {
        foreach (var source in SourceResolver.FindSources(keyObject))
        {
            if (source is IInvocationOperation { TargetMethod.Name: "GetRSAPrivateKey" } privateKey)
            {
                ReportHardCodedCertificateKey(context, privateKey, key);
            }

            if (source is IObjectCreationOperation { Initializer: { } initializer })
            {
                foreach (var member in initializer.Initializers)
                {
                    if (member is ISimpleAssignmentOperation
                        {
                            Target: IPropertyReferenceOperation { Property.Name: SymmetricKeyProperty },
                        } keyWrite)
                    {
                        ReportIfHardCoded(context, keyWrite, keyWrite.Value, key);
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
                    ReportIfHardCoded(context, assignment, assignment.Value, key);
                    break;

                case IInvocationOperation { Instance: ILocalReferenceOperation instance } invocation
                    when IsKeyImport(invocation.TargetMethod)
                        && invocation.Arguments.Length >= 1
                        && SymbolEqualityComparer.Default.Equals(instance.Local, local.Local)
                        && !IsPublicKeyText(invocation.Arguments[0].Value):
                    ReportIfHardCoded(context, invocation.Arguments[0], invocation.Arguments[0].Value, key);
                    break;
            }
        }
    }

    /// <summary>
    /// The private key of a certificate built from PEM text (<c>X509Certificate2.CreateFromPem(certPem, keyPem)</c>,
    /// <c>CreateFromEncryptedPem</c>): the certificate is public, the <c>keyPem</c> beside it is the key.
    /// </summary>
    private static void ReportHardCodedCertificateKey(
        OperationAnalysisContext context,
        IInvocationOperation privateKey,
        string key)
    {
        if (!SymbolNames.IsNamespace(privateKey.TargetMethod.ContainingNamespace, CertificatesNamespace))
        {
            return;
        }

        // An extension method: the certificate is its first argument.
        var certificate = privateKey.Instance
            ?? (privateKey.Arguments.IsEmpty ? null : privateKey.Arguments[0].Value);
        foreach (var source in SourceResolver.FindSources(certificate))
        {
            if (source is not IInvocationOperation
                {
                    TargetMethod:
                    {
                        Name: "CreateFromPem" or "CreateFromEncryptedPem",
                        ContainingType.Name: "X509Certificate2",
                    },
                } creation)
            {
                continue;
            }

            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter?.Name == "keyPem" && !IsPublicKeyText(argument.Value))
                {
                    ReportIfHardCoded(context, argument, argument.Value, key);
                }
            }
        }
    }

    private static void ReportIfHardCoded(
        OperationAnalysisContext context,
        IOperation place,
        IOperation value,
        string key)
    {
        if (!HardCodedKeyDetector.IsHardCoded(value))
        {
            return;
        }

        context.Report(Diagnostic.Create(Descriptors.S3SEC013_HardCodedKey, place.Syntax.GetLocation(), key));
    }

    /// <summary>
    /// Imports of private key material. A public key (<c>ImportSubjectPublicKeyInfo</c>, <c>ImportRSAPublicKey</c>)
    /// only lets its holder encrypt, is no secret, and may well be written in the source.
    /// </summary>
    private static bool IsKeyImport(IMethodSymbol method)
    {
        var name = method.Name;
        return (name.StartsWith("Import", System.StringComparison.Ordinal) || name == "FromXmlString")
            && name.IndexOf("PublicKey", System.StringComparison.Ordinal) < 0;
    }

    /// <summary>
    /// Constant PEM or XML text that holds only public data: PEM whose every block is a certificate or a public key
    /// (a private key block, or a label not known to be public, makes it secret), or an <c>RSAKeyValue</c> without
    /// the private exponent <c>&lt;D&gt;</c>. The text is read in place, or through the locals and fields that
    /// hold it when every value they get is such text.
    /// </summary>
    private static bool IsPublicKeyText(IOperation argument) => IsPublicKeyText(argument, 0);

    private static bool IsPublicKeyText(IOperation argument, int depth)
    {
        var value = argument.WithoutConversions();
        if (value.ConstantValue is { HasValue: true, Value: string text })
        {
            return IsPublicText(text);
        }

        if (depth > 4 || value is not (ILocalReferenceOperation or IFieldReferenceOperation))
        {
            return false;
        }

        var sources = SourceResolver.FindSources(value);
        if (sources.IsEmpty)
        {
            return false;
        }

        foreach (var source in sources)
        {
            if (!IsPublicKeyText(source, depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsPublicText(string text)
    {
        // Public XML beside a private PEM block is still secret text: both forms are read.
        var xml = text.IndexOf("<RSAKeyValue>", System.StringComparison.Ordinal) >= 0;
        if (xml && text.IndexOf("<D>", System.StringComparison.Ordinal) >= 0)
        {
            return false;
        }

        var blocks = 0;
        for (var begin = text.IndexOf(PemBegin, System.StringComparison.Ordinal);
             begin >= 0;
             begin = text.IndexOf(PemBegin, begin + PemBegin.Length, System.StringComparison.Ordinal))
        {
            var start = begin + PemBegin.Length;
            var end = text.IndexOf(PemDashes, start, System.StringComparison.Ordinal);
            if (end < 0 || System.Array.IndexOf(PublicPemLabels, text.Substring(start, end - start)) < 0)
            {
                return false;
            }

            blocks++;
        }

        return xml || blocks > 0;
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
