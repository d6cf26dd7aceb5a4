using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Xunit;

namespace S3Sec.Cli.Tests.Infrastructure;

/// <summary>
/// Restored SDK-style projects for the MSBuild loader, written to a temp folder and restored once for all the tests
/// that share them (a restore and each MSBuild load cost seconds). They reference only AWSSDK.S3 versions the
/// repository restores too, so the restore needs nothing new from the feed.
/// </summary>
public sealed class RestoredProjects : IDisposable
{
    /// <summary>S3SEC001 at line 9, column 23, only where <c>S3_UPLOADS</c> is defined (App and FixMe do).</summary>
    public const string UploadUnderDefine = /* lang=c#-test */ """
        using Amazon.S3;
        using Amazon.S3.Model;

        public class Uploader
        {
            public void Upload(IAmazonS3 s3)
            {
        #if S3_UPLOADS
                var request = new PutObjectRequest { BucketName = "b", Key = "k" };
                s3.PutObjectAsync(request);
        #endif
            }
        }
        """;

    /// <summary>
    /// S3SEC031 at line 7, column 61, only on the AWSSDK.S3 3.7 line, where the V1 <c>EncryptionMaterials</c> exists.
    /// </summary>
    public const string LegacyMaterials = /* lang=c#-test */ """
        using System.Security.Cryptography;
        using Amazon.S3.Encryption;

        public class Archive
        {
            public EncryptionMaterials Materials(Aes masterKey) =>
                new EncryptionMaterials(masterKey);
        }
        """;

    /// <summary>S3SEC011 on line 3, but only with <see cref="ClosureSettings"/> compiled.</summary>
    public const string ClosureUploader = /* lang=c#-test */ """
        public class Uploader
        {
            public Amazon.S3.AmazonS3Config Config() => new() { ServiceURL = Settings.Endpoint };
        }
        """;

    /// <summary>A constant in a file that names nothing of the SDK.</summary>
    public const string ClosureSettings = /* lang=c#-test */ """
        public static class Settings
        {
            public const string Endpoint = "http://minio.local:9000";
        }
        """;

    /// <summary>Parts of the namespace name in Deep/Deep.cs: 75,000 overflowed the compiler's stack here.</summary>
    public const int DeepNamespaceParts = 80_000;

    /// <summary>Generated rather than committed: 160 KB of <c>A.A.A...</c>.</summary>
    private static readonly string DeepNamespace =
        $"namespace {string.Join(".", Enumerable.Repeat("A", DeepNamespaceParts))} {{ public class Deep {{ }} }}\n";

    private const string UploadsDefined = "<DefineConstants>$(DefineConstants);S3_UPLOADS</DefineConstants>";

    private readonly TempTree _tree = new();

    public RestoredProjects()
    {
        // Shared pins AWSSDK.S3 3.7; Legacy gets it only through its ProjectReference to Shared.
        Write("Shared/Shared.csproj", Project("3.7.511.8", ""));
        _tree.Write("Shared/Names.cs", "public static class Names { public const string Bucket = \"archive\"; }\n");
        Write("Legacy/Legacy.csproj", Project(null, "", "<ProjectReference Include=\"../Shared/Shared.csproj\" />"));
        _tree.Write("Legacy/Archive.cs", LegacyMaterials);
        // Warnings as errors in the build must not turn findings into errors in the report.
        const string warningsAsErrors = "<TreatWarningsAsErrors>true</TreatWarningsAsErrors>";
        Write("App/App.csproj", Project("4.1.0.1", UploadsDefined + warningsAsErrors));
        _tree.Write("App/Uploader.cs", UploadUnderDefine);
        Write("Strict/Strict.csproj", Project("4.1.0.1", "<S3SecPolicy>strict</S3SecPolicy>"));
        _tree.Write("Strict/Uploader.cs", Sources.SseS3Put);
        Write("FixMe/FixMe.csproj", Project("4.1.0.1", UploadsDefined));
        _tree.Write("FixMe/Uploader.cs", UploadUnderDefine);
        Write("Quiet/Quiet.csproj", Project("4.1.0.1", ""));
        _tree.Write("Quiet/Uploader.cs", Sources.UnencryptedPut);
        _tree.Write("Quiet/.editorconfig", "root = true\n\n[*.cs]\ndotnet_diagnostic.S3SEC001.severity = none\n");
        // Uploader.cs is the only candidate; the finding needs Settings.cs, and Calculator.cs is not compiled.
        Write("Closure/Closure.csproj", Project("4.1.0.1", ""));
        _tree.Write("Closure/Uploader.cs", ClosureUploader);
        _tree.Write("Closure/Settings.cs", ClosureSettings);
        _tree.Write("Closure/Calculator.cs", Sources.NoS3);
        // One source linked into two projects (a shared file): found by both, fixed once. In LinkedMixed one of the
        // two projects requires SSE-KMS, so their fixes of the one file differ.
        WriteLinkedSource("Linked", ("LinkedA", ""), ("LinkedB", ""));
        WriteLinkedSource("LinkedMixed", ("MixedPlain", ""), ("MixedKms", "<S3SecPolicy>kms</S3SecPolicy>"));
        // In LinkedTypo one of the two projects misspells its preset: it leaves the file alone, the other fixes it.
        WriteLinkedSource("LinkedTypo", ("TypoLinked", "<S3SecPolicy>strcit</S3SecPolicy>"), ("PlainLinked", ""));
        // A namespace name deep enough to overflow the compiler's stack, beside an ordinary finding.
        Write("Deep/Deep.csproj", Project("4.1.0.1", ""));
        _tree.Write("Deep/Uploader.cs", Sources.UnencryptedPut);
        _tree.Write("Deep/Deep.cs", DeepNamespace);
        // A binary file named .cs, one with a byte order mark its bytes break, and a large one beside a finding.
        Write("Blobs/Blobs.csproj", Project("4.1.0.1", ""));
        _tree.Write("Blobs/Uploader.cs", Sources.UnencryptedPut);
        _tree.WriteBytes("Blobs/Binary.cs", new byte[] { 0x4d, 0x5a, 0x00, 0x00, 0x03, 0x00 });
        _tree.WriteBytes("Blobs/Utf16.cs", new byte[] { 0xff, 0xfe, 0x63, 0x00, 0x00, 0xd8 });
        _tree.Write("Blobs/Generated.cs", "public static class Generated { }\n// " + new string('x', 20_000) + "\n");
        // Two projects in one folder, as a .NET Framework and a .NET test project are kept: each removes the other's
        // folder, both compile Shared.cs, and each restores into obj/<its name>/ (one obj/ would not hold both).
        // Pair.Framework requires the strict preset, under which S3SEC001 is an error.
        const string intermediate = @"$(MSBuildProjectDirectory)\obj\$(MSBuildProjectName)";
        _tree.Write("Pair/Directory.Build.props", $"""
            <Project>
              <PropertyGroup>
                <BaseIntermediateOutputPath>{intermediate}</BaseIntermediateOutputPath>
              </PropertyGroup>
            </Project>
            """);
        const string removeObj = "<Compile Remove=\"**/obj/**\" />";
        Write("Pair/Pair.Framework.csproj", Project(
            "4.1.0.1", "<S3SecPolicy>strict</S3SecPolicy>", removeObj + "<Compile Remove=\"netstandard/**\" />"));
        Write("Pair/Pair.Core.csproj", Project("4.1.0.1", "", removeObj + "<Compile Remove=\"_bcl/**\" />"));
        _tree.Write("Pair/_bcl/Old.cs", Sources.UnencryptedPut.Replace("Uploader", "OldUploader"));
        _tree.Write("Pair/netstandard/New.cs", Sources.UnencryptedPut.Replace("Uploader", "NewUploader"));
        _tree.Write("Pair/Shared.cs", Sources.UnencryptedPut.Replace("Uploader", "SharedUploader"));
        _tree.Write("Pair.sln", SolutionWith(
            ("Pair.Framework", "Pair\\Pair.Framework.csproj"), ("Pair.Core", "Pair\\Pair.Core.csproj")));
        // A misspelt preset, which fails a build with the analyzer package; listed with App in Policies.sln.
        Write("Typo/Typo.csproj", Project("4.1.0.1", "<S3SecPolicy>strcit</S3SecPolicy>"));
        _tree.Write("Typo/Uploader.cs", Sources.UnencryptedPut);
        _tree.Write("Policies.sln", SolutionWith(("App", "App\\App.csproj"), ("Typo", "Typo\\Typo.csproj")));
        // Shared is listed after Legacy, which references it: MSBuild has loaded it by the time the solution names it.
        _tree.Write("All.sln", SolutionWith(
            ("App", "App\\App.csproj"),
            ("Legacy", "Legacy\\Legacy.csproj"),
            ("Shared", "Shared\\Shared.csproj")));
        _tree.Write("Restore.slnx", """
            <Solution>
              <Project Path="Shared/Shared.csproj" />
              <Project Path="Legacy/Legacy.csproj" />
              <Project Path="App/App.csproj" />
              <Project Path="Strict/Strict.csproj" />
              <Project Path="FixMe/FixMe.csproj" />
              <Project Path="Quiet/Quiet.csproj" />
              <Project Path="Closure/Closure.csproj" />
              <Project Path="LinkedA/LinkedA.csproj" />
              <Project Path="LinkedB/LinkedB.csproj" />
              <Project Path="MixedPlain/MixedPlain.csproj" />
              <Project Path="MixedKms/MixedKms.csproj" />
              <Project Path="TypoLinked/TypoLinked.csproj" />
              <Project Path="PlainLinked/PlainLinked.csproj" />
              <Project Path="Deep/Deep.csproj" />
              <Project Path="Blobs/Blobs.csproj" />
              <Project Path="Typo/Typo.csproj" />
              <Project Path="Pair/Pair.Framework.csproj" />
              <Project Path="Pair/Pair.Core.csproj" />
            </Solution>
            """);
        Restore(_tree.PathOf("Restore.slnx"));
    }

    public string Root => _tree.Root;

    public string PathOf(string relative) => _tree.PathOf(relative);

    /// <summary>An SDK-style net8.0 project; <paramref name="s3Version"/> null for no AWSSDK.S3 reference.</summary>
    public static string Project(string? s3Version, string properties, string items = "")
    {
        var s3 = s3Version is null ? "" : $"<PackageReference Include=\"AWSSDK.S3\" Version=\"{s3Version}\" />";
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net8.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                {s3}
                {items}
              </ItemGroup>
            </Project>
            """;
    }

    public static void Restore(string projectOrSolution)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(projectOrSolution)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("restore");
        info.ArgumentList.Add(projectOrSolution);
        info.ArgumentList.Add("-nologo");

        // The test host's own MSBuild settings must not leak into the restore.
        info.Environment.Remove("MSBuildExtensionsPath");
        info.Environment.Remove("MSBUILD_EXE_PATH");
        info.Environment.Remove("MSBuildSDKsPath");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)) || process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"dotnet restore {projectOrSolution} failed:\n{output}\n{error.Result}");
        }
    }

    public static string SolutionWith(params (string Name, string Path)[] projects)
    {
        var text = new StringBuilder();
        text.AppendLine("Microsoft Visual Studio Solution File, Format Version 12.00");
        text.AppendLine("# Visual Studio Version 17");
        var index = 1;
        foreach (var (name, path) in projects)
        {
            var guid = $"{{00000000-0000-0000-0000-00000000000{index++}}}";
            const string csharp = "{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}";
            text.AppendLine($"Project(\"{csharp}\") = \"{name}\", \"{path}\", \"{guid}\"");
            text.AppendLine("EndProject");
        }

        text.AppendLine("Global");
        text.AppendLine("EndGlobal");
        return text.ToString();
    }

    public void Dispose() => _tree.Dispose();

    private void Write(string relative, string content) => _tree.Write(relative, content);

    /// <summary>An unencrypted upload in <paramref name="folder"/> linked into each project; their solution.</summary>
    private void WriteLinkedSource(string folder, params (string Name, string Properties)[] projects)
    {
        _tree.Write(folder + "/Uploader.cs", Sources.UnencryptedPut);
        var link = $"<Compile Include=\"../{folder}/Uploader.cs\" Link=\"Uploader.cs\" />";
        foreach (var (name, properties) in projects)
        {
            Write($"{name}/{name}.csproj", Project("4.1.0.1", properties, link));
        }

        var entries = projects.Select(p => (p.Name, $"{p.Name}\\{p.Name}.csproj")).ToArray();
        _tree.Write(folder + ".sln", SolutionWith(entries));
    }
}

[CollectionDefinition(Name)]
public sealed class RestoredProjectsCollection : ICollectionFixture<RestoredProjects>
{
    public const string Name = "Restored projects";
}
