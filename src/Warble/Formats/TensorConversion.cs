using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Warble.Tensors;
using Warble.Tensors.Quantization;

namespace Warble.Formats;

/// <summary>Converts contiguous tensors between stored types, for <c>warble convert</c> and tests.</summary>
internal static class TensorConversion
{
    /// <summary>The values of a contiguous float tensor of any stored type, widened to f32.</summary>
    public static float[] ToFloats(TensorView view)
    {
        if (!view.IsContiguous)
        {
            throw new ArgumentException($"{view} is not contiguous");
        }

        var values = new float[view.ElementCount];
        ReadOnlySpan<byte> bytes = view.Data.Span[..(int)view.Type.ByteCount(view.ElementCount)];
        switch (view.Type)
        {
            case DType.F32: MemoryMarshal.Cast<byte, float>(bytes).CopyTo(values); break;
            case DType.F16: WidenHalves(MemoryMarshal.Cast<byte, Half>(bytes), values); break;
            case DType.BF16: WidenBFloat16(MemoryMarshal.Cast<byte, ushort>(bytes), values); break;
            case DType.F64: NarrowDoubles(MemoryMarshal.Cast<byte, double>(bytes), values); break;
            case DType.Q8_0: Q8_0.Dequantize(bytes, values); break;
            case DType.Q4_0 or DType.Q4_1 or DType.Q5_0 or DType.Q5_1: GgmlQuantized.DequantizeReference(view.Type, bytes, values); break;
            default: throw new ArgumentException($"{view.Type.Name()} is not a float type");
        }

        return values;
    }

    /// <summary>Encodes floats as <paramref name="type"/> (f32, f16, bf16 or q8_0).</summary>
    public static byte[] FromFloats(ReadOnlySpan<float> values, DType type)
    {
        var bytes = new byte[type.ByteCount(values.Length)];
        switch (type)
        {
            case DType.F32: MemoryMarshal.AsBytes(values).CopyTo(bytes); break;
            case DType.F16:
                Span<Half> halves = MemoryMarshal.Cast<byte, Half>(bytes.AsSpan());
                for (int i = 0; i < values.Length; i++)
                {
                    halves[i] = (Half)values[i];
                }

                break;
            case DType.BF16:
                for (int i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), BFloat16Bits.FromSingle(values[i]));
                }

                break;
            case DType.Q8_0: Q8_0.Quantize(values, bytes); break;
            default: throw new ArgumentException($"cannot encode {type.Name()}");
        }

        return bytes;
    }

    private static void WidenHalves(ReadOnlySpan<Half> source, Span<float> destination)
    {
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = (float)source[i];
        }
    }

    private static void WidenBFloat16(ReadOnlySpan<ushort> source, Span<float> destination)
    {
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = BFloat16Bits.ToSingle(source[i]);
        }
    }

    private static void NarrowDoubles(ReadOnlySpan<double> source, Span<float> destination)
    {
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = (float)source[i];
        }
    }
}
