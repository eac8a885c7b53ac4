using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Simd;
using Warble.Tensors.Simd.Operators;

namespace Warble.Tensors.Kernels;

/// <summary>
/// The decode-time halves of attention for one query of one head, straight over the cached rows (no packing): the
/// scaled scores q·k_j and the probability-weighted sum of value rows, as whisper.cpp's per-head
/// <c>ggml_vec_dot</c> / <c>ggml_vec_mad</c> loops in its flash-attention path.
/// </summary>
internal static class AttentionRows
{
    /// <summary>
    /// How far ahead, in bytes, the row loops prefetch keys and values. A window's audio keys and values come from
    /// memory on every token (18.4 MB for Whisper tiny); with the hardware prefetcher alone, tiny's whole decode step
    /// took 4-5 % longer on the Vector512 path (2-8 KB ahead measured alike;
    /// bench/results/xeon-avx512-2core/2026-11-23-avx2-decode-q8-beams-attention-prefetch.md).
    /// </summary>
    private const int PrefetchBytes = 4096;

    /// <summary>Prefetches the <paramref name="bytes"/> that start <see cref="PrefetchBytes"/> past <paramref name="row"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchAhead(ref float row, int bytes, bool prefetch)
    {
        if (prefetch && PrefetchOps.IsSupported)
        {
            // A prefetch never faults, so reading past the cache's end, or at an address a collection moved, is harmless.
            byte* at = (byte*)Unsafe.AsPointer(ref row) + PrefetchBytes;
            for (int b = 0; b < bytes; b += 64)
            {
                PrefetchOps.Line(at + b);
            }
        }
    }

    /// <summary>
    /// scores[j] = scale · (q · keys[j]) for the first scores.Length rows of <paramref name="keys"/> ([*, d]); with
    /// <paramref name="prefetch"/>, the rows ahead are prefetched (off where they are already in L1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scores(ReadOnlySpan<float> q, ReadOnlySpan<float> keys, float scale, Span<float> scores, bool prefetch = true)
    {
        int d = q.Length, n = scores.Length;
        ThrowHelper.CheckLength(keys.Length, (long)n * d, nameof(keys));
        if (!Vector256.IsHardwareAccelerated || d % Vector256<float>.Count != 0)
        {
            ScoresReference(q, keys, scale, scores);
            return;
        }

        ref float qs = ref MemoryMarshal.GetReference(q);
        ref float ks = ref MemoryMarshal.GetReference(keys);
        if (SimdCapabilities.Vector512Fast && d % Vector512<float>.Count == 0)
        {
            Scores<Width512, Vector512<float>>(ref qs, ref ks, d, scale, scores, prefetch);
        }
        else
        {
            Scores<Width256, Vector256<float>>(ref qs, ref ks, d, scale, scores, prefetch);
        }
    }

    /// <summary>
    /// output = Σ_j p[j] · values[j] over the first p.Length rows of <paramref name="values"/> ([*, d], d = output.Length);
    /// with <paramref name="accumulate"/>, output += that sum, continuing the same chains of multiply-adds, so a sum
    /// taken over consecutive pieces of the rows equals the sum in one call bit for bit. <paramref name="prefetch"/> as in
    /// <see cref="Scores"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WeightedSum(ReadOnlySpan<float> p, ReadOnlySpan<float> values, Span<float> output, bool accumulate = false, bool prefetch = true)
    {
        int d = output.Length, n = p.Length;
        ThrowHelper.CheckLength(values.Length, (long)n * d, nameof(values));
        if (!Vector256.IsHardwareAccelerated || d % Vector256<float>.Count != 0)
        {
            WeightedSumReference(p, values, output, accumulate);
            return;
        }

        ref float vs = ref MemoryMarshal.GetReference(values);
        ref float os = ref MemoryMarshal.GetReference(output);
        if (SimdCapabilities.Vector512Fast && d % Vector512<float>.Count == 0)
        {
            WeightedSum<Width512, Vector512<float>>(p, ref vs, d, ref os, accumulate, prefetch);
        }
        else
        {
            WeightedSum<Width256, Vector256<float>>(p, ref vs, d, ref os, accumulate, prefetch);
        }
    }

    /// <summary>
    /// In place, row = softmax(scale · row), as <see cref="Kernels.Softmax"/> but with the scale folded into the
    /// exponent (scale &gt; 0, so the maximum is found before scaling) and a Cephes-style polynomial exp
    /// (ggml's <c>ggml_v_expf</c> role; about 1 ulp) instead of the slower correctly-rounded Vector256.Exp.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Softmax(Span<float> row, float scale)
    {
        if (!Vector256.IsHardwareAccelerated || row.Length < Vector256<float>.Count)
        {
            SoftmaxReference(row, scale);
            return;
        }

        float max = TensorPrimitives.Max(row);
        ref float xs = ref MemoryMarshal.GetReference(row);
        int n = row.Length, j = 0;

        // 512-bit where the CPU has it: the GEMM already runs 512-bit here, so the wider exp costs no extra clock penalty.
        float total = SimdCapabilities.HasAvx512 ? ExpInPlace<Width512, Vector512<float>>(ref xs, ref j, n, scale, -max * scale) : 0;
        total += ExpInPlace<Width256, Vector256<float>>(ref xs, ref j, n, scale, -max * scale);
        for (; j < n; j++)
        {
            row[j] = MathF.Exp((row[j] * scale) - (max * scale));
            total += row[j];
        }

        TensorPrimitives.Multiply(row, 1f / total, row);
    }

    /// <summary>Scalar definition of <see cref="Softmax"/>.</summary>
    internal static void SoftmaxReference(Span<float> row, float scale)
    {
        float max = float.NegativeInfinity;
        foreach (float v in row)
        {
            max = MathF.Max(max, v);
        }

        double sum = 0;
        for (int j = 0; j < row.Length; j++)
        {
            row[j] = MathF.Exp((row[j] - max) * scale);
            sum += row[j];
        }

        for (int j = 0; j < row.Length; j++)
        {
            row[j] = (float)(row[j] / sum);
        }
    }

    /// <summary>Scalar definition of <see cref="Scores"/>.</summary>
    internal static void ScoresReference(ReadOnlySpan<float> q, ReadOnlySpan<float> keys, float scale, Span<float> scores)
    {
        int d = q.Length;
        for (int j = 0; j < scores.Length; j++)
        {
            float dot = 0;
            for (int p = 0; p < d; p++)
            {
                dot += q[p] * keys[(j * d) + p];
            }

            scores[j] = dot * scale;
        }
    }

    /// <summary>Scalar definition of <see cref="WeightedSum"/>.</summary>
    internal static void WeightedSumReference(ReadOnlySpan<float> p, ReadOnlySpan<float> values, Span<float> output, bool accumulate = false)
    {
        int d = output.Length;
        if (!accumulate)
        {
            output.Clear();
        }

        for (int j = 0; j < p.Length; j++)
        {
            for (int c = 0; c < d; c++)
            {
                output[c] += p[j] * values[(j * d) + c];
            }
        }
    }

    /// <summary>
    /// <see cref="Scores"/> in whole vectors of d: four keys at once, four independent FMA chains instead of one
    /// latency-bound chain, reduced together by <see cref="IVectorWidth{TVector}.LaneSum4"/> (at 512 bits, the shuffle
    /// trees of four separate sums were most of the loop's instructions).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scores<TWidth, TVector>(ref float qs, ref float ks, int d, float scale, Span<float> scores, bool prefetch)
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
    {
        int n = scores.Length, j = 0;
        for (; j <= n - 4; j += 4)
        {
            TVector s0 = default, s1 = default, s2 = default, s3 = default;
            nuint k0 = (nuint)(j * d), k1 = k0 + (nuint)d, k2 = k1 + (nuint)d, k3 = k2 + (nuint)d;
            PrefetchAhead(ref Unsafe.Add(ref ks, k0), 4 * d * sizeof(float), prefetch);
            for (nuint p = 0; p < (nuint)d; p += (nuint)TWidth.Count)
            {
                TVector qv = TWidth.Load(ref qs, p);
                s0 = TWidth.FusedMultiplyAdd(qv, TWidth.Load(ref ks, k0 + p), s0);
                s1 = TWidth.FusedMultiplyAdd(qv, TWidth.Load(ref ks, k1 + p), s1);
                s2 = TWidth.FusedMultiplyAdd(qv, TWidth.Load(ref ks, k2 + p), s2);
                s3 = TWidth.FusedMultiplyAdd(qv, TWidth.Load(ref ks, k3 + p), s3);
            }

            (TWidth.LaneSum4(s0, s1, s2, s3) * scale).StoreUnsafe(ref MemoryMarshal.GetReference(scores), (nuint)j);
        }

        for (; j < n; j++)
        {
            TVector s = default;
            for (nuint p = 0; p < (nuint)d; p += (nuint)TWidth.Count)
            {
                s = TWidth.FusedMultiplyAdd(TWidth.Load(ref qs, p), TWidth.Load(ref ks, (nuint)(j * d) + p), s);
            }

            scores[j] = TWidth.LaneSum(s) * scale;
        }
    }

    /// <summary>
    /// <see cref="WeightedSum"/> in whole vectors of d. 64 output columns (a whole Whisper head) stay in registers
    /// across the pass, eight 256-bit or four 512-bit ones, so each value row is read once per 64 columns.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WeightedSum<TWidth, TVector>(ReadOnlySpan<float> p, ref float vs, int d, ref float os, bool accumulate, bool prefetch)
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
    {
        const int Block = 64;
        int n = p.Length, c = 0;
        for (; c <= d - Block; c += Block)
        {
            // o4..o7 only where the width needs eight registers; the JIT drops them, and their tests, at 512 bits.
            TVector o0 = default, o1 = default, o2 = default, o3 = default;
            TVector o4 = default, o5 = default, o6 = default, o7 = default;
            if (accumulate)
            {
                o0 = TWidth.Load(ref os, (nuint)c);
                o1 = TWidth.Load(ref os, (nuint)(c + TWidth.Count));
                o2 = TWidth.Load(ref os, (nuint)(c + (2 * TWidth.Count)));
                o3 = TWidth.Load(ref os, (nuint)(c + (3 * TWidth.Count)));
                if (Block > 4 * TWidth.Count)
                {
                    o4 = TWidth.Load(ref os, (nuint)(c + (4 * TWidth.Count)));
                    o5 = TWidth.Load(ref os, (nuint)(c + (5 * TWidth.Count)));
                    o6 = TWidth.Load(ref os, (nuint)(c + (6 * TWidth.Count)));
                    o7 = TWidth.Load(ref os, (nuint)(c + (7 * TWidth.Count)));
                }
            }

            for (int j = 0; j < n; j++)
            {
                TVector pj = TWidth.Create(p[j]);
                ref float row = ref Unsafe.Add(ref vs, (j * d) + c);
                PrefetchAhead(ref row, Block * sizeof(float), prefetch);
                o0 = TWidth.FusedMultiplyAdd(pj, TWidth.Load(ref row, 0), o0);
                o1 = TWidth.FusedMultiplyAdd(pj, TWidth.Load(ref row, (nuint)TWidth.Count), o1);
                o2 = TWidth.FusedMultiplyAdd(pj, TWidth.Load(ref row, (nuint)(2 * TWidth.Count)), o2);
                o3 = TWidth.FusedMultiplyAdd(pj, TWidth.Load(ref row, (nuint)(3 * TWidth.Count)), o3);
                if (Block > 4 * TWidth.Count)
                {
                    o4 = TWidth.FusedMultiplyAdd(pj, TWidth.Load(ref row, (nuint)(4 * TWidth.Count)), o4);
                    o5 = TWidth.FusedMultiplyAdd(pj, TWidth.Load(ref row, (nuint)(5 * TWidth.Count)), o5);
                    o6 = TWidth.FusedMultiplyAdd(pj, TWidth.Load(ref row, (nuint)(6 * TWidth.Count)), o6);
                    o7 = TWidth.FusedMultiplyAdd(pj, TWidth.Load(ref row, (nuint)(7 * TWidth.Count)), o7);
                }
            }

            TWidth.Store(o0, ref os, (nuint)c);
            TWidth.Store(o1, ref os, (nuint)(c + TWidth.Count));
            TWidth.Store(o2, ref os, (nuint)(c + (2 * TWidth.Count)));
            TWidth.Store(o3, ref os, (nuint)(c + (3 * TWidth.Count)));
            if (Block > 4 * TWidth.Count)
            {
                TWidth.Store(o4, ref os, (nuint)(c + (4 * TWidth.Count)));
                TWidth.Store(o5, ref os, (nuint)(c + (5 * TWidth.Count)));
                TWidth.Store(o6, ref os, (nuint)(c + (6 * TWidth.Count)));
                TWidth.Store(o7, ref os, (nuint)(c + (7 * TWidth.Count)));
            }
        }

        for (; c < d; c += TWidth.Count)
        {
            TVector o = accumulate ? TWidth.Load(ref os, (nuint)c) : default;
            for (int j = 0; j < n; j++)
            {
                o = TWidth.FusedMultiplyAdd(TWidth.Create(p[j]), TWidth.Load(ref vs, (nuint)((j * d) + c)), o);
            }

            TWidth.Store(o, ref os, (nuint)c);
        }
    }

    /// <summary>
    /// x = e^(scale · x + offset) in place, in whole vectors from <paramref name="j"/> on (advanced past them); returns
    /// the sum of the new values.
    /// </summary>
    [MethodImpl(Inline.Short)]
    private static float ExpInPlace<TWidth, TVector>(ref float xs, ref int j, int n, float scale, float offset)
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
    {
        TVector scaleV = TWidth.Create(scale), offsetV = TWidth.Create(offset), sum = default;
        for (; j <= n - TWidth.Count; j += TWidth.Count)
        {
            TVector e = TWidth.Invoke<FastExpOperator>(TWidth.FusedMultiplyAdd(TWidth.Load(ref xs, (nuint)j), scaleV, offsetV));
            TWidth.Store(e, ref xs, (nuint)j);
            sum = TWidth.Add(sum, e);
        }

        return TWidth.LaneSum(sum);
    }
}
