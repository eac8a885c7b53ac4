using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Warble.Tensors.Simd;

/// <summary>The only place where 256-bit ISA-specific instructions appear; see <see cref="Vector128Ops"/>.</summary>
internal static class Vector256Ops
{
    /// <summary>a · b + c, fused when the CPU has FMA, multiply then add otherwise.</summary>
    [MethodImpl(Inline.Short)]
    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c)
    {
        if (Fma.IsSupported)
        {
            return Fma.MultiplyAdd(a, b, c);
        }

        return (a * b) + c;
    }

    /// <summary>Sum of the lanes, halves first so the rounding matches the 128-bit path.</summary>
    [MethodImpl(Inline.Short)]
    public static float Sum(Vector256<float> v) => Vector128Ops.Sum(v.GetLower() + v.GetUpper());

    /// <summary>
    /// [Σa, Σb, Σc, Σd]: one transposed reduction, each sum in <see cref="Vector256.Sum{T}"/>'s order (each 128-bit half
    /// as (x0 + x1) + (x2 + x3), then the halves), so that kernels reducing four rows at once give the bits of those
    /// reducing one.
    /// </summary>
    [MethodImpl(Inline.Short)]
    public static Vector128<float> Sum4(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d)
    {
        if (!Avx.IsSupported)
        {
            return Vector128.Create(Vector256.Sum(a), Vector256.Sum(b), Vector256.Sum(c), Vector256.Sum(d));
        }

        // Per 128-bit lane: [Σa Σb Σc Σd] of that lane's half, each as (x0 + x1) + (x2 + x3).
        Vector256<float> lanes = Avx.HorizontalAdd(Avx.HorizontalAdd(a, b), Avx.HorizontalAdd(c, d));
        return lanes.GetLower() + lanes.GetUpper();
    }

    /// <summary>The low 8 signed bytes to 8 floats: one <c>vpmovsxbd</c> and one <c>vcvtdq2ps</c> on AVX2.</summary>
    [MethodImpl(Inline.Short)]
    public static Vector256<float> WidenLowerToSingle(Vector128<sbyte> q)
    {
        if (Avx2.IsSupported)
        {
            return Vector256.ConvertToSingle(Avx2.ConvertToVector256Int32(q));
        }

        Vector128<short> s = Vector128.WidenLower(q);
        return Vector256.ConvertToSingle(Vector256.Create(Vector128.WidenLower(s), Vector128.WidenUpper(s)));
    }

    /// <summary>
    /// Dot products of signed bytes, as 8 int partial sums whose total is Σ x·y: ggml's <c>mul_sum_i8_pairs</c>
    /// (|x| unsigned times y with x's sign, <c>vpmaddubsw</c>, then pairs to ints, <c>vpmaddwd</c>). y must lie in
    /// [-127, 127] (x may be -128), so that no pair of products saturates 16 bits.
    /// </summary>
    [MethodImpl(Inline.Short)]
    public static Vector256<int> DotSignedBytes(Vector256<sbyte> x, Vector256<sbyte> y)
    {
        if (Avx2.IsSupported)
        {
            Vector256<short> pairs = Avx2.MultiplyAddAdjacent(Avx2.Abs(x), Avx2.Sign(y, x));
            return Avx2.MultiplyAddAdjacent(pairs, Vector256<short>.One);
        }

        (Vector256<short> x0, Vector256<short> x1) = Vector256.Widen(x);
        (Vector256<short> y0, Vector256<short> y1) = Vector256.Widen(y);
        (Vector256<int> p0, Vector256<int> p1) = Vector256.Widen(x0 * y0);
        (Vector256<int> p2, Vector256<int> p3) = Vector256.Widen(x1 * y1);
        return p0 + p1 + p2 + p3;
    }

    /// <summary>Whether <see cref="TransposeStore"/> is eight shuffles of each kind (AVX) rather than lane by lane.</summary>
    public static bool TransposeIsAccelerated => Avx.IsSupported;

    /// <summary>
    /// Stores the transpose of the 8×8 block whose rows are <paramref name="r0"/>..<paramref name="r7"/>: row i of the
    /// result (column i of the block) at <paramref name="d"/> + i·<paramref name="ldd"/>.
    /// </summary>
    [MethodImpl(Inline.Short)]
    public static unsafe void TransposeStore(Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
        Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7, float* d, nint ldd)
        => Transpose<StoreRow>(r0, r1, r2, r3, r4, r5, r6, r7, d, ldd, 8);

    /// <summary>
    /// Adds row i of the transpose of the 8×8 block <paramref name="r0"/>..<paramref name="r7"/> (column i of the block)
    /// to the eight floats at <paramref name="d"/> + i·<paramref name="ldd"/>, for i &lt; <paramref name="rows"/>,
    /// without a trip through memory.
    /// </summary>
    [MethodImpl(Inline.Short)]
    public static unsafe void TransposeAdd(Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
        Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7, float* d, nint ldd, int rows)
        => Transpose<AddRow>(r0, r1, r2, r3, r4, r5, r6, r7, d, ldd, rows);

    /// <summary>
    /// The transpose's rows i &lt; <paramref name="rows"/> into <typeparamref name="TRow"/>. Unpacks pairs of rows,
    /// shuffles pairs of pairs, then swaps 128-bit halves (the usual AVX 8×8 transpose).
    /// </summary>
    [MethodImpl(Inline.Short)]
    private static unsafe void Transpose<TRow>(Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
        Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7, float* d, nint ldd, int rows)
        where TRow : struct, ITransposedRow
    {
        if (!Avx.IsSupported)
        {
            for (int i = 0; i < rows; i++)
            {
                TRow.Put(d + (i * ldd), Vector256.Create(r0[i], r1[i], r2[i], r3[i], r4[i], r5[i], r6[i], r7[i]));
            }

            return;
        }

        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        PutIf<TRow>(d, ldd, 0, rows, Avx.Permute2x128(u0, u4, 0x20));
        PutIf<TRow>(d, ldd, 1, rows, Avx.Permute2x128(u1, u5, 0x20));
        PutIf<TRow>(d, ldd, 2, rows, Avx.Permute2x128(u2, u6, 0x20));
        PutIf<TRow>(d, ldd, 3, rows, Avx.Permute2x128(u3, u7, 0x20));
        PutIf<TRow>(d, ldd, 4, rows, Avx.Permute2x128(u0, u4, 0x31));
        PutIf<TRow>(d, ldd, 5, rows, Avx.Permute2x128(u1, u5, 0x31));
        PutIf<TRow>(d, ldd, 6, rows, Avx.Permute2x128(u2, u6, 0x31));
        PutIf<TRow>(d, ldd, 7, rows, Avx.Permute2x128(u3, u7, 0x31));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PutIf<TRow>(float* d, nint ldd, int i, int rows, Vector256<float> row)
        where TRow : struct, ITransposedRow
    {
        if (i < rows)
        {
            TRow.Put(d + (i * ldd), row);
        }
    }

    /// <summary>What <see cref="Transpose"/> does with each row of the transpose.</summary>
    private unsafe interface ITransposedRow
    {
        static abstract void Put(float* d, Vector256<float> row);
    }

    private readonly unsafe struct StoreRow : ITransposedRow
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Put(float* d, Vector256<float> row) => row.Store(d);
    }

    private readonly unsafe struct AddRow : ITransposedRow
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Put(float* d, Vector256<float> row) => (Vector256.Load(d) + row).Store(d);
    }
}
