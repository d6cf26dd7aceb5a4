using System;
using System.Collections.Generic;
using System.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.S3;
using Amazon.S3.Model;
using S3Sec.Analyzers.Analysis;
using S3Sec.Crypto.Envelope;
using S3Sec.Crypto.Metadata;

namespace S3Sec.Crypto.Guard;

/// <summary>
/// Opt-in run-time enforcement on an <see cref="AmazonS3Client"/>, for code the analyzers cannot see: writes
/// without the required server-side encryption, SSE-C keys over plain HTTP, and sensitive metadata names. It
/// inspects each request after the SDK marshalled it (the headers that will be sent, the resolved endpoint)
/// and before it is signed, so a refused request never leaves the process.
/// </summary>
public sealed class S3RuntimeGuard
{
    private const string SseHeader = "x-amz-server-side-encryption";
    private const string KmsKeyHeader = "x-amz-server-side-encryption-aws-kms-key-id";
    private const string SseCAlgorithmHeader = "x-amz-server-side-encryption-customer-algorithm";
    private const string SseCKeyHeader = "x-amz-server-side-encryption-customer-key";
    private const string CopySourceSseCKeyHeader = "x-amz-copy-source-server-side-encryption-customer-key";
    private const string MetaPrefix = "x-amz-meta-";
    private const string TaggingHeader = "x-amz-tagging";
    private readonly S3RuntimeGuardOptions _options;

    /// <summary>Creates a guard; the options are read on every request, so later edits apply.</summary>
    public S3RuntimeGuard(S3RuntimeGuardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>
    /// Guards one client through its public <c>BeforeRequestEvent</c>. Dispose the result to detach.
    /// </summary>
    public IDisposable Attach(AmazonS3Client client)
    {
        ArgumentNullException.ThrowIfNull(client);
        RequestEventHandler handler = (_, e) =>
        {
            if (e is WebServiceRequestEventArgs args)
            {
                Inspect(args.Request, args.Headers, args.Endpoint);
            }
        };
        client.BeforeRequestEvent += handler;
        return new Detach(() => client.BeforeRequestEvent -= handler);
    }

    /// <summary>
    /// Guards every <see cref="AmazonS3Client"/> created from now on in this process, through the SDK's runtime
    /// pipeline customizer registry. Dispose the result to stop guarding clients created afterwards.
    /// </summary>
    public IDisposable RegisterForAllClients()
    {
        var customizer = new PipelineCustomizer(this);
        RuntimePipelineCustomizerRegistry.Instance.Register(customizer);
        return new Detach(() => RuntimePipelineCustomizerRegistry.Instance.Deregister(customizer));
    }

    /// <summary>
    /// Checks one marshalled request and, in <see cref="GuardMode.Complete"/>, adds missing encryption headers.
    /// </summary>
    /// <exception cref="S3PolicyViolationException">The request breaks the policy.</exception>
    public void Inspect(AmazonWebServiceRequest request, IDictionary<string, string> headers, Uri? endpoint)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(headers);
        string operation = OperationName(request);
        bool sendsSseCKey = Has(headers, SseCKeyHeader) || Has(headers, CopySourceSseCKeyHeader);
        if (sendsSseCKey && endpoint != null && endpoint.Scheme == Uri.UriSchemeHttp)
        {
            throw new S3PolicyViolationException(
                PolicyViolation.SseCOverHttp, operation,
                $"{operation} carries an SSE-C key to an http:// endpoint; the key would cross the network in "
                + "clear text. Use HTTPS.");
        }

        if (sendsSseCKey && !_options.AllowSseC)
        {
            throw new S3PolicyViolationException(
                PolicyViolation.SseCForbidden, operation, $"{operation} uses SSE-C, which the policy forbids.");
        }

        CheckMetadata(request, headers, operation);
        CheckTags(request, headers, operation);
        if (request is PutObjectRequest or InitiateMultipartUploadRequest or CopyObjectRequest)
        {
            CheckEncryption(headers, operation);
        }
    }

    private void CheckMetadata(AmazonWebServiceRequest request, IDictionary<string, string> headers, string operation)
    {
        var names = new List<(string Name, string Value)>();
        foreach (KeyValuePair<string, string> header in headers)
        {
            if (header.Key.StartsWith(MetaPrefix, StringComparison.OrdinalIgnoreCase))
            {
                names.Add((header.Key[MetaPrefix.Length..], header.Value));
            }
        }

        // The request's own collection keeps the caller's spelling (camel case) that the wire may lower-case.
        MetadataCollection? metadata = request switch
        {
            PutObjectRequest put => put.Metadata,
            InitiateMultipartUploadRequest initiate => initiate.Metadata,
            CopyObjectRequest copy when copy.MetadataDirective == S3MetadataDirective.REPLACE => copy.Metadata,
            _ => null,
        };
        if (metadata != null)
        {
            names.AddRange(metadata.Keys.Select(k => (EnvelopeEncryptionClient.StripMetaPrefix(k), metadata[k])));
        }

        foreach ((string name, string value) in names)
        {
            if (EnvelopeKeys.All.Contains(name) || ProtectedMetadata.IsProtectedValue(value))
            {
                continue;
            }

            if (SensitiveNames.IsSensitive(name, _options.SensitiveMetadataNames))
            {
                throw new S3PolicyViolationException(
                    PolicyViolation.SensitiveMetadata, operation,
                    $"{operation} puts metadata '{name}', a sensitive name, in clear text; S3 never encrypts "
                    + "metadata. Protect the value with ProtectedMetadata or move it into the object body.");
            }
        }
    }

    private void CheckTags(AmazonWebServiceRequest request, IDictionary<string, string> headers, string operation)
    {
        var tags = new List<(string Key, string? Value)>();
        string? tagging = Get(headers, TaggingHeader);
        if (!string.IsNullOrEmpty(tagging))
        {
            // The SDK sends a write's TagSet as a URL query string: key1=value1&key2=value2.
            foreach (string pair in tagging.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                int equals = pair.IndexOf('=', StringComparison.Ordinal);
                string key = equals < 0 ? pair : pair[..equals];
                string value = equals < 0 ? "" : pair[(equals + 1)..];
                tags.Add((Uri.UnescapeDataString(key), Uri.UnescapeDataString(value)));
            }
        }

        // The request's own tag set covers PutObjectTagging, whose tags travel in the body, not in a header.
        List<Tag>? tagSet = request switch
        {
            PutObjectRequest put => put.TagSet,
            InitiateMultipartUploadRequest initiate => initiate.TagSet,
            CopyObjectRequest copy when copy.TaggingDirective == TaggingDirective.REPLACE => copy.TagSet,
            PutObjectTaggingRequest putTagging => putTagging.Tagging?.TagSet,
            _ => null,
        };
        if (tagSet != null)
        {
            tags.AddRange(tagSet.Where(t => t?.Key != null).Select(t => (t.Key, (string?)t.Value)));
        }

        foreach ((string key, string? value) in tags)
        {
            if (ProtectedMetadata.IsProtectedValue(value))
            {
                continue;
            }

            if (SensitiveNames.IsSensitive(key, _options.SensitiveMetadataNames))
            {
                throw new S3PolicyViolationException(
                    PolicyViolation.SensitiveTag, operation,
                    $"{operation} puts tag '{key}', a sensitive name, in clear text; S3 never encrypts tags. "
                    + "Protect the value with ProtectedMetadata or move it into the object body.");
            }
        }
    }

    private void CheckEncryption(IDictionary<string, string> headers, string operation)
    {
        string? sse = Get(headers, SseHeader);
        string? kmsKey = Get(headers, KmsKeyHeader);
        bool sseC = Has(headers, SseCAlgorithmHeader);
        if (string.IsNullOrEmpty(sse) && !sseC)
        {
            if (_options.Mode == GuardMode.Reject)
            {
                throw new S3PolicyViolationException(
                    PolicyViolation.MissingEncryption, operation,
                    $"{operation} sends no server-side encryption; the policy requires {PolicyName()}.");
            }

            Complete(headers);
            sse = Get(headers, SseHeader);
            kmsKey = Get(headers, KmsKeyHeader);
        }

        bool kms = sse is "aws:kms" or "aws:kms:dsse";
        bool satisfied = _options.RequiredEncryption switch
        {
            RequiredEncryption.SseS3 => sseC || sse is "AES256" || kms,
            RequiredEncryption.SseKms => kms,
            RequiredEncryption.SseKmsCmk => kms && !string.IsNullOrEmpty(kmsKey) && !IsAwsManagedAlias(kmsKey),
            _ => sse == "aws:kms:dsse",
        };
        if (!satisfied)
        {
            throw new S3PolicyViolationException(
                PolicyViolation.WeakerEncryption, operation,
                $"{operation} asks for {(sseC ? "SSE-C" : sse)}"
                + (kms && string.IsNullOrEmpty(kmsKey) ? " without a key id" : "")
                + (kms && IsAwsManagedAlias(kmsKey) ? " with the AWS managed key" : "") + ", "
                + $"weaker than the policy's {PolicyName()}.");
        }
    }

    private void Complete(IDictionary<string, string> headers)
    {
        // A KMS key id the caller set without a method is an explicit choice: it is kept, and under sse-s3 it makes
        // the filled-in method SSE-KMS, since S3 refuses a key id next to AES256.
        bool callerKey = Has(headers, KmsKeyHeader);
        switch (_options.RequiredEncryption)
        {
            case RequiredEncryption.SseS3:
                headers[SseHeader] = callerKey ? "aws:kms" : "AES256";
                break;
            case RequiredEncryption.DsseKms:
                headers[SseHeader] = "aws:kms:dsse";
                break;
            default:
                headers[SseHeader] = "aws:kms";
                break;
        }

        if (_options.RequiredEncryption != RequiredEncryption.SseS3 && !callerKey
            && !string.IsNullOrWhiteSpace(_options.KmsKeyId))
        {
            headers[KmsKeyHeader] = _options.KmsKeyId;
        }
    }

    /// <summary>
    /// True for an alias AWS reserves for its managed keys (<c>alias/aws/s3</c>), by name or as an alias ARN: under
    /// sse-kms-cmk it is not a customer managed key. The managed key's own key id or key ARN is not recognised.
    /// </summary>
    internal static bool IsAwsManagedAlias(string? keyId) =>
        !string.IsNullOrEmpty(keyId) && AwsManagedKmsKey.IsAwsManagedAlias(keyId);

    private string PolicyName() => _options.RequiredEncryption switch
    {
        RequiredEncryption.SseS3 => "sse-s3",
        RequiredEncryption.SseKms => "sse-kms",
        RequiredEncryption.SseKmsCmk => "sse-kms-cmk",
        _ => "dsse-kms",
    };

    private static string OperationName(AmazonWebServiceRequest request)
    {
        string name = request.GetType().Name;
        return name.EndsWith("Request", StringComparison.Ordinal) ? name[..^"Request".Length] : name;
    }

    private static string? Get(IDictionary<string, string> headers, string name)
    {
        foreach (KeyValuePair<string, string> header in headers)
        {
            if (string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value;
            }
        }

        return null;
    }

    private static bool Has(IDictionary<string, string> headers, string name) =>
        !string.IsNullOrEmpty(Get(headers, name));

    private sealed class Detach : IDisposable
    {
        private Action? _undo;

        public Detach(Action undo) => _undo = undo;

        public void Dispose()
        {
            _undo?.Invoke();
            _undo = null;
        }
    }

    private sealed class PipelineCustomizer : IRuntimePipelineCustomizer
    {
        private readonly S3RuntimeGuard _guard;

        public PipelineCustomizer(S3RuntimeGuard guard)
        {
            _guard = guard;
            UniqueName = "S3Sec.RuntimeGuard." + Guid.NewGuid().ToString("N");
        }

        public string UniqueName { get; }

        public void Customize(Type serviceClientType, RuntimePipeline pipeline)
        {
            if (!typeof(AmazonS3Client).IsAssignableFrom(serviceClientType))
            {
                return;
            }

            pipeline.AddHandlerBefore<Signer>(new GuardHandler(_guard));
        }
    }

    /// <summary>Runs the guard just before signing: after marshalling and endpoint resolution.</summary>
    private sealed class GuardHandler : PipelineHandler
    {
        private readonly S3RuntimeGuard _guard;

        public GuardHandler(S3RuntimeGuard guard) => _guard = guard;

        public override void InvokeSync(IExecutionContext executionContext)
        {
            Check(executionContext);
            base.InvokeSync(executionContext);
        }

        public override System.Threading.Tasks.Task<T> InvokeAsync<T>(IExecutionContext executionContext)
        {
            Check(executionContext);
            return base.InvokeAsync<T>(executionContext);
        }

        private void Check(IExecutionContext executionContext)
        {
            IRequest request = executionContext.RequestContext.Request;
            _guard.Inspect(executionContext.RequestContext.OriginalRequest, request.Headers, request.Endpoint);
        }
    }
}
