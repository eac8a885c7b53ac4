using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Quantization;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Gemm;

/// <summary>
/// One row of A (greedy decoding's logits and projections): passes of four weight rows, read one after another, with
/// the dtype dispatch once per chunk instead of once per row (the per-row overhead, not the conversion, once bounded
/// the 1×384×51865 logits product), and prefetches swept along with the reads.
/// </summary>
internal static unsafe partial class Gemv
{
    /// <summary>
    /// How far ahead (in bytes) the streamed kernels prefetch weights, a line or two each iteration of their loops
    /// (<see cref="PrefetchSweep"/>); read once per call, outside the loops (<see cref="KernelSettings.GemvPrefetchBytes"/>).
    /// </summary>
    private static int PrefetchBytes => KernelSettings.GemvPrefetchBytes;

    /// <summary>The rows that <see cref="PrefetchBytes"/> spans, rounded up to a pass of four: what <see cref="PrefetchHead"/> brings in.</summary>
    private static int PrefetchRows(int rowBytes) => rowBytes > 0 ? ((PrefetchBytes / rowBytes) + 3) & ~3 : 0;

    /// <summary>
    /// Prefetches a chunk's first <paramref name="prefetchRows"/> rows, which no loop's sweep covers: the chunk before
    /// was most likely another thread's, and the hardware prefetcher starts cold.
    /// </summary>
    private static void PrefetchHead(byte* w, int j0, int j1, int rowBytes, int prefetchRows)
    {
        if (PrefetchOps.IsSupported)
        {
            for (byte* q = w + ((nint)j0 * rowBytes), end = q + ((nint)Math.Min(prefetchRows, j1 - j0) * rowBytes); q < end; q += 64)
            {
                PrefetchOps.Line(q);
            }
        }
    }

    /// <summary>
    /// Points a streamed f16 product at the weights' zero-exponent list, for <see cref="RowDecoders.F16Rebiased"/>,
    /// where the matrix suits it (<see cref="HalfProfile.SuitsRebiasing"/>); otherwise the general f16 kernel runs.
    /// </summary>
    private static void UseHalfProfile(ref GemmTask task)
    {
        HalfProfile? profile = task.Weights.HalfProfile;
        if (task.K > 0 && profile is { SuitsRebiasing: true })
        {
            task.ZeroExponentRowStarts = (int*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(profile.ZeroExponentRowStarts));
            task.ZeroExponentColumns = (int*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(profile.ZeroExponentColumns));
            task.ZeroExponentRows = (int*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(profile.ZeroExponentRows));
            task.ZeroExponentCorrections = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(profile.ZeroExponentCorrections));
        }
    }

    /// <summary>
    /// Whether <see cref="TryStreamRows"/> takes a product of <paramref name="m"/> rows: up to
    /// <see cref="MaxStreamedRows"/> on the Vector512 and Vector256 paths (see <see cref="StreamsType"/>), and one row
    /// of q8_0 through the integer dot.
    /// </summary>
    private static bool StreamsRows(GemmPath path, DType type, int m) =>
        path switch
        {
            GemmPath.Vector512 => m == 1 || (m <= MaxStreamedRows && StreamsType(type, m)),
            GemmPath.Vector256 => (m == 1 && type == DType.Q8_0) || (m <= MaxStreamedRows && StreamsType(type, m)),
            _ => false,
        };

    /// <summary>
    /// f32, f16 and bf16 at any row count; q8_0 past <see cref="MaxRows"/> rows, as exact floats (up to that, A is
    /// rounded to q8_0 and the blocks meet in integer dot products, as ggml's).
    /// </summary>
    private static bool StreamsType(DType type, int m) => type is DType.F32 or DType.F16 or DType.BF16 || (type == DType.Q8_0 && m > MaxRows);

    /// <summary>Output columns [j0, j1) on the Vector512 or Vector256 path, false where it does not apply (see <see cref="StreamsRows"/>).</summary>
    private static bool TryStreamRows(in GemmTask task, int j0, int j1)
    {
        if (!StreamsRows(task.Path, task.Weights.Type, task.M))
        {
            return false;
        }

        switch (task.Weights.Type)
        {
            case DType.Q8_0 when task.M == 1 && task.Path == GemmPath.Vector512:
                SingleRowQ8<Vector512<float>>(task, j0, j1);
                break;
            case DType.Q8_0 when task.M == 1:
                SingleRowQ8<Vector256<float>>(task, j0, j1);
                break;
            case DType.Q8_0:
                StreamedRows<RowDecoders.Q8>(task, j0, j1);
                break;
            case DType.F16 when task.ZeroExponentRowStarts != null && UsesColumnPairs(task):
                StreamedRows<RowDecoders.F16RebiasedPairs>(task, j0, j1);
                break;
            case DType.F16 when task.ZeroExponentRowStarts != null:
                StreamedRows<RowDecoders.F16Rebiased>(task, j0, j1);
                break;
            case DType.F16:
                StreamedRows<RowDecoders.F16>(task, j0, j1);
                break;
            case DType.BF16:
                StreamedRows<RowDecoders.BF16>(task, j0, j1);
                break;
            case DType.F32:
                StreamedRows<RowDecoders.F32>(task, j0, j1);
                break;
            default:
                return false;
        }

        return true;
    }

    private static void StreamedRows<TDecoder>(in GemmTask task, int j0, int j1)
        where TDecoder : struct, RowDecoders.IDecoder
    {
        if (task.M == 1 && task.Path == GemmPath.Vector256)
        {
            SingleRow<TDecoder, Width256, Vector256<float>>(task, j0, j1);
        }
        else if (task.M == 1)
        {
            SingleRow<TDecoder, Width512, Vector512<float>>(task, j0, j1);
        }
        else if (task.Path == GemmPath.Vector256)
        {
            MultiRow<TDecoder, Width256, Vector256<float>>(task, j0, j1);
        }
        else
        {
            MultiRow<TDecoder, Width512, Vector512<float>>(task, j0, j1);
        }
    }

    /// <summary>
    /// Output columns [j0, j1) for one row of A on the Vector512 or Vector256 path (<typeparamref name="TWidth"/>):
    /// passes of four weight rows, read one after another, not interleaved: four streams 768 bytes apart read the
    /// Whisper logits from memory 1.2-1.5× slower
    /// (bench/results/xeon-avx512-2core/2026-11-23-streamed-rows-prefetch-sweeps-q8-scales.md). One instantiation per
    /// width keeps each kernel's registers to its own loop (both widths in one method spilled pointers inside the row
    /// loops). On AVX2 machines this took Whisper tiny's greedy step from 12-14 ms (row by row with the general
    /// conversion) to 5-6.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SingleRow<TDecoder, TWidth, TVector>(in GemmTask task, int j0, int j1)
        where TDecoder : struct, RowDecoders.IDecoder
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
    {
        int k = task.K, rowBytes = task.Weights.RowBytes, whole = k & ~15;
        float* a = task.A, c = task.C;
        int j = j0;
        nint ahead = PrefetchBytes;
        PrefetchHead(task.W, j0, j1, rowBytes, PrefetchRows(rowBytes));
        for (; j <= j1 - 4; j += 4)
        {
            byte* w0 = task.W + ((nint)j * rowBytes);
            // The four sums before any tail: a call with an accumulator live across it makes the JIT spill that
            // accumulator to the stack on every loop iteration.
            Finish4<TDecoder>(c + j, PassSums<TDecoder, TWidth, TVector>(w0, rowBytes, a, whole, ahead), w0, rowBytes, a, whole, k);
        }

        LeftoverRows<TDecoder, TWidth, TVector>(task, j, j1);
        TDecoder.Correct(task, j0, j1);
    }

    /// <summary>The four weight rows' vector sums of a one-row pass, each row read by its own loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> PassSums<TDecoder, TWidth, TVector>(byte* w0, int rowBytes, float* a, int whole, nint ahead)
        where TDecoder : struct, RowDecoders.IDecoder
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
        => TWidth.LaneSum4(RowSums<TDecoder, TWidth, TVector>(w0, a, whole, ahead), RowSums<TDecoder, TWidth, TVector>(w0 + rowBytes, a, whole, ahead),
            RowSums<TDecoder, TWidth, TVector>(w0 + (2 * rowBytes), a, whole, ahead), RowSums<TDecoder, TWidth, TVector>(w0 + (3 * rowBytes), a, whole, ahead));

    /// <summary>
    /// Bytes that <paramref name="values"/> values of a row take in <typeparamref name="TDecoder"/>'s dtype (for q8_0,
    /// rounded down where they are not whole half-blocks; the prefetch sweeps only need it near).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int StoredBytes<TDecoder>(int values)
        where TDecoder : struct, RowDecoders.IDecoder
        => typeof(TDecoder) == typeof(RowDecoders.F32) ? values * sizeof(float)
            : typeof(TDecoder) == typeof(RowDecoders.Q8) ? values * Q8_0.BlockBytes / Q8_0.BlockValues
            : values * sizeof(ushort);

    /// <summary>
    /// Prefetches the lines of the <paramref name="bytes"/> from <paramref name="at"/>: a streamed kernel's loop calls
    /// it each iteration for what it will read <see cref="PrefetchBytes"/> later, so the prefetches sweep the weights
    /// a line or two at a time, where a burst at the start of each pass of rows left memory idle in between (Whisper
    /// logits from memory 1.3-1.5× slower; five hypotheses' step 1.5× slower;
    /// bench/results/xeon-avx512-2core/2026-11-23-streamed-rows-prefetch-sweeps-q8-scales.md).
    /// </summary>
    /// <param name="bytes">At most 256, and a constant where the kernels inline this, so the tests below fold away.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchSweep(byte* at, int bytes)
    {
        Prefetch(at);
        if (bytes > 64)
        {
            Prefetch(at + 64);
        }

        if (bytes > 128)
        {
            Prefetch(at + 128);
        }

        if (bytes > 192)
        {
            Prefetch(at + 192);
        }
    }

    /// <summary>
    /// Prefetches the line at <paramref name="at"/> (a prefetch never faults, so past the weights is harmless). The row
    /// loops take the distance as an argument: reading the static field there made the JIT check the class's
    /// initialisation with a call inside the loop, around which it spilled every accumulator (the Parakeet step ran 2×
    /// slower).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch(byte* at)
    {
        if (PrefetchOps.IsSupported)
        {
            PrefetchOps.Line(at);
        }
    }

    /// <summary>
    /// One weight row's products with A over columns [0, <paramref name="whole"/>) in two chains (even and odd
    /// vectors), added lane by lane: summed across, the row's dot product without its tail. Each iteration
    /// prefetches the bytes <paramref name="prefetchBytes"/> past those it reads, further along the row or into the
    /// rows after it (0: the bytes it reads, which is no prefetching).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector RowSums<TDecoder, TWidth, TVector>(byte* w, float* a, int whole, nint prefetchBytes)
        where TDecoder : struct, RowDecoders.IDecoder
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
    {
        TVector s = default, t = default;
        byte* ahead = w + prefetchBytes;
        // Pairs of vectors while a whole pair remains (p and whole are multiples of 16): up to whole itself on 256 bits.
        for (int p = 0, end = whole - (2 * TWidth.Count) + 16; p < end; p += 2 * TWidth.Count)
        {
            PrefetchSweep(ahead + StoredBytes<TDecoder>(p), StoredBytes<TDecoder>(2 * TWidth.Count));
            s = TWidth.FusedMultiplyAdd(Decode<TDecoder, TVector>(w, p), TWidth.Load(ref a[p], 0), s);
            t = TWidth.FusedMultiplyAdd(Decode<TDecoder, TVector>(w, p + TWidth.Count), TWidth.Load(ref a[p], (nuint)TWidth.Count), t);
        }

        // On 512 bits, the vector of 16 left after the pairs where whole is an odd multiple of 16.
        if (TWidth.Count > 8 && (whole & 16) != 0)
        {
            s = TWidth.FusedMultiplyAdd(Decode<TDecoder, TVector>(w, whole - 16), TWidth.Load(ref *a, (nuint)(whole - 16)), s);
        }

        return TWidth.Add(s, t);
    }

    /// <summary>c[0..3] += the four rows' vector sums plus their scalar tails past <paramref name="whole"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish4<TDecoder>(float* c, Vector128<float> sums, byte* w0, int rowBytes, float* a, int whole, int k)
        where TDecoder : struct, RowDecoders.IDecoder
    {
        if (whole < k)
        {
            sums += Vector128.Create(Tail<TDecoder>(w0, a, whole, k), Tail<TDecoder>(w0 + rowBytes, a, whole, k),
                Tail<TDecoder>(w0 + (2 * rowBytes), a, whole, k), Tail<TDecoder>(w0 + (3 * rowBytes), a, whole, k));
        }

        (Vector128.Load(c) + sums).Store(c);
    }

    /// <summary>Weight rows [j, j1) past the last whole pass of four, one at a time against every row of A.</summary>
    private static void LeftoverRows<TDecoder, TWidth, TVector>(in GemmTask task, int j, int j1)
        where TDecoder : struct, RowDecoders.IDecoder
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
    {
        int k = task.K, whole = k & ~15;
        for (; j < j1; j++)
        {
            byte* w = task.W + ((nint)j * task.Weights.RowBytes);
            for (int r = 0; r < task.M; r++)
            {
                float* a = task.A + (r * task.Lda);
                float vector = RowSum<TWidth, TVector>(RowSums<TDecoder, TWidth, TVector>(w, a, whole, 0));
                task.C[(r * task.Ldc) + j] += vector + Tail<TDecoder>(w, a, whole, k);
            }
        }
    }
}
