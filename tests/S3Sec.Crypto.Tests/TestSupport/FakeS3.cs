using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;

namespace S3Sec.Crypto.Tests.TestSupport;

/// <summary>An in-memory IAmazonS3 answering PutObjectAsync and GetObjectAsync, built with DispatchProxy.</summary>
public class FakeS3 : DispatchProxy
{
    public ConcurrentDictionary<string, StoredObject> Objects { get; } = new();

    public IAmazonS3 Client { get; private set; } = null!;

    /// <summary>Wraps each GET body, so a test can see or interrupt what the library reads.</summary>
    public Func<Stream, Stream>? WrapResponseBody { get; set; }

    /// <summary>Answers GETs without a Content-Length (-1), as a chunked response does.</summary>
    public bool HideContentLength { get; set; }

    /// <summary>
    /// Keeps every PUT as a version, as a bucket with versioning does: a GET with a VersionId reads that version,
    /// one without reads the newest. Version ids are "v1", "v2", ... per key.
    /// </summary>
    public bool Versioning { get; set; }

    /// <summary>Every stored version per bucket/key, oldest first, while <see cref="Versioning"/> is on.</summary>
    public ConcurrentDictionary<string, List<(string VersionId, StoredObject Object)>> History { get; } = new();

    /// <summary>The Content-Length a GET answers for a key, instead of the stored body's; -1 for none.</summary>
    public Func<string, long?>? ReportContentLength { get; set; }

    /// <summary>The Content-Range a GET answers for a key, as a server or cache answering with a part would.</summary>
    public Func<string, string?>? ReportContentRange { get; set; }

    /// <summary>Every PUT request, in order.</summary>
    public ConcurrentQueue<PutObjectRequest> Puts { get; } = new();

    /// <summary>Every GET request, in order.</summary>
    public ConcurrentQueue<GetObjectRequest> Gets { get; } = new();

    public static FakeS3 Create()
    {
        IAmazonS3 client = DispatchProxy.Create<IAmazonS3, FakeS3>();
        var fake = (FakeS3)(object)client;
        fake.Client = client;
        return fake;
    }

    public void Store(string bucket, string key, byte[] body, IEnumerable<KeyValuePair<string, string>> metadata) =>
        Objects[bucket + "/" + key] = new StoredObject(body, new List<KeyValuePair<string, string>>(metadata));

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        switch (targetMethod!.Name)
        {
            case "PutObjectAsync" when args![0] is PutObjectRequest put:
                Puts.Enqueue(put);
                try
                {
                    byte[] body = ReadBody(put, (CancellationToken)args[1]!);
                    Store(put.BucketName, put.Key, body, ReadMetadata(put.Metadata));
                    if (Versioning)
                    {
                        List<(string, StoredObject)> versions =
                            History.GetOrAdd(put.BucketName + "/" + put.Key, _ => new());
                        versions.Add(("v" + (versions.Count + 1), Objects[put.BucketName + "/" + put.Key]));
                    }
                }
                catch (OperationCanceledException ex)
                {
                    return Task.FromCanceled<PutObjectResponse>(ex.CancellationToken);
                }

                return Task.FromResult(new PutObjectResponse { HttpStatusCode = HttpStatusCode.OK });
            case "GetObjectAsync" when args![0] is GetObjectRequest get:
                Gets.Enqueue(get);
                string? versionId = null;
                StoredObject? stored = null;
                if (!string.IsNullOrEmpty(get.VersionId))
                {
                    if (History.TryGetValue(get.BucketName + "/" + get.Key, out var versions))
                    {
                        (versionId, stored) = versions.Find(v => v.VersionId == get.VersionId);
                    }
                }
                else if (Objects.TryGetValue(get.BucketName + "/" + get.Key, out stored)
                         && History.TryGetValue(get.BucketName + "/" + get.Key, out var versions))
                {
                    versionId = versions[^1].VersionId;
                }

                if (stored is null)
                {
                    return Task.FromException<GetObjectResponse>(
                        new AmazonS3Exception("The specified key does not exist.") { StatusCode
                            = HttpStatusCode.NotFound });
                }

                var response = new GetObjectResponse
                {
                    ResponseStream = WrapResponseBody is { } wrap
                        ? wrap(new MemoryStream(stored.Body, writable: false))
                        : new MemoryStream(stored.Body, writable: false),
                    ContentLength = ReportContentLength?.Invoke(get.Key)
                        ?? (HideContentLength ? -1 : stored.Body.Length),
                    ETag = "\"fake\"",
                    VersionId = versionId,
                    ContentRange = ReportContentRange?.Invoke(get.Key),
                };
                foreach (KeyValuePair<string, string> entry in stored.Metadata)
                {
                    response.Metadata.Add(entry.Key, entry.Value);
                }

                return Task.FromResult(response);
            default:
                throw new NotSupportedException(targetMethod.Name + " is not faked.");
        }
    }

    /// <summary>Reads the body in chunks and stops when the token is cancelled, as the SDK's HTTP layer does.</summary>
    private static byte[] ReadBody(PutObjectRequest put, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (put.InputStream != null)
        {
            using var copy = new MemoryStream();
            byte[] buffer = new byte[81920];
            int read;
            while ((read = put.InputStream.Read(buffer, 0, buffer.Length)) > 0)
            {
                copy.Write(buffer, 0, read);
                cancellationToken.ThrowIfCancellationRequested();
            }

            return copy.ToArray();
        }

        return put.FilePath != null ? File.ReadAllBytes(put.FilePath) : Encoding.UTF8.GetBytes(put.ContentBody ?? "");
    }

    private static List<KeyValuePair<string, string>> ReadMetadata(MetadataCollection metadata)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (string key in metadata.Keys)
        {
            list.Add(new(key, metadata[key]));
        }

        return list;
    }
}

public sealed record StoredObject(byte[] Body, List<KeyValuePair<string, string>> Metadata)
{
    public string? Get(string name)
    {
        foreach (KeyValuePair<string, string> entry in Metadata)
        {
            if (string.Equals(entry.Key, "x-amz-meta-" + name, StringComparison.OrdinalIgnoreCase))
            {
                return entry.Value;
            }
        }

        return null;
    }

    public StoredObject With(string name, string? value)
    {
        var metadata = new List<KeyValuePair<string, string>>(Metadata);
        metadata.RemoveAll(e => string.Equals(e.Key, "x-amz-meta-" + name, StringComparison.OrdinalIgnoreCase));
        if (value != null)
        {
            metadata.Add(new("x-amz-meta-" + name, value));
        }

        return this with { Metadata = metadata };
    }
}
