using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Warble.Tensors.Quantization;

/// <summary>
/// Scalar references of ggml's 4- and 5-bit block formats (ggml-quants.c <c>dequantize_row_q4_0</c>,
/// <c>_q4_1</c>, <c>_q5_0</c>, <c>_q5_1</c>), for whisper.cpp files quantized with those types.
/// Every block holds 32 values: low nibbles are values 0..15, high nibbles 16..31.
/// </summary>
internal static class GgmlQuantized
{
    public const int BlockValues = 32;

    /// <summary>Expands blocks of <paramref name="type"/> (q4_0, q4_1, q5_0, q5_1) into floats; <paramref name="destination"/> length sets the count.</summary>
    public static void DequantizeReference(DType type, ReadOnlySpan<byte> source, Span<float> destination)
    {
        int blockBytes = type.BlockBytes();
        if (destination.Length % BlockValues != 0 || source.Length < destination.Length / BlockValues * blockBytes)
        {
            throw new ArgumentException($"{type.Name()} source of {source.Length} bytes cannot fill {destination.Length} values");
        }

        for (int b = 0; b < destination.Length / BlockValues; b++)
        {
            ReadOnlySpan<byte> block = source.Slice(b * blockBytes, blockBytes);
            Span<float> y = destination.Slice(b * BlockValues, BlockValues);
            float d = (float)MemoryMarshal.Read<Half>(block);
            switch (type)
            {
                case DType.Q4_0: Nibbles(block[2..], 0, d, -8, 0, y); break;
                case DType.Q4_1: Nibbles(block[4..], 0, d, 0, (float)MemoryMarshal.Read<Half>(block[2..]), y); break;
                case DType.Q5_0: Nibbles(block[6..], BinaryPrimitives.ReadUInt32LittleEndian(block[2..]), d, -16, 0, y); break;
                case DType.Q5_1: Nibbles(block[8..], BinaryPrimitives.ReadUInt32LittleEndian(block[4..]), d, 0, (float)MemoryMarshal.Read<Half>(block[2..]), y); break;
                default: throw new ArgumentException($"{type.Name()} is not a 4- or 5-bit ggml type");
            }
        }
    }

    /// <summary>value = ((nibble | fifth bit from qh) + offset) · d + m, as ggml's reference loops.</summary>
    private static void Nibbles(ReadOnlySpan<byte> qs, uint qh, float d, int offset, float m, Span<float> y)
    {
        for (int j = 0; j < BlockValues / 2; j++)
        {
            int high0 = (int)((qh >> j) << 4) & 0x10;
            int high1 = (int)(qh >> (j + 12)) & 0x10;
            y[j] = (((qs[j] & 0x0F) | high0) + offset) * d + m;
            y[j + BlockValues / 2] = (((qs[j] >> 4) | high1) + offset) * d + m;
        }
    }
}
