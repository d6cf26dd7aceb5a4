using System;
using System.IO;

namespace S3Sec.Cli.Tests.Infrastructure;

/// <summary>The checkout the tests run from, found by the solution file above the test assembly.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Samples => System.IO.Path.Combine(Path, "samples");

    private static string Find()
    {
        for (var folder = AppContext.BaseDirectory; folder is not null;
            folder = System.IO.Path.GetDirectoryName(folder))
        {
            if (File.Exists(System.IO.Path.Combine(folder, "Analyzers.sln")))
            {
                return folder;
            }
        }

        throw new InvalidOperationException("Analyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
