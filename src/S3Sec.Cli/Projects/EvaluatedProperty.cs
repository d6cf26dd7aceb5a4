using System;
using System.Diagnostics;
using System.IO;
using System.Threading;

namespace S3Sec.Cli.Projects;

/// <summary>
/// A property of a project as MSBuild evaluates it (<c>dotnet msbuild -getProperty</c>), for a value the text of the
/// project file cannot give (<c>$(Level.ToLowerInvariant())</c>, a property from an import or the environment).
/// Only the MSBuild loader asks: it has an SDK, and a restored project whose imports are all there.
/// </summary>
internal static class EvaluatedProperty
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>The evaluated value (empty when unset), or null when the SDK could not say.</summary>
    public static string? Get(string projectFile, string property, CancellationToken cancellationToken)
    {
        if (DotNetSdk.Find(out _) is not { } root)
        {
            return null;
        }

        var info = new ProcessStartInfo(Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"))
        {
            WorkingDirectory = Path.GetDirectoryName(projectFile)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("msbuild");
        info.ArgumentList.Add(projectFile);
        info.ArgumentList.Add("-getProperty:" + property);
        info.ArgumentList.Add("-nologo");
        info.ArgumentList.Add("-nodeReuse:false");

        // Set in this process for the MSBuild loader's BuildHost; another SDK's MSBuild must not take them.
        info.Environment.Remove("MSBuildExtensionsPath");
        info.Environment.Remove("MSBUILD_EXE_PATH");
        info.Environment.Remove("MSBuildSDKsPath");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        try
        {
            using var process = Process.Start(info);
            if (process is null)
            {
                return null;
            }

            process.StandardInput.Close();
            using var kill = cancellationToken.Register(() => Kill(process));
            // Both read in the background: a blocking read of the output would outlast the limit if MSBuild hung.
            var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
            var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            if (!process.WaitForExit(Limit) || !output.Wait(Limit))
            {
                Kill(process);
                return null;
            }

            cancellationToken.ThrowIfCancellationRequested();
            error.Wait(Limit);
            return process.ExitCode == 0 ? output.Result.Trim() : null;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException
            or InvalidOperationException or AggregateException)
        {
            return null;
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Ended already.
        }
    }
}
