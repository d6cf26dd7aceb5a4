using System;
using S3Sec.Cli.CommandLine;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Help_PrintsUsage_ExitsWith0()
    {
        var result = CliRunner.Run(".", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage: s3sec scan [PATH]", result.Output);
        Assert.Contains("--format text|json|sarif", result.Output);
    }

    [Fact]
    public void Help_TiesTheFailOnNoteLevelToTheInfoTheReportsShow()
    {
        // --fail-on said note while the text and JSON reports (bySeverity.info) said info, with nothing joining them.
        var result = CliRunner.Run(".", "--help");

        var words = string.Join(' ', result.Output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(
            "A note is what the text and JSON reports call info (SARIF: note); --fail-on info is the same as note.",
            words);
    }

    [Fact]
    public void ScanHelp_PrintsUsage_ExitsWith0()
    {
        var result = CliRunner.Run(".", "scan", "-h");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage: s3sec scan", result.Output);
    }

    [Fact]
    public void Version_PrintsVersion_ExitsWith0()
    {
        var result = CliRunner.Run(".", "--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Output.Trim());
    }

    [Fact]
    public void NoArguments_ExitsWith2()
    {
        var result = CliRunner.Run(".");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("missing command", result.Error);
    }

    [Fact]
    public void UnknownOption_ExitsWith2()
    {
        using var tree = new TempTree();

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "--frmat", "json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown option '--frmat'", result.Error);
        Assert.Equal(string.Empty, result.Output);
    }

    [Theory]
    [InlineData("scan", "")]
    [InlineData("", "--fix")]
    public void EmptyPath_IsAnErrorNotTheCurrentFolder(string first, string second)
    {
        // As a script's `s3sec scan "$DIR" --fix` runs when DIR is unset: it must not fix the folder it runs in.
        using var tree = new TempTree();
        var file = tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Run(tree.Root, first, second, "--fix");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            "s3sec: error: the path to scan is empty\nRun 's3sec --help' for usage.\n",
            result.Error.ReplaceLineEndings("\n"));
        Assert.Equal(string.Empty, result.Output);
        Assert.Equal(Sources.UnencryptedPut, System.IO.File.ReadAllText(file));
    }

    [Fact]
    public void UnknownCommand_ExitsWith2()
    {
        var result = CliRunner.Run(".", "scna");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown command 'scna'", result.Error);
    }

    [Fact]
    public void UnknownFormat_ExitsWith2()
    {
        using var tree = new TempTree();

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "--format", "xml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown format 'xml'", result.Error);
    }

    [Fact]
    public void OptionWithoutValue_ExitsWith2()
    {
        var result = CliRunner.Run(".", "scan", "--output");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("option '--output' needs a value", result.Error);
    }

    [Fact]
    public void OptionFollowedByAnotherOption_ExitsWith2AndWritesNothing()
    {
        using var tree = new TempTree();

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-o", "-q");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("option '-o' needs a value", result.Error);
        Assert.False(System.IO.File.Exists(System.IO.Path.Combine(tree.Root, "-q")));
    }

    [Fact]
    public void SecondPath_ExitsWith2()
    {
        var result = CliRunner.Run(".", "scan", "a", "b");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unexpected argument 'b'", result.Error);
    }

    [Fact]
    public void PathWithoutVerb_ScansThatPath()
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Run(tree.Root, tree.Root, "--quiet");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("S3SEC001", result.Output);
    }

    [Fact]
    public void OptionWithEqualsSign_IsAccepted()
    {
        using var tree = new TempTree();
        tree.Write("Calculator.cs", Sources.NoS3);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "--format=json", "-q");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("{", result.Output.TrimStart());
    }

    [Theory]
    [InlineData("option '--format' is given twice ('json' and 'sarif')", "-f", "json", "-f", "sarif")]
    [InlineData("option '--format' is given twice ('json' and 'sarif')", "--format=json", "-f", "sarif")]
    [InlineData("option '--format' is given twice ('json' and 'json')", "-f", "json", "--format", "json")]
    [InlineData("option '--output' is given twice ('a.json' and 'b.json')", "-o", "a.json", "--output", "b.json")]
    [InlineData("option '--fail-on' is given twice ('none' and 'error')", "--fail-on", "none", "--fail-on", "error")]
    [InlineData("option '--max-file-size' is given twice ('1M' and '2M')", "--max-file-size", "1M",
        "--max-file-size=2M")]
    [InlineData("option '--loader' is given twice ('loose' and 'auto')", "--loader", "loose", "--loader", "auto")]
    public void ValueOptionGivenTwice_IsAUsageErrorNamingBothValues(string expected, params string[] options)
    {
        // A script that appends options must not get a report in the format (or place, or gate) it did not mean.
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Run(tree.Root, ["scan", tree.Root, "-q", .. options]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            "s3sec: error: " + expected + "; it takes one value\nRun 's3sec --help' for usage.\n",
            result.Error.ReplaceLineEndings("\n"));
        Assert.Equal(string.Empty, result.Output);
        Assert.Equal(new[] { tree.PathOf("Uploader.cs") }, System.IO.Directory.GetFiles(tree.Root));
    }

    [Fact]
    public void FlagGivenTwice_IsAccepted()
    {
        // A flag has no value to choose between; repeating it changes nothing.
        using var tree = new TempTree();
        tree.Write("Calculator.cs", Sources.NoS3);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q", "--quiet", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
    }

    [Theory]
    [InlineData("1000", 1000L)]
    [InlineData("512K", 512L * 1024)]
    [InlineData("10M", 10L * 1024 * 1024)]
    [InlineData("10mb", 10L * 1024 * 1024)]
    [InlineData("1G", 1024L * 1024 * 1024)]
    public void MaxFileSize_AcceptsPlainBytesAndSuffixes(string text, long expected)
    {
        Assert.True(CommandLineParser.TryParseSize(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ten")]
    [InlineData("-5")]
    [InlineData("5T")]
    [InlineData(" 5")]
    [InlineData("5 ")]
    [InlineData("+5")]
    [InlineData("5K ")]
    [InlineData(" 5K")]
    [InlineData("5 K")]
    [InlineData("5\t")]
    [InlineData("\u0665")]
    [InlineData("5,000")]
    [InlineData("K")]
    public void MaxFileSize_RejectsNonSizes(string text)
    {
        Assert.False(CommandLineParser.TryParseSize(text, out _));
    }

    [Fact]
    public void InvalidMaxFileSize_ExitsWith2()
    {
        var result = CliRunner.Run(".", "scan", "--max-file-size", "huge");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("invalid --max-file-size 'huge'", result.Error);
    }

    [Theory]
    [InlineData(" 5")]
    [InlineData("5 ")]
    [InlineData("+5")]
    public void MaxFileSizeWithSpaceOrSign_ExitsWith2(string text)
    {
        using var tree = new TempTree();
        tree.Write("Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-q", "--max-file-size", text);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            $"s3sec: error: invalid --max-file-size '{text}'; expected a size such as 500000, 512K or 10M\n"
                + "Run 's3sec --help' for usage.\n",
            result.Error.ReplaceLineEndings("\n"));
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public void NegativeMaxFileSize_IsRejectedAsAValue()
    {
        var result = CliRunner.Run(".", "scan", "--max-file-size", "-5");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("invalid --max-file-size '-5'", result.Error);
    }
}
