using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using S3Sec.Analyzers.Tests.Verifiers;
using Xunit;
using VerifyCS = S3Sec.Analyzers.Tests.Verifiers.Verify<S3Sec.Analyzers.Rules.TransportAnalyzer>;

namespace S3Sec.Analyzers.Tests.Rules;

public sealed class S3SEC010_SseCustomerKeyOverHttpTests
{
    private const string Usings = """
        using System;
        using System.Threading.Tasks;
        using Amazon.S3;
        using Amazon.S3.Model;
        using Amazon.S3.Transfer;

        """;

    /// <summary>S3SEC011 fires on the same configurations; these tests look at S3SEC010 only.</summary>
    private const string OnlyS3Sec010 = "dotnet_diagnostic.S3SEC011.severity = none";

    public static TheoryData<SdkLine> Lines => SdkReferences.Lines;

    private static Task CheckAsync(string source, SdkLine line = SdkLine.V4, string? editorConfig = null)
        => VerifyCS.AnalyzerAsync(Usings + source, line, OnlyS3Sec010 + "\n" + editorConfig);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task KeyThroughUseHttpClient_Triggers(SdkLine line) => VerifyCS.AnalyzerAsync(
        Usings + """
        class Uploader
        {
            async Task Put(string key)
            {
                var s3 = new AmazonS3Client(new AmazonS3Config { UseHttp = true });
                await {|#0:s3.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = "b",
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                })|};
            }
        }
        """,
        line,
        OnlyS3Sec010,
        VerifyCS.Diagnostic(Descriptors.S3SEC010_SseCustomerKeyOverHttp)
            .WithLocation(0)
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("PutObjectAsync", "UseHttp = true"));

    [Fact]
    public Task KeyThroughForwardingWrapperOnHttpClient_Triggers() => VerifyCS.AnalyzerAsync(
        Usings + """
        class Uploader
        {
            void Put(string key)
            {
                var s3 = new AmazonS3Client(new AmazonS3Config { UseHttp = true });
                {|#0:s3.PutObject(new PutObjectRequest
                {
                    BucketName = "b",
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                })|};
            }
        }

        static class SyncS3
        {
            public static PutObjectResponse PutObject(this IAmazonS3 client, PutObjectRequest request)
                => client.PutObjectAsync(request).GetAwaiter().GetResult();
        }
        """,
        SdkLine.V4,
        OnlyS3Sec010,
        VerifyCS.Diagnostic(Descriptors.S3SEC010_SseCustomerKeyOverHttp)
            .WithLocation(0)
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("PutObject", "UseHttp = true"));

    // The request is followed into the instance wrapper, and its client is the wrapper's field, every write to
    // which (here an initializer, or a constructor, one of them chaining to the other) is in sight.
    [Theory]
    [MemberData(nameof(Lines))]
    public Task KeyThroughInstanceWrapperOnHttpClientField_Triggers(SdkLine line) => CheckAsync("""
        class Uploader
        {
            Task Put(Store store, string key) => {|S3SEC010:store.Put(new PutObjectRequest
            {
                BucketName = "b",
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                ServerSideEncryptionCustomerProvidedKey = key,
            })|};

            Task Get(string key) => {|S3SEC010:new Reader("audit").Get(new GetObjectRequest
            {
                BucketName = "b",
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                ServerSideEncryptionCustomerProvidedKey = key,
            })|};
        }

        class Store
        {
            private readonly IAmazonS3 _s3 = new AmazonS3Client(new AmazonS3Config { UseHttp = true });

            public Task Put(PutObjectRequest request) => _s3.PutObjectAsync(request);
        }

        class Reader
        {
            private IAmazonS3 Client { get; }

            public Reader(string log) : this()
            {
            }

            public Reader()
            {
                var config = new AmazonS3Config();
                config.ServiceURL = "http://storage.internal:9000";
                Client = new AmazonS3Client(config);
            }

            public Task<GetObjectResponse> Get(GetObjectRequest request) => this.Client.GetObjectAsync(request);
        }
        """, line);

    // The wrapper's client field is not judged when a write to it is out of sight: a constructor parameter, a field
    // others may set, an init accessor a caller's initializer may set, or one constructor building an HTTPS client.
    [Theory]
    [MemberData(nameof(Lines))]
    public Task KeyThroughInstanceWrapperOnFieldAssignedFromOutside_DoesNotTrigger(SdkLine line) => CheckAsync("""
        class Uploader
        {
            Task Put(string key, IAmazonS3 s3)
            {
                var request = new PutObjectRequest
                {
                    BucketName = "b",
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                };
                _ = new Injected(s3).Put(request);
                _ = new Settable().Put(request);
                _ = new InitSettable { S3 = new AmazonS3Client() }.Put(request);
                return new EitherWay(true).Put(request);
            }
        }

        class Injected
        {
            private readonly IAmazonS3 _s3;

            public Injected(IAmazonS3 s3) => _s3 = s3;

            public Injected() => _s3 = new AmazonS3Client(new AmazonS3Config { UseHttp = true });

            public Task Put(PutObjectRequest request) => _s3.PutObjectAsync(request);
        }

        class Settable
        {
            public IAmazonS3 S3 = new AmazonS3Client(new AmazonS3Config { UseHttp = true });

            public Task Put(PutObjectRequest request) => S3.PutObjectAsync(request);
        }

        class InitSettable
        {
            public IAmazonS3 S3 { get; init; } = new AmazonS3Client(new AmazonS3Config { UseHttp = true });

            public Task Put(PutObjectRequest request) => S3.PutObjectAsync(request);
        }

        class EitherWay
        {
            private readonly IAmazonS3 _s3;

            public EitherWay(bool local) => _s3 = new AmazonS3Client(new AmazonS3Config { UseHttp = true });

            public EitherWay() => _s3 = new AmazonS3Client();

            public Task Put(PutObjectRequest request) => _s3.PutObjectAsync(request);
        }
        """, line);

    // A private field or init property is also written where no plain assignment of this object's member shows
    // it: by ref or out, by deconstruction, through another instance, by a with expression. Its initializer is
    // then not all it can hold.
    [Fact]
    public Task KeyThroughInstanceWrapperOnFieldWrittenOtherwise_DoesNotTrigger() => CheckAsync("""
        class Uploader
        {
            Task Put(string key, IAmazonS3 s3)
            {
                var request = new PutObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                };
                _ = new ByRef().Put(request);
                _ = new ByOut().Put(request);
                _ = new ByDeconstruction(s3).Put(request);
                _ = new ThroughOther().Put(request);
                return new WithRecord().Put(request);
            }
        }

        class ByRef
        {
            private IAmazonS3 _s3 = new AmazonS3Client(new AmazonS3Config { UseHttp = true });

            public ByRef() => Secure(ref _s3);

            private static void Secure(ref IAmazonS3 client) => client = new AmazonS3Client();

            public Task Put(PutObjectRequest request) => _s3.PutObjectAsync(request);
        }

        class ByOut
        {
            private readonly IAmazonS3 _s3 = new AmazonS3Client(new AmazonS3Config { UseHttp = true });

            public ByOut() => Secure(out _s3);

            private static void Secure(out IAmazonS3 client) => client = new AmazonS3Client();

            public Task Put(PutObjectRequest request) => _s3.PutObjectAsync(request);
        }

        class ByDeconstruction
        {
            private readonly IAmazonS3 _s3 = new AmazonS3Client(new AmazonS3Config { UseHttp = true });
            private readonly int _n;

            public ByDeconstruction(IAmazonS3 s3) => (_s3, _n) = (s3, 1);

            public Task Put(PutObjectRequest request) => _s3.PutObjectAsync(request);
        }

        class ThroughOther
        {
            private IAmazonS3 _s3 = new AmazonS3Client(new AmazonS3Config { UseHttp = true });

            public static void Secure(ThroughOther other, IAmazonS3 s3) => other._s3 = s3;

            public Task Put(PutObjectRequest request) => _s3.PutObjectAsync(request);
        }

        record WithRecord
        {
            private IAmazonS3 S3 { get; init; } = new AmazonS3Client(new AmazonS3Config { UseHttp = true });

            public WithRecord Over(IAmazonS3 s3) => this with { S3 = s3 };

            public Task Put(PutObjectRequest request) => S3.PutObjectAsync(request);
        }
        """);

    // Known gap: the field is built from a constructor parameter, and the only caller of that (private)
    // constructor is this(...) with a plain-HTTP config; parameters are not followed to the this(...) that fills them.
    [Fact]
    public Task FieldClientFromParameterFilledThroughThis_IsNotReported_Limitation() => CheckAsync("""
        class Store
        {
            private readonly IAmazonS3 _s3;

            public Store() : this(new AmazonS3Config { UseHttp = true })
            {
            }

            private Store(AmazonS3Config config) => _s3 = new AmazonS3Client(config);

            Task Put(string key) => _s3.PutObjectAsync(new PutObjectRequest
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                ServerSideEncryptionCustomerProvidedKey = key,
            });
        }
        """);

    // An init accessor others can see may be given another client by any caller's object initializer
    // (new Store { S3 = ... }): the property's initializer is not all it can hold, also for the type's own calls.
    [Fact]
    public Task InitOnlyClientPropertyOfOwnType_DoesNotTrigger() => CheckAsync("""
        class Store
        {
            public IAmazonS3 S3 { get; init; } = new AmazonS3Client(new AmazonS3Config { UseHttp = true });

            Task Put(string key) => S3.PutObjectAsync(new PutObjectRequest
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                ServerSideEncryptionCustomerProvidedKey = key,
            });
        }

        class Caller
        {
            Store Make() => new Store { S3 = new AmazonS3Client() };
        }
        """);

    // A private init accessor is set only by the type itself: followed.
    [Fact]
    public Task PrivateInitClientPropertyOfOwnType_Triggers() => CheckAsync("""
        class Store
        {
            public IAmazonS3 S3 { get; private init; } = new AmazonS3Client(new AmazonS3Config { UseHttp = true });

            Task Put(string key) => {|S3SEC010:S3.PutObjectAsync(new PutObjectRequest
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                ServerSideEncryptionCustomerProvidedKey = key,
            })|};
        }
        """);

    // Instance wrappers in code that does not compile: a field assigned in constructors that call each other round
    // in a cycle, in a static constructor and a broken one, a wrapper whose client field has no type. Besides
    // S3SEC011 on the configurations themselves, only the cyclic constructors' one visible write is judged: the
    // cycle does not compile, but the field can hold nothing else.
    [Theory]
    [MemberData(nameof(Lines))]
    public Task BrokenInstanceWrappers_DoNotThrow(SdkLine line) => VerifyCS.BrokenCodeAsync(Usings + """
        class Uploader
        {
            Task Put(string key)
            {
                var request = new PutObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                };
                _ = {|S3SEC010:new Looping().Put(request)|};
                _ = new Untyped().Put(request);
                return new StaticallyBroken().Put(request);
            }
        }

        class Looping
        {
            private readonly IAmazonS3 _s3;
            public Looping() : this(1) => _s3 = new AmazonS3Client(new AmazonS3Config { {|S3SEC011:UseHttp = true|} });
            public Looping(int retries) : this() { }
            public Task Put(PutObjectRequest request) => _s3.PutObjectAsync(request);
        }

        class Untyped
        {
            private readonly Missing _s3 = new AmazonS3Client(new AmazonS3Config { {|S3SEC011:UseHttp = true|} });
            public Task Put(PutObjectRequest request) => _s3.PutObjectAsync(request);
        }

        class StaticallyBroken
        {
            private static readonly IAmazonS3 s3;
            static StaticallyBroken() => s3 = new AmazonS3Client(new AmazonS3Config { UseHttp = });
            public StaticallyBroken() => s3 = ;
            public Task Put(PutObjectRequest request) => s3.PutObjectAsync(request);
        }
        """, line);

    // The wrapper declared in another file: its field's writes are in a file this analysis does not bind, so the
    // call is not judged there, while the wrapper's own sends in its file are.
    [Fact]
    public Task KeyThroughInstanceWrapperInAnotherFile_DoesNotTrigger()
    {
        var test = new CSharpAnalyzerTest<Analyzers.Rules.TransportAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = SdkReferences.For(SdkLine.V4),
        };
        test.TestState.Sources.Add(("/0/Uploader.cs", Usings + """
            class Uploader
            {
                Task Put(Store store, string key) => store.Put(new PutObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                });
            }
            """));
        test.TestState.Sources.Add(("/0/Store.cs", Usings + """
            class Store
            {
                private readonly IAmazonS3 _s3 = new AmazonS3Client(new AmazonS3Config { UseHttp = true });

                public Task Put(PutObjectRequest request) => _s3.PutObjectAsync(request);
            }
            """));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + OnlyS3Sec010 + "\n"));
        return test.RunAsync();
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public Task KeyThroughHttpServiceUrl_Triggers(SdkLine line) => VerifyCS.AnalyzerAsync(
        Usings + """
        class Reader
        {
            Task Get(string key)
            {
                var config = new AmazonS3Config { ServiceURL = "http://minio.internal:9000" };
                var s3 = new AmazonS3Client(config);
                return {|#0:s3.GetObjectAsync(new GetObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                })|};
            }
        }
        """,
        line,
        OnlyS3Sec010,
        VerifyCS.Diagnostic(Descriptors.S3SEC010_SseCustomerKeyOverHttp)
            .WithLocation(0)
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("GetObjectAsync", "ServiceURL http://minio.internal:9000"));

    // The SDK parses the URL with Uri: leading whitespace is skipped and http:\\ reads as http://, so both
    // spellings send the key over plain HTTP. The data is source text: the test writes it into a literal.
    [Theory]
    [InlineData(" http://minio.internal:9000")]
    [InlineData(@"\thttp://minio.internal:9000")]
    [InlineData(@"http:\\\\minio.internal:9000")]
    public Task KeyThroughHttpServiceUrlSpelledAsUriReadsIt_Triggers(string url) => VerifyCS.AnalyzerAsync(
        Usings + """
        class Reader
        {
            Task Get(string key)
            {
                var config = new AmazonS3Config { ServiceURL = "THE_URL" };
                var s3 = new AmazonS3Client(config);
                return {|#0:s3.GetObjectAsync(new GetObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                })|};
            }
        }
        """.Replace("THE_URL", url),
        SdkLine.V4,
        OnlyS3Sec010,
        VerifyCS.Diagnostic(Descriptors.S3SEC010_SseCustomerKeyOverHttp)
            .WithLocation(0)
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("GetObjectAsync", "ServiceURL http://minio.internal:9000"));

    [Fact]
    public Task KeyThroughLocalHttpEndpoint_Triggers() => CheckAsync("""
        class Reader
        {
            Task Get(string key)
            {
                var s3 = new AmazonS3Client(new AmazonS3Config { ServiceURL = "http://localhost:9000" });
                return {|S3SEC010:s3.GetObjectMetadataAsync(new GetObjectMetadataRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                })|};
            }
        }
        """);

    [Fact]
    public Task KeyThroughServiceUrlFromConcatenatedConstants_Triggers() => CheckAsync("""
        class Reader
        {
            const string Scheme = "http://";
            const string Endpoint = Scheme + "storage.example.com";

            Task Get(string key)
            {
                var s3 = new AmazonS3Client(new AmazonS3Config { ServiceURL = Endpoint });
                return {|S3SEC010:s3.GetObjectAsync(new GetObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                })|};
            }
        }
        """);

    [Fact]
    public Task KeyThroughInterpolatedHttpServiceUrl_Triggers() => CheckAsync("""
        class Reader
        {
            Task Get(string host, string key)
            {
                var s3 = new AmazonS3Client(new AmazonS3Config { ServiceURL = $"http://{host}:9000" });
                return {|S3SEC010:s3.GetObjectAsync(new GetObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                })|};
            }
        }
        """);

    [Fact]
    public Task KeyThroughJoinedHttpServiceUrlWithUnknownHost_Triggers() => CheckAsync("""
        class Reader
        {
            Task Get(string host, string key)
            {
                var s3 = new AmazonS3Client(new AmazonS3Config { ServiceURL = "http://" + host });
                return {|S3SEC010:s3.GetObjectAsync(new GetObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                })|};
            }
        }
        """);

    [Fact]
    public Task UseHttpSetAfterConstruction_Triggers() => CheckAsync("""
        class Reader
        {
            Task Get(string key)
            {
                var config = new AmazonS3Config();
                config.UseHttp = true;
                var s3 = new AmazonS3Client("id", "secret", config);
                return {|S3SEC010:s3.GetObjectAsync(new GetObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                })|};
            }
        }
        """);

    [Fact]
    public Task FieldClientBuiltInConstructor_Triggers() => CheckAsync("""
        class Store
        {
            private readonly IAmazonS3 _s3;

            public Store()
            {
                _s3 = new AmazonS3Client(new AmazonS3Config { UseHttp = true });
            }

            Task Put(string key) => {|S3SEC010:_s3.PutObjectAsync(new PutObjectRequest
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                ServerSideEncryptionCustomerProvidedKey = key,
            })|};
        }
        """);

    /// <summary>
    /// A partial type: the call in the other part's file cannot see the field's writes, the one in the declaring
    /// file can. The other part's file comes first, so the answer for its call must not be remembered for the field.
    /// </summary>
    [Fact]
    public Task FieldClientOfPartialType_TriggersOnlyInTheDeclaringFile()
    {
        var test = new CSharpAnalyzerTest<Analyzers.Rules.TransportAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = SdkReferences.For(SdkLine.V4),
        };
        test.TestState.Sources.Add(("/0/StoreReads.cs", Usings + """
            partial class Store
            {
                Task PutOther(string key) => _s3.PutObjectAsync(new PutObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                });
            }
            """));
        test.TestState.Sources.Add(("/0/Store.cs", Usings + """
            partial class Store
            {
                private readonly IAmazonS3 _s3 = new AmazonS3Client(new AmazonS3Config { UseHttp = true });

                Task Put(string key) => {|S3SEC010:_s3.PutObjectAsync(new PutObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                })|};
            }
            """));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + OnlyS3Sec010 + "\n"));
        return test.RunAsync();
    }

    // Another part of the type, in another file, writes the field by out: its initializer is not all it holds.
    [Fact]
    public Task FieldClientWrittenByOutInAnotherPart_DoesNotTrigger()
    {
        var test = new CSharpAnalyzerTest<Analyzers.Rules.TransportAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = SdkReferences.For(SdkLine.V4),
        };
        test.TestState.Sources.Add(("/0/StoreSetup.cs", Usings + """
            partial class Store
            {
                public Store() => Secure(out _s3);

                private static void Secure(out IAmazonS3 client) => client = new AmazonS3Client();
            }
            """));
        test.TestState.Sources.Add(("/0/Store.cs", Usings + """
            partial class Store
            {
                private readonly IAmazonS3 _s3 = new AmazonS3Client(new AmazonS3Config { UseHttp = true });

                Task Put(string key) => _s3.PutObjectAsync(new PutObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                });
            }
            """));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + OnlyS3Sec010 + "\n"));
        return test.RunAsync();
    }

    [Fact]
    public Task FieldClientWithInitializer_Triggers() => CheckAsync("""
        class Store
        {
            private static readonly AmazonS3Config Config = new() { ServiceURL = "http://10.0.0.5:9000" };
            private readonly AmazonS3Client _s3 = new(Config);

            Task Put(string key)
            {
                var request = new PutObjectRequest { ServerSideEncryptionCustomerMethod = "AES256" };
                request.ServerSideEncryptionCustomerProvidedKey = key;
                return {|S3SEC010:_s3.PutObjectAsync(request)|};
            }
        }
        """);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task KeyThroughTransferUtilityOverHttpClient_Triggers(SdkLine line) => CheckAsync("""
        class Uploader
        {
            Task Upload(string path, string key)
            {
                var s3 = new AmazonS3Client(new AmazonS3Config { UseHttp = true });
                var transfer = new TransferUtility(s3);
                return {|S3SEC010:transfer.UploadAsync(new TransferUtilityUploadRequest
                {
                    FilePath = path,
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                })|};
            }
        }
        """, line);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task SseCustomerKeyStringOnCompleteMultipartUpload_Triggers(SdkLine line) => CheckAsync("""
        class Uploader
        {
            Task Complete(string key)
            {
                var s3 = new AmazonS3Client(new AmazonS3Config { UseHttp = true });
                return {|S3SEC010:s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
                {
                    SSECustomerAlgorithm = "AES256",
                    SSECustomerKey = key,
                })|};
            }
        }
        """, line);

    [Fact]
    public Task CopySourceKeyOverHttp_Triggers() => CheckAsync("""
        class Copier
        {
            Task Copy(string key)
            {
                var s3 = new AmazonS3Client(new AmazonS3Config { UseHttp = true });
                return {|S3SEC010:s3.CopyObjectAsync(new CopyObjectRequest
                {
                    CopySourceServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    CopySourceServerSideEncryptionCustomerProvidedKey = key,
                })|};
            }
        }
        """);

    [Theory]
    [MemberData(nameof(Lines))]
    public Task PresignedHttpUrlWithSseCustomerAlgorithm_Triggers(SdkLine line) => CheckAsync("""
        class Links
        {
            string Link(IAmazonS3 s3) => {|S3SEC010:s3.GetPreSignedURL(new GetPreSignedUrlRequest
            {
                BucketName = "b",
                Protocol = Protocol.HTTP,
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            })|};
        }
        """, line);

    [Fact]
    public Task KeyThroughDefaultClient_DoesNotTrigger() => CheckAsync("""
        class Reader
        {
            Task Get(string key) => new AmazonS3Client().GetObjectAsync(new GetObjectRequest
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                ServerSideEncryptionCustomerProvidedKey = key,
            });
        }
        """);

    [Fact]
    public Task KeyThroughHttpsServiceUrl_DoesNotTrigger() => CheckAsync("""
        class Reader
        {
            Task Get(string key)
            {
                var s3 = new AmazonS3Client(new AmazonS3Config { ServiceURL = "https://minio.internal:9000" });
                return s3.GetObjectAsync(new GetObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                });
            }
        }
        """);

    [Fact]
    public Task HttpsServiceUrlWithUseHttp_DoesNotTrigger() => CheckAsync("""
        class Reader
        {
            Task Get(string key)
            {
                var config = new AmazonS3Config { UseHttp = true, ServiceURL = "https://s3.example.com" };
                var s3 = new AmazonS3Client(config);
                return s3.GetObjectAsync(new GetObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                });
            }
        }
        """);

    [Fact]
    public Task ClientFromConstructorParameter_DoesNotTrigger() => CheckAsync("""
        class Store
        {
            private readonly IAmazonS3 _s3;

            public Store(IAmazonS3 s3)
            {
                _s3 = s3;
            }

            Task Put(string key) => _s3.PutObjectAsync(new PutObjectRequest
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                ServerSideEncryptionCustomerProvidedKey = key,
            });
        }
        """);

    [Fact]
    public Task UseHttpFromConfiguration_DoesNotTrigger() => CheckAsync("""
        class Reader
        {
            Task Get(bool useSsl, string key)
            {
                var s3 = new AmazonS3Client(new AmazonS3Config { UseHttp = !useSsl });
                return s3.GetObjectAsync(new GetObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                });
            }
        }
        """);

    [Fact]
    public Task ServiceUrlFromConfiguration_DoesNotTrigger() => CheckAsync("""
        class Reader
        {
            Task Get(string endpoint, string key)
            {
                var s3 = new AmazonS3Client(new AmazonS3Config { ServiceURL = endpoint });
                return s3.GetObjectAsync(new GetObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                });
            }
        }
        """);

    [Fact]
    public Task RequestWithoutSseCustomerKeyOverHttp_DoesNotTrigger() => CheckAsync("""
        class Reader
        {
            Task Get()
            {
                var s3 = new AmazonS3Client(new AmazonS3Config { UseHttp = true });
                return s3.GetObjectAsync(new GetObjectRequest { BucketName = "b", Key = "k" });
            }
        }
        """);

    [Fact]
    public Task PresignedHttpsUrlWithSseCustomerAlgorithm_DoesNotTrigger() => CheckAsync("""
        class Links
        {
            string Link(IAmazonS3 s3) => s3.GetPreSignedURL(new GetPreSignedUrlRequest
            {
                Protocol = Protocol.HTTPS,
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
            });
        }
        """);

    [Fact]
    public Task PresignedHttpUrlWithoutSseCustomerKey_DoesNotTrigger() => CheckAsync("""
        class Links
        {
            string Link(IAmazonS3 s3) => s3.GetPreSignedURL(new GetPreSignedUrlRequest { Protocol = Protocol.HTTP });
        }
        """);

    [Fact]
    public Task ClientThatIsHttpOnOnePathOnly_IsNotReported_Limitation() => CheckAsync("""
        class Reader
        {
            Task Get(bool local, string key)
            {
                var s3 = local
                    ? new AmazonS3Client(new AmazonS3Config { UseHttp = true })
                    : new AmazonS3Client();
                return s3.GetObjectAsync(new GetObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                });
            }
        }
        """);

    [Fact]
    public Task RequestBuiltInAnotherMethod_IsNotReported_Limitation() => CheckAsync("""
        class Reader
        {
            Task Get(string key)
            {
                var s3 = new AmazonS3Client(new AmazonS3Config { UseHttp = true });
                return s3.GetObjectAsync(Build(key));
            }

            static GetObjectRequest Build(string key) => new()
            {
                ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                ServerSideEncryptionCustomerProvidedKey = key,
            };
        }
        """);

    [Fact]
    public Task BrokenCode_DoesNotThrow() => VerifyCS.BrokenCodeAsync(Usings + """
        class Reader
        {
            Task Get(string key)
            {
                var s3 = new AmazonS3Client(new AmazonS3Config { UseHttp = , ServiceURL = Missing + });
                return s3.GetObjectAsync(new GetObjectRequest { SSECustomerKey = key, Nope = 1 }
            }
        }
        """);

    [Fact]
    public Task WithoutSdk_DoesNotTrigger() => VerifyCS.AnalyzerWithoutSdkAsync("""
        class AmazonS3Config { public bool UseHttp { get; set; } }
        class Reader { object Get() => new AmazonS3Config { UseHttp = true }; }
        """);

    // The client is the user's derived type: its constructor decides what configuration the SDK gets. One that
    // hands its base its own parameter is followed; one that changes it first is not judged.
    [Theory]
    [MemberData(nameof(Lines))]
    public Task KeyThroughDerivedClientsOverUseHttpConfig_TriggersOnlyWhereForwarded(SdkLine line) => CheckAsync("""
        class Uploader
        {
            Task Put(string key)
            {
                var plain = new ForwardingClient(new AmazonS3Config { UseHttp = true });
                return {|S3SEC010:plain.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = "b",
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                })|};
            }

            Task PutSecured(string key)
            {
                var secured = new SecuringClient(new AmazonS3Config { UseHttp = true });
                return secured.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = "b",
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                });
            }
        }

        class ForwardingClient : AmazonS3Client
        {
            public ForwardingClient(AmazonS3Config config) : base(config)
            {
            }
        }

        class SecuringClient : AmazonS3Client
        {
            public SecuringClient(AmazonS3Config config) : base(Secured(config))
            {
            }

            private static AmazonS3Config Secured(AmazonS3Config config)
            {
                config.UseHttp = false;
                return config;
            }
        }
        """, line);

    // A client derived from the user's own derived client: each constructor down the chain hands its base its own
    // config, so the caller's plain-HTTP config still reaches the SDK's constructor.
    [Theory]
    [MemberData(nameof(Lines))]
    public Task KeyThroughClientDerivedFromDerivedOverUseHttpConfig_Triggers(SdkLine line) => CheckAsync("""
        class Uploader
        {
            Task Put(string key)
            {
                var plain = new AuditedClient(new AmazonS3Config { UseHttp = true }, "audit");
                return {|S3SEC010:plain.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = "b",
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                })|};
            }
        }

        class ForwardingClient : AmazonS3Client
        {
            public ForwardingClient(AmazonS3Config config) : base(config)
            {
            }
        }

        class AuditedClient : ForwardingClient
        {
            public AuditedClient(AmazonS3Config config, string log) : base(config)
            {
            }
        }
        """, line);

    // A primary constructor hands its base what its base type's argument list names: the caller's config as it is.
    [Theory]
    [MemberData(nameof(Lines))]
    public Task KeyThroughPrimaryConstructorClientOverUseHttpConfig_Triggers(SdkLine line) => CheckAsync("""
        class Uploader
        {
            Task Put(string key)
            {
                var plain = new PrimaryClient(new AmazonS3Config { UseHttp = true }, "audit");
                return {|S3SEC010:plain.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = "b",
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                })|};
            }
        }

        class PrimaryClient(AmazonS3Config config, string log) : AmazonS3Client(config)
        {
            public string Log => log;
        }
        """, line);

    // A constructor that calls this(...) with its own parameters reaches the SDK through the constructor it calls,
    // here a primary one.
    [Theory]
    [MemberData(nameof(Lines))]
    public Task KeyThroughClientChainingThisOverUseHttpConfig_Triggers(SdkLine line) => CheckAsync("""
        class Uploader
        {
            Task Put(string key)
            {
                var plain = new ChainedClient(new AmazonS3Config { UseHttp = true });
                var primary = new PrimaryChainedClient(new AmazonS3Config { UseHttp = true });
                var request = new PutObjectRequest
                {
                    BucketName = "b",
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                };
                _ = {|S3SEC010:primary.PutObjectAsync(request)|};
                return {|S3SEC010:plain.PutObjectAsync(request)|};
            }
        }

        class ChainedClient : AmazonS3Client
        {
            public ChainedClient(AmazonS3Config config) : this(config, "audit")
            {
            }

            public ChainedClient(AmazonS3Config config, string log) : base(config)
            {
            }
        }

        class PrimaryChainedClient(AmazonS3Config config, string log) : AmazonS3Client(config)
        {
            public PrimaryChainedClient(AmazonS3Config config) : this(config, "audit")
            {
            }
        }
        """, line);

    // What a primary constructor or this(...) hands on is judged only when it is the caller's own argument: a
    // configuration it builds or changes, a constant it adds, a base without arguments, are not guessed at (the last
    // is the SDK's default, HTTPS).
    [Theory]
    [MemberData(nameof(Lines))]
    public Task KeyThroughPrimaryOrChainedClientNotForwardingConfig_DoesNotTrigger(SdkLine line) => CheckAsync("""
        class Uploader
        {
            Task Put(string key) => new SecuringPrimaryClient(new AmazonS3Config { UseHttp = true }).PutObjectAsync(
                new PutObjectRequest
                {
                    BucketName = "b",
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                });

            Task PutChained(string key) => new SecuringChainedClient(new AmazonS3Config { UseHttp = true })
                .PutObjectAsync(new PutObjectRequest
                {
                    BucketName = "b",
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                });

            Task PutDefault(string key) => new DefaultPrimaryClient(new AmazonS3Config { UseHttp = true })
                .PutObjectAsync(new PutObjectRequest
                {
                    BucketName = "b",
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                });

            Task PutOwnConfig(string key, AmazonS3Config config) => new ChainedFromParameter(config)
                .PutObjectAsync(new PutObjectRequest
                {
                    BucketName = "b",
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                });
        }

        class SecuringPrimaryClient(AmazonS3Config config) : AmazonS3Client(Secured(config))
        {
            private static AmazonS3Config Secured(AmazonS3Config config)
            {
                config.UseHttp = false;
                return config;
            }
        }

        class SecuringChainedClient : AmazonS3Client
        {
            public SecuringChainedClient(AmazonS3Config config) : this(Secured(config), 1)
            {
            }

            private SecuringChainedClient(AmazonS3Config config, int retries) : base(config)
            {
            }

            private static AmazonS3Config Secured(AmazonS3Config config)
            {
                config.UseHttp = false;
                return config;
            }
        }

        class DefaultPrimaryClient(AmazonS3Config config) : AmazonS3Client
        {
            public AmazonS3Config Wanted => config;
        }

        class ChainedFromParameter : AmazonS3Client
        {
            public ChainedFromParameter(AmazonS3Config config) : this(config, "audit")
            {
            }

            public ChainedFromParameter(AmazonS3Config config, string log) : base(config)
            {
            }
        }
        """, line);

    // A partial client type whose primary constructor is in one file and a constructor calling it in another: both
    // are read from syntax, so the call in either file is judged.
    [Fact]
    public Task KeyThroughPartialPrimaryClientAcrossFiles_Triggers()
    {
        var test = new CSharpAnalyzerTest<Analyzers.Rules.TransportAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = SdkReferences.For(SdkLine.V4),
        };
        test.TestState.Sources.Add(("/0/SplitClient.cs", Usings + """
            partial class SplitClient(AmazonS3Config config) : AmazonS3Client(config)
            {
                Task Put(string key) => {|S3SEC010:new SplitClient(new AmazonS3Config { UseHttp = true }, "audit")
                    .PutObjectAsync(new PutObjectRequest
                    {
                        ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                        ServerSideEncryptionCustomerProvidedKey = key,
                    })|};
            }
            """));
        test.TestState.Sources.Add(("/0/SplitClientAudit.cs", Usings + """
            partial class SplitClient
            {
                public SplitClient(AmazonS3Config config, string log) : this(config)
                {
                }

                Task PutOther(string key) => {|S3SEC010:new SplitClient(new AmazonS3Config { UseHttp = true })
                    .PutObjectAsync(new PutObjectRequest
                    {
                        ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                        ServerSideEncryptionCustomerProvidedKey = key,
                    })|};
            }
            """));
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + OnlyS3Sec010 + "\n"));
        return test.RunAsync();
    }

    // Client constructors that do not compile: this(...) round in a cycle or to no constructor, a constructor
    // beside a primary one that calls neither, base arguments on two parts of a partial type, a missing base call
    // argument, a static constructor beside a duplicate. Only S3SEC011, on the configuration itself, is reported.
    [Theory]
    [MemberData(nameof(Lines))]
    public Task BrokenDerivedClientConstructors_DoNotThrow(SdkLine line) => VerifyCS.BrokenCodeAsync(Usings + """
        class Uploader
        {
            Task Put(string key)
            {
                var request = new PutObjectRequest
                {
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                };
                var config = new AmazonS3Config { {|S3SEC011:UseHttp = true|} };
                _ = new Looping(config).PutObjectAsync(request);
                _ = new ToNowhere(config).PutObjectAsync(request);
                _ = new Primary(config, 1).PutObjectAsync(request);
                _ = new TwoBases(config).PutObjectAsync(request);
                _ = new MissingArgument(config).PutObjectAsync(request);
                return new WithStatic(config).PutObjectAsync(request);
            }
        }

        class Looping : AmazonS3Client
        {
            public Looping(AmazonS3Config config) : this(config, 1) { }
            public Looping(AmazonS3Config config, int retries) : this(config) { }
        }

        class ToNowhere : AmazonS3Client
        {
            public ToNowhere(AmazonS3Config config) : this(config, "audit", 3) { }
        }

        class Primary(AmazonS3Config config) : AmazonS3Client(config)
        {
            public Primary(AmazonS3Config config, int retries) { }
        }

        partial class TwoBases(AmazonS3Config config) : AmazonS3Client(config);
        partial class TwoBases : AmazonS3Client(config);

        class MissingArgument : AmazonS3Client
        {
            public MissingArgument(AmazonS3Config config) : base(config, ) { }
        }

        class WithStatic : AmazonS3Client
        {
            static WithStatic() { }
            public WithStatic(AmazonS3Config config) : base(config) { }
            public WithStatic(AmazonS3Config config) : base(config) { }
        }
        """, line);

    // Two levels below the SDK on both sides, as S3SEC033 follows them: a transfer utility of your own, derived
    // from another (one with a primary constructor), over a client two levels below AmazonS3Client.
    [Theory]
    [MemberData(nameof(Lines))]
    public Task KeyThroughDerivedTransferUtilityOverDerivedHttpClient_Triggers(SdkLine line) => CheckAsync("""
        class Uploader
        {
            Task Upload(string path, string key)
            {
                var s3 = new AuditedClient(new AmazonS3Config { UseHttp = true }, "audit");
                var transfer = new AuditedTransfer(s3);
                return {|S3SEC010:transfer.UploadAsync(new TransferUtilityUploadRequest
                {
                    FilePath = path,
                    ServerSideEncryptionCustomerMethod = ServerSideEncryptionCustomerMethod.AES256,
                    ServerSideEncryptionCustomerProvidedKey = key,
                })|};
            }
        }

        class ForwardingClient(AmazonS3Config config) : AmazonS3Client(config);

        class AuditedClient : ForwardingClient
        {
            public AuditedClient(AmazonS3Config config, string log) : base(config)
            {
            }
        }

        class PlainTransfer(IAmazonS3 s3) : TransferUtility(s3);

        class AuditedTransfer : PlainTransfer
        {
            public AuditedTransfer(IAmazonS3 s3) : base(s3)
            {
            }
        }
        """, line);
}
