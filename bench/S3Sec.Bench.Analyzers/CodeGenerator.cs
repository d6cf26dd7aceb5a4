using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace S3Sec.Bench.Analyzers;

/// <summary>
/// Writes two projects of the same size and shape: one that calls AWSSDK.S3 the ways applications do (puts with
/// and without encryption, transfer uploads, copies, presigned URLs, metadata and tags, SSE-C, client settings,
/// client-side encryption clients) and one whose storage code calls HttpClient, files and look-alike types of
/// its own, with no AWSSDK.S3 reference. Most of each file is ordinary application code, as in real services.
/// </summary>
internal static class CodeGenerator
{
    public const string SdkVersion = "4.1.0.1";

    public static void Write(
        string root,
        int files,
        string analyzerPath,
        bool withS3,
        int seed = 8,
        int s3SharePercent = 100,
        bool clean = false)
    {
        string name = withS3 ? "WithS3" : "WithoutS3";
        string dir = Path.Combine(root, name);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, name + ".csproj"), Project(analyzerPath, withS3));
        foreach (var (path, text) in Sources(files, withS3, seed, s3SharePercent, clean))
        {
            string file = Path.Combine(dir, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text);
        }
    }

    /// <summary>The project's source files, relative path and text: what <see cref="Write"/> puts on disk.</summary>
    /// <remarks>
    /// With <paramref name="s3SharePercent"/> under 100, only that share of a WithS3 project's files use S3 (spread
    /// evenly); the others are ordinary application code without the look-alike request types, as in a real
    /// repository where a few services talk to S3. With <paramref name="clean"/>, the S3 methods are drawn only from
    /// the kinds S3Sec has nothing to say about, as in code whose findings were fixed: the same S3 density with
    /// almost no diagnostics, which tells the analysis from the cost of reporting.
    /// </remarks>
    public static IEnumerable<(string Path, string Text)> Sources(
        int files, bool withS3, int seed = 8, int s3SharePercent = 100, bool clean = false)
    {
        if (withS3)
        {
            yield return ("EncryptionClientStandIns.cs", StandIns);
        }

        var random = new Random(seed);
        for (int i = 0; i < files; i++)
        {
            string area = Areas[i % Areas.Length];
            bool s3 = withS3 && (i * s3SharePercent / 100) != ((i + 1) * s3SharePercent / 100);
            string source = s3 ? S3File(i, area, random, clean)
                : withS3 ? WithoutLookAlikes(PlainFile(i, area, random))
                : PlainFile(i, area, random);
            yield return (Path.Combine(area, $"{area}Service{i}.cs"), source);
        }
    }

    /// <summary>Empty props in the outer folder stop MSBuild from picking up any enclosing repository's.</summary>
    public static void WriteIsolation(string root)
    {
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(root, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(root, "Directory.Packages.props"), "<Project />\n");
    }

    private static readonly string[] Areas =
        { "Documents", "Reports", "Backups", "Invoices", "Media", "Exports", "Archive", "Uploads" };

    private static string Project(string analyzerPath, bool withS3)
    {
        string s3 = withS3
            ? $"""
                  <ItemGroup>
                    <PackageReference Include="AWSSDK.S3" Version="{SdkVersion}" />
                  </ItemGroup>

              """
            : string.Empty;
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>disable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <!-- Every NetAnalyzers rule on, so the build holds a full set of peers to compare S3Sec with. -->
                <AnalysisLevel>latest-all</AnalysisLevel>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
                <NoWarn>$(NoWarn);CS1591;CS8019</NoWarn>
                <GenerateDocumentationFile>false</GenerateDocumentationFile>
              </PropertyGroup>
            {s3}  <ItemGroup>
                <!-- What the S3Sec.Analyzers package puts in the compilation: the analyzer assembly itself. -->
                <Analyzer Include="{analyzerPath}" />
              </ItemGroup>
            </Project>

            """;
    }

    /// <summary>The <see cref="S3Method"/> kinds without a finding: encrypted writes, reads, lists, deletes.</summary>
    private static readonly int[] CleanKinds = { 1, 2, 4, 7, 13, 15, 16, 17 };

    private static string S3File(int n, string area, Random random, bool clean)
    {
        var b = new StringBuilder();
        b.Append("""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Amazon.S3;
            using Amazon.S3.Model;
            using Amazon.S3.Transfer;

            """);
        if (n % 23 == 0)
        {
            b.Append("using System.Security.Cryptography;\nusing Amazon.Extensions.S3.Encryption;\n");
            b.Append("using Amazon.Extensions.S3.Encryption.Primitives;\n");
        }

        b.Append(CultureInfo.InvariantCulture, $$"""

            namespace Contoso.{{area}}
            {
                public sealed class {{area}}Service{{n}}
                {
                    private readonly IAmazonS3 _s3;
                    private readonly ITransferUtility _transfer;
                    private readonly string _bucket;

                    public {{area}}Service{{n}}(IAmazonS3 s3, ITransferUtility transfer, string bucket)
                    {
                        _s3 = s3;
                        _transfer = transfer;
                        _bucket = bucket ?? throw new ArgumentNullException(nameof(bucket));
                    }

            """);
        int methods = 3 + random.Next(4);
        for (int m = 0; m < methods; m++)
        {
            int kind = random.Next(18);
            b.Append(S3Method(n, m, clean ? CleanKinds[kind % CleanKinds.Length] : kind));
            b.Append(Filler(n, m, random.Next(5)));
        }

        if (n % 23 == 0)
        {
            b.Append(EncryptionClientMethod(n));
        }

        b.Append("    }\n\n");
        b.Append(Record(n, area));
        b.Append("}\n");
        return b.ToString();
    }

    /// <summary>Plain code that names no S3 member, so nothing about it resembles an S3 call.</summary>
    private static string WithoutLookAlikes(string source) => source
        .Replace("        // A look-alike of the SDK's request: same name and members, not the SDK's type.\n", "")
        .Replace("PutObjectRequest", "StoredFileRequest")
        .Replace("ServerSideEncryptionMethod", "EncryptionMode")
        .Replace("Metadata", "Labels");

    private static string PlainFile(int n, string area, Random random)
    {
        var b = new StringBuilder();
        b.Append("""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Linq;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;

            """);
        b.Append(CultureInfo.InvariantCulture, $$"""

            namespace Contoso.{{area}}
            {
                public sealed class {{area}}Service{{n}}
                {
                    // A look-alike of the SDK's request: same name and members, not the SDK's type.
                    public sealed class PutObjectRequest
                    {
                        public string BucketName { get; set; }
                        public string Key { get; set; }
                        public Stream InputStream { get; set; }
                        public string ServerSideEncryptionMethod { get; set; }
                        public Dictionary<string, string> Metadata { get; } = new Dictionary<string, string>();
                    }

                    private readonly HttpClient _http;
                    private readonly string _root;

                    public {{area}}Service{{n}}(HttpClient http, string root)
                    {
                        _http = http;
                        _root = root ?? throw new ArgumentNullException(nameof(root));
                    }

            """);
        int methods = 3 + random.Next(4);
        for (int m = 0; m < methods; m++)
        {
            b.Append(PlainMethod(n, m, random.Next(6)));
            b.Append(Filler(n, m, random.Next(5)));
        }

        b.Append("    }\n\n");
        b.Append(Record(n, area));
        b.Append("}\n");
        return b.ToString();
    }

    private static string S3Method(int n, int m, int kind) => kind switch
    {
        0 => $$"""
                    public Task PutDraft{{m}}Async(string key, Stream body, CancellationToken ct) =>
                        _s3.PutObjectAsync(new PutObjectRequest
                        {
                            BucketName = _bucket,
                            Key = key,
                            InputStream = body,
                            ContentType = "application/pdf",
                        }, ct);

            """,
        1 => $$"""
                    public async Task<string> PutSealed{{m}}Async(string key, string body)
                    {
                        var request = new PutObjectRequest { BucketName = _bucket, Key = key };
                        request.ContentBody = body;
                        request.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256;
                        PutObjectResponse response = await _s3.PutObjectAsync(request);
                        return response.ETag;
                    }

            """,
        2 => $$"""
                    public Task PutKms{{m}}Async(string key, byte[] data) => _s3.PutObjectAsync(new PutObjectRequest
                    {
                        BucketName = _bucket,
                        Key = $"tenants/{key}",
                        InputStream = new MemoryStream(data),
                        ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
                        ServerSideEncryptionKeyManagementServiceKeyId = "alias/app-{{n % 7}}",
                    });

            """,
        3 => $$"""
                    public Task UploadFile{{m}}Async(string path, CancellationToken ct) =>
                        _transfer.UploadAsync(path, _bucket, Path.GetFileName(path), ct);

            """,
        4 => $$"""
                    public Task UploadLarge{{m}}Async(string path, CancellationToken ct)
                    {
                        var request = new TransferUtilityUploadRequest
                        {
                            BucketName = _bucket,
                            FilePath = path,
                            Key = "large/" + Path.GetFileName(path),
                            PartSize = 16 * 1024 * 1024,
                            ServerSideEncryptionMethod = ServerSideEncryptionMethod.{{Sse(n)}},
                        };
                        return _transfer.UploadAsync(request, ct);
                    }

            """,
        5 => $$"""
                    public Task Archive{{m}}Async(string key) => _s3.CopyObjectAsync(new CopyObjectRequest
                    {
                        SourceBucket = _bucket,
                        SourceKey = key,
                        DestinationBucket = _bucket + "-archive",
                        DestinationKey = "archive/" + key,
                        ServerSideEncryptionMethod = ServerSideEncryptionMethod.None,
                    });

            """,
        6 => $$"""
                    public string UploadLink{{m}}(string key) => _s3.GetPreSignedURL(new GetPreSignedUrlRequest
                    {
                        BucketName = _bucket,
                        Key = key,
                        Verb = HttpVerb.PUT,
                        Expires = DateTime.UtcNow.AddMinutes(15),
                    });

            """,
        7 => $$"""
                    public string DownloadLink{{m}}(string key) => _s3.GetPreSignedURL(new GetPreSignedUrlRequest
                    {
                        BucketName = _bucket,
                        Key = key,
                        Expires = DateTime.UtcNow.AddHours(1),
                    });

            """,
        8 => $$"""
                    public Task PutWithOwner{{m}}Async(string key, Stream body, string ownerEmail, string department)
                    {
                        var request = new PutObjectRequest
                        {
                            BucketName = _bucket,
                            Key = key,
                            InputStream = body,
                            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
                        };
                        request.Metadata.Add("owner-email", ownerEmail);
                        request.Metadata.Add("department", department);
                        request.Metadata["x-amz-meta-revision"] = "{{m}}";
                        return _s3.PutObjectAsync(request);
                    }

            """,
        9 => $$"""
                    public Task PutTagged{{m}}Async(string key, string content, string customerId, string ssn) =>
                        _s3.PutObjectAsync(new PutObjectRequest
                        {
                            BucketName = _bucket,
                            Key = $"customers/{customerId}/{key}",
                            ContentBody = content,
                            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
                            TagSet = new List<Tag>
                            {
                                new Tag { Key = "classification", Value = "internal" },
                                new Tag { Key = "ssn", Value = ssn },
                            },
                        });

            """,
        10 => $$"""
                    public Task PutCustomerKey{{m}}Async(string key, Stream body, string base64Key) =>
                        _s3.PutObjectAsync(new PutObjectRequest
                        {
                            BucketName = _bucket,
                            Key = key,
                            InputStream = body,
                            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                            ServerSideEncryptionCustomerProvidedKey = base64Key,
                        });

            """,
        11 => $$"""
                    private const string FixedKey{{m}} = "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=";

                    public Task<GetObjectResponse> ReadCustomerKey{{m}}Async(string key) =>
                        _s3.GetObjectAsync(new GetObjectRequest
                        {
                            BucketName = _bucket,
                            Key = key,
                            ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                            ServerSideEncryptionCustomerProvidedKey = FixedKey{{m}},
                        });

            """,
        12 => $$"""
                    public static IAmazonS3 CreateLocalClient{{m}}(string serviceUrl, bool insecure)
                    {
                        var config = new AmazonS3Config
                        {
                            ServiceURL = "http://minio-{{n % 5}}.internal:9000",
                            ForcePathStyle = true,
                            Timeout = TimeSpan.FromSeconds(30),
                        };
                        if (insecure)
                        {
                            config.UseHttp = true;
                        }

                        return new AmazonS3Client(config);
                    }

            """,
        13 => $$"""
                    public async Task MultipartUpload{{m}}Async(string key, IReadOnlyList<byte[]> parts)
                    {
                        InitiateMultipartUploadResponse start = await _s3.InitiateMultipartUploadAsync(
                            new InitiateMultipartUploadRequest
                            {
                                BucketName = _bucket,
                                Key = key,
                                ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS,
                            });
                        var etags = new List<PartETag>();
                        for (int i = 0; i < parts.Count; i++)
                        {
                            UploadPartResponse part = await _s3.UploadPartAsync(new UploadPartRequest
                            {
                                BucketName = _bucket,
                                Key = key,
                                UploadId = start.UploadId,
                                PartNumber = i + 1,
                                InputStream = new MemoryStream(parts[i]),
                            });
                            etags.Add(new PartETag(i + 1, part.ETag));
                        }

                        await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
                        {
                            BucketName = _bucket,
                            Key = key,
                            UploadId = start.UploadId,
                            PartETags = etags,
                        });
                    }

            """,
        14 => $$"""
                    public Task Forward{{m}}Async(PutObjectRequest request) => _s3.PutObjectAsync(request);

            """,
        15 => $$"""
                    public async Task<string> ReadText{{m}}Async(string key, CancellationToken ct)
                    {
                        using GetObjectResponse response = await _s3.GetObjectAsync(_bucket, key, ct);
                        using var reader = new StreamReader(response.ResponseStream);
                        return await reader.ReadToEndAsync(ct);
                    }

            """,
        16 => $$"""
                    public async Task<List<string>> ListKeys{{m}}Async(string prefix)
                    {
                        var keys = new List<string>();
                        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix };
                        ListObjectsV2Response page;
                        do
                        {
                            page = await _s3.ListObjectsV2Async(request);
                            keys.AddRange(page.S3Objects.Select(o => o.Key));
                            request.ContinuationToken = page.NextContinuationToken;
                        }
                        while (page.IsTruncated == true);

                        return keys;
                    }

            """,
        _ => $$"""
                    public Task Delete{{m}}Async(string key) => _s3.DeleteObjectAsync(_bucket, key);

            """,
    };

    private static string Sse(int n) => n % 2 == 0 ? "AWSKMS" : "AES256";

    private static string EncryptionClientMethod(int n) => $$"""
                public static IAmazonS3 CreateEncryptionClient(Aes masterKey)
                {
                    var materials = new EncryptionMaterialsV2(masterKey, SymmetricAlgorithmType.AesGcm);
                    var profile = SecurityProfile.{{(n % 2 == 0 ? "V2" : "V2AndLegacy")}};
                    var config = new AmazonS3CryptoConfigurationV2(profile);
                    return new AmazonS3EncryptionClientV2(config, materials);
                }

                public static Task PutClientSide(Aes masterKey, string bucket, string key, Stream body)
                {
                    IAmazonS3 client = CreateEncryptionClient(masterKey);
                    return client.PutObjectAsync(new PutObjectRequest
                    {
                        BucketName = bucket,
                        Key = key,
                        InputStream = body,
                    });
                }

        """;

    private static string PlainMethod(int n, int m, int kind) => kind switch
    {
        0 => $$"""
                    public async Task Upload{{m}}Async(string key, Stream body, CancellationToken ct)
                    {
                        using var content = new StreamContent(body);
                        using HttpResponseMessage response = await _http.PutAsync($"{_root}/{key}", content, ct);
                        response.EnsureSuccessStatusCode();
                    }

            """,
        1 => $$"""
                    public void Save{{m}}(PutObjectRequest request)
                    {
                        request.ServerSideEncryptionMethod = "AES256";
                        request.Metadata.Add("owner-email", "someone@example.com");
                        string path = Path.Combine(_root, request.BucketName, request.Key);
                        Directory.CreateDirectory(Path.GetDirectoryName(path));
                        using FileStream file = File.Create(path);
                        request.InputStream.CopyTo(file);
                    }

            """,
        2 => $$"""
                    public async Task<string> Read{{m}}Async(string key, CancellationToken ct)
                    {
                        using HttpResponseMessage response = await _http.GetAsync($"{_root}/{key}", ct);
                        response.EnsureSuccessStatusCode();
                        return await response.Content.ReadAsStringAsync(ct);
                    }

            """,
        3 => $$"""
                    public IEnumerable<string> List{{m}}(string prefix) =>
                        Directory.EnumerateFiles(_root, prefix + "*", SearchOption.AllDirectories)
                            .Select(p => Path.GetRelativePath(_root, p))
                            .OrderBy(p => p, StringComparer.Ordinal);

            """,
        4 => $$"""
                    public PutObjectRequest Prepare{{m}}(string key, byte[] data) => new PutObjectRequest
                    {
                        BucketName = "bucket-{{n % 9}}",
                        Key = key,
                        InputStream = new MemoryStream(data),
                    };

            """,
        _ => $$"""
                    public void Delete{{m}}(string key) => File.Delete(Path.Combine(_root, key));

            """,
    };

    private static string Filler(int n, int m, int kind) => kind switch
    {
        0 => $$"""
                    public static string Describe{{m}}(IEnumerable<KeyValuePair<string, int>> counts)
                    {
                        var parts = counts
                            .Where(c => c.Value > 0)
                            .OrderByDescending(c => c.Value)
                            .ThenBy(c => c.Key, StringComparer.Ordinal)
                            .Select(c => $"{c.Key}={c.Value}");
                        return string.Join(", ", parts);
                    }

            """,
        1 => $$"""
                    public static bool IsValidKey{{m}}(string key)
                    {
                        if (string.IsNullOrWhiteSpace(key) || key.Length > 1024)
                        {
                            return false;
                        }

                        foreach (char c in key)
                        {
                            if (char.IsControl(c) || c == '\\')
                            {
                                return false;
                            }
                        }

                        return !key.StartsWith("/", StringComparison.Ordinal);
                    }

            """,
        2 => $$"""
                    public static string ContentTypeFor{{m}}(string fileName) =>
                        Path.GetExtension(fileName).ToLowerInvariant() switch
                        {
                            ".pdf" => "application/pdf",
                            ".json" => "application/json",
                            ".csv" => "text/csv",
                            ".png" => "image/png",
                            _ => "application/octet-stream",
                        };

            """,
        3 => $$"""
                    public static async Task<int> RetryAsync{{m}}(Func<Task<int>> action, int attempts)
                    {
                        for (int attempt = 1; ; attempt++)
                        {
                            try
                            {
                                return await action();
                            }
                            catch (IOException) when (attempt < attempts)
                            {
                                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt));
                            }
                        }
                    }

            """,
        _ => $$"""
                    public static long TotalSize{{m}}(IReadOnlyCollection<FileInfo> files)
                    {
                        long total = 0;
                        foreach (FileInfo file in files)
                        {
                            total += file.Length;
                        }

                        return total + {{n % 97}};
                    }

            """,
    };

    private static string Record(int n, string area) => $$"""
            public sealed record {{area}}Entry{{n}}(string Key, long Size, DateTimeOffset Modified, string Owner)
            {
                public bool IsRecent(DateTimeOffset now) => now - Modified < TimeSpan.FromDays({{1 + (n % 30)}});
            }

        """;

    private const string StandIns = """
        // Amazon.Extensions.S3.Encryption is not served by this machine's package mirror: these declarations carry
        // its namespaces and signatures, which is all the analyzers look at.
        namespace Amazon.Extensions.S3.Encryption
        {
            using System.Security.Cryptography;
            using Amazon.Extensions.S3.Encryption.Primitives;
            using Amazon.Runtime;

            public enum SecurityProfile { V2, V2AndLegacy, V4, V4AndLegacy }

            public class EncryptionMaterialsV2
            {
                public EncryptionMaterialsV2(Aes aes, SymmetricAlgorithmType type) { }
            }

            public class AmazonS3CryptoConfigurationV2 : Amazon.S3.AmazonS3Config
            {
                public AmazonS3CryptoConfigurationV2(SecurityProfile profile) { SecurityProfile = profile; }
                public SecurityProfile SecurityProfile { get; set; }
            }

            public class AmazonS3EncryptionClientV2 : Amazon.S3.AmazonS3Client
            {
                public AmazonS3EncryptionClientV2(AmazonS3CryptoConfigurationV2 config, EncryptionMaterialsV2 materials)
                    : base(new AnonymousAWSCredentials(), Amazon.RegionEndpoint.USEast1) { }
            }
        }

        namespace Amazon.Extensions.S3.Encryption.Primitives
        {
            public enum SymmetricAlgorithmType { AesGcm }
        }

        """;
}
