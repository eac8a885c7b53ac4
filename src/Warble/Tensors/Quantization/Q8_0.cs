using System.Runtime.InteropServices;

namespace Warble.Tensors.Quantization;

/// <summary>
/// ggml's q8_0 blocks: 32 values stored as one f16 scale d followed by 32 signed bytes q, value = d·q.
/// Scalar reference of ggml's <c>quantize_row_q8_0_ref</c> / <c>dequantize_row_q8_0</c>.
/// </summary>
internal static class Q8_0
{
    public const int BlockValues = 32;
    public const int BlockBytes = 34;

    /// <summary>Quantizes <paramref name="source"/> (a multiple of 32 values) into q8_0 blocks.</summary>
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> destination)
    {
        if (source.Length % BlockValues != 0)
        {
            throw new ArgumentException($"q8_0 needs a multiple of {BlockValues} values, got {source.Length}");
        }

        int blocks = source.Length / BlockValues;
        if (destination.Length < blocks * BlockBytes)
        {
            throw new ArgumentException($"q8_0 destination holds {destination.Length} bytes, needs {blocks * BlockBytes}");
        }

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

    /// <summary>Expands q8_0 blocks back to floats; <paramref name="destination"/> length sets the count.</summary>
    public static void Dequantize(ReadOnlySpan<byte> source, Span<float> destination)
    {
        if (destination.Length % BlockValues != 0 || source.Length < destination.Length / BlockValues * BlockBytes)
        {
            throw new ArgumentException($"q8_0 source of {source.Length} bytes cannot fill {destination.Length} values");
        }

        for (int b = 0; b < destination.Length / BlockValues; b++)
        {
            ReadOnlySpan<byte> block = source.Slice(b * BlockBytes, BlockBytes);
            float d = (float)MemoryMarshal.Read<Half>(block);
            for (int i = 0; i < BlockValues; i++)
            {
                destination[b * BlockValues + i] = d * (sbyte)block[2 + i];
            }
        }
    }
}
