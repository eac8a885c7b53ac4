using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Quantization;

/// <summary>
/// ggml's q8_0 blocks: 32 values stored as one f16 scale d followed by 32 signed bytes q, value = d·q.
/// Matches ggml's <c>quantize_row_q8_0_ref</c> / <c>dequantize_row_q8_0</c>; the <c>...Reference</c> methods are the
/// scalar definitions, the others are vectorized and give identical bytes and values.
/// </summary>
internal static class Q8_0
{
    public const int BlockValues = 32;
    public const int BlockBytes = 34;

    /// <summary>Quantizes <paramref name="source"/> (a multiple of 32 values) into q8_0 blocks.</summary>
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> destination)
    {
        int blocks = CheckQuantize(source.Length, destination.Length);
        if (!Vector256.IsHardwareAccelerated)
        {
            QuantizeReference(source, destination);
            return;
        }

        for (int b = 0; b < blocks; b++)
        {
            ref float x = ref MemoryMarshal.GetReference(source.Slice(b * BlockValues, BlockValues));
            Span<byte> block = destination.Slice(b * BlockBytes, BlockBytes);
            Vector256<float> x0 = Vector256.LoadUnsafe(ref x), x1 = Vector256.LoadUnsafe(ref x, 8);
            Vector256<float> x2 = Vector256.LoadUnsafe(ref x, 16), x3 = Vector256.LoadUnsafe(ref x, 24);
            Vector256<float> max = Vector256.Max(Vector256.Max(Vector256.Abs(x0), Vector256.Abs(x1)), Vector256.Max(Vector256.Abs(x2), Vector256.Abs(x3)));
            Vector128<float> max4 = Vector128.Max(max.GetLower(), max.GetUpper());
            float amax = MathF.Max(MathF.Max(max4[0], max4[1]), MathF.Max(max4[2], max4[3]));

            float d = amax / 127f;
            float id = d != 0 ? 1f / d : 0f;
            MemoryMarshal.Write(block, (Half)d);
            Vector256<short> lo = Vector256.Narrow(RoundAway(x0 * id), RoundAway(x1 * id));
            Vector256<short> hi = Vector256.Narrow(RoundAway(x2 * id), RoundAway(x3 * id));
            Vector256.Narrow(lo, hi).AsByte().StoreUnsafe(ref block[2]);
        }
    }

    /// <summary>Expands q8_0 blocks back to floats; <paramref name="destination"/> length sets the count.</summary>
    public static void Dequantize(ReadOnlySpan<byte> source, Span<float> destination)
    {
        int blocks = CheckDequantize(source.Length, destination.Length);
        if (!Vector256.IsHardwareAccelerated)
        {
            DequantizeReference(source, destination);
            return;
        }

        ref float dst = ref MemoryMarshal.GetReference(destination);
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<byte> block = source.Slice(b * BlockBytes, BlockBytes);
            var d = Vector256.Create((float)MemoryMarshal.Read<Half>(block));
            Vector256<sbyte> q = Vector256.LoadUnsafe(ref Unsafe.As<byte, sbyte>(ref MemoryMarshal.GetReference(block)), 2);
            nuint at = (nuint)(b * BlockValues);
            (Widen(q.GetLower(), 0) * d).StoreUnsafe(ref dst, at);
            (Widen(q.GetLower(), 8) * d).StoreUnsafe(ref dst, at + 8);
            (Widen(q.GetUpper(), 0) * d).StoreUnsafe(ref dst, at + 16);
            (Widen(q.GetUpper(), 8) * d).StoreUnsafe(ref dst, at + 24);
        }
    }

    /// <summary>Scalar definition of <see cref="Quantize"/>.</summary>
    public static void QuantizeReference(ReadOnlySpan<float> source, Span<byte> destination)
    {
        int blocks = CheckQuantize(source.Length, destination.Length);
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<float> x = source.Slice(b * BlockValues, BlockValues);
            Span<byte> block = destination.Slice(b * BlockBytes, BlockBytes);
            float amax = 0;
            foreach (float v in x)
            {
                amax = MathF.Max(amax, MathF.Abs(v));
            }

            float d = amax / 127f;
            float id = d != 0 ? 1f / d : 0f;
            MemoryMarshal.Write(block, (Half)d);
            for (int i = 0; i < BlockValues; i++)
            {
                // ggml uses roundf: halves round away from zero.
                block[2 + i] = (byte)(sbyte)MathF.Round(x[i] * id, MidpointRounding.AwayFromZero);
            }
        }
    }

    /// <summary>Scalar definition of <see cref="Dequantize"/>.</summary>
    public static void DequantizeReference(ReadOnlySpan<byte> source, Span<float> destination)
    {
        int blocks = CheckDequantize(source.Length, destination.Length);
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<byte> block = source.Slice(b * BlockBytes, BlockBytes);
            float d = (float)MemoryMarshal.Read<Half>(block);
            for (int i = 0; i < BlockValues; i++)
            {
                destination[b * BlockValues + i] = d * (sbyte)block[2 + i];
            }
        }
    }

    /// <summary>8 signed bytes starting at lane <paramref name="start"/> of a 16-byte vector, as floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Widen(Vector128<sbyte> q, int start) =>
        Vector256Ops.WidenLowerToSingle(start == 0 ? q : Vector128.CreateScalar(q.AsInt64().GetElement(1)).AsSByte());

    /// <summary>roundf: round half away from zero, exact for |v| ≤ 127.</summary>
    private static Vector256<int> RoundAway(Vector256<float> v)
    {
        Vector256<float> a = Vector256.Abs(v);
        Vector256<float> t = Vector256.Truncate(a);
        Vector256<float> r = t + (Vector256.GreaterThanOrEqual(a - t, Vector256.Create(0.5f)) & Vector256<float>.One);
        return Vector256.ConvertToInt32(Vector256.CopySign(r, v));
    }

    private static int CheckQuantize(int sourceLength, int destinationLength)
    {
        if (sourceLength % BlockValues != 0)
        {
            throw new ArgumentException($"q8_0 needs a multiple of {BlockValues} values, got {sourceLength}");
        }

        int blocks = sourceLength / BlockValues;
        if (destinationLength < blocks * BlockBytes)
        {
            throw new ArgumentException($"q8_0 destination holds {destinationLength} bytes, needs {blocks * BlockBytes}");
        }

        return blocks;
    }

    private static int CheckDequantize(int sourceLength, int destinationLength)
    {
        if (destinationLength % BlockValues != 0 || sourceLength < destinationLength / BlockValues * BlockBytes)
        {
            throw new ArgumentException($"q8_0 source of {sourceLength} bytes cannot fill {destinationLength} values");
        }

        return destinationLength / BlockValues;
    }
}
