using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Parallel;

namespace Warble.Tensors.Gemm.Int8;

/// <summary>
/// Pool action quantising one activation tile (index: tile of <see cref="Int8Gemm.Mr"/> rows), each row in place to
/// round(a / s) + 128 with s = max |a| / 127. Rows past M and columns past K hold 128, which is zero once shifted back.
/// </summary>
internal readonly unsafe struct Int8QuantizeRows(Int8Product product) : IRangeAction
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Invoke(int index)
    {
        ref readonly GemmTask task = ref product.Task;
        int i0 = index * Int8Gemm.Mr;
        QuantizeTile(task.A + (i0 * task.Lda), task.Lda, Math.Min(Int8Gemm.Mr, task.M - i0), task.K, product.Tile(index), product.Lda,
            product.RowScales + i0);
    }

    /// <summary>
    /// Quantises the first <paramref name="valid"/> of <see cref="Int8Gemm.Mr"/> rows at <paramref name="a"/>
    /// (<paramref name="lda"/> apart, <paramref name="k"/> values each) into rows <paramref name="rowBytes"/> apart, their
    /// scales into <paramref name="scales"/>; the rows past them hold 128, zero once shifted back, so the register tile
    /// can always run all six.
    /// </summary>
    internal static void QuantizeTile(float* a, nint lda, int valid, int k, byte* rows, nint rowBytes, float* scales)
    {
        for (int r = 0; r < Int8Gemm.Mr; r++)
        {
            byte* row = rows + (r * rowBytes);
            if (r < valid)
            {
                scales[r] = Quantize(a + (r * lda), k, row);
            }
            else
            {
                new Span<byte>(row, (int)rowBytes).Fill(128);
            }
        }
    }

    /// <summary>Quantises <paramref name="k"/> values into <paramref name="q"/> (padded with 128 to whole groups); returns the scale.</summary>
    internal static float Quantize(float* a, int k, byte* q)
    {
        float max = MaxMagnitude(a, k);
        float inverse = max > 0 ? 127f / max : 0;
        var scale = Vector256.Create(inverse);
        var shift = Vector256.Create(128);
        int p = 0;
        for (; p <= k - 32; p += 32)
        {
            // |a · 127 / max| ≤ 127 after rounding, so the native conversion needs no saturation fix-up.
            Vector256<int> q0 = Vector256.ConvertToInt32Native(Vector256.Round(Vector256.Load(a + p) * scale)) + shift;
            Vector256<int> q1 = Vector256.ConvertToInt32Native(Vector256.Round(Vector256.Load(a + p + 8) * scale)) + shift;
            Vector256<int> q2 = Vector256.ConvertToInt32Native(Vector256.Round(Vector256.Load(a + p + 16) * scale)) + shift;
            Vector256<int> q3 = Vector256.ConvertToInt32Native(Vector256.Round(Vector256.Load(a + p + 24) * scale)) + shift;
            Vector256.Narrow(Vector256.Narrow(q0, q1), Vector256.Narrow(q2, q3)).AsByte().Store(q + p);
        }

        for (; p < k; p++)
        {
            q[p] = (byte)((int)MathF.Round(a[p] * inverse) + 128);
        }

        for (; (p & 3) != 0; p++)
        {
            q[p] = 128;
        }

        return max / 127f;
    }

    /// <summary>max |a| over finite activations, without TensorPrimitives' NaN bookkeeping (a NaN row gives garbage either way).</summary>
    private static float MaxMagnitude(float* a, int k)
    {
        var mask = Vector256.Create(0x7FFFFFFF).AsSingle();
        Vector256<float> m0 = Vector256<float>.Zero, m1 = Vector256<float>.Zero;
        int p = 0;
        for (; p <= k - 16; p += 16)
        {
            m0 = Vector256.MaxNative(m0, Vector256.Load(a + p) & mask);
            m1 = Vector256.MaxNative(m1, Vector256.Load(a + p + 8) & mask);
        }

        float max = Int8Attention.HorizontalMax(Vector256.MaxNative(m0, m1));

        for (; p < k; p++)
        {
            max = Math.Max(max, Math.Abs(a[p]));
        }

        return max;
    }
}
