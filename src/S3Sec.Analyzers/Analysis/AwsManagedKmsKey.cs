using System;

namespace S3Sec.Analyzers.Analysis;

/// <summary>
/// Recognises the AWS managed KMS keys by their alias. AWS reserves the <c>alias/aws/</c> prefix, so no customer
/// managed key carries such an alias; <c>alias/aws/s3</c> is the key S3 uses for SSE-KMS when no key is named.
/// The AWS managed key's own key id or key ARN cannot be told from a customer's and is not recognised.
/// </summary>
internal static class AwsManagedKmsKey
{
    private const string Prefix = "alias/aws/";

    /// <summary>True for <c>alias/aws/...</c> and <c>arn:...:kms:...:alias/aws/...</c>.</summary>
    public static bool IsAwsManagedAlias(string keyId)
    {
        if (keyId.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return true;
        }

        var kms = keyId.IndexOf(":kms:", StringComparison.Ordinal);
        return keyId.StartsWith("arn:", StringComparison.Ordinal)
            && kms > 0
            && keyId.IndexOf(":" + Prefix, kms, StringComparison.Ordinal) > kms;
    }
}
