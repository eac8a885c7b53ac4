using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Kernels;

/// <summary>
/// The decode-time halves of attention for one query of one head, straight over the cached rows (no packing): the
/// scaled scores q·k_j and the probability-weighted sum of value rows, as whisper.cpp's per-head
/// <c>ggml_vec_dot</c> / <c>ggml_vec_mad</c> loops in its flash-attention path.
/// </summary>
internal static partial class AttentionRows
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
            Scores512(ref qs, ref ks, d, scale, scores, prefetch);
            return;
        }

        int j = 0;
        for (; j <= n - 4; j += 4)
        {
            // Four keys at once: four independent FMA chains instead of one latency-bound chain.
            Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
            nuint k0 = (nuint)(j * d), k1 = k0 + (nuint)d, k2 = k1 + (nuint)d, k3 = k2 + (nuint)d;
            PrefetchAhead(ref Unsafe.Add(ref ks, k0), 4 * d * sizeof(float), prefetch);
            for (nuint p = 0; p < (nuint)d; p += (nuint)Vector256<float>.Count)
            {
                Vector256<float> qv = Vector256.LoadUnsafe(ref qs, p);
                s0 = Vector256.FusedMultiplyAdd(qv, Vector256.LoadUnsafe(ref ks, k0 + p), s0);
                s1 = Vector256.FusedMultiplyAdd(qv, Vector256.LoadUnsafe(ref ks, k1 + p), s1);
                s2 = Vector256.FusedMultiplyAdd(qv, Vector256.LoadUnsafe(ref ks, k2 + p), s2);
                s3 = Vector256.FusedMultiplyAdd(qv, Vector256.LoadUnsafe(ref ks, k3 + p), s3);
            }

            scores[j] = Vector256.Sum(s0) * scale;
            scores[j + 1] = Vector256.Sum(s1) * scale;
            scores[j + 2] = Vector256.Sum(s2) * scale;
            scores[j + 3] = Vector256.Sum(s3) * scale;
        }

        for (; j < n; j++)
        {
            scores[j] = Dot256(ref qs, ref Unsafe.Add(ref ks, j * d), d) * scale;
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
        int width = Vector256<float>.Count;
        if (!Vector256.IsHardwareAccelerated || d % width != 0)
        {
            WeightedSumReference(p, values, output, accumulate);
            return;
        }

        ref float vs = ref MemoryMarshal.GetReference(values);
        ref float os = ref MemoryMarshal.GetReference(output);
        if (SimdCapabilities.Vector512Fast && d % Vector512<float>.Count == 0)
        {
            WeightedSum512(p, ref vs, d, ref os, accumulate, prefetch);
            return;
        }

        int c = 0;
        for (; c <= d - (8 * width); c += 8 * width)
        {
            // 64 output columns (a whole Whisper head) in eight registers across the pass, so each value row is read
            // once per 64 columns.
            Vector256<float> o0 = default, o1 = default, o2 = default, o3 = default;
            Vector256<float> o4 = default, o5 = default, o6 = default, o7 = default;
            if (accumulate)
            {
                o0 = Vector256.LoadUnsafe(ref os, (nuint)c);
                o1 = Vector256.LoadUnsafe(ref os, (nuint)(c + width));
                o2 = Vector256.LoadUnsafe(ref os, (nuint)(c + (2 * width)));
                o3 = Vector256.LoadUnsafe(ref os, (nuint)(c + (3 * width)));
                o4 = Vector256.LoadUnsafe(ref os, (nuint)(c + (4 * width)));
                o5 = Vector256.LoadUnsafe(ref os, (nuint)(c + (5 * width)));
                o6 = Vector256.LoadUnsafe(ref os, (nuint)(c + (6 * width)));
                o7 = Vector256.LoadUnsafe(ref os, (nuint)(c + (7 * width)));
            }

            for (int j = 0; j < n; j++)
            {
                var pj = Vector256.Create(p[j]);
                ref float row = ref Unsafe.Add(ref vs, (j * d) + c);
                PrefetchAhead(ref row, 8 * width * sizeof(float), prefetch);
                o0 = Vector256.FusedMultiplyAdd(pj, Vector256.LoadUnsafe(ref row), o0);
                o1 = Vector256.FusedMultiplyAdd(pj, Vector256.LoadUnsafe(ref row, (nuint)width), o1);
                o2 = Vector256.FusedMultiplyAdd(pj, Vector256.LoadUnsafe(ref row, (nuint)(2 * width)), o2);
                o3 = Vector256.FusedMultiplyAdd(pj, Vector256.LoadUnsafe(ref row, (nuint)(3 * width)), o3);
                o4 = Vector256.FusedMultiplyAdd(pj, Vector256.LoadUnsafe(ref row, (nuint)(4 * width)), o4);
                o5 = Vector256.FusedMultiplyAdd(pj, Vector256.LoadUnsafe(ref row, (nuint)(5 * width)), o5);
                o6 = Vector256.FusedMultiplyAdd(pj, Vector256.LoadUnsafe(ref row, (nuint)(6 * width)), o6);
                o7 = Vector256.FusedMultiplyAdd(pj, Vector256.LoadUnsafe(ref row, (nuint)(7 * width)), o7);
            }

            o0.StoreUnsafe(ref os, (nuint)c);
            o1.StoreUnsafe(ref os, (nuint)(c + width));
            o2.StoreUnsafe(ref os, (nuint)(c + (2 * width)));
            o3.StoreUnsafe(ref os, (nuint)(c + (3 * width)));
            o4.StoreUnsafe(ref os, (nuint)(c + (4 * width)));
            o5.StoreUnsafe(ref os, (nuint)(c + (5 * width)));
            o6.StoreUnsafe(ref os, (nuint)(c + (6 * width)));
            o7.StoreUnsafe(ref os, (nuint)(c + (7 * width)));
        }

        for (; c < d; c += width)
        {
            Vector256<float> o = accumulate ? Vector256.LoadUnsafe(ref os, (nuint)c) : default;
            for (int j = 0; j < n; j++)
            {
                o = Vector256.FusedMultiplyAdd(Vector256.Create(p[j]), Vector256.LoadUnsafe(ref vs, (nuint)((j * d) + c)), o);
            }

            o.StoreUnsafe(ref os, (nuint)c);
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
        float total = 0;
        if (SimdCapabilities.HasAvx512)
        {
            // The GEMM already runs 512-bit here, so the wider exp costs no extra clock penalty.
            var scale16 = Vector512.Create(scale);
            var offset16 = Vector512.Create(-max * scale);
            Vector512<float> sum16 = default;
            for (; j <= n - Vector512<float>.Count; j += Vector512<float>.Count)
            {
                Vector512<float> e = FastExp.Exp(Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xs, (nuint)j), scale16, offset16));
                e.StoreUnsafe(ref xs, (nuint)j);
                sum16 += e;
            }

            total = Vector512.Sum(sum16);
        }

        int width = Vector256<float>.Count;
        var scaleV = Vector256.Create(scale);
        var offset = Vector256.Create(-max * scale);
        Vector256<float> sum = default;
        for (; j <= n - width; j += width)
        {
            Vector256<float> e = FastExp.Exp(Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xs, (nuint)j), scaleV, offset));
            e.StoreUnsafe(ref xs, (nuint)j);
            sum += e;
        }

        total += Vector256.Sum(sum);
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

    private static float Dot256(ref float q, ref float k, int d)
    {
        Vector256<float> s = default;
        for (nuint p = 0; p < (nuint)d; p += (nuint)Vector256<float>.Count)
        {
            s = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref q, p), Vector256.LoadUnsafe(ref k, p), s);
        }

        return Vector256.Sum(s);
    }
}
