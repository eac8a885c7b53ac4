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
    private const uint ShiftedZeros = 0x80808080;

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
    public static void Scores(float* q, nint ldq, int rows, int headDim, in Int8Keys keys, int h, float* scores, nint ldc)
    {
        int groups = keys.Groups, tiles = (rows + Int8Gemm.Mr - 1) / Int8Gemm.Mr;
        float* scratch = GemmScratch.Get((tiles * groups * Int8Gemm.Mr) + (tiles * Int8Gemm.Mr) + groups);
        uint* packed = (uint*)scratch, row = packed + (tiles * groups * Int8Gemm.Mr);
        float* rowScales = (float*)(row + groups);
        for (int i = 0; i < tiles * Int8Gemm.Mr; i++)
        {
            if (i < rows)
            {
                rowScales[i] = Int8QuantizeRows.Quantize(q + (i * ldq), headDim, (byte*)row);
            }
            else
            {
                new Span<uint>(row, groups).Fill(ShiftedZeros);
            }

            Spread(row, groups, packed + (i / Int8Gemm.Mr * groups * Int8Gemm.Mr) + (i % Int8Gemm.Mr));
        }

        int* tile = stackalloc int[(Int8Gemm.Mr * Int8Gemm.Nr) + 8];
        tile = (int*)(((nint)tile + 31) & ~(nint)31);
        float* keyScales = keys.Scales(h);
        int* offsets = keys.Offsets(h);
        for (int t = 0; t < tiles; t++)
        {
            int i0 = t * Int8Gemm.Mr, valid = Math.Min(Int8Gemm.Mr, rows - i0);
            for (int p = 0; p < keys.Panels; p++)
            {
                Int8MicroKernel.Run((byte*)(packed + (t * groups * Int8Gemm.Mr)), keys.Panel(h, p), groups, tile);
                int j0 = p * Int8Gemm.Nr;
                for (int r = 0; r < valid; r++)
                {
                    float* c = scores + ((i0 + r) * ldc) + j0;
                    for (int v = 0; v < Int8Gemm.Nr; v += 8)
                    {
                        (Vector256.ConvertToSingle(Vector256.Load(tile + (r * Int8Gemm.Nr) + v) - Vector256.Load(offsets + j0 + v))
                            * (Vector256.Load(keyScales + j0 + v) * rowScales[i0 + r])).Store(c + v);
                    }
                }
            }
        }
    }

    /// <summary>
    /// output[r, c] = Σ_j p[r, j] · v[j, c] with p = softmax(scale · scores[r]) over all <paramref name="tk"/> keys, for
    /// r &lt; rows and the d channels of head <paramref name="h"/>. The probabilities go straight from the exponent to
    /// unsigned bytes (<see cref="QuantizeSoftmax"/>) without an f32 pass; the values per channel (<see cref="Int8Values"/>).
    /// </summary>
    /// <param name="scores">[rows, tk] raw scores q·k, rows <paramref name="lds"/> apart.</param>
    /// <param name="output">[rows, d], rows <paramref name="ldo"/> apart.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SoftmaxValues(float* scores, nint lds, int rows, int tk, float scale, in Int8Values values, int h, int headDim, float* output, nint ldo)
    {
        int groups = values.Groups, tiles = (rows + Int8Gemm.Mr - 1) / Int8Gemm.Mr;
        float* scratch = GemmScratch.Get((tiles * groups * Int8Gemm.Mr) + (tiles * Int8Gemm.Mr) + groups);
        uint* packed = (uint*)scratch, row = packed + (tiles * groups * Int8Gemm.Mr);
        float* rowScales = (float*)(row + groups);
        for (int i = 0; i < tiles * Int8Gemm.Mr; i++)
        {
            if (i < rows)
            {
                rowScales[i] = QuantizeSoftmax(scores + (i * lds), tk, scale, (byte*)row);
            }
            else
            {
                new Span<uint>(row, groups).Clear();
            }

            Spread(row, groups, packed + (i / Int8Gemm.Mr * groups * Int8Gemm.Mr) + (i % Int8Gemm.Mr));
        }

        int* tile = stackalloc int[(Int8Gemm.Mr * Int8Gemm.Nr) + 8];
        tile = (int*)(((nint)tile + 31) & ~(nint)31);
        float* scales = values.Scales(h);
        for (int t = 0; t < tiles; t++)
        {
            int i0 = t * Int8Gemm.Mr, valid = Math.Min(Int8Gemm.Mr, rows - i0);
            for (int q = 0; q < values.Panels; q++)
            {
                Int8MicroKernel.Run((byte*)(packed + (t * groups * Int8Gemm.Mr)), values.Panel(h, q), groups, tile);
                int c0 = q * Int8Gemm.Nr, channels = Math.Min(Int8Gemm.Nr, headDim - c0);
                for (int r = 0; r < valid; r++)
                {
                    float* o = output + ((i0 + r) * ldo) + c0;
                    int* sums = tile + (r * Int8Gemm.Nr);
                    float s = rowScales[i0 + r];
                    if (channels == Int8Gemm.Nr)
                    {
                        for (int v = 0; v < Int8Gemm.Nr; v += 8)
                        {
                            (Vector256.ConvertToSingle(Vector256.Load(sums + v)) * (Vector256.Load(scales + c0 + v) * s)).Store(o + v);
                        }
                    }
                    else
                    {
                        for (int c = 0; c < channels; c++)
                        {
                            o[c] = sums[c] * (scales[c0 + c] * s);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Quantises softmax(scale · s) of one row to bytes: e = exp(scale · (s − max s)) lies in (0, 1] with 1 at the
    /// maximum, so q = round(255 e) is the probability on the row's own scale (padded with zeros to whole groups).
    /// Returns 1 / Σ q, which both normalises and renormalises: a peaky row's small entries round to zero, and dividing by
    /// what is left keeps the output a weighted mean of the values instead of shrinking it. 255 e is taken as 2^t with
    /// t = log2 255 + log2 e · scale · (s − max) and a cubic for 2^frac(t) (relative error 1.5e-4, a tenth of the byte's
    /// half step at 255): the f32 softmax's 1-ulp exponent would cost twice as much for digits the byte drops.
    /// </summary>
    internal static float QuantizeSoftmax(float* s, int k, float scale, byte* q)
    {
        float max = Max(s, k), slope = scale * Log2E, intercept = Log2Of255 - (max * slope);
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

    /// <summary>The largest of <paramref name="k"/> finite values (scores; no NaN handling needed).</summary>
    private static float Max(float* s, int k)
    {
        float max = float.NegativeInfinity;
        int i = 0;
        if (k >= 32)
        {
            Vector256<float> m0 = Vector256.Load(s), m1 = Vector256.Load(s + 8), m2 = Vector256.Load(s + 16), m3 = Vector256.Load(s + 24);
            for (i = 32; i <= k - 32; i += 32)
            {
                m0 = Vector256.MaxNative(m0, Vector256.Load(s + i));
                m1 = Vector256.MaxNative(m1, Vector256.Load(s + i + 8));
                m2 = Vector256.MaxNative(m2, Vector256.Load(s + i + 16));
                m3 = Vector256.MaxNative(m3, Vector256.Load(s + i + 24));
            }

            max = HorizontalMax(Vector256.MaxNative(Vector256.MaxNative(m0, m1), Vector256.MaxNative(m2, m3)));
        }

        for (; i < k; i++)
        {
            max = Math.Max(max, s[i]);
        }

        return max;
    }

    /// <summary>The largest lane, by halving shuffles (the lane-by-lane loop cost as much as a 64-value row's max).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float HorizontalMax(Vector256<float> m)
    {
        Vector128<float> h = Vector128.MaxNative(m.GetLower(), m.GetUpper());
        h = Vector128.MaxNative(h, Vector128.Shuffle(h, Vector128.Create(2, 3, 0, 1)));
        return Math.Max(h.ToScalar(), h.GetElement(1));
    }

    /// <summary>Writes a row's groups of four bytes to its lane of a packed tile (Mr lanes per group).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Spread(uint* row, int groups, uint* lane)
    {
        for (int g = 0; g < groups; g++)
        {
            lane[g * Int8Gemm.Mr] = row[g];
        }
    }
}
