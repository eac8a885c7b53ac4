using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Warble.Tensors.Gemm.Int8;

/// <summary>
/// The encoder's per-head attention products in int8 with int32 sums, on <see cref="Int8MicroKernel"/>'s register tile:
/// the scores Q·Kᵀ (queries per row as the shifted unsigned operand, keys per row as the signed one,
/// <see cref="Int8Keys"/>) and the weighted values P·V (probabilities per row as unsigned bytes straight from the
/// softmax's exponent, values per channel, <see cref="Int8Values"/>). Each call quantises its block of rows into this
/// thread's scratch (<see cref="GemmScratch.Get"/>) and writes f32.
/// </summary>
internal static unsafe class Int8Attention
{
    private const float Log2E = 1.44269504f;

    private const float Log2Of255 = 7.99435344f;

    /// <summary>A cubic for 2^f on [0, 1) (relative error 1.5e-4): 1 + f (C1 + f (C2 + f C3)).</summary>
    private const float C1 = 0.6960656421638072f, C2 = 0.224494337302845f, C3 = 0.07944023841053369f;

    /// <summary>
    /// scores[r, j] = s_q[r] · s_k[j] · (Σ_d (q[r, d] + 128) · k[j, d] − 128 Σ_d k[j, d]) for r &lt; rows and every key of
    /// head <paramref name="h"/>'s panels (keys past T_k get 0, so <paramref name="ldc"/> must cover whole panels).
    /// </summary>
    /// <param name="q">The block's first query of head h; rows <paramref name="ldq"/> apart, d = keys.Groups · 4 or less.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scores(float* q, nint ldq, int rows, int headDim, int tk, in Int8Keys keys, int h, float* scores, nint ldc)
    {
        var tile = new Int8AttentionTile(keys.Groups, 0, 0, 0);
        for (int i0 = 0; i0 < rows; i0 += Int8Gemm.Mr)
        {
            int valid = Math.Min(Int8Gemm.Mr, rows - i0);
            tile.QuantizeQueries(q + (i0 * ldq), ldq, valid, headDim);
            tile.Scores(valid, tk, keys, h, scores + (i0 * ldc), ldc);
        }
    }

    /// <summary>
    /// output[r, c] = Σ_j p[r, j] · v[j, c] with p = softmax(scale · q[r] · Kᵀ) over all <paramref name="tk"/> keys, for
    /// r &lt; rows and the d channels of head <paramref name="h"/>, six queries at a time: their scores (<see cref="Scores"/>)
    /// stay in this thread's scratch with their maxima found on the way, the probabilities go straight from the exponent to
    /// unsigned bytes (<see cref="QuantizeSoftmax"/>) without an f32 pass, and the values are per channel
    /// (<see cref="Int8Values"/>).
    /// </summary>
    /// <param name="q">The block's first query of head h; rows <paramref name="ldq"/> apart.</param>
    /// <param name="output">[rows, d], rows <paramref name="ldo"/> apart.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Attend(float* q, nint ldq, int rows, int headDim, int tk, float scale, in Int8Keys keys, in Int8Values values, int h,
        float* output, nint ldo)
    {
        var tile = new Int8AttentionTile(keys.Groups, keys.Panels * Int8Gemm.Nr, values.Groups, 0);
        for (int i0 = 0; i0 < rows; i0 += Int8Gemm.Mr)
        {
            int valid = Math.Min(Int8Gemm.Mr, rows - i0);
            tile.QuantizeQueries(q + (i0 * ldq), ldq, valid, headDim);
            tile.Scores(valid, tk, keys, h, tile.TileScores, tile.Lds);
            tile.WeightedValues(valid, tk, scale, values, h, headDim, output + (i0 * ldo), ldo);
        }
    }

    /// <summary>
    /// As <see cref="Attend"/> for Transformer-XL relative-position attention (NeMo <c>RelPositionMultiHeadAttention</c>)
    /// over all <paramref name="n"/> queries and keys of head <paramref name="h"/>: the scores are (q + u)·kᵀ plus
    /// (q + v)·pᵀ read along NeMo's rel_shift, query i and key j taking position row n − 1 − i + j of the 2n − 1 in
    /// <paramref name="positions"/>, so each tile multiplies only the position panels its band touches.
    /// </summary>
    /// <param name="qu">q + u, [n, d] rows <paramref name="ldq"/> apart, as is <paramref name="qv"/> (q + v).</param>
    /// <param name="output">[n, d], rows <paramref name="ldo"/> apart.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AttendRelPosition(float* qu, float* qv, nint ldq, int n, int headDim, float scale, in Int8Keys keys,
        in Int8Keys positions, in Int8Values values, int h, float* output, nint ldo)
    {
        var tile = new Int8AttentionTile(keys.Groups, keys.Panels * Int8Gemm.Nr, values.Groups, Int8AttentionTile.BandLds(n));
        for (int i0 = 0; i0 < n; i0 += Int8Gemm.Mr)
        {
            int valid = Math.Min(Int8Gemm.Mr, n - i0);
            tile.QuantizeQueries(qu + (i0 * ldq), ldq, valid, headDim);
            tile.Scores(valid, n, keys, h, tile.TileScores, tile.Lds);
            tile.QuantizeQueries(qv + (i0 * ldq), ldq, valid, headDim);
            tile.AddShiftedPositionScores(valid, n, positions, h, n - 1 - i0);
            tile.WeightedValues(valid, n, scale, values, h, headDim, output + (i0 * ldo), ldo);
        }
    }

    /// <summary>
    /// Quantises softmax(scale · s) of one row, whose largest score is <paramref name="max"/>, to bytes: e = exp(scale · (s − max)) lies in (0, 1] with 1 at the
    /// maximum, so q = round(255 e) is the probability on the row's own scale (padded with zeros to whole groups).
    /// Returns 1 / Σ q, which both normalises and renormalises: a peaky row's small entries round to zero, and dividing by
    /// what is left keeps the output a weighted mean of the values instead of shrinking it. 255 e is taken as 2^t with
    /// t = log2 255 + log2 e · scale · (s − max) and a cubic for 2^frac(t) (relative error 1.5e-4, a tenth of the byte's
    /// half step at 255): the f32 softmax's 1-ulp exponent would cost twice as much for digits the byte drops.
    /// </summary>
    internal static float QuantizeSoftmax(float* s, int k, float max, float scale, byte* q)
    {
        float slope = scale * Log2E, intercept = Log2Of255 - (max * slope);
        int i = 0, sum = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var a = Vector512.Create(slope);
            var b = Vector512.Create(intercept);
            Vector512<int> total = Vector512<int>.Zero;
            for (; i <= k - 64; i += 64)
            {
                Vector512<int> q0 = Pow2Byte(Vector512.FusedMultiplyAdd(Vector512.Load(s + i), a, b));
                Vector512<int> q1 = Pow2Byte(Vector512.FusedMultiplyAdd(Vector512.Load(s + i + 16), a, b));
                Vector512<int> q2 = Pow2Byte(Vector512.FusedMultiplyAdd(Vector512.Load(s + i + 32), a, b));
                Vector512<int> q3 = Pow2Byte(Vector512.FusedMultiplyAdd(Vector512.Load(s + i + 48), a, b));
                total += (q0 + q1) + (q2 + q3);
                Vector512.Narrow(Vector512.Narrow(q0, q1), Vector512.Narrow(q2, q3)).AsByte().Store(q + i);
            }

            sum = Vector512.Sum(total);
        }
        else
        {
            var a = Vector256.Create(slope);
            var b = Vector256.Create(intercept);
            Vector256<int> total = Vector256<int>.Zero;
            for (; i <= k - 32; i += 32)
            {
                Vector256<int> q0 = Pow2Byte(Vector256.FusedMultiplyAdd(Vector256.Load(s + i), a, b));
                Vector256<int> q1 = Pow2Byte(Vector256.FusedMultiplyAdd(Vector256.Load(s + i + 8), a, b));
                Vector256<int> q2 = Pow2Byte(Vector256.FusedMultiplyAdd(Vector256.Load(s + i + 16), a, b));
                Vector256<int> q3 = Pow2Byte(Vector256.FusedMultiplyAdd(Vector256.Load(s + i + 24), a, b));
                total += (q0 + q1) + (q2 + q3);
                Vector256.Narrow(Vector256.Narrow(q0, q1), Vector256.Narrow(q2, q3)).AsByte().Store(q + i);
            }

            sum = Vector256.Sum(total);
        }

        for (; i < k; i++)
        {
            int v = (int)((MathF.Exp((s[i] - max) * scale) * 255f) + 0.5f);
            sum += v;
            q[i] = (byte)v;
        }

        for (; (i & 3) != 0; i++)
        {
            q[i] = 0;
        }

        return 1f / sum;
    }

    /// <summary>
    /// round(2^t) for t ≤ log2 255 (below −30 the byte is 0 anyway; the clamp keeps the exponent bits valid), halves up,
    /// by the native conversion, which needs no saturation fix-up in [0, 255.5].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Pow2Byte(Vector512<float> t)
    {
        t = Vector512.MaxNative(t, Vector512.Create(-30f));
        Vector512<float> n = Vector512.Floor(t), f = t - n;
        Vector512<float> p = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.Create(C3), f,
            Vector512.Create(C2)), f, Vector512.Create(C1)), f, Vector512<float>.One);
        Vector512<float> power = ((Vector512.ConvertToInt32Native(n) + Vector512.Create(127)) << 23).AsSingle();
        return Vector512.ConvertToInt32Native(Vector512.FusedMultiplyAdd(p, power, Vector512.Create(0.5f)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Pow2Byte(Vector256<float> t)
    {
        t = Vector256.MaxNative(t, Vector256.Create(-30f));
        Vector256<float> n = Vector256.Floor(t), f = t - n;
        Vector256<float> p = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.Create(C3), f,
            Vector256.Create(C2)), f, Vector256.Create(C1)), f, Vector256<float>.One);
        Vector256<float> power = ((Vector256.ConvertToInt32Native(n) + Vector256.Create(127)) << 23).AsSingle();
        return Vector256.ConvertToInt32Native(Vector256.FusedMultiplyAdd(p, power, Vector256.Create(0.5f)));
    }

    /// <summary>The largest lane, by halving shuffles (the lane-by-lane loop cost as much as a 64-value row's max).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float HorizontalMax(Vector256<float> m)
    {
        Vector128<float> h = Vector128.MaxNative(m.GetLower(), m.GetUpper());
        h = Vector128.MaxNative(h, Vector128.Shuffle(h, Vector128.Create(2, 3, 0, 1)));
        return Math.Max(h.ToScalar(), h.GetElement(1));
    }
}
