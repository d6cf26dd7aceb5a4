using System.Globalization;
using System.Text;
using Amazon.S3;
using Amazon.S3.Transfer;
using Contoso.Documents.Storage;

namespace Contoso.Documents.Reports;

/// <summary>Writes the monthly usage reports as CSV and publishes them to the reports bucket.</summary>
public sealed class MonthlyReportExporter
{
    private readonly TransferUtility _transfer;
    private readonly StorageOptions _options;

    public MonthlyReportExporter(IAmazonS3 s3, StorageOptions options)
    {
        _transfer = new TransferUtility(s3);
        _options = options;
    }

    public async Task ExportAsync(DateOnly month, IEnumerable<UsageLine> lines, CancellationToken token)
    {
        var path = Path.Combine(Path.GetTempPath(), $"usage-{month:yyyy-MM}.csv");
        await File.WriteAllTextAsync(path, ToCsv(lines), Encoding.UTF8, token);
        try
        {
            await _transfer.UploadAsync(path, _options.ReportsBucket, $"usage/{month:yyyy}/{month:MM}.csv", token);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The finance extract carries invoice totals, so it is uploaded with SSE-S3 explicitly.</summary>
    public async Task ExportFinanceAsync(DateOnly month, Stream extract, CancellationToken token)
    {
        var request = new TransferUtilityUploadRequest
        {
            BucketName = _options.ReportsBucket,
            Key = $"finance/{month:yyyy}/{month:MM}.csv",
            InputStream = extract,
            ContentType = "text/csv",
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
        };
        request.Metadata.Add("period", month.ToString("yyyy-MM", CultureInfo.InvariantCulture));

        await _transfer.UploadAsync(request, token);
    }

    private static string ToCsv(IEnumerable<UsageLine> lines)
    {
        var csv = new StringBuilder("account,documents,bytes\n");
        foreach (var line in lines)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{line.AccountId},{line.Documents},{line.Bytes}\n");
        }

        return csv.ToString();
    }
}

public sealed record UsageLine(string AccountId, int Documents, long Bytes);
