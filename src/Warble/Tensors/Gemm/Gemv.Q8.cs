using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Quantization;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Gemm;

/// <summary>
/// q8_0 weights: as ggml (q8_0's <c>vec_dot_type</c> is q8_0), the rows of A are quantised to q8_0 once per call and
/// each block's dot product is taken in integers (<c>ggml_vec_dot_q8_0_q8_0</c>), so the weights never widen to floats.
/// That holds up to <see cref="MaxRows"/> rows of A; beam search's five to eight stream the blocks as floats instead
/// (<see cref="RowDecoders.Q8"/>), with A kept in f32 as the packed product keeps it.
/// The result differs from the f32-activation product by the activations' rounding to 8 bits (relative error about
/// 2⁻⁹ per value, averaging out over k); <see cref="MatMul.MultiplyTransposedReference"/> defines it.
/// </summary>
internal static unsafe partial class Gemv
{
    /// <summary>
    /// Quantises A's rows to q8_0 blocks in the caller's shared scratch (<c>quantize_row_q8_0</c>) and keeps their
    /// scales as floats; where no integer kernel runs, A is replaced by the dequantised rows so every path agrees.
    /// </summary>
    private static void QuantizeActivations(ref GemmTask task)
    {
        int blocks = task.K / Q8_0.BlockValues, rowBytes = blocks * Q8_0.BlockBytes;
        int quantFloats = RoundUp16(((task.M * rowBytes) + 3) / 4), scaleFloats = RoundUp16(task.M * blocks);
        bool integer = UsesIntegerDot(task.Path);
        float* scratch = GemmScratch.GetShared(quantFloats + scaleFloats + (task.M * task.K));
        var quants = (byte*)scratch;
        float* scales = scratch + quantFloats;
        for (int r = 0; r < task.M; r++)
        {
            var row = new Span<byte>(quants + (r * rowBytes), rowBytes);
            Q8_0.Quantize(new ReadOnlySpan<float>(task.A + (r * task.Lda), task.K), row);
            for (int b = 0; b < blocks; b++)
            {
                scales[(r * blocks) + b] = HalfConversion.ToSingle(*(ushort*)(quants + (r * rowBytes) + (b * Q8_0.BlockBytes)));
            }

            if (integer)
            {
                WidenQuants(quants + (r * rowBytes), blocks, (short*)(scales + scaleFloats) + (r * task.K));
            }
            else
            {
                Q8_0.Dequantize(row, new Span<float>(scales + scaleFloats + (r * task.K), task.K));
            }
        }

        task.AQ8 = quants;
        task.AScales = scales;
        task.AWide = (short*)(scales + scaleFloats);
        if (!integer)
        {
            task.A = scales + scaleFloats;
            task.Lda = task.K;
        }
    }

    /// <summary>The quants of <paramref name="count"/> q8_0 blocks as shorts, without the scales.</summary>
    private static void WidenQuants(byte* blocks, int count, short* destination)
    {
        for (int b = 0; b < count; b++)
        {
            var q = (sbyte*)(blocks + (b * Q8_0.BlockBytes) + 2);
            for (int i = 0; i < Q8_0.BlockValues; i++)
            {
                destination[(b * Q8_0.BlockValues) + i] = q[i];
            }
        }
    }

    /// <summary>
    /// One weight row against one quantised row of A on AVX-512: a block's 32 weight bytes widen to shorts and meet
    /// the pre-widened activations in one <c>vpmaddwd</c> (fewer instructions per block than the byte sign trick,
    /// and no -128 caveat); two accumulators hide the multiply-add latency.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float DotQ8Q8Single512(byte* w, in GemmTask task, float* scales)
    {
        int blocks = task.K / Q8_0.BlockValues;
        BlockScales(w, task.AScales, 1, blocks, scales);
        short* a = task.AWide;
        Vector512<float> s = default, t = default;
        int b = 0;
        for (; b <= blocks - 2; b += 2, w += 2 * Q8_0.BlockBytes)
        {
            s = BlockQ8(Vector256.Load((sbyte*)w + 2), Vector512.Load(a + (b * Q8_0.BlockValues)), scales[b], s);
            t = BlockQ8(Vector256.Load((sbyte*)w + Q8_0.BlockBytes + 2), Vector512.Load(a + ((b + 1) * Q8_0.BlockValues)), scales[b + 1], t);
        }

        if (b < blocks)
        {
            s = BlockQ8(Vector256.Load((sbyte*)w + 2), Vector512.Load(a + (b * Q8_0.BlockValues)), scales[b], s);
        }

        return Vector512Ops.Sum(s + t);
    }

    /// <summary>
    /// Output columns [j0, j1) of a one-row q8_0 product on the Vector512 or Vector256 path: four weight rows per pass
    /// share each load of the quantised activations (AVX-512: widened to shorts), and their four accumulators are
    /// independent chains (one row at a time left the kernel bound by the multiply-add latency and per-row overhead at
    /// decode shapes such as 1×640×8198; on AVX2, tiny's q8_0 step took 7.3-7.8 ms against 6.0 on AVX-512).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SingleRowQ8<TVector>(in GemmTask task, int j0, int j1)
        where TVector : struct
    {
        nint prefetchBytes = PrefetchBytes;
        int blocks = task.K / Q8_0.BlockValues, rowBytes = task.Weights.RowBytes;
        float* scales = GemmScratch.Get(4 * blocks);
        float* d0 = scales, d1 = d0 + blocks, d2 = d1 + blocks, d3 = d2 + blocks;
        byte* a = typeof(TVector) == typeof(Vector512<float>) ? (byte*)task.AWide : task.AQ8 + 2;
        float* c = task.C;
        int j = j0, prefetchRows = PrefetchRows(rowBytes);
        PrefetchHead(task.W, j0, j1, rowBytes, prefetchRows);
        for (; j <= j1 - 4; j += 4)
        {
            byte* w0 = task.W + ((nint)j * rowBytes), w1 = w0 + rowBytes, w2 = w1 + rowBytes, w3 = w2 + rowBytes;
            PassScales(w0, rowBytes, task.AScales, blocks, scales);
            TVector s0 = default, s1 = default, s2 = default, s3 = default;
            byte* ahead = w0 + prefetchBytes;
            for (int b = 0; b < blocks; b++)
            {
                nint at = (b * Q8_0.BlockBytes) + 2;
                PrefetchPassBlock(ahead, b);
                TVector qa = ActivationBlock<TVector>(a, b);
                s0 = BlockQ8(Vector256.Load((sbyte*)w0 + at), qa, d0[b], s0);
                s1 = BlockQ8(Vector256.Load((sbyte*)w1 + at), qa, d1[b], s1);
                s2 = BlockQ8(Vector256.Load((sbyte*)w2 + at), qa, d2[b], s2);
                s3 = BlockQ8(Vector256.Load((sbyte*)w3 + at), qa, d3[b], s3);
            }

            if (typeof(TVector) == typeof(Vector512<float>))
            {
                c[j] += Vector512Ops.Sum(As512(s0));
                c[j + 1] += Vector512Ops.Sum(As512(s1));
                c[j + 2] += Vector512Ops.Sum(As512(s2));
                c[j + 3] += Vector512Ops.Sum(As512(s3));
            }
            else
            {
                (Vector128.Load(c + j) + Vector256Ops.Sum4(As256(s0), As256(s1), As256(s2), As256(s3))).Store(c + j);
            }
        }

        float* sums = stackalloc float[MaxRows];
        for (; j < j1; j++)
        {
            byte* w = task.W + ((nint)j * rowBytes);
            if (typeof(TVector) == typeof(Vector512<float>))
            {
                c[j] += DotQ8Q8Single512(w, task, scales);
            }
            else
            {
                DotQ8Q8(w, task, scales, sums);
                c[j] += sums[0];
            }
        }
    }

    /// <summary>
    /// Block <paramref name="block"/> of the quantised row of A, as the bits of a <typeparamref name="TVector"/>: 32
    /// pre-widened shorts for the AVX-512 kernel (<paramref name="a"/> is <see cref="GemmTask.AWide"/>), the 32 bytes
    /// for the AVX2 one (<paramref name="a"/> is the first block's quants in <see cref="GemmTask.AQ8"/>).
    /// </summary>
    [MethodImpl(Inline.Short)]
    private static TVector ActivationBlock<TVector>(byte* a, int block)
        where TVector : struct
        => typeof(TVector) == typeof(Vector512<float>)
            ? Unsafe.BitCast<Vector512<short>, TVector>(Vector512.Load((short*)a + (block * Q8_0.BlockValues)))
            : Unsafe.BitCast<Vector256<sbyte>, TVector>(Vector256.Load((sbyte*)a + (block * Q8_0.BlockBytes)));

    /// <summary>sum + scale · (the block's 32 products, summed in ints), with <paramref name="qa"/> from <see cref="ActivationBlock"/>.</summary>
    [MethodImpl(Inline.Short)]
    private static TVector BlockQ8<TVector>(Vector256<sbyte> qw, TVector qa, float scale, TVector sum)
        where TVector : struct
        => typeof(TVector) == typeof(Vector512<float>)
            ? Unsafe.BitCast<Vector512<float>, TVector>(BlockQ8(qw, Unsafe.BitCast<TVector, Vector512<short>>(qa), scale, As512(sum)))
            : Unsafe.BitCast<Vector256<float>, TVector>(BlockQ8(qw, Unsafe.BitCast<TVector, Vector256<sbyte>>(qa), scale, As256(sum)));

    /// <summary>
    /// The prefetch of a one-row q8_0 pass's block <paramref name="block"/>: the four rows are one run of
    /// 4 × 34 bytes a block, so two lines a block from <paramref name="ahead"/> (the pass's start plus
    /// <see cref="PrefetchBytes"/>) sweep it, leaving gaps of 8 bytes, never a whole line. Spread over the block loop
    /// rather than a burst at the start of the pass: 1×640×8198 from memory 310 µs against 415
    /// (bench/results/xeon-avx512-2core/2026-11-23-streamed-rows-prefetch-sweeps-q8-scales.md).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchPassBlock(byte* ahead, int block)
    {
        byte* at = ahead + (block * 4 * Q8_0.BlockBytes);
        Prefetch(at);
        Prefetch(at + 64);
    }

    [MethodImpl(Inline.Short)]
    private static Vector512<float> BlockQ8(Vector256<sbyte> qw, Vector512<short> qa, float scale, Vector512<float> sum) =>
        Vector512Ops.MultiplyAdd(
            Vector512.ConvertToSingle(Vector512Ops.MultiplyAddAdjacent(Vector512Ops.WidenToInt16(qw), qa)),
            Vector512.Create(scale), sum);

    /// <summary>Whether q8_0 rows take <see cref="DotQ8Q8"/> (256-bit integer multiply-adds) rather than float conversion.</summary>
    private static bool UsesIntegerDot(GemmPath path) => path != GemmPath.Vector128 && Vector256.IsHardwareAccelerated;

    /// <summary>
    /// One q8_0 weight row against every quantised row of A: per block, 32 byte products summed in ints
    /// (<see cref="Vector256Ops.DotSignedBytes"/>), then scaled by d_w·d_a in floats, as <c>ggml_vec_dot_q8_0_q8_0</c>.
    /// <paramref name="scales"/> is scratch for <see cref="Gemv.MaxRows"/> rows of block scales.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotQ8Q8(byte* w, in GemmTask task, float* scales, float* sums)
    {
        int m = task.M, blocks = task.K / Q8_0.BlockValues;
        nint rowBytes = blocks * Q8_0.BlockBytes;
        BlockScales(w, task.AScales, m, blocks, scales);
        var a0 = (sbyte*)task.AQ8 + 2;
        sbyte* a1 = a0 + rowBytes, a2 = a1 + rowBytes, a3 = a2 + rowBytes;
        float* d0 = scales, d1 = d0 + blocks, d2 = d1 + blocks, d3 = d2 + blocks;
        Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
        for (int b = 0; b < blocks; b++)
        {
            nint at = b * Q8_0.BlockBytes;
            Vector256<sbyte> qw = Vector256.Load((sbyte*)w + at + 2);
            s0 = BlockQ8(qw, Vector256.Load(a0 + at), d0[b], s0);
            if (m > 1)
            {
                s1 = BlockQ8(qw, Vector256.Load(a1 + at), d1[b], s1);
            }

            if (m > 2)
            {
                s2 = BlockQ8(qw, Vector256.Load(a2 + at), d2[b], s2);
            }

            if (m > 3)
            {
                s3 = BlockQ8(qw, Vector256.Load(a3 + at), d3[b], s3);
            }
        }

        sums[0] = Vector256Ops.Sum(s0);
        sums[1] = Vector256Ops.Sum(s1);
        sums[2] = Vector256Ops.Sum(s2);
        sums[3] = Vector256Ops.Sum(s3);
    }

    /// <summary>One row of A's block scales times those of the four weight rows of a pass, into four runs of blocks floats.</summary>
    private static void PassScales(byte* w0, int rowBytes, float* aScales, int blocks, float* scales)
    {
        for (int i = 0; i < 4; i++)
        {
            BlockScales(w0 + (i * rowBytes), aScales, 1, blocks, scales + (i * blocks));
        }
    }

    /// <summary>
    /// d_w·d_a of every block for each of the <paramref name="m"/> rows of A (exact: two 11-bit significands). The
    /// weight scales convert from f16 eight at a time, because one scalar conversion per block cost as much as its dot.
    /// </summary>
    [MethodImpl(Inline.Hot)]
    private static void BlockScales(byte* w, float* aScales, int m, int blocks, float* scales)
    {
        int b = 0;
        for (; b <= blocks - 8; b += 8)
        {
            byte* h = w + (b * Q8_0.BlockBytes);
            Vector256<float> dw = HalfConversion.Widen256(Vector128.Create(
                *(ushort*)h, *(ushort*)(h + 34), *(ushort*)(h + 68), *(ushort*)(h + 102),
                *(ushort*)(h + 136), *(ushort*)(h + 170), *(ushort*)(h + 204), *(ushort*)(h + 238)));
            for (int r = 0; r < m; r++)
            {
                (dw * Vector256.Load(aScales + (r * blocks) + b)).Store(scales + (r * blocks) + b);
            }
        }

        for (; b < blocks; b++)
        {
            float dw = HalfConversion.ToSingle(*(ushort*)(w + (b * Q8_0.BlockBytes)));
            for (int r = 0; r < m; r++)
            {
                scales[(r * blocks) + b] = dw * aScales[(r * blocks) + b];
            }
        }
    }

    [MethodImpl(Inline.Short)]
    private static Vector256<float> BlockQ8(Vector256<sbyte> qw, Vector256<sbyte> qa, float scale, Vector256<float> sum) =>
        Vector256Ops.MultiplyAdd(Vector256.ConvertToSingle(Vector256Ops.DotSignedBytes(qw, qa)), Vector256.Create(scale), sum);

    /// <summary>Scalar definition of one q8_0 × q8_0 row dot product (<c>ggml_vec_dot_q8_0_q8_0_generic</c>).</summary>
    internal static float DotQ8Q8Reference(ReadOnlySpan<byte> w, ReadOnlySpan<byte> a, int blocks)
    {
        float sum = 0;
        for (int b = 0; b < blocks; b++)
        {
            ReadOnlySpan<byte> wb = w.Slice(b * Q8_0.BlockBytes, Q8_0.BlockBytes), ab = a.Slice(b * Q8_0.BlockBytes, Q8_0.BlockBytes);
            int sumi = 0;
            for (int i = 2; i < Q8_0.BlockBytes; i++)
            {
                sumi += (sbyte)wb[i] * (sbyte)ab[i];
            }

            sum += sumi * (HalfConversion.ToSingle(BitConverter.ToUInt16(wb)) * HalfConversion.ToSingle(BitConverter.ToUInt16(ab)));
        }

        return sum;
    }

    private static int RoundUp16(int value) => (value + 15) & ~15;
}
