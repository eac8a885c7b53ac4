using System.Runtime.InteropServices;
using Warble.Tensors;
using Warble.Tensors.Gemm;
using Warble.Tensors.Quantization;

namespace Warble.Tests.Gemm;

/// <summary>Random operands and the error measure shared by the matrix tests.</summary>
internal static class GemmData
{
    public static float[] Random(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    /// <summary>Stores [rows, columns] values in <paramref name="type"/>.</summary>
    public static WeightMatrix Weights(DType type, int rows, int columns, int seed)
    {
        float[] values = Random(rows * columns, seed);
        byte[] bytes = new byte[(long)rows * type.ByteCount(columns)];
        switch (type)
        {
            case DType.F32:
                MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(bytes);
                break;
            case DType.F16:
                Span<Half> halves = MemoryMarshal.Cast<byte, Half>(bytes.AsSpan());
                for (int i = 0; i < values.Length; i++)
                {
                    halves[i] = (Half)values[i];
                }

                break;
            case DType.BF16:
                Span<ushort> bf = MemoryMarshal.Cast<byte, ushort>(bytes.AsSpan());
                for (int i = 0; i < values.Length; i++)
                {
                    bf[i] = BFloat16Bits.FromSingle(values[i]);
                }

                break;
            default:
                Q8_0.QuantizeReference(values, bytes);
                break;
        }

        return new WeightMatrix(type, bytes, rows, columns);
    }

    /// <summary>Normalised mean squared error, as ggml's test-backend-ops measures GEMM results.</summary>
    public static double Nmse(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        double error = 0, norm = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double d = actual[i] - (double)expected[i];
            error += d * d;
            norm += (double)expected[i] * expected[i];
        }

        return norm == 0 ? error : error / norm;
    }
}
