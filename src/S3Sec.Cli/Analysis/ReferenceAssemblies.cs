using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using S3Sec.Cli.Projects;

namespace S3Sec.Cli.Analysis;

/// <summary>
/// The metadata references every compilation gets: the .NET 8 reference assemblies and one AWS SDK line, bundled
/// with the tool. Each assembly is loaded once per process and shared, which also lets Roslyn reuse the symbols it
/// built for them across compilations.
/// </summary>
internal static class ReferenceAssemblies
{
    private static readonly string[] AwsAssemblies = { "AWSSDK.Core.dll", "AWSSDK.S3.dll" };

    /// <summary>Bundled for every line: where code gets its S3 client from (see S3Sec.Cli.csproj).</summary>
    private static readonly string[] CommonAssemblies = { "Microsoft.Extensions.DependencyInjection.Abstractions.dll" };

    private static readonly Lazy<ImmutableArray<MetadataReference>> V3 =
        new(() => Create(AwsSdkLine.V3, netFramework: false), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<ImmutableArray<MetadataReference>> V4 =
        new(() => Create(AwsSdkLine.V4, netFramework: false), LazyThreadSafetyMode.ExecutionAndPublication);

    // The SDK's .NET Framework build keeps the synchronous calls (client.PutObject(request)) that its .NET 8 build
    // dropped; code written for .NET Framework only binds against it. Its other dependencies are facades the .NET 8
    // reference assemblies forward.
    private static readonly Lazy<ImmutableArray<MetadataReference>> V3NetFramework =
        new(() => Create(AwsSdkLine.V3, netFramework: true), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<ImmutableArray<MetadataReference>> V4NetFramework =
        new(() => Create(AwsSdkLine.V4, netFramework: true), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Where the AWS SDK assemblies are: <c>refs/aws-3.7</c> and <c>refs/aws-4</c> beside the tool, and the
    /// .NET Framework builds in <c>refs/aws-3.7-netfx</c> and <c>refs/aws-4-netfx</c>.
    /// </summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "refs");

    private static readonly Lazy<ImmutableArray<MetadataReference>> V4WithCrypto =
        new(() => V4.Value.Add(MetadataReference.CreateFromFile(
            Path.Combine(AppContext.BaseDirectory, "S3Sec.Crypto.dll"))), LazyThreadSafetyMode.ExecutionAndPublication);

    public static ImmutableArray<MetadataReference> For(AwsSdkLine line, bool netFramework = false)
    {
        return (line, netFramework) switch
        {
            (AwsSdkLine.V3, false) => V3.Value,
            (AwsSdkLine.V3, true) => V3NetFramework.Value,
            (_, false) => V4.Value,
            _ => V4NetFramework.Value,
        };
    }

    /// <summary>
    /// The references of a project: S3Sec.Crypto (built on the 4.x line, shipped with the tool) comes too when the
    /// project uses it, so its protected metadata is recognised and the S3SEC020 fix can name it.
    /// </summary>
    public static ImmutableArray<MetadataReference> For(ProjectSettings settings)
    {
        return settings.UsesS3SecCrypto && settings.SdkLine == AwsSdkLine.V4
            ? V4WithCrypto.Value
            : For(settings.SdkLine, settings.TargetsNetFramework);
    }

    private static ImmutableArray<MetadataReference> Create(AwsSdkLine line, bool netFramework)
    {
        var folder = Path.Combine(Directory, line.FolderName() + (netFramework ? "-netfx" : string.Empty));
        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        builder.AddRange(Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>());
        var paths = AwsAssemblies.Select(name => Path.Combine(folder, name))
            .Concat(CommonAssemblies.Select(name => Path.Combine(Directory, "common", name)));
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                throw new MissingReferenceException(
                    $"the bundled reference {path} (for AWS SDK {line.DisplayName()} projects) is missing; "
                    + "reinstall s3sec");
            }

            builder.Add(MetadataReference.CreateFromFile(path));
        }

        return builder.ToImmutable();
    }
}

/// <summary>The tool's own installation is broken: a bundled reference assembly is not where it should be.</summary>
internal sealed class MissingReferenceException : Exception
{
    public MissingReferenceException(string message)
        : base(message)
    {
    }
}
