using System.Collections.Generic;
using S3Sec.Analyzers.Options;

namespace S3Sec.Analyzers.Analysis;

/// <summary>Compares an encrypted write with the encryption the policy requires.</summary>
internal static class PolicyEvaluator
{
    /// <summary>
    /// True when at least one value the write may send meets the policy: precision first, a write that may be
    /// compliant is not reported.
    /// </summary>
    public static bool Satisfies(EncryptionVerdict verdict, RequiredEncryption policy)
    {
        foreach (var method in verdict.Methods)
        {
            if (Satisfies(method, verdict.HasKmsKeyId, policy))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Satisfies(string method, bool hasKeyId, RequiredEncryption policy)
    {
        switch (method)
        {
            case "":
                return false;
            case "AES256":
                return policy == RequiredEncryption.SseS3;
            case "aws:kms":
                return policy is RequiredEncryption.SseS3 or RequiredEncryption.SseKms
                    || (policy == RequiredEncryption.SseKmsCmk && hasKeyId);
            case "aws:kms:dsse":
                return policy != RequiredEncryption.SseKmsCmk || hasKeyId;
            default:
                // aws:fsx, aws:backup and values S3 may add later: not ours to judge.
                return true;
        }
    }

    /// <summary>What the write does, for the message: "SSE-S3", "SSE-KMS without a key id", ...</summary>
    public static string Describe(EncryptionVerdict verdict)
    {
        var names = new List<string>();
        foreach (var method in verdict.Methods)
        {
            var name = method switch
            {
                "" => "no server-side encryption",
                "AES256" => "SSE-S3",
                "aws:kms" => "SSE-KMS" + KeyDescription(verdict),
                "aws:kms:dsse" => "DSSE-KMS" + KeyDescription(verdict),
                _ => method,
            };

            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }

        return string.Join(" or ", names);
    }

    private static string KeyDescription(EncryptionVerdict verdict)
    {
        if (verdict.HasKmsKeyId)
        {
            return "";
        }

        return verdict.AwsManagedKey ? " with the AWS managed key" : " without a customer managed key id";
    }
}
