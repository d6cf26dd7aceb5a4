using Microsoft.CodeAnalysis;

namespace S3Sec.Analyzers.Model;

/// <summary>
/// SDK overloads that write an object without taking a request, and so cannot carry encryption settings:
/// <c>TransferUtility.Upload*(path|stream, bucket[, key])</c>, <c>UploadDirectory*(dir, bucket, ...)</c>,
/// <c>CopyObject*(srcBucket, srcKey, ..., dstBucket, dstKey)</c> and <c>InitiateMultipartUpload*(bucket, key)</c>.
/// </summary>
internal static class RequestLessWrites
{
    /// <summary>The request type whose overload can carry encryption, or null when this is no such call.</summary>
    public static string? GetRequestTypeName(IMethodSymbol method, S3Model model)
    {
        if (method.Parameters.IsEmpty || !IsPlainValue(method.Parameters[0].Type))
        {
            return null;
        }

        var type = method.ContainingType;
        if (model.IsTransferUtility(type))
        {
            switch (method.Name)
            {
                case "Upload":
                case "UploadAsync":
                case "UploadWithResponse":
                case "UploadWithResponseAsync":
                    return "Amazon.S3.Transfer.TransferUtilityUploadRequest";
                case "UploadDirectory":
                case "UploadDirectoryAsync":
                case "UploadDirectoryWithResponse":
                case "UploadDirectoryWithResponseAsync":
                    return "Amazon.S3.Transfer.TransferUtilityUploadDirectoryRequest";
                default:
                    return null;
            }
        }

        if (!model.IsS3ClientOrTransferUtility(type))
        {
            return null;
        }

        switch (method.Name)
        {
            case "CopyObject":
            case "CopyObjectAsync":
                return "Amazon.S3.Model.CopyObjectRequest";
            case "InitiateMultipartUpload":
            case "InitiateMultipartUploadAsync":
                return "Amazon.S3.Model.InitiateMultipartUploadRequest";
            default:
                return null;
        }
    }

    private static bool IsPlainValue(ITypeSymbol type)
    {
        return type.SpecialType == SpecialType.System_String
            || type.ToDisplayString() == "System.IO.Stream";
    }
}
