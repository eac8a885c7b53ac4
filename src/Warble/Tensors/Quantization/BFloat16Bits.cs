using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Warble.Tensors.Quantization;

/// <summary>bfloat16 conversions (the upper 16 bits of an IEEE float32), scalar and vectorized.</summary>
internal static class BFloat16Bits
{
    /// <summary>bf16 to f32 is exact: the bits move up by 16.</summary>
    public static float ToSingle(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    /// <summary>f32 to bf16, rounding to nearest even as PyTorch does; NaN stays a quiet NaN.</summary>
    public static ushort FromSingle(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x0040);
        }

        uint roundingBias = 0x7FFF + ((bits >> 16) & 1);
        return (ushort)((bits + roundingBias) >> 16);
    }

    /// <summary>16 bf16 values to 16 floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Widen512(Vector256<ushort> values) =>
        (Vector512.WidenLower(values.ToVector512Unsafe()) << 16).AsSingle();

    /// <summary>8 bf16 values to 8 floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Widen256(Vector128<ushort> values) =>
        (Vector256.WidenLower(values.ToVector256Unsafe()) << 16).AsSingle();
}
