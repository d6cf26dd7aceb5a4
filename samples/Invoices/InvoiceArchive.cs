using Amazon.S3;
using Amazon.S3.Model;
using Contoso.Documents.Storage;

namespace Contoso.Documents.Invoices;

/// <summary>Keeps every invoice PDF the billing run produces, encrypted under the documents KMS key.</summary>
public sealed class InvoiceArchive
{
    private readonly IAmazonS3 _s3;
    private readonly StorageOptions _options;

    public InvoiceArchive(IAmazonS3 s3, StorageOptions options)
    {
        _s3 = s3;
        _options = options;
    }

    /// <summary>
    /// The first version: the body is encrypted, but the customer leaks through the key, a tag and metadata.
    /// </summary>
    public async Task StoreAsync(Customer customer, string invoiceNumber, string pdfPath, CancellationToken token)
    {
        var request = new PutObjectRequest
        {
            BucketName = _options.DocumentsBucket,
            Key = $"invoices/{customer.Email}/{invoiceNumber}.pdf",
            FilePath = pdfPath,
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
            ServerSideEncryptionKeyManagementServiceKeyId = _options.DocumentsKmsKeyId,
            TagSet = new List<Tag>
            {
                new Tag { Key = "customer-id", Value = customer.Id },
                new Tag { Key = "billing-phone", Value = customer.PhoneNumber },
            },
        };
        request.Metadata.Add("tax-id", customer.TaxId);
        request.Metadata.Add("invoice-number", invoiceNumber);
        await _s3.PutObjectAsync(request, token);
    }

    /// <summary>The reviewed version: opaque ids in the key, tags and metadata; the rest stays in the body.</summary>
    public async Task StoreByIdAsync(Customer customer, string invoiceNumber, string pdfPath, CancellationToken token)
    {
        var request = new PutObjectRequest
        {
            BucketName = _options.DocumentsBucket,
            Key = $"invoices/{customer.Id}/{invoiceNumber}.pdf",
            FilePath = pdfPath,
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
            ServerSideEncryptionKeyManagementServiceKeyId = _options.DocumentsKmsKeyId,
            TagSet = new List<Tag> { new Tag { Key = "customer-id", Value = customer.Id } },
        };
        request.Metadata.Add("invoice-number", invoiceNumber);
        request.Metadata.Add("content-version", "2");
        await _s3.PutObjectAsync(request, token);
    }
}
