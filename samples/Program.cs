using Amazon;
using Amazon.S3;
using Contoso.Documents.Backups;
using Contoso.Documents.Reports;
using Contoso.Documents.Storage;
using Contoso.Documents.Uploads;

namespace Contoso.Documents;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = new StorageOptions();
        using var s3 = new AmazonS3Client(RegionEndpoint.EUWest1);
        var store = new ObjectStore(s3);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        var token = cancellation.Token;

        switch (args.FirstOrDefault())
        {
            case "upload" when args.Length == 3:
                await using (var file = File.OpenRead(args[2]))
                {
                    var uploads = new DocumentUploadService(s3, store, options);
                    Console.WriteLine(await uploads.StoreAsync(args[1], Path.GetFileName(args[2]), file, token));
                }

                return 0;
            case "export":
                var exporter = new MonthlyReportExporter(s3, options);
                var lastMonth = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-1);
                await exporter.ExportAsync(lastMonth, Array.Empty<UsageLine>(), token);
                return 0;
            case "backup":
                var job = new NightlyBackupJob(s3, options);
                await job.RunAsync(DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)), token);
                return 0;
            default:
                Console.Error.WriteLine("usage: documents upload OWNER FILE | export | backup");
                return 2;
        }
    }
}
