using System;
using System.IO;
using System.Linq;

namespace S3Sec.Cli.Projects;

/// <summary>
/// Finds the <c>dotnet</c> host and checks that it has an SDK with MSBuild, which the MSBuild loader's BuildHost
/// process needs. This only looks at files: starting a process to ask would cost more than a folder scan.
/// </summary>
internal static class DotNetSdk
{
    private static readonly string HostName = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";

    /// <summary>The folder of a <c>dotnet</c> host that has at least one SDK, or null with the reason.</summary>
    public static string? Find(out string? problem) => Find(Environment.GetEnvironmentVariable, out problem);

    /// <summary><see cref="Find(out string?)"/> with the environment variables taken from <paramref name="variable"/>.
    /// </summary>
    internal static string? Find(Func<string, string?> variable, out string? problem)
    {
        problem = null;
        var host = HostPath(variable);
        if (host is null)
        {
            problem = "no 'dotnet' found (DOTNET_HOST_PATH, DOTNET_ROOT or PATH)";
            return null;
        }

        var root = Path.GetDirectoryName(host)!;
        var sdks = Path.Combine(root, "sdk");
        var hasMSBuild = Directory.Exists(sdks)
            && Directory.EnumerateDirectories(sdks).Any(d => File.Exists(Path.Combine(d, "MSBuild.dll")));
        if (!hasMSBuild)
        {
            problem = $"the .NET installation in {root} has no SDK (only a runtime)";
            return null;
        }

        return root;
    }

    private static string? HostPath(Func<string, string?> variable)
    {
        // The SDK sets DOTNET_HOST_PATH for the tools it runs; it names the host that started us.
        if (Existing(variable("DOTNET_HOST_PATH")) is { } fromSdk)
        {
            return fromSdk;
        }

        if (variable("DOTNET_ROOT") is { Length: > 0 } dotnetRoot
            && Existing(Path.Combine(dotnetRoot, HostName)) is { } fromRoot)
        {
            return fromRoot;
        }

        var path = variable("PATH") ?? "";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (Existing(Path.Combine(folder, HostName)) is { } fromPath)
            {
                return fromPath;
            }
        }

        return null;
    }

    /// <summary>The file's real path (a package-manager install links /usr/bin/dotnet to the real host).</summary>
    private static string? Existing(string? path)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            return null;
        }

        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);
        }
        catch (IOException)
        {
            return Path.GetFullPath(path);
        }
    }
}
