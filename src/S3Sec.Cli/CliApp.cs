using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using S3Sec.Cli.Analysis;
using S3Sec.Cli.CommandLine;
using S3Sec.Cli.Discovery;
using S3Sec.Cli.Fixing;
using S3Sec.Cli.Projects;
using S3Sec.Cli.Reporting;

namespace S3Sec.Cli;

/// <summary>
/// The <c>s3sec</c> command, callable in-process: arguments and writers in, exit code out. Nothing escapes as an
/// exception; every failure becomes one line on the error writer and exit code 2.
/// </summary>
internal static class CliApp
{
    public const int ExitClean = 0;
    public const int ExitFindings = 1;
    public const int ExitUsage = 2;

    /// <summary>Names <c>--output</c> refuses: the scanner's own inputs.</summary>
    private static readonly HashSet<string> SourceOrProjectExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".cs", ".csx", ".razor", ".cshtml", ".vb", ".fs", ".csproj", ".vbproj", ".fsproj", ".sln", ".slnx", ".slnf",
        ".props", ".targets", ".globalconfig", ".editorconfig",
    };

    /// <summary>
    /// Files that decide how a repository restores and builds, in names a report extension could match:
    /// <c>nuget.config</c>, <c>app.config</c>, <c>packages.config</c> (<c>.config</c>), the SDK's <c>global.json</c>,
    /// NuGet's lock file, the local tool manifest, rule sets and package manifests.
    /// </summary>
    private static readonly HashSet<string> BuildConfigurationExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".config", ".ruleset", ".nuspec", ".resx",
    };

    private static readonly HashSet<string> BuildConfigurationNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "global.json", "packages.lock.json", "dotnet-tools.json",
    };

    public static int Run(
        IReadOnlyList<string> args,
        TextWriter output,
        TextWriter error,
        string workingDirectory,
        bool interactive = false,
        CancellationToken cancellationToken = default,
        FixJournal? journal = null)
    {
        journal ??= new FixJournal();
        try
        {
            return RunCore(args, output, error, workingDirectory, interactive, journal, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("s3sec: cancelled");
            ListRewritten(journal, error);
            return ExitUsage;
        }
        catch (MissingReferenceException ex)
        {
            error.WriteLine(LineText.Escape("s3sec: error: " + ex.Message));
            ListRewritten(journal, error);
            return ExitUsage;
        }
        catch (LoaderException ex)
        {
            error.WriteLine(LineText.Escape("s3sec: error: " + ex.Message));
            ListRewritten(journal, error);
            return ExitUsage;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The machine's fault (a full disk, a device that refuses writes), not the tool's: no "internal".
            error.WriteLine(LineText.Escape("s3sec: error: " + ex.Message));
            ListRewritten(journal, error);
            return ExitUsage;
        }
        catch (Exception ex)
        {
            error.WriteLine(LineText.Escape($"s3sec: error: internal error: {ex.GetType().Name}: {ex.Message}"));
            ListRewritten(journal, error);
            return ExitUsage;
        }
    }

    private static int RunCore(
        IReadOnlyList<string> args,
        TextWriter output,
        TextWriter error,
        string workingDirectory,
        bool interactive,
        FixJournal journal,
        CancellationToken cancellationToken)
    {
        var command = CommandLineParser.Parse(args, workingDirectory);
        switch (command.Kind)
        {
            case CommandKind.Help:
                output.WriteLine(Usage.Text);
                return ExitClean;
            case CommandKind.Version:
                output.WriteLine(ToolInfo.Version);
                return ExitClean;
            case CommandKind.Error:
                return UsageError(error, command.Error!);
        }

        var settings = command.Settings!;
        journal.Fixing = settings.Fix;
        var log = new ConsoleLog(error, settings.Verbose);
        var fullPath = Path.GetFullPath(settings.Path, workingDirectory);
        if (!Directory.Exists(fullPath) && !File.Exists(fullPath))
        {
            // Outside the S3Sec repository the default folder is rarely there, and a path the user never typed
            // would leave them guessing where it came from.
            return InputError(error, settings.PathGiven
                ? $"path '{settings.Path}' does not exist"
                : $"no PATH given, and the default folder '{settings.Path}' does not exist; name what to scan "
                    + "(s3sec scan .)");
        }

        if (ScanTarget.Resolve(fullPath, settings.Path, out var targetError) is not { } target)
        {
            return InputError(error, targetError!);
        }

        if (ChooseLoader(settings.Loader, target, log, out var loaderError) is not { } loader)
        {
            return InputError(error, loaderError!);
        }

        using var destination = OpenOutput(settings, workingDirectory, cancellationToken, out var outputError);
        if (outputError is not null)
        {
            return InputError(error, outputError);
        }

        var completed = false;
        try
        {
            var report = Scanner.RunAsync(
                    target,
                    settings.MaxFileSize,
                    log,
                    settings.Quiet ? ProgressMode.Off : interactive ? ProgressMode.Always : ProgressMode.LargeScans,
                    cancellationToken,
                    settings.Fix,
                    loader,
                    journal)
                .GetAwaiter()
                .GetResult();
            log.Detail($"scanned {report.FilesScanned} file(s) in {report.Elapsed.TotalSeconds:0.00} s");
            if (report.Fixes is { } fixes)
            {
                var remaining = report.Findings.Length;
                log.Info($"fixed {Count(fixes.FixedFindings, "finding")} in {Count(fixes.FixedFiles, "file")}; "
                    + $"{Count(remaining, "finding")} {(remaining == 1 ? "remains" : "remain")}");
                if (fixes.NotAttempted.Count > 0)
                {
                    log.Info($"{Count(fixes.NotAttempted.Count, "fixable finding")} left alone in projects whose "
                        + "S3SecPolicy names no preset (see the error above)");
                }

                var attempted = report.Findings.Where(f => !fixes.NotAttempted.Contains(f)).ToList();
                foreach (var line in DescribeRemaining(attempted, fixes.UnwrittenFiles))
                {
                    log.Info(line);
                }
            }

            if (destination is null)
            {
                WriteReport(report, settings.Format, output);
            }
            else
            {
                destination.Write(report, settings.Format);
            }

            completed = true;
            if (report.FilesFound > 0 && report.FilesScanned == 0)
            {
                // Every file was skipped (too large, unreadable, binary): a pass here would be a pass by default.
                return InputError(
                    error,
                    ScanReport.NothingScannedMessage(report.FilesFound) + " (see the warnings above)");
            }

            // The report is written and lists them; the exit code still says that an input was wrong or that an
            // analyzer failed, so some code went unchecked (the lines are on standard error already).
            return report.Errors.Count > 0 ? ExitUsage : ExitCode(report, settings.FailOn);
        }
        finally
        {
            if (!completed)
            {
                destination?.Abandon();
            }
        }
    }

    /// <summary>
    /// The loader the scan starts with: MSBuild only for a project or solution on a machine with an SDK. Null with the
    /// reason when <c>--loader msbuild</c> was asked for and cannot be had.
    /// </summary>
    private static LoaderMode? ChooseLoader(LoaderMode asked, ScanTarget target, ConsoleLog log, out string? error)
    {
        error = null;
        if (asked == LoaderMode.Loose)
        {
            return LoaderMode.Loose;
        }

        if (target.EntryFile is null)
        {
            if (asked == LoaderMode.MSBuild)
            {
                error = "--loader msbuild needs PATH to be a .csproj or a readable .sln/.slnx";
                return null;
            }

            return LoaderMode.Loose;
        }

        if (DotNetSdk.Find(out var problem) is null)
        {
            if (asked == LoaderMode.MSBuild)
            {
                error = "--loader msbuild needs a .NET SDK: " + problem + "; install one or use --loader loose";
                return null;
            }

            log.Detail(problem + "; using the loose loader");
            return LoaderMode.Loose;
        }

        return asked;
    }

    /// <summary>
    /// After a <c>--fix</c> run cut short (cancelled, terminated, or failed: a report that cannot be written, an
    /// internal error): the files already rewritten stay fixed (each was written whole), so name them, one full path
    /// a line, for the user to review or revert. A run that ends with its report has printed its summary instead.
    /// </summary>
    internal static void ListRewritten(FixJournal journal, TextWriter error)
    {
        if (!journal.Fixing)
        {
            return;
        }

        var files = journal.Files;
        if (files.Count == 0)
        {
            error.WriteLine("s3sec: --fix had rewritten no file");
            return;
        }

        error.WriteLine($"s3sec: --fix had rewritten {Count(files.Count, "file")}, which stay fixed:");
        foreach (var file in files)
        {
            error.WriteLine(LineText.Escape(file));
        }
    }

    private static int ExitCode(ScanReport report, FailLevel failOn)
    {
        if (failOn == FailLevel.None)
        {
            return ExitClean;
        }

        var threshold = failOn switch
        {
            FailLevel.Error => FindingSeverity.Error,
            FailLevel.Warning => FindingSeverity.Warning,
            _ => FindingSeverity.Note,
        };
        foreach (var finding in report.Findings)
        {
            if (finding.Severity >= threshold)
            {
                return ExitFindings;
            }
        }

        return ExitClean;
    }

    /// <summary>
    /// Why the findings left after <c>--fix</c> are left: a file that could not be written says so in its own warning,
    /// so only the rest are put down to the rules having no safe fix.
    /// </summary>
    internal static IEnumerable<string> DescribeRemaining(
        IReadOnlyList<Finding> findings,
        IReadOnlyCollection<string> unwrittenFiles)
    {
        var unwritten = new HashSet<string>(unwrittenFiles, StringComparer.Ordinal);
        var inUnwritten = findings.Count(f => unwritten.Contains(f.Path));
        if (inUnwritten > 0)
        {
            yield return $"{Count(inUnwritten, "finding")} {(inUnwritten == 1 ? "is" : "are")} in "
                + $"{Count(unwritten.Count, "file")} the fix could not write (see the warnings above)";
        }

        // Say which rules were left, so "why not fixed?" has an answer without reading the fixers.
        var rules = findings
            .Where(f => !unwritten.Contains(f.Path))
            .GroupBy(f => f.Id, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} ({g.Count()})")
            .ToList();
        if (rules.Count > 0)
        {
            yield return $"no safe automatic fix for {string.Join(", ", rules)}; each rule's page (the report's help "
                + "link) says why under \"How to fix\"";
        }
    }

    private static string Count(int count, string noun)
    {
        return count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? "" : "s");
    }

    private static void WriteReport(ScanReport report, OutputFormat format, TextWriter output)
    {
        if (format == OutputFormat.Text)
        {
            TextReport.Write(report, output);
            return;
        }

        using var buffer = new MemoryStream();
        WriteStructured(report, format, buffer);
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.Flush();
    }

    internal static void WriteStructured(ScanReport report, OutputFormat format, Stream stream)
    {
        if (format == OutputFormat.Sarif)
        {
            SarifReport.Write(report, stream);
            return;
        }

        JsonReport.Write(report, stream);
    }

    /// <summary>
    /// Opens the <c>--output</c> file before the scan, so an unwritable path fails in a second rather than after a
    /// long scan; the file keeps its old content until the report replaces it.
    /// </summary>
    private static ReportFile? OpenOutput(
        ScanSettings settings,
        string workingDirectory,
        CancellationToken cancellationToken,
        out string? error)
    {
        error = null;
        if (settings.OutputFile is null)
        {
            return null;
        }

        var path = Path.GetFullPath(settings.OutputFile, workingDirectory);
        if (NamesStandardOutput(path))
        {
            // Opening the name opens standard output's file anew: at offset 0 (truncating what the shell wrote
            // before), or replaced by rename, so `{ s3sec ... -o /dev/stdout; echo footer; } > out` lost text.
            // The inherited descriptor, as `-o -` uses, keeps the shell's offset.
            return null;
        }

        if (Directory.Exists(path))
        {
            error = $"cannot write the report to '{settings.OutputFile}': it is a folder";
            return null;
        }

        if (IsSourceOrProjectFile(path))
        {
            // A slip such as "-o Uploader.cs" would replace code with a report; no report format uses these names.
            // Razor pages and other .NET languages' files hold code too, though the scanner reads only C#.
            error = $"cannot write the report to '{settings.OutputFile}': that name is for sources, projects "
                + "or their configuration; choose a .txt, .json or .sarif file";
            return null;
        }

        if (IsBuildConfigurationFile(path))
        {
            // "-o global.json" replaced the file that picks the SDK, and "-o nuget.config" the package sources.
            error = $"cannot write the report to '{settings.OutputFile}': the .NET SDK, NuGet or MSBuild reads that "
                + "name; choose another, such as s3sec.json or s3sec.sarif";
            return null;
        }

        if (LinkTarget(path) is { } target && (IsSourceOrProjectFile(target) || IsBuildConfigurationFile(target)))
        {
            // Writing through the link would replace the code it points to just the same.
            error = $"cannot write the report to '{settings.OutputFile}': it links to '{Path.GetFileName(target)}', "
                + "a source, project or configuration file; choose a .txt, .json or .sarif file";
            return null;
        }

        var folder = Path.GetDirectoryName(path);
        if (folder is not null && !Directory.Exists(folder))
        {
            error = $"cannot write the report to '{settings.OutputFile}': folder '{folder}' does not exist";
            return null;
        }

        try
        {
            return ReportFile.Open(path, cancellationToken, settings.OutputFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"cannot write the report to '{settings.OutputFile}': {ex.Message}";
            return null;
        }
    }

    /// <summary>Whether <paramref name="path"/> (full) is a name of this process's descriptor 1.</summary>
    private static bool NamesStandardOutput(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        return path is "/dev/stdout" or "/dev/fd/1" or "/proc/self/fd/1" or "/proc/thread-self/fd/1"
            || path == $"/proc/{Environment.ProcessId}/fd/1";
    }

    /// <summary>The file a symbolic link at <paramref name="path"/> finally points to, or null.</summary>
    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A link loop or an unreadable link: opening the report fails later with the system's own message.
            return null;
        }
    }

    private static bool IsBuildConfigurationFile(string path)
    {
        var name = Path.GetFileName(path);
        return BuildConfigurationNames.Contains(name)
            || BuildConfigurationExtensions.Contains(Path.GetExtension(name));
    }

    private static bool IsSourceOrProjectFile(string path)
    {
        var name = Path.GetFileName(path);
        return SourceOrProjectExtensions.Contains(Path.GetExtension(name))
            || name.Equals(".editorconfig", StringComparison.OrdinalIgnoreCase)
            || name.Equals(".globalconfig", StringComparison.OrdinalIgnoreCase);
    }

    private static int UsageError(TextWriter error, string message)
    {
        error.WriteLine(LineText.Escape("s3sec: error: " + message));
        error.WriteLine("Run 's3sec --help' for usage.");
        return ExitUsage;
    }

    private static int InputError(TextWriter error, string message)
    {
        error.WriteLine(LineText.Escape("s3sec: error: " + message));
        return ExitUsage;
    }
}
