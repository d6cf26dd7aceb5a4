using System;
using Microsoft.CodeAnalysis;

namespace S3Sec.Analyzers.Model;

/// <summary>
/// Whether a compilation references an assembly, answered from the reference list as given: in csc the
/// compilation-start actions run while the compiler is building its own tables, and anything lazy asked for there
/// (bound assembly names, type lookups) is waited for and charged to the analyzer that asked (docs/performance.md,
/// "Round 3").
/// </summary>
internal static class ReferenceGate
{
    private static readonly char[] PathSeparators = { '/', '\\' };

    /// <summary>
    /// True when a reference is a file named <paramref name="fileName"/> (any case) or a project named
    /// <paramref name="assemblyName"/>; an in-memory image, whose name is known only once bound, is asked the slower
    /// way.
    /// </summary>
    public static bool MayReference(Compilation compilation, string assemblyName, string fileName)
    {
        foreach (var reference in compilation.ExternalReferences)
        {
            switch (reference)
            {
                case PortableExecutableReference { FilePath: { } path }:
                    if (IsFile(path, fileName))
                    {
                        return true;
                    }

                    break;
                case CompilationReference { Compilation.AssemblyName: { } name } when name == assemblyName:
                    return true;
                case PortableExecutableReference:
                    return ReferencesBoundAssembly(compilation, assemblyName);
            }
        }

        return false;
    }

    private static bool IsFile(string path, string fileName)
    {
        var start = path.LastIndexOfAny(PathSeparators) + 1;
        return path.Length - start == fileName.Length
            && string.Compare(path, start, fileName, 0, fileName.Length, StringComparison.OrdinalIgnoreCase) == 0;
    }

    private static bool ReferencesBoundAssembly(Compilation compilation, string assemblyName)
    {
        foreach (var identity in compilation.ReferencedAssemblyNames)
        {
            if (identity.Name == assemblyName)
            {
                return true;
            }
        }

        return false;
    }
}
