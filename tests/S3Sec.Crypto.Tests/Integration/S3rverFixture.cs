using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Xunit;

namespace S3Sec.Crypto.Tests.Integration;

/// <summary>
/// Starts s3rver 3.7.1 (tools/s3rver) on a free 127.0.0.1 port for the integration collection, installing it
/// with npm ci first when node_modules is missing, and stops it afterwards.
/// </summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    public const string Bucket = "s3sec-it";
    private readonly StringBuilder _log = new();
    private Process? _server;
    private string? _dataDirectory;

    public int Port { get; private set; }

    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Every HTTP request any client of this fixture sent: method, path, headers.</summary>
    public ConcurrentQueue<SentRequest> Sent { get; } = new();

    public async Task InitializeAsync()
    {
        string toolDirectory = Path.Combine(FindRepositoryRoot(), "tools", "s3rver");
        string script = Path.Combine(toolDirectory, "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            await RunAsync("npm", "ci --no-audit --no-fund", toolDirectory, TimeSpan.FromMinutes(5));
        }

        _dataDirectory = Directory.CreateTempSubdirectory("s3sec-s3rver-").FullName;
        Port = FreePort();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = toolDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
                 {
                     script, "--directory", _dataDirectory, "--address", "127.0.0.1", "--port",
                     Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        _server = Process.Start(start)!;
        _server.OutputDataReceived += (_, e) => Append(e.Data);
        _server.ErrorDataReceived += (_, e) => Append(e.Data);
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        await WaitForPortAsync();
        using IAmazonS3 client = CreateClient();
        await client.PutBucketAsync(new PutBucketRequest { BucketName = Bucket });
    }

    public Task DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit(10_000);
        }

        _server?.Dispose();
        if (_dataDirectory != null && Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A real AmazonS3Client for s3rver. s3rver stores aws-chunked framing verbatim, so trailing checksums are
    /// off here and puts must set UseChunkEncoding = false.
    /// </summary>
    public AmazonS3Client CreateClient() => new(
        new BasicAWSCredentials("S3RVER", "S3RVER"),
        new AmazonS3Config
        {
            ServiceURL = ServiceUrl,
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            HttpClientFactory = new RecordingHttpClientFactory(Sent),
        });

    public IEnumerable<SentRequest> SentTo(string key) =>
        Sent.Where(r => r.Path.Contains(Uri.EscapeDataString(key).Replace("%2F", "/"), StringComparison.Ordinal));

    private void Append(string? line)
    {
        if (line != null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    private async Task WaitForPortAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_server!.HasExited)
            {
                throw new InvalidOperationException("s3rver exited: " + _log);
            }

            try
            {
                using var socket = new TcpClient();
                await socket.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException("s3rver did not listen within 30 s: " + _log);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "tools", "s3rver", "package.json")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("tools/s3rver/package.json was not found above "
            + AppContext.BaseDirectory);
    }

    private static async Task RunAsync(string file, string arguments, string directory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed: {await output}{await error}");
        }
    }
}

public sealed record SentRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers);

/// <summary>Records each request at the socket boundary, proving what did or did not leave the process.</summary>
public sealed class RecordingHttpClientFactory : HttpClientFactory
{
    private readonly ConcurrentQueue<SentRequest> _sent;

    public RecordingHttpClientFactory(ConcurrentQueue<SentRequest> sent) => _sent = sent;

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(new RecordingHandler(_sent, new SocketsHttpHandler()));

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    private sealed class RecordingHandler : DelegatingHandler
    {
        private readonly ConcurrentQueue<SentRequest> _sent;

        public RecordingHandler(ConcurrentQueue<SentRequest> sent, HttpMessageHandler inner)
            : base(inner) => _sent = sent;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
            CancellationToken cancellationToken)
        {
            var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string,
                IEnumerable<string>>>())
                .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
            _sent.Enqueue(new SentRequest(request.Method.Method, request.RequestUri!.AbsolutePath, headers));
            return base.SendAsync(request, cancellationToken);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class S3rverCollection : ICollectionFixture<S3rverFixture>
{
    public const string Name = "s3rver";
}
