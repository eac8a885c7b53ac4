using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Parallel;
using Warble.Tensors.Quantization;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Gemm;

/// <summary>
/// Decode-time products (a few rows of A): memory-bound, so each weight row is read exactly once in its stored dtype,
/// converted in registers and multiplied with every row of A (as ggml's <c>ggml_vec_dot_f16</c> family, but with A
/// kept in f32; q8_0 weights meet A quantised to q8_0, as in ggml, see Gemv.Q8.cs). Output columns are split over
/// the pool in chunks.
/// </summary>
internal static unsafe partial class Gemv
{
    /// <summary>Products with at most this many rows of A take this path (see also <see cref="MaxStreamedRows"/>).</summary>
    public const int MaxRows = 4;

    /// <summary>
    /// Rows of A that the Vector512 and Vector256 kernels stream weights for (<see cref="MultiRow"/>): beam search's
    /// and best-of-N's five hypotheses take one pass over the weights instead of a packed product, which converted all
    /// of them to f32 first (5×384×51865 f16: 12.6 ms, against 3.7 ms for one row; Whisper tiny's q8_0 step of five
    /// hypotheses: 22-27 ms packed, 10-14 ms streamed).
    /// </summary>
    public const int MaxStreamedRows = 8;

    /// <summary>Whether a product of <paramref name="m"/> rows takes this path rather than the packed one.</summary>
    public static bool Takes(GemmPath path, DType type, int m) => m <= MaxRows || StreamsRows(path, type, m);

    /// <summary>
    /// Weight rows per pool index: about 16 chunks a thread, so a loaded core simply takes fewer, but 64–256 rows
    /// (each chunk restarts the prefetch stream: 256-row chunks read the 1×384×51865 logits 1.1–1.2× faster than 64).
    /// From <see cref="MinPairPassRows"/> rows of A, about 8 chunks a thread of up to 512 rows: with 64-row chunks eight
    /// rows of the 8198 × 640 joint took 1.2× as long as with 256, and 512 took 0.97×.
    /// </summary>
    private static int ChunkRows(int n, int threads, int m) => m >= MinPairPassRows
        ? Math.Clamp((n / (8 * threads)) & ~3, 64, 512)
        : Math.Clamp((n / (16 * threads)) & ~3, 64, 256);

    public static void Run(GemmTask task, WorkerPool pool)
    {
        if (task.Weights.Type == DType.Q8_0 && task.M <= MaxRows)
        {
            QuantizeActivations(ref task);
        }
        else if (task.Weights.Type == DType.F16 && StreamsRows(task.Path, task.Weights.Type, task.M))
        {
            UseHalfProfile(ref task);
        }

        PrepareRows(ref task);

        if ((long)task.N * task.K < 1 << 16 || pool.ThreadCount == 1)
        {
            Columns(task, 0, task.N);
        }
        else
        {
            int chunk = ChunkRows(task.N, pool.ThreadCount, task.M);
            pool.For((task.N + chunk - 1) / chunk, new GemvAction(task, chunk));
        }
    }

    /// <summary>Computes output columns [j0, j1) for every row of A.</summary>
    public static void Columns(in GemmTask task, int j0, int j1)
    {
        Blocking.InitializeC(task, 0, task.M, j0, j1);
        if (TryStreamRows(task, j0, j1))
        {
            return;
        }

        Span<float> sums = stackalloc float[MaxRows];
        bool converts = task.Path == GemmPath.Vector128 || (task.Weights.Type == DType.Q8_0 && !UsesIntegerDot(task.Path));
        // Scratch for the weight row converted to floats, or for the q8_0 block scales of every row of A.
        float* row = GemmScratch.Get(converts ? task.K : MaxRows * task.K / Q8_0.BlockValues);
        int rowBytes = task.Weights.RowBytes;
        for (int j = j0; j < j1; j++)
        {
            byte* w = task.W + ((nint)j * rowBytes);
            fixed (float* s = sums)
            {
                Dot(task, w, row, s);
            }

            for (int r = 0; r < task.M; r++)
            {
                task.C[(r * task.Ldc) + j] += sums[r];
            }
        }
    }

    private static void Dot(in GemmTask task, byte* w, float* row, float* sums)
    {
        switch (task.Path, task.Weights.Type)
        {
            case (GemmPath.Vector128, _):
                ConvertAndDot128(task, w, row, sums);
                break;
            case (_, DType.Q8_0) when UsesIntegerDot(task.Path):
                DotQ8Q8(w, task, row, sums);
                break;
            case (_, DType.Q8_0):
                ConvertAndDot128(task, w, row, sums);
                break;
            case (GemmPath.Vector512, DType.F16):
                DotRows<RowDecoders.F16, Width512, Vector512<float>>(w, task.A, task.Lda, task.M, task.K, sums);
                break;
            case (GemmPath.Vector512, DType.BF16):
                DotRows<RowDecoders.BF16, Width512, Vector512<float>>(w, task.A, task.Lda, task.M, task.K, sums);
                break;
            case (GemmPath.Vector512, DType.F32):
                DotRows<RowDecoders.F32, Width512, Vector512<float>>(w, task.A, task.Lda, task.M, task.K, sums);
                break;
            case (GemmPath.Vector256, DType.F16):
                DotRows<RowDecoders.F16, Width256, Vector256<float>>(w, task.A, task.Lda, task.M, task.K, sums);
                break;
            case (GemmPath.Vector256, DType.BF16):
                DotRows<RowDecoders.BF16, Width256, Vector256<float>>(w, task.A, task.Lda, task.M, task.K, sums);
                break;
            case (GemmPath.Vector256, DType.F32):
                DotRows<RowDecoders.F32, Width256, Vector256<float>>(w, task.A, task.Lda, task.M, task.K, sums);
                break;
            default:
                throw new NotSupportedException($"weights of type {task.Weights.Type.Name()} are not supported by the matrix kernels");
        }
    }

    private static void ConvertAndDot128(in GemmTask task, byte* w, float* row, float* sums)
    {
        Packing.ConvertSegment(task.Weights.Type, new ReadOnlySpan<byte>(w, task.Weights.RowBytes), 0, new Span<float>(row, task.K));
        Dot128(row, task.A, task.Lda, task.M, task.K, sums);
    }

    /// <summary>Portable path: the row was converted to floats; dot it with each row of A.</summary>
    private static void Dot128(float* w, float* a, nint lda, int m, int k, float* sums)
    {
        for (int r = 0; r < m; r++)
        {
            float* ar = a + (r * lda);
            Vector128<float> acc = Vector128<float>.Zero;
            int p = 0;
            for (; p <= k - 4; p += 4)
            {
                acc = Vector128.MultiplyAddEstimate(Vector128.Load(w + p), Vector128.Load(ar + p), acc);
            }

            float sum = Vector128.Sum(acc);
            for (; p < k; p++)
            {
                sum += w[p] * ar[p];
            }

            sums[r] = sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Tail<TDecoder>(byte* w, float* ar, int p, int k)
        where TDecoder : struct, RowDecoders.IDecoder
    {
        float sum = 0;
        for (; p < k; p++)
        {
            sum += TDecoder.Load(w, p) * ar[p];
        }

        return sum;
    }
}
