using Microsoft.CodeAnalysis;

namespace S3Sec.Analyzers.Model;

/// <summary>
/// The AWS SDK types through which metadata, tags and key names reach S3, resolved once per compilation.
/// </summary>
internal sealed class DataExposureTypes
{
    public DataExposureTypes(Compilation compilation)
    {
        MetadataCollection = compilation.GetTypeByMetadataName("Amazon.S3.Model.MetadataCollection");
        HeadersCollection = compilation.GetTypeByMetadataName("Amazon.S3.Model.HeadersCollection");
        Tag = compilation.GetTypeByMetadataName("Amazon.S3.Model.Tag");
        Tagging = compilation.GetTypeByMetadataName("Amazon.S3.Model.Tagging");
    }

    /// <summary>
    /// <c>x-amz-meta-*</c> user metadata; its indexer and <c>Add</c> add the prefix unless present and overwrite.
    /// </summary>
    public INamedTypeSymbol? MetadataCollection { get; }

    /// <summary>Raw request headers, sent verbatim: <c>x-amz-meta-*</c> names there are user metadata too.</summary>
    public INamedTypeSymbol? HeadersCollection { get; }

    public INamedTypeSymbol? Tag { get; }

    /// <summary>The tag set of <c>PutObjectTaggingRequest</c>; only object tagging uses this type.</summary>
    public INamedTypeSymbol? Tagging { get; }
}
