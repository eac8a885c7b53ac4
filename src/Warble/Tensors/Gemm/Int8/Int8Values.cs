using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Warble.Tensors.Gemm.Int8;

/// <summary>
/// One attention call's values as the signed operand of the int8 product P·V (<see cref="Int8Attention.Attend"/>):
/// per head, Vᵀ — each channel a row over the keys, symmetric int8 with its own scale (max |v| / 127) — packed in panels
/// of <see cref="Int8Gemm.Nr"/> channels whose values stand four keys at a time; keys past T_k (to whole groups) are
/// zero. The probabilities enter unsigned without a shift, so no row sums are needed. The caller owns the memory.
/// </summary>
internal readonly unsafe struct Int8Values
{
    private readonly sbyte* panels;
    private readonly float* scales;

    /// <param name="memory">At least <see cref="Bytes"/> bytes.</param>
    /// <param name="scales">At least <see cref="Floats"/> floats.</param>
    public Int8Values(byte* memory, float* scales, int heads, int rows, int headDim)
    {
        panels = (sbyte*)memory;
        this.scales = scales;
        Groups = (rows + 3) / 4;
        Panels = (headDim + Int8Gemm.Nr - 1) / Int8Gemm.Nr;
        Heads = heads;
    }

    public int Heads { get; }

    /// <summary>Groups of four keys: the depth of the product.</summary>
    public int Groups { get; }

    /// <summary>Panels of channels per head.</summary>
    public int Panels { get; }

    public bool IsEmpty => panels == null;

    public static long Bytes(int heads, int rows, int headDim) => (long)Floats(heads, headDim) * ((rows + 3) / 4) * 4;

    /// <summary>Channel scales of all heads: d rounded up to whole panels, per head.</summary>
    public static int Floats(int heads, int headDim) => heads * ((headDim + Int8Gemm.Nr - 1) / Int8Gemm.Nr) * Int8Gemm.Nr;

    /// <summary>Panel <paramref name="p"/> of head <paramref name="h"/>: Groups × Nr × 4 signed bytes.</summary>
    public sbyte* Panel(int h, int p) => panels + ((((long)h * Panels) + p) * Groups * Int8Gemm.Nr * 4);

    /// <summary>Head <paramref name="h"/>'s channel scales, padded with zeros to whole panels.</summary>
    public float* Scales(int h) => scales + ((long)h * Panels * Int8Gemm.Nr);

    /// <summary>Quantises head <paramref name="h"/>'s <paramref name="rows"/> value rows (<paramref name="ldv"/> apart) into its panels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Quantize(int h, float* values, nint ldv, int rows, int headDim)
    {
        int channels = Panels * Int8Gemm.Nr, vectors = headDim / 8 * 8;
        float* inverse = stackalloc float[channels];
        float* scale = Scales(h);
        new Span<float>(inverse, channels).Clear();
        var magnitude = Vector256.Create(0x7FFFFFFF).AsSingle();
        for (int j = 0; j < rows; j++)
        {
            float* row = values + (j * ldv);
            int c = 0;
            for (; c < vectors; c += 8)
            {
                Vector256.MaxNative(Vector256.Load(inverse + c), Vector256.Load(row + c) & magnitude).Store(inverse + c);
            }

            for (; c < headDim; c++)
            {
                inverse[c] = Math.Max(inverse[c], Math.Abs(row[c]));
            }
        }

        for (int c = 0; c < channels; c++)
        {
            scale[c] = inverse[c] / 127f;
            inverse[c] = inverse[c] > 0 ? 127f / inverse[c] : 0;
        }

        sbyte* head = Panel(h, 0);
        int* q = stackalloc int[8];
        new Span<sbyte>(head, Panels * Groups * Int8Gemm.Nr * 4).Clear();
        for (int j = 0; j < rows; j++)
        {
            // Key j is byte j % 4 of its group's four-byte lane in each channel's panel row.
            float* row = values + (j * ldv);
            sbyte* group = head + ((j / 4) * Int8Gemm.Nr * 4) + (j % 4);
            int c = 0;
            for (; c < vectors; c += 8)
            {
                Vector256.ConvertToInt32Native(Vector256.Round(Vector256.Load(row + c) * Vector256.Load(inverse + c))).Store(q);
                sbyte* lane = group + ((long)(c / Int8Gemm.Nr) * Groups * Int8Gemm.Nr * 4) + (c % Int8Gemm.Nr * 4);
                for (int t = 0; t < 8; t++)
                {
                    lane[t * 4] = (sbyte)q[t];
                }
            }

            for (; c < headDim; c++)
            {
                group[((long)(c / Int8Gemm.Nr) * Groups * Int8Gemm.Nr * 4) + (c % Int8Gemm.Nr * 4)] = (sbyte)(int)MathF.Round(row[c] * inverse[c]);
            }
        }
    }
}
