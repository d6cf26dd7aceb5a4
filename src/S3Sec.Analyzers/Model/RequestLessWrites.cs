using Microsoft.CodeAnalysis;
using S3Sec.Analyzers.Analysis;

namespace S3Sec.Analyzers.Model;

/// <summary>
/// SDK overloads that write an object without taking a request, and so cannot carry encryption settings:
/// <c>TransferUtility.Upload*(path|stream, bucket[, key])</c>, <c>UploadDirectory*(dir, bucket, ...)</c>,
/// <c>CopyObject*(srcBucket, srcKey, ..., dstBucket, dstKey)</c> and <c>InitiateMultipartUpload*(bucket, key)</c>,
/// declared by the SDK itself (not by a user's type derived from the client or the transfer utility).
/// </summary>
internal static class RequestLessWrites
{
    /// <summary>The request type whose overload can carry encryption, or null when this is no such call.</summary>
    public static string? GetRequestTypeName(IMethodSymbol method, S3Model model)
    {
        // Runs for every invocation in the compilation: the name test rules out almost all of them cheaply.
        var name = method.Name;
        if (!name.StartsWith("Upload", System.StringComparison.Ordinal)
            && !name.StartsWith("CopyObject", System.StringComparison.Ordinal)
            && !name.StartsWith("InitiateMultipartUpload", System.StringComparison.Ordinal))
        {
            return null;
        }

        if (method.Parameters.IsEmpty || !IsPlainValue(method.Parameters[0].Type))
        {
            return null;
        }

        // The SDK's own method, called directly or inherited through a user's derived type. A method the user
        // declares on such a type (new, an overload, a params variant or an override: the receiver's override is
        // what the call binds to) has a body of the user's, which may well encrypt, so it is not this write.
        var type = method.ContainingType;
        if (!S3Model.IsFromS3Sdk(type))
        {
            return null;
        }

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
            || SymbolNames.IsType(type, "System.IO.Stream");
    }
}
