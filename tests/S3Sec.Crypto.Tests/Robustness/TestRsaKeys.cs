using System;
using System.Security.Cryptography;

namespace S3Sec.Crypto.Tests.Robustness;

/// <summary>
/// Two RSA-2048 pairs, generated once per test run and shared, because each pair costs a noticeable fraction of a
/// second. They are made here rather than taken from the interop records so that the robustness tests run in a
/// clone that does not have shared/interop/s3ec beside it.
/// </summary>
public static class TestRsaKeys
{
    private static readonly Lazy<byte[]> Writer = new(Generate);
    private static readonly Lazy<byte[]> Other = new(Generate);

    public static byte[] WriterPkcs8 => (byte[])Writer.Value.Clone();

    public static byte[] OtherPkcs8 => (byte[])Other.Value.Clone();

    public static RSA Load(byte[] pkcs8)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        return rsa;
    }

    private static byte[] Generate()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKey();
    }
}
