using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

/// <summary>The sample application is the scanner's default input; it must keep showing findings.</summary>
public sealed class SamplesTests
{
    [Fact]
    public void Samples_Scan_ReportsS3SEC001OnEachServiceWithAMistake()
    {
        var findings = ScanSamples(out var exitCode);

        Assert.Equal(1, exitCode);
        foreach (var file in new[]
        {
            "Uploads/DocumentUploadService.cs",
            "Reports/MonthlyReportExporter.cs",
            "Backups/NightlyBackupJob.cs",
        })
        {
            Assert.Contains(findings, f => f.Path == file && f.Id == "S3SEC001");
        }
    }

    [Fact]
    public void Samples_Scan_FlagsBothUnencryptedUploadAndPresignedPut()
    {
        var findings = ScanSamples(out _);

        var uploads = findings.Where(f => f.Path == "Uploads/DocumentUploadService.cs" && f.Id == "S3SEC001").ToList();
        Assert.True(uploads.Count >= 2, "expected the plain PutObjectRequest and the presigned PUT URL");
    }

    [Fact]
    public void Samples_Scan_DoesNotFlagRequestPassedInFromElsewhere()
    {
        var findings = ScanSamples(out _);

        Assert.DoesNotContain(findings, f => f.Path == "Storage/ObjectStore.cs");
    }

    [Fact]
    public void Samples_Scan_AppliesTheBackupPolicyFromEditorConfig()
    {
        var findings = ScanSamples(out _);

        Assert.Contains(findings, f => f.Path == "Backups/NightlyBackupJob.cs" && f.Id == "S3SEC002");
    }

    private static (string Path, string Id)[] ScanSamples(out int exitCode)
    {
        var samples = RepositoryRoot.Samples;
        var result = CliRunner.Run(samples, "scan", samples, "--format", "json", "-q");
        exitCode = result.ExitCode;
        using var json = JsonDocument.Parse(result.Output);
        return json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("path").GetString()!, f.GetProperty("id").GetString()!))
            .ToArray();
    }
}
