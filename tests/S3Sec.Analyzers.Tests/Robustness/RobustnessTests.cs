using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace S3Sec.Analyzers.Tests.Robustness;

public sealed class RobustnessTests
{
    /// <summary>CI runs this many mutations; set S3SEC_FUZZ_ITERATIONS for a long run on demand.</summary>
    private const int DefaultIterations = 150;

    private readonly ITestOutputHelper _output;

    public RobustnessTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task MutatedSources_NeverCrashAnAnalyzerOrFix()
    {
        var seeds = SeedSources();
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("S3SEC_FUZZ_ITERATIONS"), out var n)
            ? n
            : DefaultIterations;
        var failures = new List<string>();
        var findings = 0;

        for (var seed = 0; seed < iterations; seed++)
        {
            var source = new SourceMutator(seed).Mutate(seeds[seed % seeds.Count]);
            var project = await AnalyzerHarness.CreateProjectAsync(new[] { source });
            var before = failures.Count;
            var diagnostics = await AnalyzerHarness.AnalyzeAsync(project, failures);
            await AnalyzerHarness.ApplyFixesAsync(project, diagnostics, failures);
            findings += diagnostics.Length;
            if (failures.Count > before)
            {
                failures.Add($"(seed {seed}, seed file {seed % seeds.Count}); the source was:\n{source}\n---");
            }
        }

        _output.WriteLine($"{iterations} mutated sources, {findings} findings, {failures.Count} failure lines");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    /// <summary>
    /// Half-typed code around this morning's additions: instance forwarding wrappers, ServiceURL spellings and
    /// acronym plurals, as an editor shows them between keystrokes.
    /// </summary>
    [Theory]
    [InlineData("class Store { IAmazonS3 _s3; public Task Put(PutObjectRequest r) => _s3.PutObjectAsync(r }")]
    [InlineData("class Store { IAmazonS3 _s3; public Task Put(PutObjectRequest r) => _s3.(r); }")]
    [InlineData("class Store { IAmazonS3 _s3; public Task Put(PutObjectRequest) => _s3.PutObjectAsync(r); }")]
    [InlineData("class Store { Missing _s3; public Task Put(PutObjectRequest r) => _s3.PutObjectAsync(r); }")]
    [InlineData("class Store { IAmazonS3 _s3; public Task Put(PutObjectRequest r) => Put(r); }")]
    [InlineData("class Store { IAmazonS3 _s3; public Task Put(PutObjectRequest r) => this.Put(r); }")]
    [InlineData("class Store { IAmazonS3 _s3, _s3; public Task Put(PutObjectRequest r) => _s3.PutObjectAsync(r); }")]
    [InlineData("class Store { IAmazonS3 _s3; public Task Put(PutObjectRequest r, PutObjectRequest r) "
        + "=> _s3.PutObjectAsync(r); }")]
    [InlineData("class Store : Store { IAmazonS3 _s3; public Task Put(PutObjectRequest r) => _s3.PutObjectAsync(r); }")]
    [InlineData("class Store<T> : T { T _s3; public Task Put(PutObjectRequest r) => _s3.PutObjectAsync(r); }")]
    [InlineData("partial class Store { public partial Task Put(PutObjectRequest r); }")]
    [InlineData("class Store { IAmazonS3 _s3; public Task Put(PutObjectRequest r) { return _s3.PutObjectAsync(r)")]
    [InlineData("class Store { IAmazonS3 _s3 => _s3; public Task Put(PutObjectRequest r) => _s3.PutObjectAsync(r); }")]
    [InlineData("class C { AmazonS3Config M() => new AmazonS3Config { ServiceURL = \"  http:\\\\\" }; }")]
    [InlineData("class C { AmazonS3Config M() => new AmazonS3Config { ServiceURL = \"http:\" }; }")]
    [InlineData("class C { AmazonS3Config M() => new AmazonS3Config { ServiceURL = $\"  http:{\" }; }")]
    [InlineData("class C { AmazonS3Config M() => new AmazonS3Config { ServiceURL = \" \\r\\n\" }; }")]
    [InlineData("class C { void M(PutObjectRequest r, string SSNs) => r.Metadata[\"s\"] = SSNs; }")]
    [InlineData("class C { void M(PutObjectRequest r, string s) => r.Metadata[\"IDs\"] = s; }")]
    [InlineData("class C { void M(PutObjectRequest r, string s) => r.Metadata[\"s\"] = s; }")]
    public async Task HalfTypedCodeAroundRecentRules_NeverCrashesAnAnalyzerOrFix(string code)
    {
        var caller = """

            class Caller
            {
                Task Add(Store store) => store.Put(new PutObjectRequest { BucketName = "b" });
            }
            """;
        var project = await AnalyzerHarness.CreateProjectAsync(new[] { S3CodeGenerator.Usings + code + caller });
        var failures = new List<string>();

        var diagnostics = await AnalyzerHarness.AnalyzeAsync(project, failures);
        await AnalyzerHarness.ApplyFixesAsync(project, diagnostics, failures);

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task LargeFile_ReportsEveryUnencryptedWrite()
    {
        var (source, expected) = S3CodeGenerator.Generate(4000);
        var project = await AnalyzerHarness.CreateProjectAsync(new[] { source });
        var failures = new List<string>();

        var diagnostics = await AnalyzerHarness.AnalyzeAsync(project, failures);

        Assert.Empty(failures);
        Assert.Equal(expected, diagnostics.Count(d => d.Id == RuleIdentifiers.UnencryptedWrite));
    }

    [Fact]
    public async Task ConcurrentAnalysis_FindsExactlyWhatSequentialAnalysisFinds()
    {
        var sources = Enumerable.Range(0, 40).Select(i => S3CodeGenerator.Generate(25, i * 25).Source).ToArray();
        var project = await AnalyzerHarness.CreateProjectAsync(sources);
        var failures = new List<string>();

        var concurrent = await AnalyzerHarness.AnalyzeAsync(project, failures, concurrent: true);
        var sequential = await AnalyzerHarness.AnalyzeAsync(project, failures, concurrent: false);

        Assert.Empty(failures);
        Assert.Equal(Describe(sequential), Describe(concurrent));
        Assert.NotEmpty(concurrent);
    }

    [Fact]
    public async Task AnalyzerInstances_KeepNoStateBetweenCompilations()
    {
        var first = await AnalyzerHarness.CreateProjectAsync(new[] { S3CodeGenerator.Generate(40).Source });
        var second = await AnalyzerHarness.CreateProjectAsync(new[] { S3CodeGenerator.Generate(16, 1000).Source });
        var failures = new List<string>();

        var secondAlone = await AnalyzerHarness.AnalyzeAsync(second, failures);
        await AnalyzerHarness.AnalyzeAsync(first, failures);
        var secondAfterFirst = await AnalyzerHarness.AnalyzeAsync(second, failures);

        Assert.Empty(failures);
        Assert.Equal(Describe(secondAlone), Describe(secondAfterFirst));
    }

    private static List<string> Describe(IEnumerable<Microsoft.CodeAnalysis.Diagnostic> diagnostics)
    {
        return diagnostics
            .Select(d => $"{d.Location.SourceTree?.FilePath}:{d.Location.SourceSpan.Start}:{d.Id}:{d.GetMessage()}")
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The sample application, generated S3 code and a few hand-written awkward shapes.</summary>
    private static List<string> SeedSources()
    {
        var seeds = new List<string>
        {
            S3CodeGenerator.Generate(16).Source,
            S3CodeGenerator.Usings + """
                class Edge
                {
                    async Task M(IAmazonS3 s3, PutObjectRequest? given, bool flag)
                    {
                        PutObjectRequest request = new() { ServerSideEncryptionMethod = flag ? null : "" };
                        request.Headers["x-amz-meta-a"] = "b";
                        (request, given) = (given!, request);
                        Func<Task> later = () => s3.PutObjectAsync(new PutObjectRequest { Key = $"{flag}" });
                        await later();
                        await new TransferUtility(s3).UploadAsync(Stream.Null, "b", "k");
                    }
                }
                """,
        };
        var samples = Path.Combine(DocumentationTests.RepositoryRoot, "samples");
        if (Directory.Exists(samples))
        {
            seeds.AddRange(Directory.EnumerateFiles(samples, "*.cs", SearchOption.AllDirectories)
                .OrderBy(p => p, StringComparer.Ordinal)
                .Select(File.ReadAllText));
        }

        return seeds;
    }
}
