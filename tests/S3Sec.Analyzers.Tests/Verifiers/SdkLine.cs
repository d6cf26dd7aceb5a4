using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace S3Sec.Analyzers.Tests.Verifiers;

/// <summary>The two AWSSDK.S3 lines S3Sec supports.</summary>
public enum SdkLine
{
    V37,
    V4,
}

internal static class SdkReferences
{
    private static readonly ReferenceAssemblies V37 = ReferenceAssemblies.Net.Net80.AddPackages(
        ImmutableArray.Create(new PackageIdentity("AWSSDK.S3", "3.7.511.8")));

    private static readonly ReferenceAssemblies V4 = ReferenceAssemblies.Net.Net80.AddPackages(
        ImmutableArray.Create(new PackageIdentity("AWSSDK.S3", "4.1.0.1")));

    /// <summary>.NET 8 with no AWS SDK at all, for "not the S3 SDK" cases.</summary>
    public static readonly ReferenceAssemblies None = ReferenceAssemblies.Net.Net80;

    public static ReferenceAssemblies For(SdkLine line) => line == SdkLine.V37 ? V37 : V4;

    /// <summary>The metadata references of a line, for compilations built outside the verifiers.</summary>
    public static Task<ImmutableArray<MetadataReference>> Resolve(SdkLine line)
        => For(line).ResolveAsync(LanguageNames.CSharp, CancellationToken.None);

    /// <summary>AWSSDK.S3 4.x with AWS KMS and SSM, the other services a master key can be sent to.</summary>
    public static readonly ReferenceAssemblies V4WithKmsAndSsm = V4.AddPackages(ImmutableArray.Create(
        new PackageIdentity("AWSSDK.KeyManagementService", "4.1.1"),
        new PackageIdentity("AWSSDK.SimpleSystemsManagement", "4.1.1.1")));

    /// <summary>S3Sec.Crypto as built for this test project, referenced by file as a package would be.</summary>
    public static readonly MetadataReference S3SecCrypto =
        MetadataReference.CreateFromFile(typeof(S3Sec.Crypto.Envelope.AesMasterKey).Assembly.Location);

    public static TheoryData<SdkLine> Lines => new() { SdkLine.V37, SdkLine.V4 };
}
