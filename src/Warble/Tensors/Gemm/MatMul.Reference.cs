using Warble.Tensors.Quantization;

namespace Warble.Tensors.Gemm;

/// <summary>The scalar definitions of <see cref="MatMul"/>'s products, which the tests compare every path with.</summary>
internal static partial class MatMul
{
    /// <summary>
    /// Scalar definition of <c>MultiplyTransposed</c>: double accumulation, row by row. With q8_0 weights and at most
    /// <see cref="Gemv.MaxRows"/> rows, A is first rounded to q8_0 as ggml does (<c>quantize_row_q8_0</c>).
    /// </summary>
    internal static void MultiplyTransposedReference(ReadOnlySpan<float> a, int m, in WeightMatrix b, Span<float> c, ReadOnlySpan<float> bias = default)
    {
        int n = b.Rows, k = b.Columns;
        CheckShapes(a.Length, m, k, (long)n * k, c.Length, n, bias.Length);
        if (b.Type == DType.Q8_0 && m <= Gemv.MaxRows)
        {
            a = RoundToQ8_0(a[..(m * k)]);
        }

        var row = new float[k];
        for (int j = 0; j < n; j++)
        {
            b.DequantizeRow(j, row);
            for (int i = 0; i < m; i++)
            {
                double sum = bias.IsEmpty ? 0 : bias[j];
                ReadOnlySpan<float> ai = a.Slice(i * k, k);
                for (int p = 0; p < k; p++)
                {
                    sum += (double)ai[p] * row[p];
                }

                c[(i * n) + j] = (float)sum;
            }
        }
    }

    /// <summary>The values A takes after a round trip through q8_0 blocks.</summary>
    private static float[] RoundToQ8_0(ReadOnlySpan<float> a)
    {
        var blocks = new byte[a.Length / Q8_0.BlockValues * Q8_0.BlockBytes];
        var rounded = new float[a.Length];
        Q8_0.QuantizeReference(a, blocks);
        Q8_0.DequantizeReference(blocks, rounded);
        return rounded;
    }

    /// <summary>Scalar definition of <c>Multiply</c>.</summary>
    internal static void MultiplyReference(ReadOnlySpan<float> a, int m, int k, ReadOnlySpan<float> b, int n, Span<float> c)
    {
        CheckShapes(a.Length, m, k, b.Length, c.Length, n, 0);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    sum += (double)a[(i * k) + p] * b[(p * n) + j];
                }

                c[(i * n) + j] = (float)sum;
            }
        }
    }

    private static void CheckShapes(long aLength, int m, int k, long bLength, long cLength, int n, int biasLength)
    {
        if (m < 0 || (long)m * k > aLength)
        {
            throw new ArgumentException($"A holds {aLength} values, fewer than {m}×{k}");
        }

        if (bLength < (long)k * n)
        {
            throw new ArgumentException($"B holds {bLength} values, fewer than {k}×{n}");
        }

        if ((long)m * n > cLength)
        {
            throw new ArgumentException($"C holds {cLength} values, fewer than {m}×{n}");
        }

        if (biasLength != 0 && biasLength != n)
        {
            throw new ArgumentException($"bias holds {biasLength} values, expected {n}");
        }
    }
}
