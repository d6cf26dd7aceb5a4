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
    public void Scan_SeveralTargetFrameworks_UsesTheFirst()
    {
        using var tree = new TempTree();
        tree.Write("App/App.csproj", SdkProject("<TargetFrameworks>net48;net8.0</TargetFrameworks>"));
        tree.Write("App/Uploader.cs", Sources.PutsUnder("NETFRAMEWORK", "NET48", "NETCOREAPP", "NET8_0"));

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { 9, 12 }, Sources.ReportedLines(result, "App/Uploader.cs"));
    }

    [Fact]
    public void Scan_SeveralTargetFrameworksFromAProperty_UsesTheFirstOfTheExpandedList()
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
        tree.Write("App/Uploader.cs", Sources.PutsUnder("NETFRAMEWORK", "NET48", "NETCOREAPP", "NET8_0"));

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { 9, 12 }, Sources.ReportedLines(result, "App/Uploader.cs"));
    }

    [Fact]
    public void Scan_DefineConstantsConditionedOnTheFramework_FollowTheFirstOfSeveralFrameworks()
    {
        // dotnet msbuild App.csproj -getProperty:DefineConstants -p:TargetFramework=net472 printed
        // ;PROPS_NET472;NOT8;TRACE;FULL;DEBUG for this tree (SDK 10).
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
            Sources.PutsUnder("FULL", "NETCORE", "NOT_FULL", "PROPS_NET472", "NOT8", "TRACE"));

        var result = CliRunner.Scan(tree);

        Assert.Equal(new[] { 9, 18, 21, 24 }, Sources.ReportedLines(result, "App/Uploader.cs"));
    }

    [Theory]
    [InlineData("net472;net8.0", new[] { 9, 15, 21 })]
    [InlineData("net8.0;net472", new[] { 12 })]
    public void Scan_DefineConstantsUnderTargetFrameworkStartsWith_FollowTheChosenFramework(
        string frameworks,
        int[] expected)
    {
        // dotnet msbuild -getProperty:DefineConstants printed TRACE;BARE;COMPARED;LOWERMETHOD;DEBUG with
        // -p:TargetFramework=net472 and TRACE;NEGATED;DEBUG with net8.0: the text compares case-sensitively.
        using var tree = new TempTree();
        tree.Write("App/App.csproj", $$"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFrameworks>{{frameworks}}</TargetFrameworks>
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
