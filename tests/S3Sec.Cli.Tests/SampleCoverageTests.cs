using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

/// <summary>The bundled sample shows every rule that is on by default, on the file samples/README.md names.</summary>
public sealed class SampleCoverageTests
{
    private static readonly Lazy<(string Path, string Id)[]> Findings = new(ScanSamples);

    [Theory]
    [InlineData("S3SEC001", "Uploads/DocumentUploadService.cs")]
    [InlineData("S3SEC002", "Backups/NightlyBackupJob.cs")]
    [InlineData("S3SEC010", "Gateway/BranchOfficeGateway.cs")]
    [InlineData("S3SEC011", "Gateway/BranchOfficeGateway.cs")]
    [InlineData("S3SEC012", "Gateway/BranchOfficeGateway.cs")]
    [InlineData("S3SEC013", "Gateway/BranchOfficeGateway.cs")]
    [InlineData("S3SEC020", "Invoices/InvoiceArchive.cs")]
    [InlineData("S3SEC021", "Invoices/InvoiceArchive.cs")]
    [InlineData("S3SEC030", "LegacyArchive/ContractArchive.cs")]
    [InlineData("S3SEC031", "LegacyArchive/ContractArchive.cs")]
    public void Samples_ShowTheRule(string id, string path)
    {
        Assert.Contains((path, id), Findings.Value);
    }

    [Theory]
    [InlineData("Gateway/LocalEmulator.cs")]
    [InlineData("Storage/ObjectStore.cs")]
    public void Samples_CorrectCode_IsClean(string path)
    {
        Assert.DoesNotContain(Findings.Value, f => f.Path == path);
    }

    private static (string Path, string Id)[] ScanSamples()
    {
        var samples = RepositoryRoot.Samples;
        var result = CliRunner.Run(samples, "scan", samples, "--format", "json", "-q");
        using var json = JsonDocument.Parse(result.Output);
        return json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("path").GetString()!, f.GetProperty("id").GetString()!))
            .ToArray();
    }
}
