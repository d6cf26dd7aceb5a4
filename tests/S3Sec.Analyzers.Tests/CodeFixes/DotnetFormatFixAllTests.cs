using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using S3Sec.Analyzers.Rules;
using S3Sec.Analyzers.Tests.Verifiers;
using S3Sec.CodeFixes;
using Xunit;

namespace S3Sec.Analyzers.Tests.CodeFixes;

/// <summary>
/// Fix All as <c>dotnet format analyzers --diagnostics ID</c> runs it (SolutionCodeFixApplier in dotnet/sdk): the
/// equivalence key is that of the first action registered for the first diagnostic it holds, null when that
/// diagnostic has no fix, and the whole solution is fixed with that key in one pass. The order of its diagnostics
/// is the analyzer driver's, so the tests put the awkward one first.
/// </summary>
public sealed class DotnetFormatFixAllTests
{
    [Fact]
    public async Task FirstDiagnosticWithoutFix_OtherOccurrencesStillFixed()
    {
        const string Source = """
            using Amazon.S3.Model;
            using S3Sec.Crypto.Metadata;

            class User { public string Email { get; set; } }

            class Uploader
            {
                void One(PutObjectRequest request, User user, ProtectedMetadata protector)
                    => request.Metadata.Add("email", user.Email);

                void Two(PutObjectRequest request, User user, ProtectedMetadata a, ProtectedMetadata b)
                    => request.Metadata.Add("email", user.Email);
            }
            """ + StandIns.ProtectedMetadata;

        var (fixedSource, firstKey) = await FormatAsync(
            Source, new SensitiveDataAnalyzer(), new ProtectedMetadataCodeFixProvider(), "S3SEC020", lastFirst: true);

        Assert.Null(firstKey);
        const string Before = "protector)\n        => request.Metadata.Add(\"email\", user.Email);";
        const string After =
            "protector)\n        => request.Metadata.Add(\"email\", protector.Protect(\"email\", user.Email));";
        Assert.Equal(Source.Replace(Before, After), fixedSource);
    }

    [Fact]
    public async Task DifferentReplacements_AllFixedInOnePass()
    {
        const string Source = """
            using Amazon.Extensions.S3.Encryption;

            class Clients
            {
                object Config() => new AmazonS3CryptoConfigurationV4(
                    SecurityProfile.V4AndLegacy, CommitmentPolicy.ForbidEncryptAllowDecrypt,
                    ContentEncryptionAlgorithm.AesGcmWithCommitment);
            }
            """ + StandIns.EncryptionClient;

        var (fixedSource, firstKey) = await FormatAsync(
            Source, new ClientSideEncryptionAnalyzer(), new ClientSideEncryptionCodeFixProvider(), "S3SEC031",
            lastFirst: false);

        Assert.NotNull(firstKey);
        Assert.Equal(
            Source.Replace(
                "SecurityProfile.V4AndLegacy, CommitmentPolicy.ForbidEncryptAllowDecrypt",
                "SecurityProfile.V4, CommitmentPolicy.RequireEncryptRequireDecrypt"),
            fixedSource);
    }

    private static async Task<(string Fixed, string? FirstKey)> FormatAsync(
        string source,
        DiagnosticAnalyzer analyzer,
        CodeFixProvider fix,
        string id,
        bool lastFirst)
    {
        using var workspace = new AdhocWorkspace();
        var references = await SdkReferences.Resolve(SdkLine.V4);
        var project = workspace.AddProject("App", LanguageNames.CSharp)
            .WithCompilationOptions(new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable))
            .WithMetadataReferences(references);
        var document = project.AddDocument("App.cs", source, filePath: "/src/App.cs");
        var solution = document.Project.Solution;

        var compilation = (await document.Project.GetCompilationAsync())!;
        var found = await compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync();
        var ordered = found.Where(d => d.Id == id).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
        Assert.True(ordered.Length >= 2, $"expected at least two {id} findings, got {ordered.Length}");
        var diagnostics = lastFirst ? ordered.Reverse().ToImmutableArray() : ordered;

        var first = diagnostics[0];
        CodeAction? action = null;
        await fix.RegisterCodeFixesAsync(new CodeFixContext(
            solution.GetDocument(first.Location.SourceTree)!, first, (a, _) => action ??= a, CancellationToken.None));

        var context = new FixAllContext(
            solution.GetDocument(first.Location.SourceTree)!,
            fix,
            FixAllScope.Solution,
            action?.EquivalenceKey!,
            new[] { id },
            new HeldDiagnostics(diagnostics),
            CancellationToken.None);
        var fixAll = await fix.GetFixAllProvider()!.GetFixAsync(context);
        Assert.NotNull(fixAll);
        var operations = await fixAll!.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        var text = await changed.GetDocument(document.Id)!.GetTextAsync();
        return (text.ToString(), action?.EquivalenceKey);
    }

    /// <summary>Like dotnet format's provider: every held diagnostic, whatever the question.</summary>
    private sealed class HeldDiagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _all;

        public HeldDiagnostics(ImmutableArray<Diagnostic> all)
        {
            _all = all;
        }

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(
            Document document,
            CancellationToken cancellationToken)
        {
            return Task.FromResult(_all.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(
            Project project,
            CancellationToken cancellationToken)
        {
            return Task.FromResult<IEnumerable<Diagnostic>>(_all);
        }

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(
            Project project,
            CancellationToken cancellationToken)
        {
            return Task.FromResult<IEnumerable<Diagnostic>>(_all);
        }
    }
}
