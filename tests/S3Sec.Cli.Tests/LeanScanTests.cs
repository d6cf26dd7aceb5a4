using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

/// <summary>
/// Scans where member bodies that name nothing of the SDK are left out of the analysis (<c>LeanTrees</c>): the
/// findings and their positions must be those of the whole file.
/// </summary>
public sealed class LeanScanTests
{
    [Fact]
    public void FindingBelowABlankedHelper_KeepsItsPosition()
    {
        using var tree = Project("4.1.0.1", ("Uploader.cs", """
            using System.Threading.Tasks;
            using Amazon.S3;
            using Amazon.S3.Model;

            public class Uploader
            {
                public static int Total(int[] sizes)
                {
                    var total = 0;
                    foreach (var size in sizes)
                    {
                        total += size;
                    }

                    return total;
                }

                public Task Upload(IAmazonS3 s3) =>
                    s3.PutObjectAsync(new PutObjectRequest { BucketName = "b", Key = "k", ContentBody = "x" });
            }
            """));

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-v");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("App/Uploader.cs(19,27): warning S3SEC001", result.Output);
        Assert.Contains("App/App.csproj: left 1 member bod(ies) in 1 file(s) out of the analysis", result.Error);
    }

    [Fact]
    public void KeyWrittenInAConstructorThatNamesNoSdkType_StillGivesTheHardCodedKeyFinding()
    {
        // The constructor names only BCL types, but it writes the field the materials read their key from.
        using var tree = Project("3.7.511.8", ("Keys.cs", """
            using System.Security.Cryptography;
            using Amazon.S3.Encryption;

            public class Keys
            {
                private readonly Aes _key;

                public Keys()
                {
                    _key = new AesManaged { Key = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 } };
                }

                public EncryptionMaterials Materials() => new EncryptionMaterials(_key);
            }
            """));

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-v");

        Assert.Contains("App/Keys.cs(10,33): warning S3SEC013", result.Output);
        Assert.Contains("App/Keys.cs(13,47): warning S3SEC031", result.Output);
        Assert.Contains("App/App.csproj: left 0 member bod(ies) in 0 file(s)", result.Error);
    }

    [Fact]
    public void RequestReachedOnlyThroughAField_StillGivesTheSensitiveMetadataFinding()
    {
        using var tree = Project("4.1.0.1", ("Store.cs", """
            using Amazon.S3.Model;

            public class Store
            {
                private readonly PutObjectRequest _request = new PutObjectRequest();

                public void Describe(string ssn)
                {
                    _request.Metadata["customer-ssn"] = ssn;
                }

                public int Plain(int a)
                {
                    return a * 2;
                }
            }
            """));

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-v");

        Assert.Contains("App/Store.cs(9,", result.Output);
        Assert.Contains("S3SEC020", result.Output);
        Assert.Contains("App/App.csproj: left 1 member bod(ies) in 1 file(s)", result.Error);
    }

    private static TempTree Project(string sdkVersion, params (string Path, string Text)[] files)
    {
        var tree = new TempTree();
        tree.Write("App/App.csproj", Sources.Project(sdkVersion));
        foreach (var (path, text) in files)
        {
            tree.Write("App/" + path, text);
        }

        return tree;
    }
}
