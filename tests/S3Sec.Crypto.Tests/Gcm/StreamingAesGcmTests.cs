using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using S3Sec.Crypto.Gcm;
using Xunit;

namespace S3Sec.Crypto.Tests.Gcm;

public class StreamingAesGcmTests
{
    // AES-256 cases 13 to 16 of the GCM specification (McGrew and Viega), also in NIST's GCM validation set.
    public static IEnumerable<object[]> NistVectors()
    {
        const string K0 = "0000000000000000000000000000000000000000000000000000000000000000";
        const string K1 = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
        const string P15 = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
        const string C15 = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
            + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad";
        foreach (GcmPath path in Paths)
        {
            yield return new object[] { path.ToString(), K0, "000000000000000000000000", "", "", "",
                "530f8afbc74536b9a963b4f1c4cb738b" };
            yield return new object[]
            {
                path.ToString(), K0, "000000000000000000000000", "", "00000000000000000000000000000000",
                "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919",
            };
            yield return new object[] { path.ToString(), K1, "cafebabefacedbaddecaf888", "", P15, C15,
                "b094dac5d93471bdec1a502270e3cc6c" };
            yield return new object[]
            {
                path.ToString(), K1, "cafebabefacedbaddecaf888", "feedfacedeadbeeffeedfacedeadbeefabaddad2", P15[..120],
                C15[..120], "76fc6ece0f4e1768cddf8853bb2d551b",
            };
        }
    }

    [Theory]
    [MemberData(nameof(NistVectors))]
    public void Encrypt_NistVector_MatchesCiphertextAndTag(
        string path, string key, string iv, string aad, string plaintext, string ciphertext, string tag)
    {
        byte[] output = new byte[plaintext.Length / 2];
        byte[] computedTag = new byte[16];
        using (var gcm = new StreamingAesGcm(Hex(key), Hex(iv), Hex(aad), encrypt: true, Parse(path)))
        {
            gcm.Transform(Hex(plaintext), output);
            gcm.ComputeTag(computedTag);
        }

        Assert.Equal(ciphertext, Convert.ToHexString(output).ToLowerInvariant());
        Assert.Equal(tag, Convert.ToHexString(computedTag).ToLowerInvariant());
    }

    [Theory]
    [MemberData(nameof(NistVectors))]
    public void Decrypt_NistVector_VerifiesAndRecoversPlaintext(
        string path, string key, string iv, string aad, string plaintext, string ciphertext, string tag)
    {
        byte[] output = new byte[ciphertext.Length / 2];
        using var gcm = new StreamingAesGcm(Hex(key), Hex(iv), Hex(aad), encrypt: false, Parse(path));
        gcm.Transform(Hex(ciphertext), output);

        Assert.True(gcm.VerifyTag(Hex(tag)));
        Assert.Equal(plaintext, Convert.ToHexString(output).ToLowerInvariant());
    }

    [Fact]
    public void Fastest_OnThisMachine_IsStitchedWhenSupported()
    {
        using var gcm = new StreamingAesGcm(new byte[32], new byte[12], default, encrypt: true);

        Assert.Equal(StitchedAesGcm.IsSupported ? GcmPath.Stitched : GcmPath.Platform, gcm.Path);
    }

    public static IEnumerable<object[]> Sizes()
    {
        int[] sizes =
        {
            0, 1, 2, 15, 16, 17, 31, 32, 33, 63, 64, 65, 255, 256, 257, 1000, 4095, 4096, 4097, 65535, 65536,
            65537, 70001, (1 << 20) + 3, (3 << 20) + 11,
        };
        foreach (int size in sizes)
        {
            yield return new object[] { size, nameof(GcmPath.Fastest) };
            yield return new object[] { size, nameof(GcmPath.Platform) };
            if (size <= 70001)
            {
                yield return new object[] { size, nameof(GcmPath.PlatformPortableGhash) };
            }
        }

        yield return new object[] { (1 << 20) + 5, nameof(GcmPath.PlatformPortableGhash) };
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Encrypt_RandomSize_EqualsOneShotAesGcm(int size, string path)
    {
        var random = new Random(size * 7919 + (int)Parse(path));
        byte[] key = Bytes(random, 32);
        byte[] nonce = Bytes(random, 12);
        byte[] aad = Bytes(random, random.Next(0, 40));
        byte[] plaintext = Bytes(random, size);
        byte[] expected = new byte[size];
        byte[] expectedTag = new byte[16];
        using (var reference = new AesGcm(key, 16))
        {
            reference.Encrypt(nonce, plaintext, expected, expectedTag, aad);
        }

        byte[] actual = new byte[size];
        byte[] actualTag = new byte[16];
        using (var gcm = new StreamingAesGcm(key, nonce, aad, encrypt: true, Parse(path)))
        {
            int offset = 0;
            while (offset < size)
            {
                int piece = Math.Min(size - offset, random.Next(1, 100_000));
                gcm.Transform(plaintext.AsSpan(offset, piece), actual.AsSpan(offset, piece));
                offset += piece;
            }

            gcm.ComputeTag(actualTag);
        }

        Assert.True(expected.AsSpan().SequenceEqual(actual));
        Assert.Equal(expectedTag, actualTag);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    [InlineData(100_003)]
    public void Decrypt_OneShotCiphertext_RoundTrips(int size)
    {
        var random = new Random(size);
        byte[] key = Bytes(random, 32);
        byte[] nonce = Bytes(random, 12);
        byte[] plaintext = Bytes(random, size);
        byte[] ciphertext = new byte[size];
        byte[] tag = new byte[16];
        using (var reference = new AesGcm(key, 16))
        {
            reference.Encrypt(nonce, plaintext, ciphertext, tag);
        }

        byte[] output = new byte[size];
        using var gcm = new StreamingAesGcm(key, nonce, default, encrypt: false);
        gcm.Transform(ciphertext, output);

        Assert.True(gcm.VerifyTag(tag));
        Assert.Equal(plaintext, output);
    }

    [Fact]
    public void Decrypt_TamperedTag_FailsVerification()
    {
        byte[] key = new byte[32];
        byte[] tag = new byte[16];
        using (var encrypt = new StreamingAesGcm(key, new byte[12], default, encrypt: true))
        {
            encrypt.Transform(new byte[40], new byte[40]);
            encrypt.ComputeTag(tag);
        }

        tag[15] ^= 1;
        using var gcm = new StreamingAesGcm(key, new byte[12], default, encrypt: false);
        gcm.Transform(new byte[40], new byte[40]);

        Assert.False(gcm.VerifyTag(tag));
    }

    [Fact]
    public void GHash_ClmulAndPortableMultiply_AgreeOnRandomBlocks()
    {
        if (!GHash.IsAccelerationSupported)
        {
            return;
        }

        var random = new Random(5);
        for (int i = 0; i < 2000; i++)
        {
            ulong xHi = (ulong)random.NextInt64(), xLo = (ulong)random.NextInt64();
            ulong hHi = (ulong)random.NextInt64(), hLo = (ulong)random.NextInt64();
            Vector128<ulong> clmul = GHash.MultiplyClmul(Vector128.Create(xLo, xHi), Vector128.Create(hLo, hHi));
            GHash.MultiplyPortable(ref xHi, ref xLo, hHi, hLo);

            Assert.Equal(xLo, clmul.GetElement(0));
            Assert.Equal(xHi, clmul.GetElement(1));
        }
    }

    [Fact]
    public void Keystream_SeekToAnyOffset_MatchesSequentialKeystream()
    {
        byte[] key = Bytes(new Random(9), 32);
        using Aes aes = Aes.Create();
        aes.Key = key;
        byte[] sequential = new byte[200_000];
        using (var keystream = new CtrKeystream(aes, new byte[12]))
        {
            keystream.Transform(new byte[sequential.Length], sequential);
        }

        using var seeking = new CtrKeystream(aes, new byte[12]);
        foreach (int offset in new[] { 199_999, 0, 15, 16, 65_537, 70_000, 17 })
        {
            byte[] piece = new byte[Math.Min(1000, sequential.Length - offset)];
            seeking.Seek(offset);
            seeking.Transform(new byte[piece.Length], piece);
            Assert.True(sequential.AsSpan(offset, piece.Length).SequenceEqual(piece));
        }
    }

    /// <summary>
    /// The paths without the stitched core keep H (AES_K(0)) and its powers in the GHASH state; with them and one
    /// authentic body, tags under that key and nonce can be forged. Dispose left them in memory.
    /// </summary>
    [Theory]
    [InlineData("Platform", false)]
    [InlineData("Platform", true)]
    [InlineData("PlatformPortableGhash", false)]
    [InlineData("PlatformPortableGhash", true)]
    public void Dispose_ZeroesTheHashSubkeyAndItsPowers(string path, bool encrypt)
    {
        var gcm = new StreamingAesGcm(
            RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(12), new byte[5], encrypt, Parse(path));
        gcm.Transform(new byte[100], new byte[100]);
        GHash hash = gcm.HashCore!;
        Assert.Contains(hash.SecretWords, word => word != 0);

        gcm.Dispose();

        Assert.All(hash.SecretWords, word => Assert.Equal(0UL, word));
    }

    /// <summary>Every implementation this machine can run; the stitched one only where AES-NI and CLMUL are.</summary>
    internal static IEnumerable<GcmPath> Paths =>
        (StitchedAesGcm.IsSupported ? new[] { GcmPath.Stitched } : Array.Empty<GcmPath>())
            .Concat(new[] { GcmPath.Platform, GcmPath.PlatformPortableGhash });

    internal static GcmPath Parse(string path) => Enum.Parse<GcmPath>(path);

    private static byte[] Hex(string hex) => Convert.FromHexString(hex);

    private static byte[] Bytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
