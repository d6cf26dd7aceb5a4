using System;
using System.Security.Cryptography;
using S3Sec.Crypto.Tests.TestSupport;

namespace S3Sec.Crypto.Tests.Robustness;

/// <summary>Two RSA-2048 pairs taken from the interop records, because generating pairs costs seconds.</summary>
public static class InteropRsaKeys
{
    public static byte[] WriterPkcs8 => Pkcs8Of("v2-rsaoaepsha1-metadata-17");

    public static byte[] OtherPkcs8 => Pkcs8Of("neg-v2-wrong-rsa-master-key");

    public static RSA Load(byte[] pkcs8)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        return rsa;
    }

    private static byte[] Pkcs8Of(string vectorId) => Convert.FromBase64String(InteropVectors.ById(vectorId)
        .GetProperty("master_key").GetProperty("rsa_private_key_pkcs8_b64").GetString()!);
}
