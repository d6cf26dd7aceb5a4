using System;
using System.IO;
using S3Sec.Bench.Analyzers;

// "generate" writes the two projects; "build" compiles them alternately with the compiler's per-analyzer timing on
// and prints the comparison; "scanner" times s3sec scan against dotnet build; "profile" times each analyzer in
// process; "trace" samples one build with dotnet-trace. See bench/README.md.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
{
    // A mistyped option is the user's slip, not a crash: one line and exit 2, as s3sec does.
    Console.Error.WriteLine("error: " + ex.Message);
    return 2;
}

string analyzer = options.Analyzer ?? Path.Combine(options.RepoRoot, "src", "S3Sec.Analyzers", "bin", "Release",
    "netstandard2.0", "S3Sec.Analyzers.dll");
switch (options.Command)
{
    case "generate":
        CodeGenerator.WriteIsolation(options.Output);
        CodeGenerator.Write(
            options.Output, options.Files, analyzer, withS3: true, s3SharePercent: options.S3Share,
            clean: options.Clean);
        CodeGenerator.Write(options.Output, options.Files, analyzer, withS3: false);
        Console.WriteLine($"wrote {options.Files} files each to WithS3 ({options.S3Share}% of them using S3) and "
            + $"WithoutS3 under {options.Output}");
        return 0;
    case "build":
        return BuildComparison.Run(options, analyzer);
    case "profile":
        return AnalyzerProfile.Run(options, analyzer);
    case "scanner":
        return ScannerComparison.Run(options, analyzer);
    case "trace":
        return BuildTrace.Run(options);
    default:
        Console.Error.WriteLine("usage: generate|build|scanner|profile|trace [--files N] [--out DIR] [--runs N]");
        return 2;
}
