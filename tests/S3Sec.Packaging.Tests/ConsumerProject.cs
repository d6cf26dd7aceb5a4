using System;
using System.IO;

namespace S3Sec.Packaging.Tests;

/// <summary>A small application that uses AWSSDK.S3 and the packed S3Sec analyzers, in a folder of its own.</summary>
public sealed class ConsumerProject
{
    public const string UploaderFile = "Uploader.cs";

    /// <summary>One unencrypted write: S3SEC001 on <c>new PutObjectRequest</c>.</summary>
    public const string UploaderSource = """
        using Amazon.S3;
        using Amazon.S3.Model;

        namespace Consumer;

        public static class Uploader
        {
            public static Task Put(IAmazonS3 s3, string key)
                => s3.PutObjectAsync(new PutObjectRequest { BucketName = "reports", Key = key });
        }

        """;

    private ConsumerProject(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    public string ProjectFile => Path.Combine(Directory, "Consumer.csproj");

    public string UploaderPath => Path.Combine(Directory, UploaderFile);

    /// <summary>The 1-based line and column where S3SEC001 belongs in <see cref="UploaderSource"/>.</summary>
    public static (int Line, int Column) ExpectedFindingPosition()
    {
        var index = UploaderSource.IndexOf("new PutObjectRequest", StringComparison.Ordinal);
        var before = UploaderSource.Substring(0, index);
        var line = before.Split('\n').Length;
        var column = index - before.LastIndexOf('\n');
        return (line, column);
    }

    public static ConsumerProject Create(PackageFeedFixture feed, string name, string extraProperties = "")
    {
        var directory = System.IO.Directory.CreateDirectory(Path.Combine(feed.Root, name)).FullName;
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="AWSSDK.S3" Version="4.1.0.1" />
                <PackageReference Include="S3Sec.Analyzers" Version="{feed.Version}" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="s3sec-local" value="{feed.Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, UploaderFile), UploaderSource);
        return new ConsumerProject(directory);
    }

    public void WriteEditorConfig(string content)
    {
        File.WriteAllText(Path.Combine(Directory, ".editorconfig"), "root = true\n\n[*.cs]\n" + content + "\n");
    }

    public ProcessResult Build(params string[] extraArguments)
    {
        var arguments = new System.Collections.Generic.List<string> { "build", ProjectFile, "-nologo" };
        arguments.AddRange(extraArguments);
        return ProcessRunner.Run("dotnet", arguments, Directory, TimeSpan.FromMinutes(5));
    }
}
