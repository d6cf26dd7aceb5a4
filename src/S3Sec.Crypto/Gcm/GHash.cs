using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace S3Sec.Crypto.Gcm;

/// <summary>
/// GHASH of GCM (NIST SP 800-38D), fed incrementally. Blocks are held as two big-endian 64-bit halves so the
/// carry-less multiply path and the portable path share one representation.
/// </summary>
internal sealed class GHash
{
    private readonly ulong _hHi;
    private readonly ulong _hLo;
    private readonly bool _useClmul;
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
    }

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
        // Reading each half big-endian puts the block in the byte-reflected order the CLMUL formulation needs.
        Vector128<ulong> h = Vector128.Create(_hLo, _hHi);
        Vector128<ulong> y = Vector128.Create(_yLo, _yHi);
        for (int offset = 0; offset < blocks.Length; offset += 16)
        {
            ulong hi = BinaryPrimitives.ReadUInt64BigEndian(blocks[offset..]);
            ulong lo = BinaryPrimitives.ReadUInt64BigEndian(blocks[(offset + 8)..]);
            y = MultiplyClmul(Sse2.Xor(y, Vector128.Create(lo, hi)), h);
        }

        _yLo = y.GetElement(0);
        _yHi = y.GetElement(1);
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
