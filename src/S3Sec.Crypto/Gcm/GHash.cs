using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;

namespace S3Sec.Crypto.Gcm;

/// <summary>
/// GHASH of GCM (NIST SP 800-38D), fed incrementally. Blocks are held as two big-endian 64-bit halves so the
/// carry-less multiply path and the portable path share one representation.
/// </summary>
internal sealed class GHash
{
    private ulong _hHi;
    private ulong _hLo;
    private readonly bool _useClmul;

    // H, H^2, H^3 and H^4 for the aggregated path: four blocks are multiplied by descending powers and reduced
    // once, so the four multiplies run in parallel instead of each waiting for the previous reduction.
    private Vector128<ulong> _h1;
    private Vector128<ulong> _h2;
    private Vector128<ulong> _h3;
    private Vector128<ulong> _h4;

    // Karatsuba terms (high half XOR low half) of H and H^2, and of H^3 and H^4, packed two to a vector: the
    // middle product then costs one multiply instead of two.
    private Vector128<ulong> _k12;
    private Vector128<ulong> _k34;
    private ulong _yHi;
    private ulong _yLo;
    private readonly byte[] _pending = new byte[16];
    private int _pendingLength;

    public GHash(ReadOnlySpan<byte> hashSubkey, bool allowIntrinsics = true)
    {
        if (hashSubkey.Length != 16)
        {
            throw new ArgumentException("The GHASH subkey must be 16 bytes.", nameof(hashSubkey));
        }

        _hHi = BinaryPrimitives.ReadUInt64BigEndian(hashSubkey);
        _hLo = BinaryPrimitives.ReadUInt64BigEndian(hashSubkey[8..]);
        _useClmul = allowIntrinsics && IsAccelerationSupported;
        if (_useClmul)
        {
            _h1 = Vector128.Create(_hLo, _hHi);
            _h2 = MultiplyClmul(_h1, _h1);
            _h3 = MultiplyClmul(_h2, _h1);
            _h4 = MultiplyClmul(_h3, _h1);
            _k12 = Vector128.Create(Fold(_h1), Fold(_h2));
            _k34 = Vector128.Create(Fold(_h3), Fold(_h4));
        }
    }

    /// <summary>
    /// Zeroes H, its powers and the running hash. H is AES_K(0): with it and one authentic body an attacker can
    /// forge tags under that key and nonce, so it must not outlive the operation in memory.
    /// </summary>
    public void Clear()
    {
        _hHi = 0;
        _hLo = 0;
        _h1 = default;
        _h2 = default;
        _h3 = default;
        _h4 = default;
        _k12 = default;
        _k34 = default;
        _yHi = 0;
        _yLo = 0;
        CryptographicOperations.ZeroMemory(_pending);
        _pendingLength = 0;
    }

    /// <summary>H and its powers as they are held, all zero after <see cref="Clear"/>; for tests.</summary>
    internal ulong[] SecretWords => new[]
    {
        _hHi, _hLo, _h1.GetElement(0), _h1.GetElement(1), _h2.GetElement(0), _h2.GetElement(1),
        _h3.GetElement(0), _h3.GetElement(1), _h4.GetElement(0), _h4.GetElement(1), _k12.GetElement(0),
        _k12.GetElement(1), _k34.GetElement(0), _k34.GetElement(1), _yHi, _yLo,
    };

    /// <summary>True where PCLMULQDQ and SSE2 are available to this process.</summary>
    public static bool IsAccelerationSupported => Pclmulqdq.IsSupported && Sse2.IsSupported;

    public bool IsAccelerated => _useClmul;

    /// <summary>Hashes a byte string that may arrive in pieces of any size.</summary>
    public void Update(ReadOnlySpan<byte> data)
    {
        if (_pendingLength > 0)
        {
            int take = Math.Min(16 - _pendingLength, data.Length);
            data[..take].CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += take;
            data = data[take..];
            if (_pendingLength < 16)
            {
                return;
            }

            HashBlocks(_pending);
            _pendingLength = 0;
        }

        int whole = data.Length & ~15;
        if (whole > 0)
        {
            HashBlocks(data[..whole]);
        }

        int rest = data.Length - whole;
        if (rest > 0)
        {
            data[whole..].CopyTo(_pending);
            _pendingLength = rest;
        }
    }

    /// <summary>Zero-pads a trailing partial block, as GCM does between the AAD and the ciphertext.</summary>
    public void PadToBlock()
    {
        if (_pendingLength == 0)
        {
            return;
        }

        _pending.AsSpan(_pendingLength).Clear();
        HashBlocks(_pending);
        _pendingLength = 0;
    }

    /// <summary>Pads, hashes the GCM length block and writes the 16-byte result.</summary>
    public void Finish(ulong aadBits, ulong textBits, Span<byte> destination)
    {
        PadToBlock();
        Span<byte> lengths = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(lengths, aadBits);
        BinaryPrimitives.WriteUInt64BigEndian(lengths[8..], textBits);
        HashBlocks(lengths);
        BinaryPrimitives.WriteUInt64BigEndian(destination, _yHi);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _yLo);
        _yHi = 0;
        _yLo = 0;
        _pending.AsSpan().Clear();
    }

    private void HashBlocks(ReadOnlySpan<byte> blocks)
    {
        if (_useClmul)
        {
            HashBlocksClmul(blocks);
            return;
        }

        ulong yHi = _yHi;
        ulong yLo = _yLo;
        for (int offset = 0; offset < blocks.Length; offset += 16)
        {
            yHi ^= BinaryPrimitives.ReadUInt64BigEndian(blocks[offset..]);
            yLo ^= BinaryPrimitives.ReadUInt64BigEndian(blocks[(offset + 8)..]);
            MultiplyPortable(ref yHi, ref yLo, _hHi, _hLo);
        }

        _yHi = yHi;
        _yLo = yLo;
    }

    private void HashBlocksClmul(ReadOnlySpan<byte> blocks)
    {
        Vector128<ulong> h1 = _h1;
        Vector128<ulong> h2 = _h2;
        Vector128<ulong> h3 = _h3;
        Vector128<ulong> h4 = _h4;
        Vector128<ulong> k12 = _k12;
        Vector128<ulong> k34 = _k34;
        Vector128<ulong> y = Vector128.Create(_yLo, _yHi);
        int offset = 0;
        int aggregated = blocks.Length & ~63;

        // Y' = (Y ^ X1)·H^4 ^ X2·H^3 ^ X3·H^2 ^ X4·H: the products are summed unreduced, since the shift and the
        // reduction are linear, which cuts the serial chain to one reduction per 64 bytes.
        for (; offset < aggregated; offset += 64)
        {
            Vector128<ulong> x1 = Sse2.Xor(y, LoadReflected(blocks, offset));
            Vector128<ulong> x2 = LoadReflected(blocks, offset + 16);
            Vector128<ulong> x3 = LoadReflected(blocks, offset + 32);
            Vector128<ulong> x4 = LoadReflected(blocks, offset + 48);
            Vector128<ulong> low = Sse2.Xor(
                Sse2.Xor(Pclmulqdq.CarrylessMultiply(x1, h4, 0x00), Pclmulqdq.CarrylessMultiply(x2, h3, 0x00)),
                Sse2.Xor(Pclmulqdq.CarrylessMultiply(x3, h2, 0x00), Pclmulqdq.CarrylessMultiply(x4, h1, 0x00)));
            Vector128<ulong> high = Sse2.Xor(
                Sse2.Xor(Pclmulqdq.CarrylessMultiply(x1, h4, 0x11), Pclmulqdq.CarrylessMultiply(x2, h3, 0x11)),
                Sse2.Xor(Pclmulqdq.CarrylessMultiply(x3, h2, 0x11), Pclmulqdq.CarrylessMultiply(x4, h1, 0x11)));
            Vector128<ulong> mid = Sse2.Xor(
                Sse2.Xor(
                    Pclmulqdq.CarrylessMultiply(FoldBoth(x1), k34, 0x10),
                    Pclmulqdq.CarrylessMultiply(FoldBoth(x2), k34, 0x00)),
                Sse2.Xor(
                    Pclmulqdq.CarrylessMultiply(FoldBoth(x3), k12, 0x10),
                    Pclmulqdq.CarrylessMultiply(FoldBoth(x4), k12, 0x00)));
            y = Reduce(low, Sse2.Xor(mid, Sse2.Xor(low, high)), high);
        }

        for (; offset < blocks.Length; offset += 16)
        {
            y = MultiplyClmul(Sse2.Xor(y, LoadReflected(blocks, offset)), h1);
        }

        _yLo = y.GetElement(0);
        _yHi = y.GetElement(1);
    }

    private static ulong Fold(Vector128<ulong> h) => h.GetElement(0) ^ h.GetElement(1);

    /// <summary>High half XOR low half, in both lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> FoldBoth(Vector128<ulong> x) =>
        Sse2.Xor(x, Sse2.Shuffle(x.AsUInt32(), 0x4E).AsUInt64());

    /// <summary>
    /// Loads a block byte-reversed (each half big-endian, halves swapped): the order the CLMUL formulation needs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> LoadReflected(ReadOnlySpan<byte> blocks, int offset)
    {
        if (Ssse3.IsSupported)
        {
            Vector128<byte> raw = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(blocks), (nuint)offset);
            Vector128<byte> reverse = Vector128.Create(
                (byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
            return Ssse3.Shuffle(raw, reverse).AsUInt64();
        }

        ulong hi = BinaryPrimitives.ReadUInt64BigEndian(blocks[offset..]);
        ulong lo = BinaryPrimitives.ReadUInt64BigEndian(blocks[(offset + 8)..]);
        return Vector128.Create(lo, hi);
    }

    /// <summary>
    /// Bitwise multiply in GF(2^128) with the GCM polynomial. Branch-free on the data so the time taken does
    /// not depend on the hash subkey or the input.
    /// </summary>
    internal static void MultiplyPortable(ref ulong xHi, ref ulong xLo, ulong hHi, ulong hLo)
    {
        ulong zHi = 0;
        ulong zLo = 0;
        ulong vHi = hHi;
        ulong vLo = hLo;
        for (int i = 0; i < 128; i++)
        {
            ulong bit = i < 64 ? (xHi >> (63 - i)) & 1 : (xLo >> (127 - i)) & 1;
            ulong take = 0UL - bit;
            zHi ^= vHi & take;
            zLo ^= vLo & take;
            ulong carry = 0UL - (vLo & 1);
            vLo = (vLo >> 1) | (vHi << 63);
            vHi = (vHi >> 1) ^ (0xE100000000000000UL & carry);
        }

        xHi = zHi;
        xLo = zLo;
    }

    /// <summary>
    /// Carry-less multiply of two byte-reflected blocks, then the one-bit left shift that corrects the
    /// reflection and the reduction modulo x^128 + x^7 + x^2 + x + 1 (the shift-and-xor method).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<ulong> MultiplyClmul(Vector128<ulong> a, Vector128<ulong> b)
    {
        Vector128<ulong> low = Pclmulqdq.CarrylessMultiply(a, b, 0x00);
        Vector128<ulong> mid = Sse2.Xor(
            Pclmulqdq.CarrylessMultiply(a, b, 0x10),
            Pclmulqdq.CarrylessMultiply(a, b, 0x01));
        Vector128<ulong> high = Pclmulqdq.CarrylessMultiply(a, b, 0x11);
        return Reduce(low, mid, high);
    }

    /// <summary>Folds the middle term into a 256-bit product, shifts it left by one and reduces it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<ulong> Reduce(Vector128<ulong> low, Vector128<ulong> mid, Vector128<ulong> high)
    {
        low = Sse2.Xor(low, Sse2.ShiftLeftLogical128BitLane(mid, 8));
        high = Sse2.Xor(high, Sse2.ShiftRightLogical128BitLane(mid, 8));

        Vector128<uint> lo = low.AsUInt32();
        Vector128<uint> hi = high.AsUInt32();
        Vector128<uint> loCarry = Sse2.ShiftRightLogical(lo, 31);
        Vector128<uint> hiCarry = Sse2.ShiftRightLogical(hi, 31);
        lo = Sse2.ShiftLeftLogical(lo, 1);
        hi = Sse2.ShiftLeftLogical(hi, 1);
        Vector128<uint> crossCarry = Sse2.ShiftRightLogical128BitLane(loCarry, 12);
        hiCarry = Sse2.ShiftLeftLogical128BitLane(hiCarry, 4);
        loCarry = Sse2.ShiftLeftLogical128BitLane(loCarry, 4);
        lo = Sse2.Or(lo, loCarry);
        hi = Sse2.Or(Sse2.Or(hi, hiCarry), crossCarry);

        Vector128<uint> fold = Sse2.Xor(
            Sse2.Xor(Sse2.ShiftLeftLogical(lo, 31), Sse2.ShiftLeftLogical(lo, 30)),
            Sse2.ShiftLeftLogical(lo, 25));
        Vector128<uint> foldHigh = Sse2.ShiftRightLogical128BitLane(fold, 4);
        fold = Sse2.ShiftLeftLogical128BitLane(fold, 12);
        lo = Sse2.Xor(lo, fold);
        Vector128<uint> back = Sse2.Xor(
            Sse2.Xor(Sse2.ShiftRightLogical(lo, 1), Sse2.ShiftRightLogical(lo, 2)),
            Sse2.ShiftRightLogical(lo, 7));
        back = Sse2.Xor(back, foldHigh);
        lo = Sse2.Xor(lo, back);
        return Sse2.Xor(hi, lo).AsUInt64();
    }
}
