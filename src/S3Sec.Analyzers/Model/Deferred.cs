using System;
using Microsoft.CodeAnalysis.Diagnostics;

namespace S3Sec.Analyzers.Model;

/// <summary>Operation actions over per-compilation state built in the first callback (see <see cref="S3Model.Defer"/>).
/// </summary>
internal static class Deferred
{
    /// <summary>An action that builds <paramref name="state"/> on first use and runs only where it exists.</summary>
    public static Action<OperationAnalysisContext> When<T>(
        Lazy<T?> state,
        Action<OperationAnalysisContext, T> analyze)
        where T : class
    {
        return context =>
        {
            if (state.Value is { } value)
            {
                analyze(context, value);
            }
        };
    }
}
