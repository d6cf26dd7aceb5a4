using System.IO;
using Xunit;

namespace S3Sec.Packaging.Tests;

/// <summary>The schema check itself must be able to fail, or the SARIF tests prove nothing.</summary>
[Collection(PackageFeedCollection.Name)]
public sealed class SarifSchemaTests
{
    private readonly PackageFeedFixture _feed;

    public SarifSchemaTests(PackageFeedFixture feed)
    {
        _feed = feed;
    }

    [Fact]
    public void LogWithInvalidLevel_IsRejected()
    {
        var path = Path.Combine(_feed.Root, "invalid.sarif");
        File.WriteAllText(path, """
            {
              "version": "2.1.0",
              "runs": [ { "tool": { "driver": { "name": "x" } },
                          "results": [ { "ruleId": "A", "level": "catastrophic", "message": { "text": "m" } } ] } ]
            }
            """);

        Assert.False(SarifSchema.Evaluate(_feed.RepositoryRoot, path).IsValid);
    }

    [Fact]
    public void MinimalValidLog_IsAccepted()
    {
        var path = Path.Combine(_feed.Root, "valid.sarif");
        File.WriteAllText(path, """
            {
              "version": "2.1.0",
              "runs": [ { "tool": { "driver": { "name": "x" } },
                          "results": [ { "ruleId": "A", "level": "warning", "message": { "text": "m" } } ] } ]
            }
            """);

        Assert.True(SarifSchema.Evaluate(_feed.RepositoryRoot, path).IsValid);
    }
}
