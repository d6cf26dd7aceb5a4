using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace S3Sec.Analyzers.Model;

/// <summary>
/// The factories and constructors of S3Sec.Crypto, S3Sec's runtime library, that take key material as their first
/// argument, resolved once per compilation by full metadata name. Public keys
/// (<c>RsaMasterKey.FromSubjectPublicKeyInfo</c>), key ids (<c>KmsMasterKey</c>) and generated keys
/// (<c>Generate()</c>) are not key material written by the caller.
/// </summary>
internal sealed class CryptoKeyFactories
{
    public const string SseCustomerKeyName = "S3Sec.Crypto.SseC.SseCustomerKey";
    public const string AesMasterKeyName = "S3Sec.Crypto.Envelope.AesMasterKey";
    public const string RsaMasterKeyName = "S3Sec.Crypto.Envelope.RsaMasterKey";
    public const string ProtectedMetadataName = "S3Sec.Crypto.Metadata.ProtectedMetadata";

    /// <summary>The types' simple names: the scanner selects files that may use them through a global using.</summary>
    public static readonly ImmutableArray<string> SimpleNames = ImmutableArray.Create(
        Simple(SseCustomerKeyName), Simple(AesMasterKeyName), Simple(RsaMasterKeyName), Simple(ProtectedMetadataName));

    private const string Assembly = "S3Sec.Crypto";
    private const string AssemblyFile = "S3Sec.Crypto.dll";

    // The diagnostic's argument: which key, and the call it is handed to.
    private const string SseCustomerKeyFromBytes = "The SSE-C key (SseCustomerKey.FromBytes)";
    private const string SseCustomerKeyFromBase64 = "The SSE-C key (SseCustomerKey.FromBase64)";
    private const string AesMasterKeyNew = "The client-side encryption master key (new AesMasterKey)";
    private const string AesMasterKeyFromBase64 = "The client-side encryption master key (AesMasterKey.FromBase64)";
    private const string RsaMasterKeyNew = "The client-side encryption master key (new RsaMasterKey)";
    private const string RsaMasterKeyFromPkcs8 =
        "The client-side encryption master key (RsaMasterKey.FromPkcs8PrivateKey)";
    private const string ProtectedMetadataNew = "The metadata data key (new ProtectedMetadata)";

    private readonly INamedTypeSymbol? _sseCustomerKey;
    private readonly INamedTypeSymbol? _aesMasterKey;
    private readonly INamedTypeSymbol? _rsaMasterKey;
    private readonly INamedTypeSymbol? _protectedMetadata;

    private CryptoKeyFactories(Compilation compilation)
    {
        _sseCustomerKey = Resolve(compilation, SseCustomerKeyName);
        _aesMasterKey = Resolve(compilation, AesMasterKeyName);
        _rsaMasterKey = Resolve(compilation, RsaMasterKeyName);
        _protectedMetadata = Resolve(compilation, ProtectedMetadataName);
    }

    private bool IsEmpty
        => _sseCustomerKey is null && _aesMasterKey is null && _rsaMasterKey is null && _protectedMetadata is null;

    /// <summary>
    /// Whether the compilation references the S3Sec.Crypto assembly, from the reference list alone (see
    /// <see cref="ReferenceGate"/>). When false, no action is registered for these factories.
    /// </summary>
    public static bool MayBeReferenced(Compilation compilation)
        => ReferenceGate.MayReference(compilation, Assembly, AssemblyFile);

    /// <summary>The factories, resolved in the first callback that asks; null when S3Sec.Crypto has none of them.
    /// </summary>
    public static Lazy<CryptoKeyFactories?> Defer(Compilation compilation)
    {
        return new(
            () => new CryptoKeyFactories(compilation) is { IsEmpty: false } factories ? factories : null,
            LazyThreadSafetyMode.PublicationOnly);
    }

    /// <summary>
    /// The key <paramref name="method"/> takes as its first argument, worded for the diagnostic, or null when it takes
    /// none. Runs for every invocation and object creation of a compilation that references S3Sec.Crypto: four symbol
    /// comparisons decide for any method not declared by these types.
    /// </summary>
    public string? KeyTakenBy(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null)
        {
            return null;
        }

        var constructor = method.MethodKind == MethodKind.Constructor;
        if (SymbolEqualityComparer.Default.Equals(type, _sseCustomerKey))
        {
            return method.Name switch
            {
                "FromBytes" => SseCustomerKeyFromBytes,
                "FromBase64" => SseCustomerKeyFromBase64,
                _ => null,
            };
        }

        if (SymbolEqualityComparer.Default.Equals(type, _aesMasterKey))
        {
            return constructor ? AesMasterKeyNew : method.Name == "FromBase64" ? AesMasterKeyFromBase64 : null;
        }

        if (SymbolEqualityComparer.Default.Equals(type, _rsaMasterKey))
        {
            return constructor ? RsaMasterKeyNew : method.Name == "FromPkcs8PrivateKey" ? RsaMasterKeyFromPkcs8 : null;
        }

        return constructor && SymbolEqualityComparer.Default.Equals(type, _protectedMetadata)
            ? ProtectedMetadataNew
            : null;
    }

    /// <summary>Only S3Sec.Crypto's own type: a same-named type declared in the project is not the library.</summary>
    private static INamedTypeSymbol? Resolve(Compilation compilation, string metadataName)
    {
        return compilation.GetTypeByMetadataName(metadataName) is { ContainingAssembly.Name: Assembly } type
            ? type
            : null;
    }

    private static string Simple(string metadataName) => metadataName.Substring(metadataName.LastIndexOf('.') + 1);
}
