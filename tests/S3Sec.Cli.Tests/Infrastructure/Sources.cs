using System.Linq;

namespace S3Sec.Cli.Tests.Infrastructure;

/// <summary>Small C# sources that the S3Sec analyzers do or do not report, and project files to group them.</summary>
internal static class Sources
{
    /// <summary>S3SEC001 at line 8, column 23 (the <c>new PutObjectRequest</c>).</summary>
    public const string UnencryptedPut = /* lang=c#-test */ """
        using Amazon.S3;
        using Amazon.S3.Model;

        public class Uploader
        {
            public void Upload(IAmazonS3 s3)
            {
                var request = new PutObjectRequest { BucketName = "b", Key = "k" };
                s3.PutObjectAsync(request);
            }
        }
        """;

    /// <summary>SSE-S3 explicitly: clean under the default policy, S3SEC002 under <c>sse-kms</c>.</summary>
    public const string SseS3Put = /* lang=c#-test */ """
        using Amazon.S3;
        using Amazon.S3.Model;

        public class Uploader
        {
            public void Upload(IAmazonS3 s3)
            {
                var request = new PutObjectRequest
                {
                    BucketName = "b",
                    Key = "k",
                    ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
                };
                s3.PutObjectAsync(request);
            }
        }
        """;

    public const string NoS3 = /* lang=c#-test */ """
        public static class Calculator
        {
            public static int Add(int a, int b) => a + b;
        }
        """;

    public static string Project(string awsSdkVersion) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net8.0</TargetFramework>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="AWSSDK.S3" Version="{awsSdkVersion}" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>An unencrypted put under <c>#if</c> per symbol, the i-th (from 0) on line 9 + 3i.</summary>
    public static string PutsUnder(params string[] symbols)
    {
        var body = string.Concat(symbols.Select(s => $$"""
            #if {{s}}
                    s3.PutObjectAsync(new PutObjectRequest { BucketName = "b", Key = "{{s}}" });
            #endif

            """));
        return $$"""
            using Amazon.S3;
            using Amazon.S3.Model;

            public class Uploader
            {
                public void Upload(IAmazonS3 s3)
                {
            {{body}}    }
            }
            """;
    }

    /// <summary>The lines of <paramref name="file"/> the text report gives an S3SEC001 on.</summary>
    public static int[] ReportedLines(CliResult result, string file)
    {
        return result.Output.Split('\n')
            .Where(l => l.StartsWith(file + "(", System.StringComparison.Ordinal) && l.Contains("S3SEC001"))
            .Select(l => int.Parse(l.Substring(file.Length + 1, l.IndexOf(',') - file.Length - 1)))
            .ToArray();
    }
}
