using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Warble.Tensors.Gemm.Int8;

/// <summary>
/// A weight matrix [n, k] quantised for <see cref="Int8Gemm"/>: each output row symmetric int8 with its own scale
/// (max |w| / 127, PyTorch's per-channel weight observer), packed in panels of <see cref="Int8Gemm.Nr"/> rows whose
/// values stand four k at a time per row, the operand order of VPDPBUSD. K is padded with zeros to a multiple of 4,
/// n to a whole panel with zero rows.
/// </summary>
internal sealed unsafe class Int8Weights
{
    private readonly byte[] panels;
    private readonly float[] scales;
    private readonly int[] offsets;

    private Int8Weights(int n, int k)
    {
        Rows = n;
        Groups = (k + 3) / 4;
        Panels = (n + Int8Gemm.Nr - 1) / Int8Gemm.Nr;
        panels = GC.AllocateArray<byte>(Panels * Groups * Int8Gemm.Nr * 4, pinned: true);
        scales = GC.AllocateArray<float>(Panels * Int8Gemm.Nr, pinned: true);
        offsets = GC.AllocateArray<int>(Panels * Int8Gemm.Nr, pinned: true);
    }

    public int Rows { get; }

    /// <summary>Groups of four k values: the depth of the product.</summary>
    public int Groups { get; }

    public int Panels { get; }

    /// <summary>Panel p: Groups × Nr × 4 signed bytes.</summary>
    public sbyte* Panel(int p) => (sbyte*)Unsafe.AsPointer(ref panels[p * Groups * Int8Gemm.Nr * 4]);

    /// <summary>Row scales, padded to whole panels with zeros.</summary>
    public float* Scales => (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(scales));

    /// <summary>
    /// 128 · Σ_k q[j, k] per row: activations enter the products as unsigned bytes q + 128, so each sum carries this
    /// much too many.
    /// </summary>
    public int* Offsets => (int*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(offsets));

    /// <summary>The quantised value of row <paramref name="j"/>, column <paramref name="k"/> (for tests).</summary>
    public sbyte Value(int j, int k) => (sbyte)panels[(((j / Int8Gemm.Nr * Groups) + (k / 4)) * Int8Gemm.Nr * 4) + (j % Int8Gemm.Nr * 4) + (k % 4)];

    public float Scale(int j) => scales[j];

    /// <summary>Quantises <paramref name="weights"/> (any dtype the kernels read) row by row.</summary>
    public static Int8Weights Quantize(in WeightMatrix weights)
    {
        int n = weights.Rows, k = weights.Columns;
        var result = new Int8Weights(n, k);
        float[] row = new float[k];
        for (int j = 0; j < n; j++)
        {
            weights.DequantizeRow(j, row);
            float max = 0;
            foreach (float v in row)
            {
                max = Math.Max(max, Math.Abs(v));
            }

            float scale = max / 127f, inverse = max > 0 ? 127f / max : 0;
            int sum = 0;
            int start = j / Int8Gemm.Nr * result.Groups * Int8Gemm.Nr * 4, lane = j % Int8Gemm.Nr * 4;
            for (int p = 0; p < k; p++)
            {
                int q = (int)MathF.Round(row[p] * inverse);
                sum += q;
                result.panels[start + (p / 4 * Int8Gemm.Nr * 4) + lane + (p % 4)] = (byte)(sbyte)q;
            }

            result.scales[j] = scale;
            result.offsets[j] = 128 * sum;
        }

        return result;
    }
}
