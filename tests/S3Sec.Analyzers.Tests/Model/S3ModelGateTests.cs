using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using S3Sec.Analyzers.Model;
using S3Sec.Analyzers.Tests.Verifiers;
using Xunit;

namespace S3Sec.Analyzers.Tests.Model;

/// <summary>
/// The test every analyzer runs at compilation start, before it registers anything: it must say yes wherever S3
/// code can be, and answer from the reference list and declarations alone (see <see cref="S3Model.Defer"/>).
/// </summary>
public sealed class S3ModelGateTests
{
    [Theory]
    [MemberData(nameof(SdkReferences.Lines), MemberType = typeof(SdkReferences))]
    public async Task AnSdkLineReferenced_IsAccepted_AndItsModelBuilt(SdkLine line)
    {
        var compilation = Compile(await SdkReferences.Resolve(line));

        Assert.True(S3Model.MayBeReferenced(compilation));
        Assert.NotNull(S3Model.Defer(compilation).Value?.ServerSideEncryptionMethod);
    }

    [Fact]
    public async Task NoAwsSdk_IsRejected()
    {
        var compilation = Compile(await SdkReferences.None.ResolveAsync(LanguageNames.CSharp, default));

        Assert.False(S3Model.MayBeReferenced(compilation));
        Assert.Null(S3Model.TryCreate(compilation));
    }

    [Fact]
    public async Task AnotherAwsService_WithoutS3_IsRejected()
    {
        var references = await SdkReferences.V4WithKmsAndSsm.ResolveAsync(LanguageNames.CSharp, default);
        var withoutS3 = references.Where(r => !IsS3(r)).ToImmutableArray();
        Assert.Contains(withoutS3, r => FileName(r) == "AWSSDK.KeyManagementService.dll");

        Assert.False(S3Model.MayBeReferenced(Compile(withoutS3)));
    }

    [Fact]
    public async Task TheSdkLoadedFromMemory_IsAcceptedTheSlowerWay()
    {
        var references = await SdkReferences.Resolve(SdkLine.V4);
        var inMemory = references
            .Select(r => IsS3(r)
                ? MetadataReference.CreateFromImage(File.ReadAllBytes(((PortableExecutableReference)r).FilePath!))
                : r)
            .ToImmutableArray();
        Assert.DoesNotContain(inMemory, IsS3);

        Assert.True(S3Model.MayBeReferenced(Compile(inMemory)));
    }

    [Fact]
    public async Task TheSdkFileName_IsMatchedWithoutRegardToCase()
    {
        var references = await SdkReferences.Resolve(SdkLine.V4);
        var s3 = (PortableExecutableReference)references.Single(IsS3);
        var folder = Directory.CreateTempSubdirectory("s3sec-gate-").FullName;
        try
        {
            var renamed = Path.Combine(folder, "awssdk.s3.DLL");
            File.Copy(s3.FilePath!, renamed);
            var lowerCase = references.Select(r => r == s3 ? MetadataReference.CreateFromFile(renamed) : r);

            Assert.True(S3Model.MayBeReferenced(Compile(lowerCase.ToImmutableArray())));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task TheSdkEnumDeclaredInSource_WithoutTheSdk_IsRejected()
    {
        // Only the SDK's own assembly counts: the AWS SDK is not written in the projects S3Sec analyzes.
        var references = await SdkReferences.None.ResolveAsync(LanguageNames.CSharp, default);
        var compilation = Compile(
            references,
            "namespace Amazon.S3 { public sealed class ServerSideEncryptionMethod { } }");

        Assert.False(S3Model.MayBeReferenced(compilation));
        Assert.Null(S3Model.TryCreate(compilation));
    }

    [Fact]
    public async Task AMemberNamedLikeTheSdkEnum_IsNotTheSdk()
    {
        var references = await SdkReferences.None.ResolveAsync(LanguageNames.CSharp, default);
        var compilation = Compile(
            references,
            "class Options { public string ServerSideEncryptionMethod { get; set; } }");

        Assert.False(S3Model.MayBeReferenced(compilation));
    }

    private static bool IsS3(MetadataReference reference) => FileName(reference) == "AWSSDK.S3.dll";

    private static string? FileName(MetadataReference reference)
        => reference is PortableExecutableReference { FilePath: { } path } ? Path.GetFileName(path) : null;

    private static CSharpCompilation Compile(
        ImmutableArray<MetadataReference> references,
        string source = "class Program { }")
    {
        return CSharpCompilation.Create(
            "Gate",
            new[] { CSharpSyntaxTree.ParseText(source) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
    }
}
