using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Warble.Tensors.Quantization;

/// <summary>
/// IEEE half (f16) ⇄ single conversions on spans and on vectors, by integer bit manipulation so that every ISA path
/// gives the IEEE-exact result of a <see cref="Half"/> cast. Algorithms after Marat Dukhan's FP16 library
/// (<c>fp16_ieee_to_fp32_value</c>, <c>fp16_ieee_from_fp32_value</c>, MIT licence).
/// </summary>
internal static class HalfConversion
{
    private const uint ExpOffset = 0xE0u << 23;
    private const float ExpScale = 1.925929944387236e-34f; // 2^-112
    private const uint MagicMask = 126u << 23;
    private const uint DenormalCutoff = 1u << 27;
    private const uint SignMask = 0x8000_0000;

    /// <summary>Converts floats to halves (raw bits), rounding to nearest even; NaN becomes a quiet NaN.</summary>
    public static void FromSingle(ReadOnlySpan<float> source, Span<ushort> destination)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, fewer than {source.Length}");
        }

        ref float src = ref MemoryMarshal.GetReference(source);
        ref ushort dst = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= source.Length - 16; i += 16)
            {
                Vector256<uint> lo = Narrow256(Vector256.LoadUnsafe(ref src, (nuint)i));
                Vector256<uint> hi = Narrow256(Vector256.LoadUnsafe(ref src, (nuint)(i + 8)));
                Vector256.Narrow(lo, hi).StoreUnsafe(ref dst, (nuint)i);
            }
        }

        for (; i < source.Length; i++)
        {
            destination[i] = BitConverter.HalfToUInt16Bits((Half)source[i]);
        }
    }

    /// <summary>One half to a float, the same arithmetic as the vector paths (exact; no branch on the value).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ToSingle(ushort half)
    {
        uint w = (uint)half << 17;
        uint normalized = BitConverter.SingleToUInt32Bits(BitConverter.UInt32BitsToSingle((w >> 4) + ExpOffset) * ExpScale);
        uint denormalized = BitConverter.SingleToUInt32Bits(BitConverter.UInt32BitsToSingle((w >> 17) | MagicMask) - 0.5f);
        return BitConverter.UInt32BitsToSingle((((uint)half << 16) & SignMask) | (w < DenormalCutoff ? denormalized : normalized));
    }

    /// <summary>
    /// Sign-extended halves with a normal exponent to floats: sign into bit 31, exponent and mantissa into bits
    /// 27..13, exponent + (127 − 15). A zero or subnormal half comes out as ±2⁻¹⁵·(1 + m/2¹⁰) (see
    /// <see cref="RebiasNormal(short)"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> RebiasNormal(Vector512<int> s) =>
        (((s << 13) & Vector512.Create(unchecked((int)0x8FFF_E000))) + Vector512.Create(0x3800_0000)).AsSingle();

    /// <summary>
    /// <see cref="RebiasNormal(Vector512{int})"/> of the upper half of each 32-bit lane, the lower half ignored: the
    /// arithmetic shift by 3 leaves sign, exponent and mantissa where the sign extension and shift by 13 put them, and
    /// the mask clears the lower half's bits with the sign's copies. Three operations, and no widening shuffle.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> RebiasUpperHalves(Vector512<int> lanes) =>
        (((lanes >> 3) & Vector512.Create(unchecked((int)0x8FFF_E000))) + Vector512.Create(0x3800_0000)).AsSingle();

    /// <inheritdoc cref="RebiasNormal(Vector512{int})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> RebiasNormal(Vector256<int> s) =>
        (((s << 13) & Vector256.Create(unchecked((int)0x8FFF_E000))) + Vector256.Create(0x3800_0000)).AsSingle();

    /// <summary>The scalar form of <see cref="RebiasNormal(Vector512{int})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float RebiasNormal(short half) => BitConverter.Int32BitsToSingle(((half << 13) & unchecked((int)0x8FFF_E000)) + 0x3800_0000);

    /// <summary>16 halves to 16 floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Widen512(Vector256<ushort> halves)
    {
        // Nearly every weight is a normal half (exponent 1..30): sign-extend, shift the exponent and mantissa into
        // place and rebias the exponent by 127 − 15, four integer operations. Zeros, subnormals, infinities and NaNs
        // (exponent 0 or 31, i.e. ((bits & 0x7C00) + 0x400) & 0x7800 == 0) take the general form below, inline: a
        // call here would make the JIT spill the caller's accumulators in its loops.
        Vector512<uint> s = Vector512.WidenLower(halves.AsInt16().ToVector512Unsafe()).AsUInt32();
        Vector512<uint> special = ((s & Vector512.Create(0x7C00u)) + Vector512.Create(0x400u)) & Vector512.Create(0x7800u);
        if (!Vector512.EqualsAny(special, Vector512<uint>.Zero))
        {
            return RebiasNormal(s.AsInt32());
        }

        // The general form, as Widen256: the normal path rebiases so that exponent 31 lands on 255 (inf/NaN) and
        // scales by 2^-112; the subnormal path subtracts a magic 0.5. No arithmetic ever sees a denormal input, which
        // on Intel cores costs a microcode assist per vector.
        Vector512<uint> h = s & Vector512.Create(0xFFFFu);
        Vector512<uint> w = h << 17;
        Vector512<float> normalized = ((w >>> 4) + Vector512.Create(ExpOffset)).AsSingle() * Vector512.Create(ExpScale);
        Vector512<float> denormalized = ((w >>> 17) | Vector512.Create(MagicMask)).AsSingle() - Vector512.Create(0.5f);
        Vector512<uint> magnitude = Vector512.ConditionalSelect(
            Vector512.LessThan(w, Vector512.Create(DenormalCutoff)), denormalized.AsUInt32(), normalized.AsUInt32());
        return (magnitude | ((h << 16) & Vector512.Create(SignMask))).AsSingle();
    }

    /// <summary>8 halves to 8 floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Widen256(Vector128<ushort> halves)
    {
        Vector256<uint> h = Vector256.WidenLower(halves.ToVector256Unsafe());
        Vector256<uint> w = h << 17;
        Vector256<float> normalized = ((w >>> 4) + Vector256.Create(ExpOffset)).AsSingle() * ExpScale;
        Vector256<float> denormalized = ((w >>> 17) | Vector256.Create(MagicMask)).AsSingle() - Vector256.Create(0.5f);
        Vector256<uint> magnitude = Vector256.ConditionalSelect(
            Vector256.LessThan(w, Vector256.Create(DenormalCutoff)), denormalized.AsUInt32(), normalized.AsUInt32());
        return (magnitude | ((h << 16) & Vector256.Create(SignMask))).AsSingle();
    }

    /// <summary>8 floats to 8 halves, each in the low 16 bits of a lane (RNE through a float addition).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Narrow256(Vector256<float> x)
    {
        Vector256<float> scaled = Vector256.Abs(x) * 5.192296858534828e+33f * 7.703719777548943e-34f; // 2^112, 2^-110
        Vector256<uint> w = x.AsUInt32();
        Vector256<uint> shl1 = w + w;
        Vector256<uint> bias = Vector256.Max(shl1 & Vector256.Create(0xFF00_0000u), Vector256.Create(0x7100_0000u));
        Vector256<uint> bits = (((bias >>> 1) + Vector256.Create(0x0780_0000u)).AsSingle() + scaled).AsUInt32();
        Vector256<uint> nonsign = ((bits >>> 13) & Vector256.Create(0x7C00u)) + (bits & Vector256.Create(0x0FFFu));
        Vector256<uint> isNaN = Vector256.GreaterThan(shl1, Vector256.Create(0xFF00_0000u));
        return ((w & Vector256.Create(SignMask)) >>> 16) | Vector256.ConditionalSelect(isNaN, Vector256.Create(0x7E00u), nonsign);
    }
}
