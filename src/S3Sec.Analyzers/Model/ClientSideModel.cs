using Microsoft.CodeAnalysis;
using S3Sec.Analyzers.Analysis;

namespace S3Sec.Analyzers.Model;

/// <summary>
/// The client-side encryption types S3Sec reasons about, matched by name: the legacy V1 types of AWSSDK.S3 3.7
/// (<c>Amazon.S3.Encryption</c>), the V2/V4 types of <c>Amazon.Extensions.S3.Encryption</c> (not always
/// referenced, so never resolved against one assembly), and the master keys of S3Sec.Crypto's envelope encryption.
/// </summary>
internal static class ClientSideModel
{
    public const string ExtensionsNamespace = "Amazon.Extensions.S3.Encryption";
    public const string LegacyNamespace = "Amazon.S3.Encryption";
    public const string EnvelopeNamespace = "S3Sec.Crypto.Envelope";

    /// <summary>True for encryption materials of any version: the object that holds the master key.</summary>
    public static bool IsEncryptionMaterials(ITypeSymbol? type)
    {
        if (type is null || !type.Name.StartsWith("EncryptionMaterials", System.StringComparison.Ordinal))
        {
            return false;
        }

        return IsInNamespace(type, ExtensionsNamespace) || IsInNamespace(type, LegacyNamespace);
    }

    /// <summary>The V1 materials and client, which AWS deprecated: AES-CBC content, unauthenticated key wrap.</summary>
    public static bool IsLegacyType(ITypeSymbol? type)
    {
        // The name first: this runs for every object creation, and walking the namespace is the costly part.
        return type is { Name: "AmazonS3EncryptionClient" or "EncryptionMaterials" }
            && (IsInNamespace(type, ExtensionsNamespace) || IsInNamespace(type, LegacyNamespace));
    }

    /// <summary>
    /// A master key type of S3Sec.Crypto's envelope encryption that is built from key bytes on this machine;
    /// the KMS master key holds only a key id and is not one.
    /// </summary>
    public static bool IsEnvelopeLocalMasterKey(ITypeSymbol? type)
    {
        return type is not null
            && type.Name.EndsWith("MasterKey", System.StringComparison.Ordinal)
            && !type.Name.StartsWith("Kms", System.StringComparison.Ordinal)
            && IsInNamespace(type, EnvelopeNamespace);
    }

    /// <summary>True for an enum or type named <paramref name="name"/> of the S3 encryption client library.</summary>
    public static bool IsExtensionsType(ITypeSymbol? type, string name)
    {
        return type is not null && type.Name == name && IsInNamespace(type, ExtensionsNamespace);
    }

    /// <summary>True when the type lives in the namespace or one nested in it.</summary>
    public static bool IsInNamespace(ITypeSymbol type, string ns)
    {
        return SymbolNames.IsWithinNamespace(type.ContainingNamespace, ns);
    }

    /// <summary>True when the compilation can contain a client-side master key the analysis recognises.</summary>
    public static bool MayHaveMasterKeys(Compilation compilation)
    {
        return compilation.GetTypeByMetadataName(LegacyNamespace + ".EncryptionMaterials") is not null
            || compilation.GetTypeByMetadataName(ExtensionsNamespace + ".EncryptionMaterialsV2") is not null
            || compilation.GetTypeByMetadataName(ExtensionsNamespace + ".EncryptionMaterialsV4") is not null
            || compilation.GetTypeByMetadataName(ExtensionsNamespace + ".EncryptionMaterials") is not null
            || HasNamespace(compilation.GlobalNamespace, EnvelopeNamespace.Split('.'));
    }

    private static bool HasNamespace(INamespaceSymbol root, string[] parts)
    {
        var current = root;
        foreach (var part in parts)
        {
            INamespaceSymbol? next = null;
            foreach (var member in current.GetNamespaceMembers())
            {
                if (member.Name == part)
                {
                    next = member;
                    break;
                }
            }

            if (next is null)
            {
                return false;
            }

            current = next;
        }

        return true;
    }
}
