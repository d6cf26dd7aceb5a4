namespace S3Sec.Cli.CommandLine;

/// <summary>How a project or solution named on the command line is turned into compilations.</summary>
internal enum LoaderMode
{
    /// <summary>MSBuild for a project or solution when a .NET SDK is installed; loose files otherwise.</summary>
    Auto,

    /// <summary>Evaluate with MSBuild; fail when that is impossible.</summary>
    MSBuild,

    /// <summary>Read the project files as text and compile against the bundled references.</summary>
    Loose,
}
