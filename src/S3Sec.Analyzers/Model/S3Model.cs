using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using S3Sec.Analyzers.Analysis;

namespace S3Sec.Analyzers.Model;

/// <summary>
/// The AWS SDK for .NET types S3Sec reasons about, resolved once per compilation. Types are matched by their
/// full metadata name, so same-named types of other SDKs (MinIO, Aliyun OSS, Tencent COS) never match; the
/// members are matched by name on the receiver's type, because 4.x moved the transfer requests' members to
/// <c>BaseUploadRequest</c> while 3.7 declares them on each request.
/// </summary>
internal sealed class S3Model
{
    public const string ServerSideEncryptionMethodProperty = "ServerSideEncryptionMethod";
    public const string KmsKeyIdProperty = "ServerSideEncryptionKeyManagementServiceKeyId";
    public const string SseCustomerMethodProperty = "ServerSideEncryptionCustomerMethod";
    public const string SseCustomerKeyProperty = "ServerSideEncryptionCustomerProvidedKey";
    public const string SseCustomerKeyMd5Property = "ServerSideEncryptionCustomerProvidedKeyMD5";
    public const string CopySourceSseCustomerMethodProperty = "CopySourceServerSideEncryptionCustomerMethod";
    public const string CopySourceSseCustomerKeyProperty = "CopySourceServerSideEncryptionCustomerProvidedKey";
    public const string CopySourceSseCustomerKeyMd5Property = "CopySourceServerSideEncryptionCustomerProvidedKeyMD5";
    public const string SseCustomerAlgorithmStringProperty = "SSECustomerAlgorithm";
    public const string SseCustomerKeyStringProperty = "SSECustomerKey";
    public const string SseCustomerKeyMd5StringProperty = "SSECustomerKeyMD5";
    public const string UseHttpProperty = "UseHttp";
    public const string ServiceUrlProperty = "ServiceURL";
    public const string ProtocolProperty = "Protocol";
    public const string VerbProperty = "Verb";
    public const string HeadersProperty = "Headers";

    private static readonly string[] WriteRequestNames =
    {
        "Amazon.S3.Model.PutObjectRequest",
        "Amazon.S3.Model.InitiateMultipartUploadRequest",
        "Amazon.S3.Model.CopyObjectRequest",
        "Amazon.S3.Transfer.TransferUtilityUploadRequest",
        "Amazon.S3.Transfer.TransferUtilityUploadDirectoryRequest",
        "Amazon.S3.Model.GetPreSignedUrlRequest",
    };

    private static readonly WriteKind[] WriteRequestKinds =
    {
        WriteKind.PutObject,
        WriteKind.InitiateMultipartUpload,
        WriteKind.CopyObject,
        WriteKind.TransferUpload,
        WriteKind.TransferUploadDirectory,
        WriteKind.PresignedUrl,
    };

    // The request types found, in two arrays: six at most, so a scan costs what a hash lookup does, and a dictionary
    // keyed to the enum would need its generic code compiled afresh in every new compiler process.
    private readonly INamedTypeSymbol[] _writeRequestTypes;
    private readonly WriteKind[] _writeRequestKinds;
    private readonly int _writeRequestCount;

    private static readonly ImmutableArray<string> EncryptionClientNames = ImmutableArray.Create(
        "Amazon.Extensions.S3.Encryption.AmazonS3EncryptionClientV2",
        "Amazon.Extensions.S3.Encryption.AmazonS3EncryptionClientV4",
        "Amazon.Extensions.S3.Encryption.AmazonS3EncryptionClient",
        "Amazon.S3.Encryption.AmazonS3EncryptionClient",
        "Amazon.S3.Encryption.AmazonS3EncryptionClientV2");

    private static readonly ImmutableArray<string> MasterKeyMaterialsNames = ImmutableArray.Create(
        "Amazon.Extensions.S3.Encryption.EncryptionMaterialsV2",
        "Amazon.Extensions.S3.Encryption.EncryptionMaterialsV4",
        "Amazon.Extensions.S3.Encryption.EncryptionMaterials",
        "Amazon.S3.Encryption.EncryptionMaterials");

    private S3Model(Compilation compilation)
    {
        ServerSideEncryptionMethod = compilation.GetTypeByMetadataName("Amazon.S3.ServerSideEncryptionMethod");
        ServerSideEncryptionCustomerMethod =
            compilation.GetTypeByMetadataName("Amazon.S3.ServerSideEncryptionCustomerMethod");
        HttpVerb = compilation.GetTypeByMetadataName("Amazon.S3.HttpVerb");
        IAmazonS3 = compilation.GetTypeByMetadataName("Amazon.S3.IAmazonS3");
        AmazonS3Client = compilation.GetTypeByMetadataName("Amazon.S3.AmazonS3Client");
        TransferUtility = compilation.GetTypeByMetadataName("Amazon.S3.Transfer.TransferUtility");
        ITransferUtility = compilation.GetTypeByMetadataName("Amazon.S3.Transfer.ITransferUtility");
        ClientConfig = compilation.GetTypeByMetadataName("Amazon.Runtime.ClientConfig");
        AmazonS3Config = compilation.GetTypeByMetadataName("Amazon.S3.AmazonS3Config");
        Protocol = compilation.GetTypeByMetadataName("Amazon.S3.Protocol");
        GetPreSignedUrlRequest = compilation.GetTypeByMetadataName("Amazon.S3.Model.GetPreSignedUrlRequest");

        _writeRequestTypes = new INamedTypeSymbol[WriteRequestNames.Length];
        _writeRequestKinds = new WriteKind[WriteRequestNames.Length];
        for (var i = 0; i < WriteRequestNames.Length; i++)
        {
            if (compilation.GetTypeByMetadataName(WriteRequestNames[i]) is { } type)
            {
                _writeRequestTypes[_writeRequestCount] = type;
                _writeRequestKinds[_writeRequestCount] = WriteRequestKinds[i];
                _writeRequestCount++;
            }
        }

        var clients = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var name in EncryptionClientNames)
        {
            if (compilation.GetTypeByMetadataName(name) is { } type)
            {
                clients.Add(type);
            }
        }

        EncryptionClients = clients.ToImmutable();

        var materials = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var name in MasterKeyMaterialsNames)
        {
            if (compilation.GetTypeByMetadataName(name) is { } type)
            {
                materials.Add(type);
            }
        }

        MasterKeyMaterials = materials.ToImmutable();
    }

    public INamedTypeSymbol? ServerSideEncryptionMethod { get; }

    public INamedTypeSymbol? ServerSideEncryptionCustomerMethod { get; }

    public INamedTypeSymbol? HttpVerb { get; }

    public INamedTypeSymbol? IAmazonS3 { get; }

    public INamedTypeSymbol? AmazonS3Client { get; }

    public INamedTypeSymbol? TransferUtility { get; }

    public INamedTypeSymbol? ITransferUtility { get; }

    /// <summary><c>Amazon.Runtime.ClientConfig</c>: the base of every client's configuration.</summary>
    public INamedTypeSymbol? ClientConfig { get; }

    public INamedTypeSymbol? AmazonS3Config { get; }

    /// <summary>The <c>Amazon.S3.Protocol</c> enum of presigned URLs (HTTPS or HTTP).</summary>
    public INamedTypeSymbol? Protocol { get; }

    public INamedTypeSymbol? GetPreSignedUrlRequest { get; }

    /// <summary>Client-side encryption materials that take a master key (stand-ins included).</summary>
    public ImmutableHashSet<INamedTypeSymbol> MasterKeyMaterials { get; }

    /// <summary>Whether the compilation has any request type that writes an object.</summary>
    public bool HasWriteRequests => _writeRequestCount > 0;

    /// <summary>Client-side encryption clients known in this compilation (stand-ins included).</summary>
    public ImmutableHashSet<INamedTypeSymbol> EncryptionClients { get; }

    /// <summary>Field and property writes already looked up in this compilation.</summary>
    public MemberWriteCache MemberWrites { get; } = new();

    /// <summary>
    /// Whether each own field or property used as a receiver holds an encryption client
    /// (<see cref="ClientResolver"/>), kept for this compilation.
    /// </summary>
    public MemberCache<bool> EncryptionClientMembers { get; } = new();

    /// <summary>
    /// Whether the source of a type names a client-side encryption client type anywhere (answered from syntax, kept
    /// for this compilation): a field of such a type may hold one even when it is declared as <c>IAmazonS3</c>.
    /// </summary>
    public bool NamesEncryptionClient(INamedTypeSymbol type) => ScannedForClientNames(type.OriginalDefinition);

    /// <summary>
    /// Whether the body of a method of this compilation names a client-side encryption client type (answered from
    /// syntax, kept for this compilation): a factory such as <c>IAmazonS3 Make() =&gt; new
    /// AmazonS3EncryptionClientV2(...)</c> may return one, and its callers' writes are then not called unencrypted.
    /// </summary>
    public bool BodyNamesEncryptionClient(IMethodSymbol method) => ScannedForClientNames(method.OriginalDefinition);

    /// <summary>Types and methods share one cache: a symbol is one or the other, and each is scanned once.</summary>
    private bool ScannedForClientNames(ISymbol definition)
    {
        return !definition.DeclaringSyntaxReferences.IsEmpty
            && _namesEncryptionClient.GetOrAdd(definition, NamesEncryptionClientCallback);
    }

    private readonly ConcurrentDictionary<ISymbol, bool> _namesEncryptionClient = new(SymbolEqualityComparer.Default);

    private Func<ISymbol, bool>? _namesEncryptionClientCallback;

    private Func<ISymbol, bool> NamesEncryptionClientCallback => _namesEncryptionClientCallback ??= ScanForClientNames;

    private bool ScanForClientNames(ISymbol symbol)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            // A method's body only: a parameter of an encryption client type says nothing of what is returned.
            SyntaxNode? scanned = reference.GetSyntax() switch
            {
                BaseMethodDeclarationSyntax declared when symbol is IMethodSymbol
                    => (SyntaxNode?)declared.Body ?? declared.ExpressionBody,
                LocalFunctionStatementSyntax local when symbol is IMethodSymbol
                    => (SyntaxNode?)local.Body ?? local.ExpressionBody,
                var other when symbol is INamedTypeSymbol => other,
                _ => null,
            };

            if (scanned is not null && NamesClient(scanned))
            {
                return true;
            }
        }

        return false;
    }

    private bool NamesClient(SyntaxNode node)
    {
        foreach (var token in node.DescendantTokens())
        {
            if (!token.IsKind(SyntaxKind.IdentifierToken))
            {
                continue;
            }

            foreach (var client in EncryptionClients)
            {
                if (token.ValueText == client.Name)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Returns the model, or null when the compilation does not reference AWSSDK.S3.</summary>
    /// <remarks>
    /// Built once per compilation and shared by every analyzer, with its caches of member writes. Analyzers ask for
    /// it through <see cref="Defer"/>, in their first callback, and not in their compilation-start action.
    /// </remarks>
    public static S3Model? TryCreate(Compilation compilation) => Models.GetValue(compilation, CreateCallback).Value;

    /// <summary>
    /// The model, built on first use inside an analysis callback. A compilation-start action runs before the
    /// compiler has bound anything, and the first type lookup there pays for binding every referenced assembly:
    /// work the compiler does moments later anyway, but which the build's per-analyzer report (and the IDE's)
    /// then charges to whichever analyzer came first. Inside a callback the references are already bound.
    /// </summary>
    /// <param name="compilation">The compilation of the start action.</param>
    /// <param name="applies">What an analyzer needs of the model (a request type, the client), if anything.</param>
    public static Lazy<S3Model?> Defer(Compilation compilation, Func<S3Model, bool>? applies = null)
    {
        return new(
            () => TryCreate(compilation) is { } model && (applies is null || applies(model)) ? model : null,
            LazyThreadSafetyMode.PublicationOnly);
    }

    /// <summary>
    /// Whether the compilation can hold S3 code: it references an <c>AWSSDK.S3</c> assembly. Answered from the
    /// reference list as given, which binds nothing and waits for nothing: in csc the start actions run while the
    /// compiler is building its own tables, and anything lazy asked for here is waited for and charged to S3Sec.
    /// When false, analyzers register nothing, so a project without S3 pays for nothing beyond this loop.
    /// </summary>
    public static bool MayBeReferenced(Compilation compilation)
        => ReferenceGate.MayReference(compilation, SdkS3Assembly, SdkS3File);

    private const string SdkS3Assembly = "AWSSDK.S3";

    private const string SdkS3File = "AWSSDK.S3.dll";

    private static readonly ConditionalWeakTable<Compilation, StrongBox<S3Model?>> Models = new();

    private static readonly ConditionalWeakTable<Compilation, StrongBox<S3Model?>>.CreateValueCallback CreateCallback =
        compilation => new StrongBox<S3Model?>(Create(compilation));

    private static S3Model? Create(Compilation compilation)
    {
        if (!MayBeReferenced(compilation)
            || compilation.GetTypeByMetadataName("Amazon.S3.ServerSideEncryptionMethod") is null)
        {
            return null;
        }

        return new S3Model(compilation);
    }

    public bool TryGetWriteKind(ITypeSymbol? type, out WriteKind kind)
    {
        kind = default;
        if (type is not INamedTypeSymbol named)
        {
            return false;
        }

        var definition = named.OriginalDefinition;
        for (var i = 0; i < _writeRequestCount; i++)
        {
            if (SymbolEqualityComparer.Default.Equals(_writeRequestTypes[i], definition))
            {
                kind = _writeRequestKinds[i];
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the type is, or derives from, a client-side encryption client.</summary>
    public bool IsEncryptionClient(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current is INamedTypeSymbol named && EncryptionClients.Contains(named.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for the S3 client types and interfaces, and the transfer utility.</summary>
    public bool IsS3ClientOrTransferUtility(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        return IsOrDerivesFrom(type, AmazonS3Client)
            || IsOrDerivesFrom(type, TransferUtility)
            || SymbolEqualityComparer.Default.Equals(type, IAmazonS3)
            || SymbolEqualityComparer.Default.Equals(type, ITransferUtility);
    }

    public bool IsClientConfig(ITypeSymbol? type) => type is not null && IsOrDerivesFrom(type, ClientConfig);

    /// <summary>True for the S3 client's configuration and the client-side encryption configurations.</summary>
    public bool IsS3Config(ITypeSymbol? type) => type is not null && IsOrDerivesFrom(type, AmazonS3Config);

    /// <summary>A type declared in the AWS SDK for S3 (requests, transfer requests), cheap to ask first.</summary>
    public static bool IsFromS3Sdk(ITypeSymbol? type)
    {
        return type?.ContainingAssembly?.Name == "AWSSDK.S3";
    }

    public bool IsTransferUtility(ITypeSymbol? type)
    {
        return type is not null
            && (IsOrDerivesFrom(type, TransferUtility)
                || SymbolEqualityComparer.Default.Equals(type, ITransferUtility));
    }

    private static bool IsOrDerivesFrom(ITypeSymbol type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }
}
