using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

/// <summary>Projects whose files never name the AWS SDK are not compiled: nothing in them can be an S3 call.</summary>
public sealed class AwsMentionTests
{
    [Fact]
    public void ProjectWithoutAwsMention_IsNotAnalysed()
    {
        using var tree = new TempTree();
        tree.Write("Web/Web.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        tree.Write("Web/Home.cs", "namespace Web; public class Home { public string Index() => \"hello\"; }");

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-v");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Web/Web.csproj: no file mentions the AWS SDK; not analysed", result.Error);
    }

    [Fact]
    public void ProjectWithGlobalUsingOfTheSdk_IsAnalysed()
    {
        using var tree = new TempTree();
        tree.Write("Api/Api.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="AWSSDK.S3" Version="4.1.0.1" />
                <Using Include="Amazon.S3" />
                <Using Include="Amazon.S3.Model" />
              </ItemGroup>
            </Project>
            """);
        tree.Write("Api/Store.cs", """
            namespace Api;
            public class Store
            {
                public System.Threading.Tasks.Task Put(IAmazonS3 s3)
                    => s3.PutObjectAsync(new PutObjectRequest { BucketName = "b", Key = "k" });
            }
            """);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("warning S3SEC001", result.Output);
    }

    [Fact]
    public void FilesWithoutS3Code_AreNotAnalysed_AndFindingsElsewhereStay()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Sources.Project("4.1.0.1"));
        tree.Write("App/Uploader.cs", Sources.UnencryptedPut);
        tree.Write("App/Calculator.cs", Sources.NoS3);
        tree.Write("App/Clock.cs", "public static class Clock { public static int Hour() => 12; }");

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-v");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("App/App.csproj: analysed 1 of 3 file(s) that can hold S3 code", result.Error);
        Assert.Contains("App/Uploader.cs(8,23): warning S3SEC001", result.Output);
    }

    [Fact]
    public void FileUsingAnInheritedTransferUtility_IsAnalysedWithoutNamingTheSdk()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Sources.Project("4.1.0.1"));
        tree.Write("App/StoreBase.cs", """
            using Amazon.S3.Transfer;
            public abstract class StoreBase
            {
                protected TransferUtility Transfer { get; } = new TransferUtility(new Amazon.S3.AmazonS3Client());
            }
            """);
        tree.Write("App/Exporter.cs", """
            public sealed class Exporter : StoreBase
            {
                public System.Threading.Tasks.Task Export(string path) => Transfer.UploadAsync(path, "reports");
            }
            """);
        tree.Write("App/Calculator.cs", Sources.NoS3);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-v");

        Assert.Contains("App/App.csproj: analysed 2 of 3 file(s) that can hold S3 code", result.Error);
        Assert.Contains("App/Exporter.cs(3,63): warning S3SEC001", result.Output);
    }

    [Fact]
    public void SourceGlobalUsingOfTheSdk_MakesEveryFileACandidate()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", Sources.Project("4.1.0.1"));
        tree.Write("App/GlobalUsings.cs", "global using Amazon.S3;\nglobal using Amazon.S3.Model;\n");
        tree.Write("App/Store.cs", """
            public class Store
            {
                public System.Threading.Tasks.Task Put(IAmazonS3 s3, PutObjectRequest request)
                {
                    request.Metadata["customer-ssn"] = "x";
                    return s3.PutObjectAsync(request);
                }
            }
            """);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-v");

        Assert.Contains("App/App.csproj: analysed 2 of 2 file(s) that can hold S3 code", result.Error);
    }

    [Fact]
    public void UnrecognisedOption_IsReportedWhenOnlySomeFilesAreAnalysed()
    {
        using var tree = new TempTree();
        tree.Write(".editorconfig", "root = true\n\n[*.cs]\ns3sec.allow_sse_c = nope\n");
        tree.Write("App/App.csproj", Sources.Project("4.1.0.1"));
        tree.Write("App/Uploader.cs", Sources.UnencryptedPut);
        tree.Write("App/Calculator.cs", Sources.NoS3);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-v");

        Assert.Contains("analysed 1 of 2 file(s)", result.Error);
        Assert.Contains("App/App.csproj: S3SEC090: s3sec.allow_sse_c = 'nope' is not recognised", result.Error);
    }
}
