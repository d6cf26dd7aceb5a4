using System;
using System.IO;
using System.Linq;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

/// <summary>
/// The MSBuild loader on restored projects: the build's own compilation, so what loose files cannot know (defines,
/// the AWS SDK line of a referenced project, the project's policy) decides the findings.
/// </summary>
[Collection(RestoredProjectsCollection.Name)]
public sealed class MSBuildLoaderTests
{
    private readonly RestoredProjects _projects;

    public MSBuildLoaderTests(RestoredProjects projects)
    {
        _projects = projects;
    }

    [Fact]
    public void Project_CodeUnderAProjectDefine_TriggersWithEitherLoader()
    {
        // The project adds S3_UPLOADS to $(DefineConstants): MSBuild evaluates it, the loose loader reads it.
        var project = _projects.PathOf("App/App.csproj");

        var msbuild = CliRunner.Run(_projects.Root, "scan", project, "-v");
        var loose = CliRunner.Run(_projects.Root, "scan", project, "-q", "--loader", "loose");

        Assert.Equal(1, msbuild.ExitCode);
        Assert.Contains("Uploader.cs(9,23): warning S3SEC001", msbuild.Output);
        Assert.Contains("s3sec: App.csproj: 1 file(s); AWSSDK.S3 4.1.0.1; msbuild loader", msbuild.Error);
        Assert.DoesNotContain("warning:", msbuild.Error);
        Assert.Equal(1, loose.ExitCode);
        Assert.Contains("Uploader.cs(9,23): warning S3SEC001", loose.Output);
    }

    [Fact]
    public void Project_AnalyzerFailure_IsAnErrorInTheReportAndTheExitCode()
    {
        // As AnalyzerFailureTests with the loose loader: the MSBuild loader hands its exceptions to the same handler.
        var project = _projects.PathOf("App/App.csproj");

        var result = ThrowingAnalyzer.Added(
            () => CliRunner.Run(_projects.Root, "scan", project, "-q", "-f", "json", "--loader", "msbuild"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("s3sec: error: App.csproj: AD0001: " + ThrowingAnalyzer.Failure, result.Error.TrimEnd());
        using var json = System.Text.Json.JsonDocument.Parse(result.Output);
        var error = json.RootElement.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal("AD0001", error.GetProperty("id").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("findings").GetArrayLength());
    }

    [Fact]
    public void Project_AnalysisFailure_IsAnErrorInTheReportAndTheExitCode()
    {
        // As AnalyzerFailureTests.ProjectAnalysisFailure_IsAnError_NotAPass with the loose loader.
        var project = _projects.PathOf("App/App.csproj");

        var result = ThrowingAnalyzer.WithAdded(
            S3Sec.Cli.Analysis.AnalyzerCatalog.Analyzers[0],
            () => CliRunner.Run(_projects.Root, "scan", project, "-q", "-f", "json", "--loader", "msbuild"));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("s3sec: error: App.csproj: could not be analysed (ArgumentException: ", result.Error);
        using var json = System.Text.Json.JsonDocument.Parse(result.Output);
        var error = json.RootElement.GetProperty("errors").EnumerateArray().Single();
        Assert.StartsWith("could not be analysed", error.GetProperty("message").GetString());
    }

    [Fact]
    public void Project_AwsSdkLineOfAReferencedProject_IsTheOneCompiledAgainst()
    {
        var project = _projects.PathOf("Legacy/Legacy.csproj");

        var msbuild = CliRunner.Run(_projects.Root, "scan", project, "-v");
        var loose = CliRunner.Run(_projects.Root, "scan", project, "-q", "--loader", "loose");

        Assert.Equal(1, msbuild.ExitCode);
        Assert.Contains("Archive.cs(7,9): warning S3SEC031", msbuild.Output);
        Assert.Contains("Legacy.csproj: 1 file(s); AWSSDK.S3 3.7.511.8; msbuild loader", msbuild.Error);

        // Text reading sees no AWSSDK.S3 reference here, compiles against 4.x, and the V1 type does not exist there.
        Assert.Equal(0, loose.ExitCode);
        Assert.DoesNotContain("S3SEC031", loose.Output);
    }

    [Fact]
    public void Solution_ProjectsOneReferencesAnother_ReportsEachOnceRelativeToTheSolution()
    {
        var result = CliRunner.Run(_projects.Root, "scan", _projects.PathOf("All.sln"), "--format", "json", "-q");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        using var json = System.Text.Json.JsonDocument.Parse(result.Output);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => f.GetProperty("path").GetString() + ":" + f.GetProperty("id").GetString())
            .ToArray();
        Assert.Equal(new[] { "App/Uploader.cs:S3SEC001", "Legacy/Archive.cs:S3SEC031" }, findings);
        Assert.Equal(3, json.RootElement.GetProperty("summary").GetProperty("projects").GetInt32());
        var loaders = json.RootElement.GetProperty("summary").GetProperty("loaders").EnumerateArray();
        Assert.Equal(new[] { "msbuild" }, loaders.Select(l => l.GetString()).ToArray());
    }

    /// <summary>
    /// Two projects in one folder, each restored into its own <c>obj/</c> folder, each removing the other's folder
    /// and both compiling Shared.cs: every file once, a file both report with the stricter project's severity, and
    /// counted once.
    /// </summary>
    [Fact]
    public void Solution_TwoProjectsInOneFolder_ReportsEachFileOnce()
    {
        var result = CliRunner.Run(
            _projects.Root, "scan", _projects.PathOf("Pair.sln"), "--loader", "msbuild", "-f", "json", "-q");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        using var json = System.Text.Json.JsonDocument.Parse(result.Output);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => f.GetProperty("path").GetString() + ":" + f.GetProperty("id").GetString() + ":"
                + f.GetProperty("severity").GetString())
            .ToArray();
        Assert.Equal(
            new[]
            {
                "Pair/Shared.cs:S3SEC001:error",
                "Pair/_bcl/Old.cs:S3SEC001:error",
                "Pair/netstandard/New.cs:S3SEC001:warning",
            },
            findings);
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(3, summary.GetProperty("filesFound").GetInt32());
        Assert.Equal(3, summary.GetProperty("filesScanned").GetInt32());
        Assert.Equal(2, summary.GetProperty("projects").GetInt32());
    }

    [Fact]
    public void Project_PolicyPreset_AppliesAsInTheLooseLoader()
    {
        var project = _projects.PathOf("Strict/Strict.csproj");

        var msbuild = CliRunner.Run(_projects.Root, "scan", project, "-q");
        var loose = CliRunner.Run(_projects.Root, "scan", project, "-q", "--loader", "loose");

        Assert.Equal(1, msbuild.ExitCode);
        Assert.Contains("error S3SEC002", msbuild.Output);
        Assert.Equal(loose.Output.Split('\n').Where(l => l.Contains("S3SEC")), msbuild.Output.Split('\n')
            .Where(l => l.Contains("S3SEC")));
    }

    [Fact]
    public void Project_PolicyOnlyMSBuildCanExpand_AppliesTheExpandedPresetWithoutAWarning()
    {
        // The MSBuild loader took the policy from the project's text too, warned that only a build can expand it
        // and scanned without the preset the build gives.
        using var tree = new TempTree();
        var project = tree.Write("App.csproj", RestoredProjects.Project(
            "4.1.0.1", "<Level>STRICT</Level><S3SecPolicy>$(Level.ToLowerInvariant())</S3SecPolicy>"));
        tree.Write("Uploader.cs", Sources.SseS3Put);
        RestoredProjects.Restore(project);

        var msbuild = CliRunner.Run(tree.Root, "scan", project, "-q", "--loader", "msbuild");
        var loose = CliRunner.Run(tree.Root, "scan", project, "-q", "--loader", "loose");

        Assert.Equal(string.Empty, msbuild.Error);
        Assert.Equal(1, msbuild.ExitCode);
        Assert.Contains("error S3SEC002", msbuild.Output);
        Assert.Contains("refers to a property only a build can expand; scanned without a preset", loose.Error);
    }

    [Fact]
    public void Solution_UnknownPreset_IsAnInputError_AndEveryProjectIsStillReported()
    {
        var result = CliRunner.Run(
            _projects.Root, "scan", _projects.PathOf("Policies.sln"), "--loader", "msbuild", "-f", "json", "-q");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            "s3sec: error: Typo/Typo.csproj: S3SecPolicy 'strcit' is not a known preset (use recommended, strict, "
            + "kms, client-side, none); scanned without a preset",
            result.Error.TrimEnd());
        using var json = System.Text.Json.JsonDocument.Parse(result.Output);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => f.GetProperty("path").GetString() + ":" + f.GetProperty("id").GetString())
            .ToArray();
        Assert.Equal(new[] { "App/Uploader.cs:S3SEC001", "Typo/Uploader.cs:S3SEC001" }, findings);
        var error = json.RootElement.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal("Typo/Typo.csproj", error.GetProperty("path").GetString());
        var loaders = json.RootElement.GetProperty("summary").GetProperty("loaders").EnumerateArray();
        Assert.Equal(new[] { "msbuild" }, loaders.Select(l => l.GetString()).ToArray());
    }

    [Fact]
    public void Fix_UnknownPreset_LeavesThatProjectUnfixed()
    {
        var source = _projects.PathOf("Typo/Uploader.cs");
        var before = File.ReadAllText(source);

        var result = CliRunner.Run(
            _projects.Root, "scan", _projects.PathOf("Typo/Typo.csproj"), "--loader", "msbuild", "--fix", "-q");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(
            "s3sec: error: Typo.csproj: S3SecPolicy 'strcit' is not a known preset (use recommended, strict, kms, "
            + "client-side, none); scanned without a preset and not fixed",
            result.Error);
        Assert.Contains("s3sec: fixed 0 findings in 0 files; 1 finding remains", result.Error);
        Assert.Equal(before, File.ReadAllText(source));
        Assert.Contains("Uploader.cs(8,23): warning S3SEC001", result.Output);
    }

    [Fact]
    public void Project_OnlyTheCandidateAndWhatItNamesAreCompiled_AndTheFindingStays()
    {
        var result = CliRunner.Run(_projects.Root, "scan", _projects.PathOf("Closure/Closure.csproj"), "-v");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Uploader.cs(3,", result.Output);
        Assert.Contains("warning S3SEC011", result.Output);
        Assert.Contains("msbuild loader", result.Error);
        Assert.Contains(
            "Closure.csproj: compiled 2 of 3 file(s): 1 candidate(s) and the files they can need", result.Error);
    }

    [Fact]
    public void Project_NamespaceNameTooDeepToCompile_IsLeftOut_AndTheRestScanned()
    {
        // Without the guard the compiler's stack overflowed and ended the process: "Stack overflow.", exit 134.
        var result = CliRunner.Run(
            _projects.Root, "scan", _projects.PathOf("Deep/Deep.csproj"), "--loader", "msbuild", "-f", "json", "-q");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"s3sec: warning: Deep.cs: declares a namespace name of {RestoredProjects.DeepNamespaceParts} parts, "
            + "more than the compiler can take safely (10000); not scanned",
            result.Error.TrimEnd());
        using var json = System.Text.Json.JsonDocument.Parse(result.Output);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("path").GetString()}({f.GetProperty("line").GetInt32()}):"
                + f.GetProperty("id").GetString())
            .ToArray();
        Assert.Equal(new[] { "Uploader.cs(8):S3SEC001" }, findings);
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(2, summary.GetProperty("filesFound").GetInt32());
        Assert.Equal(1, summary.GetProperty("filesScanned").GetInt32());
        Assert.Equal(new[] { "msbuild" }, summary.GetProperty("loaders").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public void Project_FifoTheGlobFinds_IsSkippedWithoutOpeningIt()
    {
        // Parsing the document opened the FIFO, which blocks until a writer comes: the scan hung. Linux only.
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var tree = new TempTree();
        var project = tree.Write("App.csproj", RestoredProjects.Project("4.1.0.1", ""));
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        RestoredProjects.Restore(project);
        var fifo = tree.PathOf("pipe.cs");
        Assert.Equal(0, MakeFifo(fifo, Convert.ToInt32("600", 8)));

        var scan = System.Threading.Tasks.Task.Run(
            () => CliRunner.Run(tree.Root, "scan", project, "--loader", "msbuild", "-f", "json", "-q"));
        if (!scan.Wait(TimeSpan.FromSeconds(90)))
        {
            // Release the scan's thread, blocked in open(), before failing.
            using (new FileStream(fifo, FileMode.Open, FileAccess.Write))
            {
            }

            Assert.Fail("the scan still waits on the FIFO after 90 s");
        }

        Assert.Equal(1, scan.Result.ExitCode);
        Assert.Equal(
            "s3sec: warning: pipe.cs: a named pipe (FIFO), not a regular file; not scanned",
            scan.Result.Error.TrimEnd());
        using var json = System.Text.Json.JsonDocument.Parse(scan.Result.Output);
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(2, summary.GetProperty("filesFound").GetInt32());
        Assert.Equal(1, summary.GetProperty("filesScanned").GetInt32());
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo(string path, int mode);

    [Fact]
    public void Project_BinaryUndecodableAndOversizedFiles_AreLeftOutWithAWarning_AsInTheLooseLoader()
    {
        // The workspace decoded such files anyway: no warning, and the binary and the blob counted as scanned.
        var project = _projects.PathOf("Blobs/Blobs.csproj");

        var result = CliRunner.Run(
            _projects.Root, "scan", project, "--loader", "msbuild", "-f", "json", "-q", "--max-file-size", "16K");

        Assert.True(result.ExitCode == 1, result.Error);
        Assert.Equal(
            new[]
            {
                "s3sec: warning: Binary.cs: contains NUL bytes, so it is not C# source (binary file named .cs?); "
                    + "not scanned",
                "s3sec: warning: Generated.cs: larger than the 16 KB limit (--max-file-size); not scanned",
                "s3sec: warning: Utf16.cs: starts with a utf-16 byte order mark but is not valid utf-16; not scanned",
            },
            result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray());
        using var json = System.Text.Json.JsonDocument.Parse(result.Output);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("path").GetString()}:{f.GetProperty("id").GetString()}")
            .ToArray();
        Assert.Equal(new[] { "Uploader.cs:S3SEC001" }, findings);
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(4, summary.GetProperty("filesFound").GetInt32());
        Assert.Equal(1, summary.GetProperty("filesScanned").GetInt32());
    }

    [Fact]
    public void Project_EditorConfigTheBuildPassesToAnalyzers_Applies()
    {
        var result = CliRunner.Run(_projects.Root, "scan", _projects.PathOf("Quiet/Quiet.csproj"), "-q");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("S3SEC001", result.Output);
        Assert.Contains("No findings in 1 file (1 project)", result.Output);
    }

    [Fact]
    public void Fix_CodeUnderAProjectDefine_IsFixedAndARescanIsClean()
    {
        var project = _projects.PathOf("FixMe/FixMe.csproj");
        var file = _projects.PathOf("FixMe/Uploader.cs");
        var before = TreeSnapshot.Take(_projects.PathOf("FixMe"));

        var result = CliRunner.Run(_projects.Root, "scan", project, "--fix", "--loader", "msbuild");
        var rescan = CliRunner.Run(_projects.Root, "scan", project, "-q", "--loader", "msbuild");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("s3sec: fixed 1 finding in 1 file; 0 findings remain", result.Error);
        Assert.Equal(
            RestoredProjects.UploadUnderDefine.Replace(
                """Key = "k" };""",
                """Key = "k", ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 };"""),
            File.ReadAllText(file));

        // Only the source changed. The design-time build, like an IDE's, may create bin/ and obj/ folders and
        // refresh generated files there; those are never written back.
        var changed = TreeSnapshot.Take(_projects.PathOf("FixMe")).ChangedSince(before)
            .Where(p => !p.StartsWith("obj", StringComparison.Ordinal))
            .Where(p => !p.StartsWith("bin", StringComparison.Ordinal));
        Assert.Equal(new[] { "Uploader.cs" }, changed);
        Assert.Equal(0, rescan.ExitCode);
        Assert.DoesNotContain("S3SEC", rescan.Output.Split('\n').First());
    }

    /// <summary>
    /// A source linked into two projects: the second finds the first one's fix already written, which is neither a
    /// change made by someone else nor a finding left.
    /// </summary>
    [Fact]
    public void Fix_SourceLinkedIntoTwoProjects_IsFixedOnceAndNothingRemains()
    {
        var file = _projects.PathOf("Linked/Uploader.cs");
        var solution = _projects.PathOf("Linked.sln");

        var result = CliRunner.Run(_projects.Root, "scan", solution, "--fix", "--loader", "msbuild");
        var rescan = CliRunner.Run(_projects.Root, "scan", solution, "-q", "--loader", "msbuild");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("s3sec: fixed 1 finding in 1 file; 0 findings remain", result.Error);
        Assert.DoesNotContain("changed on disk", result.Error);
        Assert.Equal(
            Sources.UnencryptedPut.Replace(
                """Key = "k" };""",
                """Key = "k", ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 };"""),
            File.ReadAllText(file));
        Assert.Equal(0, rescan.ExitCode);
    }

    /// <summary>
    /// A source linked into a project that requires SSE-KMS and one that does not: one fix is written (whichever
    /// project finishes first), never both, and the scan says so and fails.
    /// </summary>
    [Fact]
    public void Fix_SourceLinkedIntoProjectsWhoseFixesDiffer_IsFixedOnceAndSaysSo()
    {
        var file = _projects.PathOf("LinkedMixed/Uploader.cs");

        var result = CliRunner.Run(
            _projects.Root, "scan", _projects.PathOf("LinkedMixed.sln"), "--fix", "--loader", "msbuild");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("LinkedMixed/Uploader.cs: is compiled by several projects whose fixes differ", result.Error);
        var assignments = File.ReadAllText(file).Split("ServerSideEncryptionMethod =").Length - 1;
        Assert.Equal(1, assignments);
    }

    /// <summary>
    /// A source linked into a project whose preset is misspelt (left alone by <c>--fix</c>) and a valid one, which
    /// fixes it: the file was not left alone, and the run does not say it was.
    /// </summary>
    [Fact]
    public void Fix_SourceLinkedIntoAProjectWithAnUnknownPolicyAndAValidOne_IsNotCountedAsLeftAlone()
    {
        var file = _projects.PathOf("LinkedTypo/Uploader.cs");

        var result = CliRunner.Run(
            _projects.Root, "scan", _projects.PathOf("LinkedTypo.sln"), "--fix", "--loader", "msbuild");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("TypoLinked/TypoLinked.csproj: S3SecPolicy 'strcit' is not a known preset", result.Error);
        Assert.Contains("s3sec: fixed 1 finding in 1 file; 0 findings remain", result.Error);
        Assert.DoesNotContain("left alone", result.Error);
        Assert.Contains("ServerSideEncryptionMethod.AES256", File.ReadAllText(file));
    }
}

/// <summary>Projects the MSBuild loader cannot take: each in its own folder, never restored.</summary>
public sealed class MSBuildLoaderFallbackTests
{
    [Fact]
    public void UnrestoredProject_Auto_WarnsAndScansLooseWithoutRestoring()
    {
        using var tree = new TempTree();
        var project = tree.Write("App.csproj", RestoredProjects.Project("4.1.0.1", ""));
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        var before = TreeSnapshot.Take(tree.Root);

        var result = CliRunner.Run(tree.Root, "scan", project, "-q");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "s3sec: warning: App.csproj: is not restored (no obj/project.assets.json); scanned with the loose loader "
            + "(run 'dotnet restore' first for the MSBuild loader)",
            result.Error.TrimEnd());
        Assert.Contains("Uploader.cs(8,23): warning S3SEC001", result.Output);
        Assert.Empty(TreeSnapshot.Take(tree.Root).ChangedSince(before));
    }

    [Fact]
    public void UnrestoredProject_MSBuildRequired_FailsWithTheReason()
    {
        using var tree = new TempTree();
        var project = tree.Write("App.csproj", RestoredProjects.Project("4.1.0.1", ""));
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        var before = TreeSnapshot.Take(tree.Root);

        var result = CliRunner.Run(tree.Root, "scan", project, "--loader", "msbuild");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Equal(
            "s3sec: error: App.csproj is not restored (no obj/project.assets.json); run 'dotnet restore' first for "
            + "the MSBuild loader, or use --loader loose",
            result.Error.TrimEnd());
        Assert.Empty(TreeSnapshot.Take(tree.Root).ChangedSince(before));
    }

    [Fact]
    public void ProjectNotXml_Auto_OneWarningAndNoRestoreHint()
    {
        // A restore cannot help a project file that is not XML; the hint sent users to run one anyway.
        using var tree = new TempTree();
        var project = tree.Write("App.csproj", "this is { not xml");
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Run(tree.Root, "scan", project, "-q");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "s3sec: warning: App.csproj: cannot be read as MSBuild XML (Data at the root level is invalid. Line 1, "
            + "position 1.); ignored",
            result.Error.TrimEnd());
        Assert.Contains("Uploader.cs(8,23): warning S3SEC001", result.Output);
    }

    [Fact]
    public void ProjectNotXml_MSBuildRequired_SaysSo()
    {
        using var tree = new TempTree();
        var project = tree.Write("App.csproj", "this is { not xml");
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Run(tree.Root, "scan", project, "--loader", "msbuild");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Equal(
            "s3sec: error: App.csproj is not MSBuild XML (Data at the root level is invalid. Line 1, position 1.); "
            + "fix it, or use --loader loose",
            result.Error.TrimEnd());
    }

    [Fact]
    public void ProjectMSBuildCannotLoad_MSBuildRequired_FailsInOneLine()
    {
        using var tree = new TempTree();
        var project = BrokenProject(tree);

        var result = CliRunner.Run(tree.Root, "scan", project, "--loader", "msbuild");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("s3sec: error: Broken.csproj could not be loaded by MSBuild (", result.Error);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.DoesNotContain(" at ", result.Error);
    }

    [Fact]
    public void ProjectMSBuildCannotLoad_Auto_WarnsAndScansLoose()
    {
        using var tree = new TempTree();
        var project = BrokenProject(tree);

        var result = CliRunner.Run(tree.Root, "scan", project, "-q");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("s3sec: warning: Broken.csproj: could not be loaded by MSBuild (", result.Error);
        Assert.Contains("scanned with the loose loader", result.Error);
        Assert.Contains("Uploader.cs(8,23): warning S3SEC001", result.Output);
    }

    [Fact]
    public void Folder_MSBuildRequired_IsAUsageError()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "--loader", "msbuild");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            "s3sec: error: --loader msbuild needs PATH to be a .csproj or a readable .sln/.slnx",
            result.Error.TrimEnd());
    }

    /// <summary>Looks restored, but names an MSBuild SDK that does not exist, so evaluation fails.</summary>
    private static string BrokenProject(TempTree tree)
    {
        var project = tree.Write("Broken.csproj", "<Project Sdk=\"S3Sec.NoSuch.Sdk\"></Project>");
        tree.Write("obj/project.assets.json", "{}");
        tree.Write("Uploader.cs", Sources.UnencryptedPut);
        return project;
    }
}
