using System.Runtime.CompilerServices;

namespace Warble.Tensors.Gemm.Int8;

/// <summary>
/// One attention call's keys as the signed operand of the int8 score product (<see cref="Int8Attention.Scores"/>; also
/// Parakeet's position rows, <see cref="Int8Attention.AttendRelPosition"/>):
/// per head, each key row symmetric int8 with its own scale (max |k| / 127, as <see cref="Int8Weights"/> does a weight
/// row), packed in panels of <see cref="Int8Gemm.Nr"/> keys whose values stand four dims at a time, with 128 · Σ q per
/// row (the queries enter shifted by 128). Keys past T_k are zero rows with scale 0. The caller owns the memory
/// (<see cref="Bytes"/>, <see cref="Floats"/>).
/// </summary>
internal readonly unsafe struct Int8Keys
{
    private readonly sbyte* panels;
    private readonly float* scales;
    private readonly int* offsets;

    /// <param name="memory">At least <see cref="Bytes"/> bytes.</param>
    /// <param name="scales">At least <see cref="Floats"/> floats.</param>
    /// <param name="offsets">At least <see cref="Floats"/> ints.</param>
    public Int8Keys(byte* memory, float* scales, int* offsets, int heads, int rows, int headDim)
    {
        panels = (sbyte*)memory;
        this.scales = scales;
        this.offsets = offsets;
        Groups = (headDim + 3) / 4;
        Panels = (rows + Int8Gemm.Nr - 1) / Int8Gemm.Nr;
        Heads = heads;
    }

    public int Heads { get; }

    /// <summary>Groups of four dims: the depth of the product.</summary>
    public int Groups { get; }

    /// <summary>Panels per head.</summary>
    public int Panels { get; }

    public bool IsEmpty => panels == null;

    public static long Bytes(int heads, int rows, int headDim) => (long)heads * Floats(1, rows) * ((headDim + 3) / 4) * 4;

    /// <summary>Scales (and offsets) of all heads: T_k rounded up to whole panels, per head.</summary>
    public static int Floats(int heads, int rows) => heads * ((rows + Int8Gemm.Nr - 1) / Int8Gemm.Nr) * Int8Gemm.Nr;

    /// <summary>Panel <paramref name="p"/> of head <paramref name="h"/>: Groups × Nr × 4 signed bytes.</summary>
    public sbyte* Panel(int h, int p) => panels + ((((long)h * Panels) + p) * Groups * Int8Gemm.Nr * 4);

    /// <summary>Head <paramref name="h"/>'s key scales, one per key, padded with zeros to whole panels.</summary>
    public float* Scales(int h) => scales + ((long)h * Panels * Int8Gemm.Nr);

    /// <summary>Head <paramref name="h"/>'s 128 · Σ q per key.</summary>
    public int* Offsets(int h) => offsets + ((long)h * Panels * Int8Gemm.Nr);

    /// <summary>Quantises head <paramref name="h"/>'s <paramref name="rows"/> key rows (<paramref name="ldk"/> apart) into its panels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Quantize(int h, float* keys, nint ldk, int rows, int headDim)
    {
        uint* row = stackalloc uint[Groups];
        uint* panel = (uint*)Panel(h, 0);
        for (int j = 0; j < Panels * Int8Gemm.Nr; j++)
        {
            int sum = 0;
            if (j < rows)
            {
                // The activations' quantiser gives q + 128; flipping each byte's top bit makes that the signed q.
                Scales(h)[j] = Int8QuantizeRows.Quantize(keys + (j * ldk), headDim, (byte*)row);
                for (int g = 0; g < Groups; g++)
                {
                    row[g] ^= 0x80808080;
                    sbyte* q = (sbyte*)(row + g);
                    sum += q[0] + q[1] + q[2] + q[3];
                }
            }
            else
            {
                Scales(h)[j] = 0;
                new Span<uint>(row, Groups).Clear();
            }

            Offsets(h)[j] = 128 * sum;
            uint* lanes = panel + ((long)(j / Int8Gemm.Nr) * Groups * Int8Gemm.Nr) + (j % Int8Gemm.Nr);
            for (int g = 0; g < Groups; g++)
            {
                lanes[g * Int8Gemm.Nr] = row[g];
            }
        }
    }
}
