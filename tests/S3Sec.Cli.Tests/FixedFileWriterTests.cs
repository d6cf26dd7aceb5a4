using System;
using System.IO;
using System.Text;
using Microsoft.CodeAnalysis.Text;
using S3Sec.Cli.Fixing;
using S3Sec.Cli.Tests.Infrastructure;
using Xunit;

namespace S3Sec.Cli.Tests;

public sealed class FixedFileWriterTests
{
    private const string Original = /* lang=c#-test */ """
        using Amazon.S3.Model;

        public class Uploads
        {
            public PutObjectRequest First() => new PutObjectRequest { BucketName = "b", Key = "first" };

            public PutObjectRequest Second() => new PutObjectRequest { BucketName = "b", Key = "second" };
        }
        """;

    private const string Encrypted = ", ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 }";

    [Fact]
    public void Write_DiskFullWhileGrowingTheFile_LeavesTheSourceAsItWas()
    {
        using var tree = new TempTree();
        var path = tree.Write("Uploads.cs", Original);
        var before = File.ReadAllBytes(path);
        var fixedText = Original.Replace("\" }", "\"" + Encrypted, StringComparison.Ordinal);

        // Room for a few bytes more than the file holds, as when a fix lengthens a file on a nearly full disk.
        var result = Write(path, fixedText, p => new FullDiskStream(p, before.Length + 8), out var problem);

        Assert.Equal(FixWrite.Failed, result);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal("cannot be written (No space left on device); not fixed", problem);
    }

    [Fact]
    public void Write_FailsWhileOverwriting_PutsTheOldBytesBack()
    {
        using var tree = new TempTree();
        var path = tree.Write("Uploads.cs", Original);
        var before = File.ReadAllBytes(path);
        var shorter = Original.Replace("\"second\"", "\"2nd\"", StringComparison.Ordinal);

        var result = Write(path, shorter, p => new FailingStream(p, failAfter: 40, recovers: true), out var problem);

        Assert.Equal(FixWrite.Failed, result);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal("cannot be written (Input/output error); not fixed", problem);
    }

    [Fact]
    public void Write_OldBytesCannotBePutBack_SaysTheFileMayBeDamaged()
    {
        using var tree = new TempTree();
        var path = tree.Write("Uploads.cs", Original);
        var fixedText = Original.Replace("\" }", "\"" + Encrypted, StringComparison.Ordinal);

        var result = Write(path, fixedText, p => new FailingStream(p, failAfter: 40, recovers: false), out var problem);

        Assert.Equal(FixWrite.Failed, result);
        Assert.Equal(
            "cannot be written (Input/output error) and may be damaged (its old content could not be put back); "
                + "restore it from version control",
            problem);
    }

    [Fact]
    public void Write_EnoughRoom_WritesTheFix()
    {
        using var tree = new TempTree();
        var path = tree.Write("Uploads.cs", Original);
        var fixedText = Original.Replace("\" }", "\"" + Encrypted, StringComparison.Ordinal);

        var result = Write(path, fixedText, p => new FullDiskStream(p, fixedText.Length), out var problem);

        Assert.Equal(FixWrite.Written, result);
        Assert.Null(problem);
        Assert.Equal(fixedText, File.ReadAllText(path));
    }

    /// <summary>Writes <paramref name="fixedText"/> over the file written from <see cref="Original"/>.</summary>
    private static FixWrite Write(
        string path, string fixedText, Func<string, FileStream> open, out string? problem)
    {
        return FixedFileWriter.Write(
            path,
            SourceText.From(Original, Encoding.UTF8),
            SourceText.From(fixedText, Encoding.UTF8),
            open,
            out problem);
    }

    /// <summary>
    /// A file whose first write stores <c>failAfter</c> bytes and fails; later writes work only if it
    /// <c>recovers</c>.
    /// </summary>
    private sealed class FailingStream : FileStream
    {
        private readonly bool _recovers;
        private int _failAfter;
        private bool _failed;

        public FailingStream(string path, int failAfter, bool recovers)
            : base(path, FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0)
        {
            _failAfter = failAfter;
            _recovers = recovers;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (_failed && !_recovers)
            {
                throw new IOException("Input/output error");
            }

            if (_failed || count <= _failAfter)
            {
                base.Write(buffer, offset, count);
                return;
            }

            base.Write(buffer, offset, _failAfter);
            _failed = true;
            throw new IOException("Input/output error");
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Write(buffer.ToArray(), 0, buffer.Length);
        }
    }

    /// <summary>A file on a device with room for <c>capacity</c> bytes: a write past it stores what fits, then fails.
    /// </summary>
    private sealed class FullDiskStream : FileStream
    {
        private readonly long _capacity;

        public FullDiskStream(string path, long capacity)
            : base(path, FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0)
        {
            _capacity = capacity;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            var room = (int)Math.Max(0, Math.Min(count, _capacity - Position));
            base.Write(buffer, offset, room);
            if (room < count)
            {
                throw new IOException("No space left on device");
            }
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Write(buffer.ToArray(), 0, buffer.Length);
        }
    }
}
