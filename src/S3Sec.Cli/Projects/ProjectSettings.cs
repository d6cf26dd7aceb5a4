using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace S3Sec.Cli.Projects;

/// <summary>
/// What the scanner takes from a project file to compile its sources: the SDK line to reference, the language
/// version, nullable context, output kind and the global usings the SDK would generate.
/// </summary>
internal sealed class ProjectSettings
{
    /// <summary>What an SDK-style project imports when <c>ImplicitUsings</c> is enabled.</summary>
    public static readonly ImmutableArray<string> ImplicitUsingNamespaces = ImmutableArray.Create(
        "System",
        "System.Collections.Generic",
        "System.IO",
        "System.Linq",
        "System.Net.Http",
        "System.Threading",
        "System.Threading.Tasks");

    /// <summary>
    /// What the .NET SDK defines for a net8.0 project in the Debug configuration, the one an IDE analyses by default
    /// (<c>dotnet msbuild -getProperty:DefineConstants</c> prints the same), besides the project's own
    /// <c>DefineConstants</c>: for files outside any project, and for a project whose target framework cannot be read,
    /// since the loose loader compiles against .NET 8 references.
    /// </summary>
    public static readonly ImmutableArray<string> ImplicitSymbols = ImmutableArray.Create(
        "DEBUG",
        "NET",
        "NET8_0",
        "NETCOREAPP",
        "NET5_0_OR_GREATER",
        "NET6_0_OR_GREATER",
        "NET7_0_OR_GREATER",
        "NET8_0_OR_GREATER",
        "NETCOREAPP1_0_OR_GREATER",
        "NETCOREAPP1_1_OR_GREATER",
        "NETCOREAPP2_0_OR_GREATER",
        "NETCOREAPP2_1_OR_GREATER",
        "NETCOREAPP2_2_OR_GREATER",
        "NETCOREAPP3_0_OR_GREATER",
        "NETCOREAPP3_1_OR_GREATER");

    /// <summary>The SDK's <c>DefineConstants</c> before a project changes it.</summary>
    public const string SdkDefineConstants = "TRACE";

    public ProjectSettings(
        string? projectFile,
        string directory,
        AwsSdkLine sdkLine,
        string sdkLineReason,
        LanguageVersion languageVersion,
        NullableContextOptions nullable,
        OutputKind outputKind,
        ImmutableArray<string> globalUsings,
        string? policy = null,
        bool usesS3SecCrypto = false,
        bool usesEncryptionClient = false,
        ImmutableArray<string> preprocessorSymbols = default,
        ImmutableArray<string> linkedSources = default,
        CompileItems? compileItems = null,
        string? policySource = null)
    {
        PolicySource = policySource ?? projectFile;
        CompileItems = compileItems ?? CompileItems.Default;
        LinkedSources = linkedSources.IsDefault ? ImmutableArray<string>.Empty : linkedSources;
        PreprocessorSymbols = preprocessorSymbols.IsDefault
            ? ImplicitSymbols.Add(SdkDefineConstants)
            : preprocessorSymbols;
        Policy = policy;
        UsesS3SecCrypto = usesS3SecCrypto;
        UsesEncryptionClient = usesEncryptionClient;
        ProjectFile = projectFile;
        Directory = directory;
        SdkLine = sdkLine;
        SdkLineReason = sdkLineReason;
        LanguageVersion = languageVersion;
        Nullable = nullable;
        OutputKind = outputKind;
        GlobalUsings = globalUsings;
    }

    /// <summary>These settings with another <see cref="Policy"/>, from the same file.</summary>
    public ProjectSettings WithPolicy(string? policy)
    {
        return new ProjectSettings(
            ProjectFile,
            Directory,
            SdkLine,
            SdkLineReason,
            LanguageVersion,
            Nullable,
            OutputKind,
            GlobalUsings,
            policy,
            UsesS3SecCrypto,
            UsesEncryptionClient,
            PreprocessorSymbols,
            LinkedSources,
            CompileItems,
            PolicySource);
    }

    /// <summary>Full path of the <c>.csproj</c>, or null for the group of files that have none.</summary>
    public string? ProjectFile { get; }

    /// <summary>The project's folder; for loose files, the scanned root.</summary>
    public string Directory { get; }

    public AwsSdkLine SdkLine { get; }

    /// <summary>Why this line was chosen, for <c>--verbose</c>.</summary>
    public string SdkLineReason { get; }

    public LanguageVersion LanguageVersion { get; }

    public NullableContextOptions Nullable { get; }

    public OutputKind OutputKind { get; }

    /// <summary>The project references S3Sec.Crypto, which the tool bundles for the protected-metadata fix.</summary>
    public bool UsesS3SecCrypto { get; }

    /// <summary>The project references Amazon.Extensions.S3.Encryption, which the tool cannot bundle.</summary>
    public bool UsesEncryptionClient { get; }

    /// <summary>The project's <c>S3SecPolicy</c> preset, when it sets one.</summary>
    public string? Policy { get; }

    /// <summary>
    /// Full path of the file that sets <see cref="Policy"/>: the project, or the <c>Directory.Build.props</c> it
    /// takes the preset from (and shares with other projects).
    /// </summary>
    public string? PolicySource { get; }

    /// <summary>What <c>#if</c> sees: the project's <c>DefineConstants</c> and the SDK's implicit symbols.</summary>
    public ImmutableArray<string> PreprocessorSymbols { get; }

    /// <summary>
    /// The symbols of the project's other target frameworks, each set once and none the same as
    /// <see cref="PreprocessorSymbols"/>: the files with <c>#if</c> are analysed again under each.
    /// </summary>
    public ImmutableArray<ImmutableArray<string>> OtherFrameworkSymbols { get; init; } =
        ImmutableArray<ImmutableArray<string>>.Empty;

    /// <summary>
    /// The project builds for .NET Framework (<c>net48</c>, or <c>TargetFrameworkVersion</c> v4.x in a project that
    /// is not SDK-style): it is compiled against the AWS SDK's .NET Framework assemblies, which have the synchronous
    /// calls such code makes.
    /// </summary>
    public bool TargetsNetFramework { get; init; }

    /// <summary>
    /// Full paths of the existing project files its <c>ProjectReference</c> items name: their types are compiled
    /// as context where the project's own files can need them.
    /// </summary>
    public ImmutableArray<string> ProjectReferences { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>
    /// Full paths of the existing files outside the project's folder that its <c>Compile</c> items name: compiled
    /// with it so that its own code resolves, never reported or fixed through it.
    /// </summary>
    public ImmutableArray<string> LinkedSources { get; }

    /// <summary>Which of the files under its folder the project compiles (its <c>Compile</c> items).</summary>
    public CompileItems CompileItems { get; }

    /// <summary><c>global using</c> directives (without the keywords), as the SDK would generate them.</summary>
    public ImmutableArray<string> GlobalUsings { get; }

    /// <summary>
    /// Settings for files outside any project. Implicit usings are assumed: loose files are most often copied out
    /// of SDK-style projects, and an unused global using changes nothing.
    /// </summary>
    public static ProjectSettings ForLooseFiles(string root)
    {
        return new ProjectSettings(
            projectFile: null,
            root,
            AwsSdkLine.V4,
            "no project file; using 4.x",
            LanguageVersion.Latest,
            NullableContextOptions.Enable,
            OutputKind.DynamicallyLinkedLibrary,
            ImplicitUsingNamespaces);
    }
}
