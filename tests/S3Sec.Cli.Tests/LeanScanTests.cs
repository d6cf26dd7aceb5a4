using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

/// <summary>
/// Scans where member bodies that name nothing of the SDK are left out of the analysis (<c>LeanTrees</c>): the
/// findings and their positions must be those of the whole file.
/// </summary>
public sealed class LeanScanTests
{
    [Fact]
    public void FindingBelowABlankedHelper_KeepsItsPosition()
    {
        using var tree = Project("4.1.0.1", ("Uploader.cs", """
            using System.Threading.Tasks;
            using Amazon.S3;
            using Amazon.S3.Model;

            public class Uploader
            {
                public static int Total(int[] sizes)
                {
                    var total = 0;
                    foreach (var size in sizes)
                    {
                        total += size;
                    }

                    return total;
                }

                public Task Upload(IAmazonS3 s3) =>
                    s3.PutObjectAsync(new PutObjectRequest { BucketName = "b", Key = "k", ContentBody = "x" });
            }
            """));

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-v");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("App/Uploader.cs(19,27): warning S3SEC001", result.Output);
        Assert.Contains("App/App.csproj: left 1 member bod(ies) in 1 file(s) out of the analysis", result.Error);
    }

    [Fact]
    public void KeyWrittenInAConstructorThatNamesNoSdkType_StillGivesTheHardCodedKeyFinding()
    {
        // The constructor names only BCL types, but it writes the field the materials read their key from.
        using var tree = Project("3.7.511.8", ("Keys.cs", """
            using System.Security.Cryptography;
            using Amazon.S3.Encryption;

            public class Keys
            {
                private readonly Aes _key;

                public Keys()
                {
                    _key = new AesManaged
                    {
                        Key = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 },
                    };
                }

                public EncryptionMaterials Materials() => new EncryptionMaterials(_key);
            }
            """));

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-v");

        Assert.Contains("App/Keys.cs(12,13): warning S3SEC013", result.Output);
        Assert.Contains("App/Keys.cs(16,47): warning S3SEC031", result.Output);
        Assert.Contains("App/App.csproj: left 0 member bod(ies) in 0 file(s)", result.Error);
    }

    [Fact]
    public void RequestReachedOnlyThroughAField_StillGivesTheSensitiveMetadataFinding()
    {
        using var tree = Project("4.1.0.1", ("Store.cs", """
            using Amazon.S3.Model;

            public class Store
            {
                private readonly PutObjectRequest _request = new PutObjectRequest();

                public void Describe(string ssn)
                {
                    _request.Metadata["customer-ssn"] = ssn;
                }

                public int Plain(int a)
                {
                    return a * 2;
                }
            }
            """));

        var result = CliRunner.Run(tree.Root, "scan", tree.Root, "-v");

        Assert.Contains("App/Store.cs(9,", result.Output);
        Assert.Contains("S3SEC020", result.Output);
        Assert.Contains("App/App.csproj: left 1 member bod(ies) in 1 file(s)", result.Error);
    }

    [Fact]
    public void MasterKeyImportedByAKeyAssignmentInAPlainMember_StillGivesTheMasterKeyFinding()
    {
        // Load names no SDK type and writes no field by name, but "_aes.Key = _keyBytes" on the master key makes
        // _keyBytes the master key too (MasterKeyFlow reads that import across the type).
        using var tree = Project("3.7.511.8", ("Vault.cs", """
            using System;
            using System.Security.Cryptography;
            using System.Threading.Tasks;
            using Amazon.S3;
            using Amazon.S3.Encryption;
            using Amazon.S3.Model;

            public class Vault
            {
                private readonly Aes _aes = Aes.Create();
                private readonly byte[] _keyBytes = RandomNumberGenerator.GetBytes(32);

                public EncryptionMaterials Materials() => new EncryptionMaterials(_aes);

                public void Load()
                {
                    _aes.Key = _keyBytes;
                }

                public Task Backup(IAmazonS3 s3) => s3.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = "b",
                    Key = "k",
                    ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
                    ContentBody = Convert.ToBase64String(_keyBytes),
                });
            }
            """));

        var result = CliRunner.Run(tree.Root, "scan", tree.Root);

        Assert.Contains("App/Vault.cs(25,9): error S3SEC030", result.Output);
    }

    [Fact]
    public void RequestReachedThroughTheTypesOwnIndexer_StillGivesTheSensitiveMetadataFinding()
    {
        // "this[0]" reaches the request through the type's own indexer: the member writes no name at all.
        using var tree = Project("4.1.0.1", ("Registry.cs", """
            using System.Collections.Generic;
            using Amazon.S3.Model;

            public class Registry
            {
                private readonly List<PutObjectRequest> _requests = new List<PutObjectRequest>();

                public PutObjectRequest this[int index] => _requests[index];

                public void Describe(string ssn)
                {
                    this[0].Metadata.Add("customer-ssn", ssn);
                }
            }
            """));

        var result = CliRunner.Run(tree.Root, "scan", tree.Root);

        Assert.Contains("App/Registry.cs(12,9): warning S3SEC020", result.Output);
    }

    [Fact]
    public void RequestReachedThroughALambdaParameter_StillGivesTheSensitiveMetadataFinding()
    {
        // The lambda's parameter takes its SDK type from Send's parameter; Send's return type (void) names nothing.
        using var tree = Project("4.1.0.1", ("Uploader.cs", """
            using System;
            using Amazon.S3;
            using Amazon.S3.Model;

            public class Uploader
            {
                private readonly IAmazonS3 _s3;

                public Uploader(IAmazonS3 s3) => _s3 = s3;

                private void Send(Action<PutObjectRequest> configure)
                {
                    var request = new PutObjectRequest { BucketName = "b", Key = "k" };
                    request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256;
                    configure(request);
                    _s3.PutObjectAsync(request);
                }

                public void Describe(string ssn)
                {
                    Send(r => r.Metadata.Add("customer-ssn", ssn));
                }
            }
            """));

        var result = CliRunner.Run(tree.Root, "scan", tree.Root);

        Assert.Contains("App/Uploader.cs(21,19): warning S3SEC020", result.Output);
    }

    [Fact]
    public void KeySetInARecordConstructor_StillGivesTheHardCodedKeyFinding()
    {
        // A positional property is declared by a parameter, so the constructor's write to it is not seen as a write
        // to the type's state; the rules follow the init-only property back to that write.
        using var tree = Project("4.1.0.1", ("SseSettings.cs", """
            using Amazon.S3;
            using Amazon.S3.Model;

            public record SseSettings(string CustomerKey)
            {
                public SseSettings() : this(string.Empty)
                {
                    CustomerKey = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";
                }

                public PutObjectRequest Request() => new PutObjectRequest
                {
                    BucketName = "b",
                    Key = "k",
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = CustomerKey,
                };
            }
            """));

        var result = CliRunner.Run(tree.Root, "scan", tree.Root);

        Assert.Contains("App/SseSettings.cs(16,9): warning S3SEC013", result.Output);
    }

    [Fact]
    public void RequestReachedThroughAForeachOverThis_StillGivesTheSensitiveMetadataFinding()
    {
        // foreach binds GetEnumerator by pattern: the member names neither it nor the request type.
        using var tree = Project("4.1.0.1", ("Batch.cs", """
            using System.Collections.Generic;
            using Amazon.S3.Model;

            public class Batch
            {
                private readonly List<PutObjectRequest> _items = new List<PutObjectRequest>();

                public List<PutObjectRequest>.Enumerator GetEnumerator() => _items.GetEnumerator();

                public void DescribeAll(string ssn)
                {
                    foreach (var request in this)
                    {
                        request.Metadata.Add("customer-ssn", ssn);
                    }
                }
            }
            """));

        var result = CliRunner.Run(tree.Root, "scan", tree.Root);

        Assert.Contains("App/Batch.cs(14,13): warning S3SEC020", result.Output);
    }

    [Fact]
    public void RequestReachedThroughAnOutArgument_StillGivesTheSensitiveMetadataFinding()
    {
        // TryNext returns bool: the request comes out through its out parameter into an "out var".
        using var tree = Project("4.1.0.1", ("Pending.cs", """
            using System.Collections.Generic;
            using Amazon.S3.Model;

            public class Pending
            {
                private readonly Queue<PutObjectRequest> _queue = new Queue<PutObjectRequest>();

                public bool TryNext(out PutObjectRequest request) => _queue.TryDequeue(out request);

                public void DescribeNext(string ssn)
                {
                    if (TryNext(out var next))
                    {
                        next.Metadata.Add("customer-ssn", ssn);
                    }
                }
            }
            """));

        var result = CliRunner.Run(tree.Root, "scan", tree.Root);

        Assert.Contains("App/Pending.cs(14,13): warning S3SEC020", result.Output);
    }

    [Fact]
    public void RequestReachedThroughAnEventOfASourceDelegate_StillGivesTheSensitiveMetadataFinding()
    {
        // RequestHook returns void, so neither it nor the event Sending counts as an SDK name; the lambda's
        // parameter is a PutObjectRequest all the same.
        using var tree = Project("4.1.0.1", ("Hooks.cs", """
            using System.Threading.Tasks;
            using Amazon.S3;
            using Amazon.S3.Model;

            public delegate void RequestHook(PutObjectRequest request);

            public class Uploader
            {
                public event RequestHook Sending;

                public Task Send(IAmazonS3 s3, PutObjectRequest request)
                {
                    Sending?.Invoke(request);
                    return s3.PutObjectAsync(request);
                }
            }

            public class Auditing
            {
                public void Attach(Uploader uploader, string ssn)
                {
                    uploader.Sending += r => r.Metadata.Add("customer-ssn", ssn);
                }
            }
            """));

        var result = CliRunner.Run(tree.Root, "scan", tree.Root);

        Assert.Contains("App/Hooks.cs(22,34): warning S3SEC020", result.Output);
    }

    [Fact]
    public void RequestReachedThroughDeconstruction_StillGivesTheSensitiveMetadataFinding()
    {
        // The deconstruction calls Job.Deconstruct by pattern: Describe names neither it nor the request type.
        using var tree = Project("4.1.0.1", ("Job.cs", """
            using Amazon.S3.Model;

            public class Job
            {
                private readonly PutObjectRequest _request = new PutObjectRequest { BucketName = "b", Key = "k" };

                public void Deconstruct(out PutObjectRequest request, out int retries)
                {
                    request = _request;
                    retries = 3;
                }
            }

            public class Jobs
            {
                public void Describe(Job job, string ssn)
                {
                    var (request, _) = job;
                    request.Metadata.Add("customer-ssn", ssn);
                }
            }
            """));

        var result = CliRunner.Run(tree.Root, "scan", tree.Root);

        Assert.Contains("App/Job.cs(19,9): warning S3SEC020", result.Output);
    }

    [Fact]
    public void KeyFromTheEnvironmentInABlankedRecordConstructor_GivesNoHardCodedKeyFinding()
    {
        // The other way round: one constructor (naming an SDK type, so kept) sets a hard-coded key, the other
        // (naming nothing of the SDK) sets one from the environment. Whole, not every value is hard-coded and
        // there is no finding; with the second constructor blanked, only the hard-coded value is left.
        using var tree = Project("4.1.0.1", ("SseSettings.cs", """
            using System;
            using Amazon.S3;
            using Amazon.S3.Model;

            public record SseSettings(string CustomerKey)
            {
                public SseSettings() : this(string.Empty)
                {
                    CustomerKey = Environment.GetEnvironmentVariable("SSE_C_KEY") ?? string.Empty;
                }

                public SseSettings(ServerSideEncryptionCustomerMethod method) : this(string.Empty)
                {
                    CustomerKey = "q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=";
                }

                public PutObjectRequest Request() => new PutObjectRequest
                {
                    BucketName = "b",
                    Key = "k",
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = CustomerKey,
                };
            }
            """));

        var result = CliRunner.Run(tree.Root, "scan", tree.Root);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("No findings in 1 file", result.Output);
    }

    [Fact]
    public void RequestReachedThroughAUsingStaticOfAGenericSourceType_StillGivesTheSensitiveMetadataFinding()
    {
        // "using static Shared<PutObjectRequest>" does not write "Amazon", and Value is declared as T: Describe
        // writes no S3 name, yet Value is a PutObjectRequest there.
        using var tree = Project("4.1.0.1", ("Defaults.cs", """
            using Amazon.S3.Model;

            namespace App
            {
                using static Shared<PutObjectRequest>;

                public static class Shared<T> where T : new()
                {
                    public static readonly T Value = new T();
                }

                public class Describer
                {
                    public void Describe(string ssn)
                    {
                        Value.Metadata.Add("customer-ssn", ssn);
                    }
                }
            }
            """));

        var result = CliRunner.Run(tree.Root, "scan", tree.Root);

        Assert.Contains("App/Defaults.cs(16,13): warning S3SEC020", result.Output);
    }

    [Fact]
    public void RequestReachedThroughAnAwaitOfASourceAwaitable_StillGivesTheSensitiveMetadataFinding()
    {
        // await binds GetAwaiter by pattern: Describe names neither it nor the request type.
        using var tree = Project("4.1.0.1", ("Pending.cs", """
            using System.Runtime.CompilerServices;
            using System.Threading.Tasks;
            using Amazon.S3.Model;

            public class PendingRequest
            {
                private readonly Task<PutObjectRequest> _task = Task.FromResult(new PutObjectRequest());

                public TaskAwaiter<PutObjectRequest> GetAwaiter() => _task.GetAwaiter();
            }

            public class Describer
            {
                public async Task Describe(PendingRequest pending, string ssn)
                {
                    var request = await pending;
                    request.Metadata.Add("customer-ssn", ssn);
                }
            }
            """));

        var result = CliRunner.Run(tree.Root, "scan", tree.Root);

        Assert.Contains("App/Pending.cs(17,9): warning S3SEC020", result.Output);
    }

    private static TempTree Project(string sdkVersion, params (string Path, string Text)[] files)
    {
        var tree = new TempTree();
        tree.Write("App/App.csproj", Sources.Project(sdkVersion));
        foreach (var (path, text) in files)
        {
            tree.Write("App/" + path, text);
        }

        return tree;
    }
}
