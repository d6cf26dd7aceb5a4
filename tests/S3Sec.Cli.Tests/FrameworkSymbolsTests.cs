using System.Linq;
using S3Sec.Cli.Projects;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

/// <summary>
/// What <c>#if</c> sees with the loose loader for a project's target framework, implicit defines turned off, or an
/// old-style project: the same as a Debug build. The expected lists are what
/// <c>dotnet msbuild -getProperty:DefineConstants -t:AddImplicitDefineConstants</c> printed with SDK 10.0.401.
/// </summary>
public sealed class FrameworkSymbolsTests
{
    private static string SdkProject(string properties) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            {properties}
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="AWSSDK.S3" Version="3.7.511.8" />
          </ItemGroup>
        </Project>
        """;

    [Theory]
    [InlineData("net8.0", "NET;NET8_0;NETCOREAPP;NET5_0_OR_GREATER;NET6_0_OR_GREATER;NET7_0_OR_GREATER;"
        + "NET8_0_OR_GREATER;NETCOREAPP1_0_OR_GREATER;NETCOREAPP1_1_OR_GREATER;NETCOREAPP2_0_OR_GREATER;"
        + "NETCOREAPP2_1_OR_GREATER;NETCOREAPP2_2_OR_GREATER;NETCOREAPP3_0_OR_GREATER;NETCOREAPP3_1_OR_GREATER")]
    [InlineData("net472", "NETFRAMEWORK;NET472;NET20_OR_GREATER;NET30_OR_GREATER;NET35_OR_GREATER;NET40_OR_GREATER;"
        + "NET45_OR_GREATER;NET451_OR_GREATER;NET452_OR_GREATER;NET46_OR_GREATER;NET461_OR_GREATER;"
        + "NET462_OR_GREATER;NET47_OR_GREATER;NET471_OR_GREATER;NET472_OR_GREATER")]
    [InlineData("NET48", "NETFRAMEWORK;NET48;NET20_OR_GREATER;NET30_OR_GREATER;NET35_OR_GREATER;NET40_OR_GREATER;"
        + "NET45_OR_GREATER;NET451_OR_GREATER;NET452_OR_GREATER;NET46_OR_GREATER;NET461_OR_GREATER;"
        + "NET462_OR_GREATER;NET47_OR_GREATER;NET471_OR_GREATER;NET472_OR_GREATER;NET48_OR_GREATER")]
    [InlineData("netstandard2.0", "NETSTANDARD;NETSTANDARD2_0;NETSTANDARD1_0_OR_GREATER;NETSTANDARD1_1_OR_GREATER;"
        + "NETSTANDARD1_2_OR_GREATER;NETSTANDARD1_3_OR_GREATER;NETSTANDARD1_4_OR_GREATER;NETSTANDARD1_5_OR_GREATER;"
        + "NETSTANDARD1_6_OR_GREATER;NETSTANDARD2_0_OR_GREATER")]
    [InlineData("netcoreapp3.1", "NETCOREAPP;NETCOREAPP3_1;NETCOREAPP1_0_OR_GREATER;NETCOREAPP1_1_OR_GREATER;"
        + "NETCOREAPP2_0_OR_GREATER;NETCOREAPP2_1_OR_GREATER;NETCOREAPP2_2_OR_GREATER;NETCOREAPP3_0_OR_GREATER;"
        + "NETCOREAPP3_1_OR_GREATER")]
    [InlineData("net6.0-windows", "NET;NET6_0;NETCOREAPP;WINDOWS;NET5_0_OR_GREATER;NET6_0_OR_GREATER;"
        + "NETCOREAPP1_0_OR_GREATER;NETCOREAPP1_1_OR_GREATER;NETCOREAPP2_0_OR_GREATER;NETCOREAPP2_1_OR_GREATER;"
        + "NETCOREAPP2_2_OR_GREATER;NETCOREAPP3_0_OR_GREATER;NETCOREAPP3_1_OR_GREATER")]
    [InlineData("net", null)]
    [InlineData("net5", null)]
    [InlineData("$(Tfm)", null)]
    [InlineData("portable-net45", null)]
    public void For_KnownFramework_IsWhatTheSdkDefines(string framework, string? expected)
    {
        var symbols = FrameworkSymbols.For(framework);

        Assert.Equal(expected, symbols is { } s ? string.Join(";", s) : null);
    }

    [Fact]
    public void Scan_PlatformTarget_SeesThePlatformsCode()
    {
        // net9.0-windows defines WINDOWS (and WINDOWS7_0_OR_GREATER, not known here); net9.0-android ANDROID.
        using var tree = new TempTree();
        tree.Write("App/App.csproj", SdkProject("<TargetFramework>net9.0-windows10.0.19041.0</TargetFramework>"));
        tree.Write("App/Uploader.cs", Sources.PutsUnder("WINDOWS", "ANDROID", "NET9_0"));

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { 9, 15 }, Sources.ReportedLines(result, "App/Uploader.cs"));
    }

    [Fact]
    public void Scan_DisableImplicitFrameworkDefines_LeavesDebugAndTrace()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", SdkProject("""
            <TargetFramework>net8.0</TargetFramework>
                <DisableImplicitFrameworkDefines>true</DisableImplicitFrameworkDefines>
            """));
        tree.Write("App/Uploader.cs", Sources.PutsUnder("DEBUG", "TRACE", "NET", "NETCOREAPP", "NET8_0_OR_GREATER"));

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { 9, 12 }, Sources.ReportedLines(result, "App/Uploader.cs"));
    }

    [Fact]
    public void Scan_NetFrameworkTarget_SeesNetFrameworkCodeNotNetCoreCode()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", SdkProject("<TargetFramework>net472</TargetFramework>"));
        tree.Write("App/Uploader.cs", Sources.PutsUnder(
            "NETFRAMEWORK", "NET472", "NET462_OR_GREATER", "NET48_OR_GREATER", "NETCOREAPP", "NET", "DEBUG", "TRACE"));

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { 9, 12, 15, 27, 30 }, Sources.ReportedLines(result, "App/Uploader.cs"));
    }

    [Fact]
    public void Scan_NetStandardTargetFromDirectoryBuildProps_SeesNetStandardCode()
    {
        using var tree = new TempTree();
        tree.Write("Directory.Build.props", """
            <Project>
              <PropertyGroup>
                <TargetFramework>netstandard2.0</TargetFramework>
              </PropertyGroup>
            </Project>
            """);
        tree.Write("App/App.csproj", SdkProject(""));
        tree.Write(
            "App/Uploader.cs",
            Sources.PutsUnder("NETSTANDARD", "NETSTANDARD2_0", "NETSTANDARD2_1_OR_GREATER", "NET"));

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { 9, 12 }, Sources.ReportedLines(result, "App/Uploader.cs"));
    }

    [Fact]
    public void Scan_SeveralTargetFrameworks_AnalysesTheCodeOfEach()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", SdkProject("<TargetFrameworks>net48;net8.0</TargetFrameworks>"));
        tree.Write("App/Uploader.cs", Sources.PutsUnder("NETFRAMEWORK", "NET48", "NETCOREAPP", "NET8_0", "NET9_0"));

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { 9, 12, 15, 18 }, Sources.ReportedLines(result, "App/Uploader.cs"));
    }

    [Fact]
    public void Scan_FindingEveryFrameworkCompiles_IsReportedOnce()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", SdkProject("<TargetFrameworks>net48;netstandard2.0;net8.0</TargetFrameworks>"));
        tree.Write("App/Uploader.cs", Sources.PutsUnder("TRACE", "NETSTANDARD"));

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { 9, 12 }, Sources.ReportedLines(result, "App/Uploader.cs"));
    }

    [Fact]
    public void Scan_FileWithoutIfCallingCodeOnlyAnotherFrameworkCompiles_IsAnalysedThere()
    {
        // As in ServiceStack.Aws: a synchronous PutObject written as an extension method for .NET Core only, called
        // from files without #if. Under net48 the call binds to nothing the scan can see.
        using var tree = new TempTree();
        tree.Write("App/App.csproj", SdkProject("<TargetFrameworks>net48;net8.0</TargetFrameworks>"));
        tree.Write("App/SyncExtensions.cs", """
            #if NETCOREAPP
            using Amazon.S3;
            using Amazon.S3.Model;

            public static class SyncExtensions
            {
                public static PutObjectResponse PutObject(this IAmazonS3 s3, PutObjectRequest request) =>
                    s3.PutObjectAsync(request).GetAwaiter().GetResult();
            }
            #endif
            """);
        tree.Write("App/Uploader.cs", """
            using Amazon.S3;
            using Amazon.S3.Model;

            public class Uploader
            {
                public void Upload(IAmazonS3 s3)
                {
                    s3.PutObject(new PutObjectRequest { BucketName = "b", Key = "k" });
                }
            }
            """);
        tree.Write("App/Other.cs", """
            using Amazon.S3;

            public class Other
            {
                public IAmazonS3 Client { get; set; }
            }
            """);

        var result = CliRunner.Scan(tree, "--verbose");

        Assert.Equal(new[] { 8 }, Sources.ReportedLines(result, "App/Uploader.cs"));
        // Other.cs names nothing SyncExtensions.cs declares, but an extension method can bind anywhere.
        Assert.Contains("analysed 3 file(s) again under another target framework's symbols", result.Error);
    }

    [Fact]
    public void Scan_FilesNotNamingWhatTheIfChanges_AreNotAnalysedAgain()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", SdkProject("<TargetFrameworks>net48;net8.0</TargetFrameworks>"));
        tree.Write("App/Store.cs", """
            using Amazon.S3;
            using Amazon.S3.Model;

            public class Store
            {
            #if NETCOREAPP
                public void Save(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest { BucketName = "b" });
            #endif
            }
            """);
        tree.Write("App/User.cs", """
            using Amazon.S3;

            public class User
            {
                public Store Store { get; } = new Store();
            }
            """);
        tree.Write("App/Uploader.cs", Sources.UnencryptedPut);

        var result = CliRunner.Scan(tree, "--verbose");

        Assert.Equal(new[] { 7 }, Sources.ReportedLines(result, "App/Store.cs"));
        Assert.Equal(new[] { 8 }, Sources.ReportedLines(result, "App/Uploader.cs"));
        // Store.cs and User.cs, which names Store; not Uploader.cs.
        Assert.Contains("analysed 2 file(s) again under another target framework's symbols", result.Error);
    }

    [Fact]
    public void Read_SeveralTargetFrameworks_GivesTheSymbolsOfEachOtherFrameworkOnce()
    {
        using var tree = new TempTree();
        var project = tree.Write(
            "App/App.csproj", SdkProject("<TargetFrameworks>net8.0;net48;net8.0;netstandard2.0</TargetFrameworks>"));

        var settings = ProjectFileReader.Read(project, (_, _) => { });

        Assert.Contains("NET8_0", settings.PreprocessorSymbols);
        Assert.Equal(2, settings.OtherFrameworkSymbols.Length);
        Assert.Contains("NET48", settings.OtherFrameworkSymbols[0]);
        Assert.DoesNotContain("NET8_0", settings.OtherFrameworkSymbols[0]);
        Assert.Contains("NETSTANDARD2_0", settings.OtherFrameworkSymbols[1]);
    }

    [Fact]
    public void Read_ConditionsJoinedByAndOrByOr_AreDecidedAsMSBuildDoes()
    {
        // dotnet msbuild App.csproj -getProperty:DefineConstants printed TRACE;OR_FULL;OR_UNDECIDED_TRUE;QUOTED_AND;
        // MIXED;DEBUG with -p:TargetFramework=net472 and TRACE;AND_DEBUG8;QUOTED_AND;DEBUG with net8.0 (SDK 10).
        // MIXED joins both: left out, as MSBuild's precedence is not modelled.
        using var tree = new TempTree();
        var project = tree.Write("App/App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>net472;net8.0</TargetFrameworks>
              </PropertyGroup>
              <PropertyGroup Condition="'$(TargetFramework)' == 'net472' or '$(TargetFramework)' == 'net48'">
                <DefineConstants>$(DefineConstants);OR_FULL</DefineConstants>
              </PropertyGroup>
              <PropertyGroup Condition="'$(Configuration)' == 'Debug' AND '$(TargetFramework)' == 'net8.0'">
                <DefineConstants>$(DefineConstants);AND_DEBUG8</DefineConstants>
              </PropertyGroup>
              <PropertyGroup Condition="'$(SignAssembly)' == 'true' Or $(TargetFramework.StartsWith('net4'))">
                <DefineConstants>$(DefineConstants);OR_UNDECIDED_TRUE</DefineConstants>
              </PropertyGroup>
              <PropertyGroup Condition="'$(TargetFramework)' == 'net8.0' and '$(TargetFramework)' != 'net8.0'">
                <DefineConstants>$(DefineConstants);AND_NEVER</DefineConstants>
              </PropertyGroup>
              <PropertyGroup Condition="'$(TargetFramework)' == 'x and y' or '$(Platform)' == 'AnyCPU'">
                <DefineConstants>$(DefineConstants);QUOTED_AND</DefineConstants>
              </PropertyGroup>
              <PropertyGroup Condition="'$(TargetFramework)' == 'net472' or 'a' == 'b' and 'a' == 'a'">
                <DefineConstants>$(DefineConstants);MIXED</DefineConstants>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="AWSSDK.S3" Version="3.7.511.8" />
              </ItemGroup>
            </Project>
            """);
        var symbols = new[] { "OR_FULL", "AND_DEBUG8", "OR_UNDECIDED_TRUE", "AND_NEVER", "QUOTED_AND", "MIXED" };

        var settings = ProjectFileReader.Read(project, (_, _) => { });

        Assert.Equal(
            new[] { "OR_FULL", "OR_UNDECIDED_TRUE", "QUOTED_AND" },
            symbols.Where(settings.PreprocessorSymbols.Contains));
        Assert.Equal(new[] { "AND_DEBUG8", "QUOTED_AND" }, symbols.Where(settings.OtherFrameworkSymbols[0].Contains));
    }

    [Fact]
    public void Scan_SeveralTargetFrameworksFromAProperty_AnalysesEachOfTheExpandedList()
    {
        // A shared list in Directory.Build.props: the project's own text has no ';' to split on.
        using var tree = new TempTree();
        tree.Write("Directory.Build.props", """
            <Project>
              <PropertyGroup>
                <LibraryFrameworks>net48;net8.0</LibraryFrameworks>
              </PropertyGroup>
            </Project>
            """);
        tree.Write("App/App.csproj", SdkProject("<TargetFrameworks>$(LibraryFrameworks)</TargetFrameworks>"));
        tree.Write("App/Uploader.cs", Sources.PutsUnder("NETFRAMEWORK", "NET48", "NETCOREAPP", "NET8_0", "NET9_0"));

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { 9, 12, 15, 18 }, Sources.ReportedLines(result, "App/Uploader.cs"));
    }

    [Fact]
    public void Scan_DefineConstantsConditionedOnTheFramework_FollowEachOfSeveralFrameworks()
    {
        // dotnet msbuild App.csproj -getProperty:DefineConstants -p:TargetFramework=net472 printed
        // ;PROPS_NET472;NOT8;TRACE;FULL;DEBUG for this tree (SDK 10); with netstandard2.0, ;NOT8;TRACE;NOT_FULL;DEBUG;
        // with net8.0, TRACE;NETCORE;NOT_FULL;DEBUG.
        using var tree = new TempTree();
        tree.Write("Directory.Build.props", """
            <Project>
              <PropertyGroup Condition=" '$(TargetFramework)' == 'net472' ">
                <DefineConstants>$(DefineConstants);PROPS_NET472</DefineConstants>
              </PropertyGroup>
              <PropertyGroup>
                <DefineConstants Condition="'$(TargetFramework)'!='net8.0'">$(DefineConstants);NOT8</DefineConstants>
              </PropertyGroup>
            </Project>
            """);
        tree.Write("App/App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>net472;netstandard2.0;net8.0</TargetFrameworks>
              </PropertyGroup>
              <PropertyGroup Condition=" '$(TargetFramework)' == 'net8.0' ">
                <DefineConstants>$(DefineConstants);NETCORE</DefineConstants>
              </PropertyGroup>
              <PropertyGroup Condition=" '$(TargetFramework)' == 'NET472' ">
                <DefineConstants>$(DefineConstants);FULL</DefineConstants>
              </PropertyGroup>
              <PropertyGroup Condition="'$(TargetFramework)' != 'net472'">
                <DefineConstants>$(DefineConstants);NOT_FULL</DefineConstants>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="AWSSDK.S3" Version="3.7.511.8" />
              </ItemGroup>
            </Project>
            """);
        tree.Write(
            "App/Uploader.cs",
            Sources.PutsUnder("FULL", "NETCORE", "NOT_FULL", "PROPS_NET472", "NOT8", "TRACE", "PROPS_NET8"));
        var project = tree.PathOf("App/App.csproj");

        var result = CliRunner.Scan(tree);
        var settings = ProjectFileReader.Read(project, (_, _) => { });

        Assert.Equal(new[] { 9, 12, 15, 18, 21, 24 }, Sources.ReportedLines(result, "App/Uploader.cs"));
        var projectSymbols = new[] { "FULL", "NETCORE", "NOT_FULL", "PROPS_NET472", "NOT8", "PROPS_NET8" };
        var first = settings.PreprocessorSymbols;
        Assert.Equal(new[] { "FULL", "PROPS_NET472", "NOT8" }, projectSymbols.Where(first.Contains));
        Assert.Equal(new[] { "NOT_FULL", "NOT8" }, projectSymbols.Where(settings.OtherFrameworkSymbols[0].Contains));
        Assert.Equal(new[] { "NETCORE", "NOT_FULL" }, projectSymbols.Where(settings.OtherFrameworkSymbols[1].Contains));
    }

    [Theory]
    [InlineData("<TargetFrameworks>net472;net8.0</TargetFrameworks>", new[] { 9, 12, 15, 21 })]
    [InlineData("<TargetFramework>net472</TargetFramework>", new[] { 9, 15, 21 })]
    [InlineData("<TargetFramework>net8.0</TargetFramework>", new[] { 12 })]
    public void Scan_DefineConstantsUnderTargetFrameworkStartsWith_FollowTheFramework(
        string frameworks,
        int[] expected)
    {
        // dotnet msbuild -getProperty:DefineConstants printed TRACE;BARE;COMPARED;LOWERMETHOD;DEBUG with
        // -p:TargetFramework=net472 and TRACE;NEGATED;DEBUG with net8.0: the text compares case-sensitively.
        using var tree = new TempTree();
        tree.Write("App/App.csproj", $$"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                {{frameworks}}
              </PropertyGroup>
              <PropertyGroup Condition="$(TargetFramework.StartsWith('net4'))">
                <DefineConstants>$(DefineConstants);BARE</DefineConstants>
              </PropertyGroup>
              <PropertyGroup Condition="!$(TargetFramework.StartsWith('net4'))">
                <DefineConstants>$(DefineConstants);NEGATED</DefineConstants>
              </PropertyGroup>
              <PropertyGroup Condition="'$(TargetFramework.StartsWith(`net4`))' == 'true'">
                <DefineConstants>$(DefineConstants);COMPARED</DefineConstants>
              </PropertyGroup>
              <PropertyGroup Condition="$(TargetFramework.StartsWith('NET4'))">
                <DefineConstants>$(DefineConstants);UPPER</DefineConstants>
              </PropertyGroup>
              <PropertyGroup Condition=" $(TargetFramework.startswith('net4')) ">
                <DefineConstants>$(DefineConstants);LOWERMETHOD</DefineConstants>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="AWSSDK.S3" Version="3.7.511.8" />
              </ItemGroup>
            </Project>
            """);
        tree.Write("App/Uploader.cs", Sources.PutsUnder("BARE", "NEGATED", "COMPARED", "UPPER", "LOWERMETHOD"));

        var result = CliRunner.Scan(tree);

        Assert.Equal(expected, Sources.ReportedLines(result, "App/Uploader.cs"));
    }

    [Fact]
    public void Scan_DefineConstantsConditionedOnASingleFramework_CountOnlyAfterTheProjectSetsIt()
    {
        // dotnet msbuild App.csproj -getProperty:DefineConstants printed TRACE;FULL;DEBUG: before the project sets
        // TargetFramework it is empty, in Directory.Build.props and in the project's first group.
        using var tree = new TempTree();
        tree.Write("Directory.Build.props", """
            <Project>
              <PropertyGroup Condition=" '$(TargetFramework)' == 'net472' ">
                <DefineConstants>$(DefineConstants);PROPS_NET472</DefineConstants>
              </PropertyGroup>
            </Project>
            """);
        tree.Write("App/App.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup Condition=" '$(TargetFramework)' == 'net472' ">
                <DefineConstants>$(DefineConstants);BEFORE_SET</DefineConstants>
              </PropertyGroup>
              <PropertyGroup>
                <TargetFramework>net472</TargetFramework>
                <DefineConstants Condition="'$(TargetFramework)'=='net472'">$(DefineConstants);FULL</DefineConstants>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="AWSSDK.S3" Version="3.7.511.8" />
              </ItemGroup>
            </Project>
            """);
        tree.Write("App/Uploader.cs", Sources.PutsUnder("FULL", "BEFORE_SET", "PROPS_NET472"));

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { 9 }, Sources.ReportedLines(result, "App/Uploader.cs"));
    }

    [Fact]
    public void Scan_OldStyleProject_SeesOnlyItsDefineConstants()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", """
            <?xml version="1.0" encoding="utf-8"?>
            <Project ToolsVersion="15.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
              <PropertyGroup>
                <OutputType>Library</OutputType>
                <TargetFrameworkVersion>v4.7.2</TargetFrameworkVersion>
              </PropertyGroup>
              <PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Debug|AnyCPU' ">
                <DefineConstants>DEBUG;TRACE</DefineConstants>
              </PropertyGroup>
              <PropertyGroup Condition=" '$(Configuration)|$(Platform)' == 'Release|AnyCPU' ">
                <DefineConstants>TRACE;SHIPPING</DefineConstants>
              </PropertyGroup>
              <ItemGroup>
                <Compile Include="Uploader.cs" />
              </ItemGroup>
              <ItemGroup>
                <PackageReference Include="AWSSDK.S3" Version="3.7.511.8" />
              </ItemGroup>
              <Import Project="$(MSBuildToolsPath)\Microsoft.CSharp.targets" />
            </Project>
            """);
        tree.Write("App/Uploader.cs", Sources.PutsUnder(
            "DEBUG", "TRACE", "NETFRAMEWORK", "NET472", "NETCOREAPP", "NET", "SHIPPING"));

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { 9, 12 }, Sources.ReportedLines(result, "App/Uploader.cs"));
    }
}
