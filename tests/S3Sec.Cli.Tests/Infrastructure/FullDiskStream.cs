using System;
using System.IO;
using S3Sec.Cli.Storage;

namespace S3Sec.Cli.Tests.Infrastructure;

/// <summary>A file on a device with room for <c>capacity</c> bytes: a write past it stores what fits, then fails.
/// </summary>
internal sealed class FullDiskStream : FileStream
{
    private readonly long _capacity;

    public FullDiskStream(string path, FileMode mode, long capacity)
        : base(path, FileReplacement.Options(mode))
    {
        _capacity = capacity;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        var room = (int)Math.Max(0, Math.Min(count, _capacity - Position));
        base.Write(buffer, offset, room);
        if (room < count)
        {
            // Worded as .NET words ENOSPC, with the name of the file written to.
            throw new IOException($"No space left on device : '{Name}'");
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Write(buffer.ToArray(), 0, buffer.Length);
    }

    public override void WriteByte(byte value)
    {
        Write(new[] { value }, 0, 1);
    }
}
