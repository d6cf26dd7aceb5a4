using System;
using System.IO;
using Xunit;

namespace S3Sec.Packaging.Tests;

/// <summary>
/// Packs S3Sec once per test run into a local folder feed with a version no earlier run used, so the NuGet cache
/// can never hand a test a stale package.
/// </summary>
public sealed class PackageFeedFixture : IDisposable
{
    private readonly object _gate = new();
    private bool _cliPacked;

    public PackageFeedFixture()
    {
        RepositoryRoot = FindRepositoryRoot();
        Root = Directory.CreateTempSubdirectory("s3sec-packaging-").FullName;
        Feed = Directory.CreateDirectory(Path.Combine(Root, "feed")).FullName;
        Version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss") + "." + Environment.ProcessId;
        Pack("src/S3Sec.Analyzers.Package/S3Sec.Analyzers.Package.csproj");
    }

    public string RepositoryRoot { get; }

    /// <summary>A scratch folder outside the repository: consumers must not inherit its build settings.</summary>
    public string Root { get; }

    public string Feed { get; }

    public string Version { get; }

    /// <summary>The tool package takes a while to pack; only the tests that need it pay for it.</summary>
    public void EnsureCliPacked()
    {
        lock (_gate)
        {
            if (_cliPacked)
            {
                return;
            }

            Pack("src/S3Sec.Cli/S3Sec.Cli.csproj");
            _cliPacked = true;
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A scratch folder left behind in the temp directory is harmless.
        }
    }

    private void Pack(string project)
    {
        var result = ProcessRunner.Run(
            "dotnet",
            new[] { "pack", project, "-c", "Release", "-o", Feed, "-p:Version=" + Version, "-nologo" },
            RepositoryRoot,
            TimeSpan.FromMinutes(8));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet pack failed: " + result);
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null;
            directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Analyzers.sln not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class PackageFeedCollection : ICollectionFixture<PackageFeedFixture>
{
    public const string Name = "Packed S3Sec";
}
