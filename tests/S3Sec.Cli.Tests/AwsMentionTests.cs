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
}
