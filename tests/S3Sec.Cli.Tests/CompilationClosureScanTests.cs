using System.IO;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

/// <summary>
/// Scans where the only candidate file (the one naming the SDK) gets its finding, or loses it, through a file that
/// names nothing of the SDK: each such file must be compiled for the findings to be those of the whole project.
/// </summary>
public sealed class CompilationClosureScanTests
{
    private const string Unrelated = "public static class Clock { public static int Hour() => 12; }";

    [Fact]
    public void ConstantInAnotherFile_StillGivesThePlainHttpFinding()
    {
        using var tree = Project(
            ("Uploader.cs", RestoredProjects.ClosureUploader),
            ("Settings.cs", RestoredProjects.ClosureSettings));

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-v");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("App/Uploader.cs(3,", result.Output);
        Assert.Contains("warning S3SEC011", result.Output);
        Assert.Contains(
            "App/App.csproj: compiled 2 of 3 file(s): 1 candidate(s) and the files they can need", result.Error);
        Assert.Contains("App/App.csproj: analysed 1 of 3 file(s)", result.Error);
    }

    [Fact]
    public void ConstantOfABaseClassInAnotherFile_StillGivesThePlainHttpFinding()
    {
        using var tree = Project(
            ("Store.cs", """
                public sealed class Store : StoreBase
                {
                    public Amazon.S3.AmazonS3Config Config() => new() { ServiceURL = Endpoint };
                }
                """),
            ("StoreBase.cs", """
                public abstract class StoreBase
                {
                    protected const string Endpoint = "http://minio.local:9000";
                }
                """));

        var result = CliRunner.Scan(tree);

        Assert.Contains("App/Store.cs(3,", result.Output);
        Assert.Contains("warning S3SEC011", result.Output);
    }

    [Fact]
    public void ConstantInAnotherPartOfAPartialClass_StillGivesThePlainHttpFinding()
    {
        using var tree = Project(
            ("Store.cs", """
                public partial class Store
                {
                    public Amazon.S3.AmazonS3Config Config() => new() { ServiceURL = Endpoint };
                }
                """),
            ("Store.Settings.cs", """
                public partial class Store
                {
                    private const string Endpoint = "http://minio.local:9000";
                }
                """));

        var result = CliRunner.Scan(tree);

        Assert.Contains("App/Store.cs(3,", result.Output);
        Assert.Contains("warning S3SEC011", result.Output);
    }

    [Fact]
    public void ConstantReachedThroughAGlobalUsingFile_StillGivesThePlainHttpFinding()
    {
        using var tree = Project(
            ("Uploader.cs", RestoredProjects.ClosureUploader),
            ("GlobalUsings.cs", "global using Contoso.Config;\n"),
            ("Settings.cs", "namespace Contoso.Config;\n" + RestoredProjects.ClosureSettings));

        var result = CliRunner.Scan(tree);

        Assert.Contains("App/Uploader.cs(3,", result.Output);
        Assert.Contains("warning S3SEC011", result.Output);
    }

    [Fact]
    public void TopLevelStatementsUsingAnotherPartOfProgram_StillGiveThePlainHttpFinding()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Sources.Project("4.1.0.1").Replace(
            "<TargetFramework>", "<OutputType>Exe</OutputType><TargetFramework>"));
        tree.Write("App/Program.cs", """
            var config = new Amazon.S3.AmazonS3Config { ServiceURL = Endpoint };
            System.Console.WriteLine(config.ServiceURL);
            """);
        tree.Write("App/Program.Settings.cs", """
            internal partial class Program
            {
                private const string Endpoint = "http://minio.local:9000";
            }
            """);
        tree.Write("App/Clock.cs", Unrelated);

        var result = CliRunner.Scan(tree);

        Assert.Contains("App/Program.cs(1,", result.Output);
        Assert.Contains("warning S3SEC011", result.Output);
    }

    [Fact]
    public void SensitivePropertyOfAClassInAnotherFile_StillGivesTheMetadataFinding()
    {
        using var tree = Project(
            ("Uploader.cs", MetadataFrom("customer.Email")),
            ("Customer.cs", "public class Customer { public string Email { get; set; } = \"\"; }"));

        var result = CliRunner.Scan(tree);

        Assert.Contains("App/Uploader.cs(8,9): warning S3SEC020", result.Output);
    }

    [Fact]
    public void PropertyMarkedByAnAttributeDeclaredInAThirdFile_StillGivesTheMetadataFinding()
    {
        using var tree = Project(
            ("Uploader.cs", MetadataFrom("customer.Reference")),
            ("Customer.cs", "public class Customer { [Sensitive] public string Reference { get; set; } = \"\"; }"),
            ("SensitiveAttribute.cs", "public sealed class SensitiveAttribute : System.Attribute { }"));

        var result = CliRunner.Scan(tree);

        Assert.Contains("App/Uploader.cs(8,9): warning S3SEC020", result.Output);
    }

    [Fact]
    public void ExtensionMethodInAFileNobodyNames_StillGivesTheMetadataFinding()
    {
        using var tree = Project(
            ("Uploader.cs", MetadataFrom("customer.EmailAddress()")),
            ("Customer.cs", "public class Customer { public string Name { get; set; } = \"\"; }"),
            ("CustomerExtensions.cs", """
                public static class CustomerExtensions
                {
                    public static string EmailAddress(this Customer customer) => customer.Name + "@example.com";
                }
                """));

        var result = CliRunner.Scan(tree);

        Assert.Contains("App/Uploader.cs(8,9): warning S3SEC020", result.Output);
    }

    [Fact]
    public void AssemblySuppressionInAFileNobodyNames_StillSuppresses()
    {
        using var tree = Project(
            ("Uploader.cs", "namespace App;\n" + RestoredProjects.ClosureSettings.Replace(
                "public static class Settings", "public static class Endpoints") + """

                public class Uploader
                {
                    public Amazon.S3.AmazonS3Config Config() => new() { ServiceURL = Endpoints.Endpoint };
                }
                """),
            ("GlobalSuppressions.cs", """
                [assembly: System.Diagnostics.CodeAnalysis.SuppressMessage(
                    "Security", "S3SEC011", Scope = "namespaceanddescendants", Target = "~N:App")]
                """));

        var result = CliRunner.Scan(tree);

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("S3SEC011", result.Output);
    }

    [Fact]
    public void NamespaceThatHidesANamedClass_StillHidesIt()
    {
        // Inside Contoso, `Settings` is the namespace Contoso.Settings: the whole project does not compile the
        // endpoint, so there is no finding, and compiling less must not produce one.
        using var tree = Project(
            ("Uploader.cs", "namespace Contoso;\n" + RestoredProjects.ClosureUploader),
            ("Settings.cs", RestoredProjects.ClosureSettings),
            ("Marker.cs", "namespace Contoso.Settings { public class Marker { } }"));

        var result = CliRunner.Scan(tree);

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("S3SEC011", result.Output);
    }

    [Fact]
    public void FileReachedOnlyByReflectionOrDynamic_IsNotCompiled_AndCouldNotGiveAFinding()
    {
        // The blind spot of compiling by name: a dynamic member is bound at run time and a reflected value is
        // unknown to the analyzers, so the whole project reports nothing here either.
        using var tree = Project(
            ("Uploader.cs", """
                public class Uploader
                {
                    public Amazon.S3.AmazonS3Config ViaDynamic()
                    {
                        dynamic settings = System.Activator.CreateInstance(System.Type.GetType("Contoso.Settings")!)!;
                        return new() { ServiceURL = settings.Endpoint };
                    }

                    public Amazon.S3.AmazonS3Config ViaReflection() => new()
                    {
                        ServiceURL = (string)System.Type.GetType("Contoso.Settings")!.GetField("Endpoint")!
                            .GetValue(null)!,
                    };
                }
                """),
            ("Settings.cs", """
                namespace Contoso;
                public class Settings { public string Endpoint = "http://minio.local:9000"; }
                """));

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-v");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("App/App.csproj: compiled 1 of 3 file(s)", result.Error);
        Assert.DoesNotContain("S3SEC011", result.Output);
    }

    [Fact]
    public void UnrecognisedOptionOnlyInAFileNotCompiled_IsStillReported()
    {
        using var tree = Project(("Uploader.cs", Sources.UnencryptedPut));
        tree.Write("App/.editorconfig", "root = true\n\n[Clock.cs]\ns3sec.allow_sse_c = nope\n");

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-v");

        Assert.Contains("App/App.csproj: compiled 2 of 2 file(s)", result.Error);
        Assert.Contains("App/App.csproj: S3SEC090: s3sec.allow_sse_c = 'nope' is not recognised", result.Error);
    }

    [Fact]
    public void Fix_FixesTheCandidate_AndReportsWhatRemainsWithItsPath()
    {
        using var tree = Project(
            ("Uploader.cs", Sources.UnencryptedPut.Replace("BucketName = \"b\"", "BucketName = Names.Bucket")),
            ("Names.cs", "public static class Names { public const string Bucket = \"b\"; }"),
            ("Factory.cs", RestoredProjects.ClosureUploader.Replace("Uploader", "Factory")),
            ("Settings.cs", RestoredProjects.ClosureSettings));

        var result = CliRunner.Scan(tree, "--fix");

        Assert.Contains(
            "ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 };",
            File.ReadAllText(tree.PathOf("App/Uploader.cs")));
        Assert.Contains("s3sec: fixed 1 finding in 1 file; 1 finding remains", result.Error);
        Assert.Contains("App/Factory.cs(3,", result.Output);
        Assert.DoesNotContain("App/Uploader.cs", result.Output);
    }

    /// <summary>A project of the given files beside one file that nothing names.</summary>
    private static TempTree Project(params (string Path, string Text)[] files)
    {
        var tree = new TempTree();
        tree.Write("App/App.csproj", Sources.Project("4.1.0.1"));
        foreach (var (path, text) in files)
        {
            tree.Write("App/" + path, text);
        }

        tree.Write("App/Clock.cs", Unrelated);
        return tree;
    }

    /// <summary>S3SEC020 at line 8, column 9, when <paramref name="value"/> is a sensitive value.</summary>
    private static string MetadataFrom(string value) => $$"""
        using Amazon.S3;
        using Amazon.S3.Model;

        public class Uploader
        {
            public void Upload(IAmazonS3 s3, Customer customer, PutObjectRequest request)
            {
                request.Metadata["contact"] = {{value}};
                s3.PutObjectAsync(request);
            }
        }
        """;
}
