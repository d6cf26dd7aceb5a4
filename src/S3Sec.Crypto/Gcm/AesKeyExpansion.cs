using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace S3Sec.Crypto.Gcm;

/// <summary>
/// The AES encryption key schedule of FIPS-197 section 5.2 and single-block encryption with it, on the AES-NI
/// instructions. Only the forward cipher is needed: GCM uses AES in counter mode in both directions.
/// </summary>
internal static class AesKeyExpansion
{
    /// <summary>Round-key bytes of the longest schedule (AES-256: 15 round keys).</summary>
    public const int MaxScheduleSize = 15 * 16;

    /// <summary>True where this process can run the AES-NI key expansion and rounds.</summary>
    public static bool IsSupported => X86Aes.IsSupported && Sse2.IsSupported;

    public static int RoundsFor(int keyLength) => keyLength switch
    {
        16 => 10,
        24 => 12,
        32 => 14,
        _ => throw new ArgumentException("An AES key is 16, 24 or 32 bytes.", nameof(keyLength)),
    };

    /// <summary>
    /// Writes the (rounds + 1) round keys, 16 bytes each in the order AESENC takes them, and returns the number of
    /// rounds. The words are computed in place in <paramref name="schedule"/>, so no other copy of them is made.
    /// </summary>
    public static int Expand(ReadOnlySpan<byte> key, Span<byte> schedule)
    {
        int rounds = RoundsFor(key.Length);
        int keyWords = key.Length / 4;
        int words = 4 * (rounds + 1);
        if (schedule.Length < words * 4)
        {
            throw new ArgumentException("The schedule buffer is too small for this key.", nameof(schedule));
        }

        // Little-endian words: byte 0 of a FIPS-197 word is the low byte, so RotWord is a right rotation by 8 and
        // the bytes land in memory in the order the round instructions read them.
        Span<uint> w = MemoryMarshal.Cast<byte, uint>(schedule[..(words * 4)]);
        for (int i = 0; i < keyWords; i++)
        {
            w[i] = BinaryPrimitives.ReadUInt32LittleEndian(key[(4 * i)..]);
        }

        uint rcon = 1;
        for (int i = keyWords; i < words; i++)
        {
            uint t = w[i - 1];
            if (i % keyWords == 0)
            {
                t = SubWord(t, rotate: true) ^ rcon;
                rcon = (rcon << 1) ^ ((rcon & 0x80) != 0 ? 0x11Bu : 0u);
            }
            else if (keyWords > 6 && i % keyWords == 4)
            {
                t = SubWord(t, rotate: false);
            }

            w[i] = w[i - keyWords] ^ t;
        }

        return rounds;
    }

    /// <summary>Encrypts one 16-byte block with an expanded schedule.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> EncryptBlock(ref byte schedule, int rounds, Vector128<byte> block)
    {
        block = Sse2.Xor(block, Vector128.LoadUnsafe(ref schedule));
        for (int r = 1; r < rounds; r++)
        {
            block = X86Aes.Encrypt(block, Vector128.LoadUnsafe(ref schedule, (nuint)(16 * r)));
        }

        return X86Aes.EncryptLast(block, Vector128.LoadUnsafe(ref schedule, (nuint)(16 * rounds)));
    }

    /// <summary>Encrypts one block; for tests and for the few single blocks GCM needs (H and the tag mask).</summary>
    public static void EncryptBlock(ReadOnlySpan<byte> schedule, int rounds, ReadOnlySpan<byte> input,
        Span<byte> output)
    {
        if (schedule.Length < 16 * (rounds + 1) || input.Length < 16 || output.Length < 16)
        {
            throw new ArgumentException("A block is 16 bytes and the schedule must match the rounds.");
        }

        Vector128<byte> block = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(input));
        EncryptBlock(ref MemoryMarshal.GetReference(schedule), rounds, block)
            .StoreUnsafe(ref MemoryMarshal.GetReference(output));
    }

    /// <summary>
    /// SubWord (and RotWord) through AESKEYGENASSIST, which applies the S-box to the word in lane 1 (result in
    /// lane 0) and also rotates it (result in lane 1). The round constant is added by the caller, so the
    /// instruction's immediate stays a constant.
    /// </summary>
    private static uint SubWord(uint word, bool rotate)
    {
        Vector128<uint> assisted = X86Aes.KeygenAssist(Vector128.Create(0u, word, 0u, 0u).AsByte(), 0).AsUInt32();
        return assisted.GetElement(rotate ? 1 : 0);
    }
}
