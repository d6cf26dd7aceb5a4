using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using S3Sec.Crypto.Gcm;
using Xunit;

namespace S3Sec.Crypto.Tests.Gcm;

/// <summary>
/// The AES-NI key schedule and the stitched CTR + GHASH path, next to the platform fallback. Every case runs on
/// each implementation this machine has (<see cref="StreamingAesGcmTests.Paths"/>), so the fallback is tested
/// here too, where the fastest path would otherwise hide it.
/// </summary>
public class StitchedAesGcmTests
{
    // FIPS-197 appendix A: the key, then the first word after the key and the last round key (4 words).
    [Theory]
    [InlineData("2b7e151628aed2a6abf7158809cf4f3c", "a0fafe17", "d014f9a8c9ee2589e13f0cc8b6630ca6")]
    [InlineData("8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b", "fe0c91f7", "e98ba06f448c773c8ecc720401002202")]
    [InlineData(
        "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4", "9ba35411",
        "fe4890d1e6188d0b046df344706c631e")]
    public void Expand_Fips197AppendixA_MatchesPublishedWords(string key, string firstDerived, string lastRoundKey)
    {
        if (!AesKeyExpansion.IsSupported)
        {
            return;
        }

        byte[] keyBytes = Convert.FromHexString(key);
        byte[] schedule = new byte[AesKeyExpansion.MaxScheduleSize];

        int rounds = AesKeyExpansion.Expand(keyBytes, schedule);

        Assert.Equal(keyBytes.Length / 4 + 6, rounds);
        Assert.Equal(keyBytes, schedule.Take(keyBytes.Length));
        Assert.Equal(firstDerived, Convert.ToHexString(schedule, keyBytes.Length, 4).ToLowerInvariant());
        Assert.Equal(lastRoundKey, Convert.ToHexString(schedule, 16 * rounds, 16).ToLowerInvariant());
    }

    // FIPS-197 appendix C: plaintext 00112233...ff under the keys 000102...
    [Theory]
    [InlineData(16, "69c4e0d86a7b0430d8cdb78070b4c55a")]
    [InlineData(24, "dda97ca4864cdfe06eaf70a0ec0d7191")]
    [InlineData(32, "8ea2b7ca516745bfeafc49904b496089")]
    public void EncryptBlock_Fips197AppendixC_MatchesPublishedCiphertext(int keyLength, string expected)
    {
        if (!AesKeyExpansion.IsSupported)
        {
            return;
        }

        byte[] key = Enumerable.Range(0, keyLength).Select(i => (byte)i).ToArray();
        byte[] schedule = new byte[AesKeyExpansion.MaxScheduleSize];
        int rounds = AesKeyExpansion.Expand(key, schedule);
        byte[] output = new byte[16];

        AesKeyExpansion.EncryptBlock(schedule, rounds, Convert.FromHexString("00112233445566778899aabbccddeeff"),
            output);

        Assert.Equal(expected, Convert.ToHexString(output).ToLowerInvariant());
    }

    [Theory]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(32)]
    public void EncryptBlock_RandomKeysAndBlocks_EqualsPlatformAes(int keyLength)
    {
        if (!AesKeyExpansion.IsSupported)
        {
            return;
        }

        var random = new Random(keyLength);
        for (int i = 0; i < 50; i++)
        {
            byte[] key = Bytes(random, keyLength);
            byte[] block = Bytes(random, 16);
            byte[] schedule = new byte[AesKeyExpansion.MaxScheduleSize];
            int rounds = AesKeyExpansion.Expand(key, schedule);
            byte[] actual = new byte[16];
            AesKeyExpansion.EncryptBlock(schedule, rounds, block, actual);

            using Aes platform = Aes.Create();
            platform.Key = key;
            Assert.Equal(platform.EncryptEcb(block, PaddingMode.None), actual);
        }
    }

    [Theory]
    [InlineData(15)]
    [InlineData(0)]
    [InlineData(33)]
    public void Expand_KeyOfWrongLength_Throws(int keyLength)
    {
        Assert.Throws<ArgumentException>(
            () => AesKeyExpansion.Expand(new byte[keyLength], new byte[AesKeyExpansion.MaxScheduleSize]));
    }

    // Sizes either side of a block and of the eight-block (128-byte) step, and piece sizes that split blocks
    // and steps anywhere.
    private static readonly int[] BoundarySizes =
    {
        0, 1, 15, 16, 17, 31, 112, 127, 128, 129, 143, 144, 255, 256, 257, 383, 384, 385, 1023, 1024, 1025, 4111,
    };

    private static readonly int[] PieceSizes = { 1, 7, 15, 16, 17, 100, 127, 128, 129, 200, 256, 1000, int.MaxValue };

    public static IEnumerable<object[]> BoundaryCases() =>
        from path in StreamingAesGcmTests.Paths
        from size in BoundarySizes
        select new object[] { path.ToString(), size };

    [Theory]
    [MemberData(nameof(BoundaryCases))]
    public void Encrypt_BoundarySizeInAnyPieces_EqualsOneShotAesGcm(string path, int size)
    {
        var random = new Random(size);
        foreach (int aadLength in new[] { 0, 1, 16, 17 })
        {
            byte[] key = Bytes(random, 32);
            byte[] nonce = Bytes(random, 12);
            byte[] aad = Bytes(random, aadLength);
            byte[] plaintext = Bytes(random, size);
            (byte[] expected, byte[] expectedTag) = OneShot(key, nonce, aad, plaintext);
            foreach (int piece in PieceSizes)
            {
                byte[] actual = new byte[size];
                byte[] tag = new byte[16];
                using (var gcm = new StreamingAesGcm(key, nonce, aad, encrypt: true, StreamingAesGcmTests.Parse(path)))
                {
                    foreach ((int offset, int length) in Pieces(size, piece))
                    {
                        gcm.Transform(plaintext.AsSpan(offset, length), actual.AsSpan(offset, length));
                    }

                    gcm.ComputeTag(tag);
                }

                Assert.True(expected.AsSpan().SequenceEqual(actual), $"ciphertext, aad {aadLength}, piece {piece}");
                Assert.True(expectedTag.AsSpan().SequenceEqual(tag), $"tag, aad {aadLength}, piece {piece}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(BoundaryCases))]
    public void Decrypt_BoundarySizeInPlaceInAnyPieces_RecoversPlaintextAndVerifies(string path, int size)
    {
        var random = new Random(size + 1);
        byte[] key = Bytes(random, 32);
        byte[] nonce = Bytes(random, 12);
        byte[] aad = Bytes(random, 20);
        byte[] plaintext = Bytes(random, size);
        (byte[] ciphertext, byte[] tag) = OneShot(key, nonce, aad, plaintext);
        foreach (int piece in PieceSizes)
        {
            // In place: each piece is decrypted over its own ciphertext, as EncryptingStream does.
            byte[] buffer = ciphertext.ToArray();
            using var gcm = new StreamingAesGcm(key, nonce, aad, encrypt: false, StreamingAesGcmTests.Parse(path));
            foreach ((int offset, int length) in Pieces(size, piece))
            {
                gcm.Transform(buffer.AsSpan(offset, length), buffer.AsSpan(offset, length));
            }

            Assert.True(gcm.VerifyTag(tag), $"piece {piece}");
            Assert.True(plaintext.AsSpan().SequenceEqual(buffer), $"piece {piece}");
        }
    }

    [Theory]
    [MemberData(nameof(BoundaryCases))]
    public void AuthenticateOnly_BoundarySizeInAnyPieces_VerifiesOneShotTag(string path, int size)
    {
        var random = new Random(size + 2);
        byte[] key = Bytes(random, 32);
        byte[] nonce = Bytes(random, 12);
        byte[] plaintext = Bytes(random, size);
        (byte[] ciphertext, byte[] tag) = OneShot(key, nonce, Array.Empty<byte>(), plaintext);
        foreach (int piece in PieceSizes)
        {
            using var gcm = new StreamingAesGcm(key, nonce, default, encrypt: false, StreamingAesGcmTests.Parse(path));
            foreach ((int offset, int length) in Pieces(size, piece))
            {
                gcm.AuthenticateOnly(ciphertext.AsSpan(offset, length));
            }

            Assert.True(gcm.VerifyTag(tag), $"piece {piece}");
        }
    }

    public static IEnumerable<object[]> TamperCases() =>
        from path in StreamingAesGcmTests.Paths
        from size in new[] { 0, 17, 128, 1000 }
        from target in new[] { "tag", "ciphertext", "aad" }
        select new object[] { path.ToString(), size, target };

    [Theory]
    [MemberData(nameof(TamperCases))]
    public void Decrypt_TamperedTagCiphertextOrAad_FailsVerification(string path, int size, string target)
    {
        var random = new Random(size);
        byte[] key = Bytes(random, 32);
        byte[] nonce = Bytes(random, 12);
        byte[] aad = Bytes(random, 5);
        byte[] plaintext = Bytes(random, size);
        (byte[] ciphertext, byte[] tag) = OneShot(key, nonce, aad, plaintext);
        byte[] flipped = target switch
        {
            "tag" => tag,
            "aad" => aad,
            _ => size > 0 ? ciphertext : tag,
        };
        flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));

        using var gcm = new StreamingAesGcm(key, nonce, aad, encrypt: false, StreamingAesGcmTests.Parse(path));
        gcm.Transform(ciphertext, new byte[size]);

        Assert.False(gcm.VerifyTag(tag));
    }

    // StreamingAesGcm takes AES-256 keys only (S3 uses nothing else); the stitched core runs every key size.
    [Theory]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(32)]
    public void Stitched_EachKeySize_EqualsOneShotAesGcm(int keyLength)
    {
        if (!StitchedAesGcm.IsSupported)
        {
            return;
        }

        var random = new Random(keyLength);
        byte[] key = Bytes(random, keyLength);
        byte[] nonce = Bytes(random, 12);
        byte[] aad = Bytes(random, 9);
        byte[] plaintext = Bytes(random, 1000);
        (byte[] expected, byte[] expectedTag) = OneShot(key, nonce, aad, plaintext);
        byte[] actual = new byte[plaintext.Length];
        byte[] tag = new byte[16];
        using (var gcm = new StitchedAesGcm(key, nonce))
        {
            gcm.AuthenticateAssociatedData(aad);
            gcm.Transform(plaintext.AsSpan(0, 333), actual.AsSpan(0, 333), encrypt: true);
            gcm.Transform(plaintext.AsSpan(333), actual.AsSpan(333), encrypt: true);
            gcm.ComputeTag((ulong)aad.Length * 8, (ulong)plaintext.Length * 8, tag);
        }

        Assert.Equal(expected, actual);
        Assert.Equal(expectedTag, tag);
    }

    [Fact]
    public void Dispose_Stitched_ZeroesRoundKeysAndHashPowers()
    {
        if (!StitchedAesGcm.IsSupported)
        {
            return;
        }

        var gcm = new StitchedAesGcm(Bytes(new Random(3), 32), new byte[12]);
        gcm.Transform(new byte[40], new byte[40], encrypt: true);
        Assert.Contains(gcm.SecretMaterial.ToArray(), b => b != 0);

        gcm.Dispose();

        Assert.All(gcm.SecretMaterial.ToArray(), b => Assert.Equal(0, b));
        Assert.Throws<ObjectDisposedException>(() => gcm.Transform(new byte[1], new byte[1], encrypt: true));
    }

    [Fact]
    public void Dispose_StreamingOnStitchedPath_ZeroesItsCore()
    {
        if (!StitchedAesGcm.IsSupported)
        {
            return;
        }

        var gcm = new StreamingAesGcm(Bytes(new Random(4), 32), new byte[12], default, encrypt: true);
        StitchedAesGcm core = Assert.IsType<StitchedAesGcm>(gcm.StitchedCore);

        gcm.Dispose();

        Assert.All(core.SecretMaterial.ToArray(), b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData(nameof(GcmPath.Stitched))]
    [InlineData(nameof(GcmPath.Platform))]
    public void Transform_AfterAuthenticateOnly_Throws(string path)
    {
        if (path == nameof(GcmPath.Stitched) && !StitchedAesGcm.IsSupported)
        {
            return;
        }

        using var gcm = new StreamingAesGcm(new byte[32], new byte[12], default, encrypt: false,
            StreamingAesGcmTests.Parse(path));
        gcm.AuthenticateOnly(new byte[20]);

        Assert.Throws<InvalidOperationException>(() => gcm.Transform(new byte[4], new byte[4]));
    }

    [Fact]
    public void TransformAt_RandomOffsetsAndLengths_DecryptsOneShotCiphertext()
    {
        if (!StitchedAesGcm.IsSupported)
        {
            return;
        }

        var random = new Random(41);
        byte[] key = Bytes(random, 32);
        byte[] nonce = Bytes(random, 12);
        byte[] plaintext = Bytes(random, 70_001);
        (byte[] ciphertext, _) = OneShot(key, nonce, Array.Empty<byte>(), plaintext);
        using var ctr = new StitchedAesGcm(key, nonce);
        var cases = new List<(int Offset, int Length)> { (0, 70_001), (0, 0), (15, 1), (16, 128), (17, 129) };
        for (int i = 0; i < 200; i++)
        {
            int offset = random.Next(plaintext.Length);
            cases.Add((offset, random.Next(0, Math.Min(5000, plaintext.Length - offset) + 1)));
        }

        foreach ((int offset, int length) in cases)
        {
            byte[] piece = ciphertext.AsSpan(offset, length).ToArray();
            ctr.TransformAt(offset, piece, piece);
            Assert.True(plaintext.AsSpan(offset, length).SequenceEqual(piece), $"offset {offset}, length {length}");
        }
    }

    [Fact]
    public void TransformAt_OutsideTheGcmTextLimit_Throws()
    {
        if (!StitchedAesGcm.IsSupported)
        {
            return;
        }

        using var ctr = new StitchedAesGcm(new byte[32], new byte[12]);

        Assert.Throws<ArgumentOutOfRangeException>(() => ctr.TransformAt(-1, new byte[1], new byte[1]));
        Assert.Throws<ArgumentOutOfRangeException>(
            () => ctr.TransformAt(CtrKeystream.MaxTextLength, new byte[1], new byte[1]));
    }

    private static (byte[] Ciphertext, byte[] Tag) OneShot(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext)
    {
        byte[] ciphertext = new byte[plaintext.Length];
        byte[] tag = new byte[16];
        using var reference = new AesGcm(key, 16);
        reference.Encrypt(nonce, plaintext, ciphertext, tag, aad);
        return (ciphertext, tag);
    }

    private static IEnumerable<(int Offset, int Length)> Pieces(int size, int piece)
    {
        for (int offset = 0; offset < size; offset += piece)
        {
            yield return (offset, Math.Min(piece, size - offset));
        }
    }

    private static byte[] Bytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
