using System.Collections.Generic;
using System.IO;
using S3Sec.Cli.Projects;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

/// <summary>Whether the MSBuild loader can run: a <c>dotnet</c> host with an SDK, found from the environment.</summary>
public sealed class DotNetSdkTests
{
    private static readonly string Host = System.OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";

    [Fact]
    public void NoDotnetAnywhere_IsNotFound()
    {
        using var tree = new TempTree();
        var environment = new Dictionary<string, string?> { ["PATH"] = tree.CreateFolder("empty") };

        var root = DotNetSdk.Find(name => environment.GetValueOrDefault(name), out var problem);

        Assert.Null(root);
        Assert.Equal("no 'dotnet' found (DOTNET_HOST_PATH, DOTNET_ROOT or PATH)", problem);
    }

    [Fact]
    public void RuntimeOnlyInstallation_IsNotFound()
    {
        using var tree = new TempTree();
        tree.Write("dotnet/" + Host, "");
        tree.CreateFolder("dotnet/shared/Microsoft.NETCore.App/10.0.0");
        var environment = new Dictionary<string, string?> { ["DOTNET_ROOT"] = tree.PathOf("dotnet") };

        var root = DotNetSdk.Find(name => environment.GetValueOrDefault(name), out var problem);

        Assert.Null(root);
        Assert.Equal($"the .NET installation in {tree.PathOf("dotnet")} has no SDK (only a runtime)", problem);
    }

    [Fact]
    public void SdkOnPath_IsFound()
    {
        using var tree = new TempTree();
        tree.Write("dotnet/" + Host, "");
        tree.Write("dotnet/sdk/10.0.100/MSBuild.dll", "");
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = tree.CreateFolder("empty") + Path.PathSeparator + tree.PathOf("dotnet"),
        };

        var root = DotNetSdk.Find(name => environment.GetValueOrDefault(name), out var problem);

        Assert.Equal(tree.PathOf("dotnet"), root);
        Assert.Null(problem);
    }
}
