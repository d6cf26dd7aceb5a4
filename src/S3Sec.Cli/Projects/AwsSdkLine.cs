namespace S3Sec.Cli.Projects;

/// <summary>The AWS SDK for .NET lines the tool bundles reference assemblies for.</summary>
internal enum AwsSdkLine
{
    /// <summary>AWSSDK.S3 3.x (bundled: 3.7.511.8 with AWSSDK.Core 3.7.501.1).</summary>
    V3,

    /// <summary>AWSSDK.S3 4.x (bundled: 4.1.0.1 with AWSSDK.Core 4.1.1).</summary>
    V4,
}

internal static class AwsSdkLines
{
    /// <summary>The folder under <c>refs/</c> that holds the line's assemblies.</summary>
    public static string FolderName(this AwsSdkLine line) => line == AwsSdkLine.V3 ? "aws-3.7" : "aws-4";

    public static string DisplayName(this AwsSdkLine line) => line == AwsSdkLine.V3 ? "3.7" : "4.x";
}
