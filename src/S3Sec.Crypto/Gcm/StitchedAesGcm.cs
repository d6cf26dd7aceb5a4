using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace S3Sec.Crypto.Gcm;

/// <summary>
/// GCM counter mode and GHASH in one pass on AES-NI and PCLMULQDQ: eight counter blocks per step, their AES rounds
/// interleaved with the carry-less multiplies of eight ciphertext blocks (for encryption the eight produced by the
/// previous step, for decryption the eight being decrypted), summed unreduced against H^8 ... H and reduced once.
/// The separate keystream, GHASH and XOR passes of the platform path each stall on their own unit; here the AES
/// and multiply units run side by side, as in OpenSSL's one-shot GCM.
/// </summary>
/// <remarks>
/// The round keys, the powers of H and the keystream of an unfinished block live in one array on the pinned
/// object heap: the GC never moves it, so no stale copy of the key schedule is left behind in memory it
/// compacted away, and <see cref="Dispose"/> zeroes the only copy.
/// </remarks>
internal sealed unsafe class StitchedAesGcm : IDisposable
{
    private const int BlocksPerStep = 8;
    private const int StepBytes = BlocksPerStep * 16;
    private const int PowersOffset = AesKeyExpansion.MaxScheduleSize;
    private const int FoldsOffset = PowersOffset + (BlocksPerStep * 16);
    private const int PartialKeystreamOffset = FoldsOffset + (BlocksPerStep * 16);
    private const int SecretsSize = PartialKeystreamOffset + 16;

    // Index i holds H^(i+1) in the byte-reflected form of GHash; the folds hold (high half XOR low half) of each
    // power in lane 0, the second operand of the Karatsuba middle product.
    private readonly byte[] _secrets = GC.AllocateArray<byte>(SecretsSize, pinned: true);
    private readonly byte[] _pendingText = new byte[16];
    private readonly int _rounds;
    private readonly Vector128<byte> _nonceBlock;
    private uint _counter = 2;
    private int _partialUsed;
    private Vector128<ulong> _y;
    private bool _disposed;

    public StitchedAesGcm(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("The stitched AES-GCM path needs AES-NI and PCLMULQDQ.");
        }

        if (nonce.Length != 12)
        {
            throw new ArgumentException("The GCM nonce must be 12 bytes.", nameof(nonce));
        }

        _rounds = AesKeyExpansion.Expand(key, _secrets);
        Span<byte> nonceBlock = stackalloc byte[16];
        nonce.CopyTo(nonceBlock);
        _nonceBlock = Vector128.Create((ReadOnlySpan<byte>)nonceBlock);

        fixed (byte* secrets = _secrets)
        {
            Vector128<byte> subkey = AesKeyExpansion.EncryptBlock(ref secrets[0], _rounds, Vector128<byte>.Zero);
            Vector128<ulong> h = Reflect(subkey).AsUInt64();
            Vector128<ulong> power = h;
            for (int i = 0; i < BlocksPerStep; i++)
            {
                Vector128.Store(power, (ulong*)(secrets + PowersOffset + (16 * i)));
                Vector128.Store(
                    Vector128.CreateScalar(power.GetElement(0) ^ power.GetElement(1)),
                    (ulong*)(secrets + FoldsOffset + (16 * i)));
                power = GHash.MultiplyClmul(power, h);
            }
        }
    }

    /// <summary>True where AES-NI, PCLMULQDQ and the SSE levels this path uses are available.</summary>
    public static bool IsSupported =>
        AesKeyExpansion.IsSupported && Pclmulqdq.IsSupported && Ssse3.IsSupported && Sse41.IsSupported;

    /// <summary>The pinned key material, exposed so tests can check that <see cref="Dispose"/> wipes it.</summary>
    internal ReadOnlySpan<byte> SecretMaterial => _secrets;

    /// <summary>Hashes associated data; called once, before any text.</summary>
    public void AuthenticateAssociatedData(ReadOnlySpan<byte> associatedData)
    {
        Authenticate(associatedData);
        PadPending();
    }

    /// <summary>Feeds ciphertext to GHASH only (authenticate before decrypting).</summary>
    public void Authenticate(ReadOnlySpan<byte> ciphertext)
    {
        ThrowIfDisposed();
        fixed (byte* secrets = _secrets)
        fixed (byte* text = ciphertext)
        {
            int offset = 0;
            if (_partialUsed != 0)
            {
                int take = Math.Min(16 - _partialUsed, ciphertext.Length);
                ciphertext[..take].CopyTo(_pendingText.AsSpan(_partialUsed));
                _partialUsed += take;
                if (_partialUsed < 16)
                {
                    return;
                }

                HashPending(secrets);
                offset = take;
            }

            int whole = (ciphertext.Length - offset) / 16;
            _y = HashBlocks(secrets, text + offset, whole, _y);
            offset += whole * 16;
            ciphertext[offset..].CopyTo(_pendingText);
            _partialUsed = ciphertext.Length - offset;
        }
    }

    /// <summary>Encrypts or decrypts the next piece and hashes its ciphertext; output may be input.</summary>
    /// <remarks>
    /// Compiled optimized from the first call, not after tiering: a 1 MiB body is a handful of calls, and on a busy
    /// machine the background tier-up can come late.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Transform(ReadOnlySpan<byte> input, Span<byte> output, bool encrypt)
    {
        ThrowIfDisposed();
        if (output.Length < input.Length)
        {
            throw new ArgumentException("The output is shorter than the input.", nameof(output));
        }

        fixed (byte* secrets = _secrets)
        fixed (byte* src = input)
        fixed (byte* dst = output)
        {
            int length = input.Length;
            int offset = _partialUsed != 0 ? FinishPartialBlock(secrets, src, dst, length, encrypt) : 0;
            int steps = (length - offset) / StepBytes;
            if (steps > 0)
            {
                _y = encrypt
                    ? EncryptSteps(secrets, src + offset, dst + offset, steps)
                    : DecryptSteps(secrets, src + offset, dst + offset, steps);
                offset += steps * StepBytes;
            }

            if (offset < length)
            {
                TransformTail(secrets, src + offset, dst + offset, length - offset, encrypt);
            }
        }
    }

    /// <summary>
    /// Counter mode alone, from byte <paramref name="position"/> of the text: output = input XOR the GCM keystream
    /// there. No hashing and no state: for reading text whose tag was already verified (a spooled ciphertext),
    /// at any offset. Output may be input.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void TransformAt(long position, ReadOnlySpan<byte> input, Span<byte> output)
    {
        ThrowIfDisposed();
        if (position < 0 || position + input.Length > CtrKeystream.MaxTextLength)
        {
            throw new ArgumentOutOfRangeException(nameof(position), "GCM text ends at 2^32 - 2 blocks.");
        }

        if (output.Length < input.Length)
        {
            throw new ArgumentException("The output is shorter than the input.", nameof(output));
        }

        fixed (byte* secrets = _secrets)
        fixed (byte* src = input)
        fixed (byte* dst = output)
        {
            // Text block n uses counter n + 2: J0 holds 1 and the first text block is inc32(J0).
            uint counter = (uint)((position / 16) + 2);
            int skip = (int)(position % 16);
            int length = input.Length;
            int offset = 0;
            byte* keystream = stackalloc byte[StepBytes];
            if (skip != 0 && length > 0)
            {
                KeystreamStep(secrets, counter, keystream);
                offset = Math.Min(16 - skip, length);
                for (int i = 0; i < offset; i++)
                {
                    dst[i] = (byte)(src[i] ^ keystream[skip + i]);
                }

                counter++;
            }

            for (; length - offset >= StepBytes; offset += StepBytes, counter += BlocksPerStep)
            {
                CounterXorStep(secrets, counter, src + offset, dst + offset);
            }

            if (offset < length)
            {
                KeystreamStep(secrets, counter, keystream);
                CtrKeystream.Xor(
                    new ReadOnlySpan<byte>(src + offset, length - offset),
                    new ReadOnlySpan<byte>(keystream, length - offset),
                    new Span<byte>(dst + offset, length - offset));
            }

            CryptographicOperations.ZeroMemory(new Span<byte>(keystream, StepBytes));
        }
    }

    /// <summary>Pads and hashes the GCM length block and writes the tag: GHASH XOR E(K, nonce || 1).</summary>
    public void ComputeTag(ulong aadBits, ulong textBits, Span<byte> tag)
    {
        ThrowIfDisposed();
        PadPending();
        fixed (byte* secrets = _secrets)
        {
            Vector128<ulong> lengths = Vector128.Create(textBits, aadBits);
            Vector128<ulong> y = GHash.MultiplyClmul(Sse2.Xor(_y, lengths), Power(secrets, 1));
            Vector128<byte> j0 =
                _nonceBlock.AsUInt32().WithElement(3, BinaryPrimitives.ReverseEndianness(1u)).AsByte();
            Vector128<byte> mask = AesKeyExpansion.EncryptBlock(ref secrets[0], _rounds, j0);
            Sse2.Xor(Reflect(y.AsByte()), mask).CopyTo(tag);
        }

        _y = Vector128<ulong>.Zero;
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_secrets);
        CryptographicOperations.ZeroMemory(_pendingText);
        _y = Vector128<ulong>.Zero;
        _disposed = true;
    }

    /// <summary>Uses up the keystream of a block a previous piece started; returns the bytes consumed.</summary>
    private int FinishPartialBlock(byte* secrets, byte* src, byte* dst, int length, bool encrypt)
    {
        int take = Math.Min(16 - _partialUsed, length);
        byte* keystream = secrets + PartialKeystreamOffset;
        for (int i = 0; i < take; i++)
        {
            byte inByte = src[i];
            byte outByte = (byte)(inByte ^ keystream[_partialUsed + i]);
            dst[i] = outByte;
            _pendingText[_partialUsed + i] = encrypt ? outByte : inByte;
        }

        _partialUsed += take;
        if (_partialUsed == 16)
        {
            HashPending(secrets);
            CryptographicOperations.ZeroMemory(new Span<byte>(keystream, 16));
        }

        return take;
    }

    /// <summary>Fewer than eight whole blocks and possibly a partial one, from one step of keystream.</summary>
    private void TransformTail(byte* secrets, byte* src, byte* dst, int length, bool encrypt)
    {
        int whole = length / 16;
        int partial = length % 16;
        byte* keystream = stackalloc byte[StepBytes];
        KeystreamStep(secrets, _counter, keystream);
        if (partial > 0 && !encrypt)
        {
            new ReadOnlySpan<byte>(src + (whole * 16), partial).CopyTo(_pendingText);
        }

        if (!encrypt)
        {
            _y = HashBlocks(secrets, src, whole, _y);
        }

        CtrKeystream.Xor(
            new ReadOnlySpan<byte>(src, length), new ReadOnlySpan<byte>(keystream, length),
            new Span<byte>(dst, length));
        if (encrypt)
        {
            _y = HashBlocks(secrets, dst, whole, _y);
            new ReadOnlySpan<byte>(dst + (whole * 16), partial).CopyTo(_pendingText);
        }

        if (partial > 0)
        {
            new ReadOnlySpan<byte>(keystream + (whole * 16), 16)
                .CopyTo(new Span<byte>(secrets + PartialKeystreamOffset, 16));
        }

        _partialUsed = partial;
        _counter += (uint)(whole + (partial > 0 ? 1 : 0));
        CryptographicOperations.ZeroMemory(new Span<byte>(keystream, StepBytes));
    }

    /// <summary>
    /// Encryption hashes ciphertext it has just written, so step n hashes the output of step n - 1 while it runs
    /// the rounds of its own counters; the first step has nothing to hash and the last output is hashed after.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Vector128<ulong> EncryptSteps(byte* secrets, byte* src, byte* dst, int steps)
    {
        Vector128<ulong> y = _y;
        uint counter = _counter;
        CounterXorStep(secrets, counter, src, dst);
        for (int s = 1; s < steps; s++)
        {
            counter += BlocksPerStep;
            y = StitchedStep(secrets, counter, src + (s * StepBytes), dst + (s * StepBytes),
                dst + ((s - 1) * StepBytes), y);
        }

        _counter = counter + BlocksPerStep;
        return HashBlocks(secrets, dst + ((steps - 1) * StepBytes), BlocksPerStep, y);
    }

    /// <summary>Decryption hashes the ciphertext it is reading, in the same step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Vector128<ulong> DecryptSteps(byte* secrets, byte* src, byte* dst, int steps)
    {
        Vector128<ulong> y = _y;
        uint counter = _counter;
        for (int s = 0; s < steps; s++)
        {
            byte* text = src + (s * StepBytes);
            y = StitchedStep(secrets, counter, text, dst + (s * StepBytes), text, y);
            counter += BlocksPerStep;
        }

        _counter = counter;
        return y;
    }

    /// <summary>
    /// One step: dst = src XOR AES(counter .. counter + 7), and GHASH of the eight blocks at <paramref name="hash"/>
    /// folded into <paramref name="y"/>. All reads of <paramref name="hash"/> come before the stores, so decrypting
    /// in place (hash == src == dst) is safe.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector128<ulong> StitchedStep(
        byte* secrets, uint counter, byte* src, byte* dst, byte* hash, Vector128<ulong> y)
    {
        Counters(
            secrets, counter, out Vector128<byte> s0, out Vector128<byte> s1, out Vector128<byte> s2,
            out Vector128<byte> s3, out Vector128<byte> s4, out Vector128<byte> s5, out Vector128<byte> s6,
            out Vector128<byte> s7);

        // Block 0 carries the running hash; it meets the highest power, H^8.
        Vector128<ulong> x = Sse2.Xor(Reflect(Vector128.Load(hash)).AsUInt64(), y);
        Vector128<ulong> h = Power(secrets, BlocksPerStep);
        Vector128<ulong> low = Pclmulqdq.CarrylessMultiply(x, h, 0x00);
        Vector128<ulong> high = Pclmulqdq.CarrylessMultiply(x, h, 0x11);
        Vector128<ulong> mid = Pclmulqdq.CarrylessMultiply(FoldBoth(x), Fold(secrets, BlocksPerStep), 0x00);

        // Blocks 1 to 7 in rounds 1 to 7, one block's three multiplies per round of eight AESENCs; unrolled so the
        // powers of H are read at constant offsets and no branch sits between the rounds.
        Round(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7, Vector128.Load(secrets + 16));
        Absorb(hash + 16, secrets, 7, ref low, ref high, ref mid);
        Round(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7, Vector128.Load(secrets + 32));
        Absorb(hash + 32, secrets, 6, ref low, ref high, ref mid);
        Round(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7, Vector128.Load(secrets + 48));
        Absorb(hash + 48, secrets, 5, ref low, ref high, ref mid);
        Round(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7, Vector128.Load(secrets + 64));
        Absorb(hash + 64, secrets, 4, ref low, ref high, ref mid);
        Round(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7, Vector128.Load(secrets + 80));
        Absorb(hash + 80, secrets, 3, ref low, ref high, ref mid);
        Round(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7, Vector128.Load(secrets + 96));
        Absorb(hash + 96, secrets, 2, ref low, ref high, ref mid);
        Round(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7, Vector128.Load(secrets + 112));
        Absorb(hash + 112, secrets, 1, ref low, ref high, ref mid);
        int rounds = _rounds;
        for (int r = BlocksPerStep; r < rounds; r++)
        {
            Round(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7, Vector128.Load(secrets + (16 * r)));
        }

        XorLastRound(
            s0, s1, s2, s3, s4, s5, s6, s7, Vector128.Load(secrets + (16 * rounds)), src, dst);
        return GHash.Reduce(low, Sse2.Xor(mid, Sse2.Xor(low, high)), high);
    }

    /// <summary>Counter blocks counter .. counter + 7, already whitened with round key 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Counters(
        byte* secrets, uint counter,
        out Vector128<byte> s0, out Vector128<byte> s1, out Vector128<byte> s2, out Vector128<byte> s3,
        out Vector128<byte> s4, out Vector128<byte> s5, out Vector128<byte> s6, out Vector128<byte> s7)
    {
        Vector128<byte> k0 = Vector128.Load(secrets);
        Vector128<uint> start = Sse2.Xor(_nonceBlock, k0).AsUInt32();
        uint k03 = k0.AsUInt32().GetElement(3);
        s0 = Counter(start, k03, counter);
        s1 = Counter(start, k03, counter + 1);
        s2 = Counter(start, k03, counter + 2);
        s3 = Counter(start, k03, counter + 3);
        s4 = Counter(start, k03, counter + 4);
        s5 = Counter(start, k03, counter + 5);
        s6 = Counter(start, k03, counter + 6);
        s7 = Counter(start, k03, counter + 7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(
        ref Vector128<byte> s0, ref Vector128<byte> s1, ref Vector128<byte> s2, ref Vector128<byte> s3,
        ref Vector128<byte> s4, ref Vector128<byte> s5, ref Vector128<byte> s6, ref Vector128<byte> s7,
        Vector128<byte> key)
    {
        s0 = X86Aes.Encrypt(s0, key);
        s1 = X86Aes.Encrypt(s1, key);
        s2 = X86Aes.Encrypt(s2, key);
        s3 = X86Aes.Encrypt(s3, key);
        s4 = X86Aes.Encrypt(s4, key);
        s5 = X86Aes.Encrypt(s5, key);
        s6 = X86Aes.Encrypt(s6, key);
        s7 = X86Aes.Encrypt(s7, key);
    }

    /// <summary>Adds block · H^exponent, unreduced, to the three Karatsuba sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Absorb(
        byte* block, byte* secrets, int exponent,
        ref Vector128<ulong> low, ref Vector128<ulong> high, ref Vector128<ulong> mid)
    {
        Vector128<ulong> x = Reflect(Vector128.Load(block)).AsUInt64();
        Vector128<ulong> h = Power(secrets, exponent);
        low = Sse2.Xor(low, Pclmulqdq.CarrylessMultiply(x, h, 0x00));
        high = Sse2.Xor(high, Pclmulqdq.CarrylessMultiply(x, h, 0x11));
        mid = Sse2.Xor(mid, Pclmulqdq.CarrylessMultiply(FoldBoth(x), Fold(secrets, exponent), 0x00));
    }

    /// <summary>dst = src XOR AES(counter .. counter + 7), the keystream kept in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CounterXorStep(byte* secrets, uint counter, byte* src, byte* dst)
    {
        Counters(
            secrets, counter, out Vector128<byte> s0, out Vector128<byte> s1, out Vector128<byte> s2,
            out Vector128<byte> s3, out Vector128<byte> s4, out Vector128<byte> s5, out Vector128<byte> s6,
            out Vector128<byte> s7);
        int rounds = _rounds;
        for (int r = 1; r < rounds; r++)
        {
            Round(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7, Vector128.Load(secrets + (16 * r)));
        }

        XorLastRound(
            s0, s1, s2, s3, s4, s5, s6, s7, Vector128.Load(secrets + (16 * rounds)), src, dst);
    }

    /// <summary>The last AES round of eight counter blocks, XORed with eight blocks of src into dst.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void XorLastRound(
        Vector128<byte> s0, Vector128<byte> s1, Vector128<byte> s2, Vector128<byte> s3,
        Vector128<byte> s4, Vector128<byte> s5, Vector128<byte> s6, Vector128<byte> s7,
        Vector128<byte> last, byte* src, byte* dst)
    {
        Vector128.Store(Sse2.Xor(Vector128.Load(src), X86Aes.EncryptLast(s0, last)), dst);
        Vector128.Store(Sse2.Xor(Vector128.Load(src + 16), X86Aes.EncryptLast(s1, last)), dst + 16);
        Vector128.Store(Sse2.Xor(Vector128.Load(src + 32), X86Aes.EncryptLast(s2, last)), dst + 32);
        Vector128.Store(Sse2.Xor(Vector128.Load(src + 48), X86Aes.EncryptLast(s3, last)), dst + 48);
        Vector128.Store(Sse2.Xor(Vector128.Load(src + 64), X86Aes.EncryptLast(s4, last)), dst + 64);
        Vector128.Store(Sse2.Xor(Vector128.Load(src + 80), X86Aes.EncryptLast(s5, last)), dst + 80);
        Vector128.Store(Sse2.Xor(Vector128.Load(src + 96), X86Aes.EncryptLast(s6, last)), dst + 96);
        Vector128.Store(Sse2.Xor(Vector128.Load(src + 112), X86Aes.EncryptLast(s7, last)), dst + 112);
    }

    /// <summary>Writes eight blocks of keystream, counters counter .. counter + 7.</summary>
    private void KeystreamStep(byte* secrets, uint counter, byte* keystream)
    {
        Counters(
            secrets, counter, out Vector128<byte> s0, out Vector128<byte> s1, out Vector128<byte> s2,
            out Vector128<byte> s3, out Vector128<byte> s4, out Vector128<byte> s5, out Vector128<byte> s6,
            out Vector128<byte> s7);
        int rounds = _rounds;
        for (int r = 1; r < rounds; r++)
        {
            Round(ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7, Vector128.Load(secrets + (16 * r)));
        }

        Vector128<byte> last = Vector128.Load(secrets + (16 * rounds));
        Vector128.Store(X86Aes.EncryptLast(s0, last), keystream);
        Vector128.Store(X86Aes.EncryptLast(s1, last), keystream + 16);
        Vector128.Store(X86Aes.EncryptLast(s2, last), keystream + 32);
        Vector128.Store(X86Aes.EncryptLast(s3, last), keystream + 48);
        Vector128.Store(X86Aes.EncryptLast(s4, last), keystream + 64);
        Vector128.Store(X86Aes.EncryptLast(s5, last), keystream + 80);
        Vector128.Store(X86Aes.EncryptLast(s6, last), keystream + 96);
        Vector128.Store(X86Aes.EncryptLast(s7, last), keystream + 112);
    }

    /// <summary>GHASH of whole blocks, eight per reduction, the rest one at a time.</summary>
    /// <remarks>The whole of an authenticate-only pass, so it is compiled optimized from its first call.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Vector128<ulong> HashBlocks(byte* secrets, byte* blocks, int count, Vector128<ulong> y)
    {
        int i = 0;
        for (; i + BlocksPerStep <= count; i += BlocksPerStep)
        {
            byte* p = blocks + (16 * i);
            Vector128<ulong> low = Vector128<ulong>.Zero;
            Vector128<ulong> high = Vector128<ulong>.Zero;
            Vector128<ulong> mid = Vector128<ulong>.Zero;
            for (int j = 0; j < BlocksPerStep; j++)
            {
                Vector128<ulong> x = Reflect(Vector128.Load(p + (16 * j))).AsUInt64();
                if (j == 0)
                {
                    x = Sse2.Xor(x, y);
                }

                Vector128<ulong> h = Power(secrets, BlocksPerStep - j);
                low = Sse2.Xor(low, Pclmulqdq.CarrylessMultiply(x, h, 0x00));
                high = Sse2.Xor(high, Pclmulqdq.CarrylessMultiply(x, h, 0x11));
                Vector128<ulong> fold = Fold(secrets, BlocksPerStep - j);
                mid = Sse2.Xor(mid, Pclmulqdq.CarrylessMultiply(FoldBoth(x), fold, 0x00));
            }

            y = GHash.Reduce(low, Sse2.Xor(mid, Sse2.Xor(low, high)), high);
        }

        Vector128<ulong> h1 = Power(secrets, 1);
        for (; i < count; i++)
        {
            y = GHash.MultiplyClmul(Sse2.Xor(y, Reflect(Vector128.Load(blocks + (16 * i))).AsUInt64()), h1);
        }

        return y;
    }

    private void HashPending(byte* secrets)
    {
        fixed (byte* pending = _pendingText)
        {
            _y = HashBlocks(secrets, pending, 1, _y);
        }

        _pendingText.AsSpan().Clear();
        _partialUsed = 0;
    }

    /// <summary>Zero-pads and hashes a started block, as GCM does after the AAD and after the text.</summary>
    private void PadPending()
    {
        if (_partialUsed == 0)
        {
            return;
        }

        _pendingText.AsSpan(_partialUsed).Clear();
        fixed (byte* secrets = _secrets)
        {
            HashPending(secrets);
        }

        CryptographicOperations.ZeroMemory(_secrets.AsSpan(PartialKeystreamOffset, 16));
    }

    /// <summary>The counter block (nonce || big-endian counter), already XORed with round key 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Counter(Vector128<uint> start, uint k03, uint counter) =>
        start.WithElement(3, BinaryPrimitives.ReverseEndianness(counter) ^ k03).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Power(byte* secrets, int exponent) =>
        Vector128.Load((ulong*)(secrets + PowersOffset + (16 * (exponent - 1))));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Fold(byte* secrets, int exponent) =>
        Vector128.Load((ulong*)(secrets + FoldsOffset + (16 * (exponent - 1))));

    /// <summary>High half XOR low half, in both lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> FoldBoth(Vector128<ulong> x) =>
        Sse2.Xor(x, Sse2.Shuffle(x.AsUInt32(), 0x4E).AsUInt64());

    /// <summary>Byte reversal: block bytes to and from the reflected form the carry-less multiply works in.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Reflect(Vector128<byte> block) =>
        Ssse3.Shuffle(block, Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(StitchedAesGcm));
        }
    }
}
