using Warble.Tensors.Gemm.Int8;
using Warble.Tensors.Parallel;

namespace Warble.Tensors.Gemm;

/// <summary>
/// Matrix products. <c>C[m, n] = Σ_k A[m, k] · B[n, k] (+ bias[n])</c> with A in f32 and B a weight matrix in
/// its stored dtype (PyTorch's <c>F.linear</c>), and the plain f32 product <c>C = A · B</c> used by attention.
/// Large products are packed and cache-blocked (<see cref="Blocking"/>) over the <see cref="WorkerPool"/>; products
/// with a few rows (<see cref="Gemv.Takes"/>) stream the weights once in their stored dtype (<see cref="Gemv"/>).
/// </summary>
internal static unsafe partial class MatMul
{
    /// <summary>Below this many multiply-adds a product runs on the calling thread alone.</summary>
    private const long SerialWork = 1 << 18;

    /// <summary>C = A · Bᵀ (+ bias): F.linear.</summary>
    /// <param name="a">[m, k] row-major.</param>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="b">Weights [n, k].</param>
    /// <param name="c">[m, n] row-major, overwritten.</param>
    /// <param name="bias">Empty, or [n].</param>
    /// <param name="activation">Applied to C as its tiles are finished.</param>
    public static void MultiplyTransposed(ReadOnlySpan<float> a, int m, in WeightMatrix b, Span<float> c, ReadOnlySpan<float> bias = default,
        Activation activation = Activation.None)
        => MultiplyTransposed(a, b.Columns, m, b, c, b.Rows, bias, accumulate: false, GemmSettings.Default, activation);

    /// <summary>C (+)= A · Bᵀ (+ bias) with row strides: A rows are <paramref name="lda"/> apart, C rows <paramref name="ldc"/>.</summary>
    /// <param name="a">[m, lda], of which the first k = b.Columns columns are used.</param>
    /// <param name="c">[m, ldc], of which the first n = b.Rows columns are written.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    /// <param name="activation">Applied to the final C (after the accumulation) as its tiles are finished.</param>
    public static void MultiplyTransposed(ReadOnlySpan<float> a, int lda, int m, in WeightMatrix b, Span<float> c, int ldc,
        ReadOnlySpan<float> bias, bool accumulate, GemmSettings settings, Activation activation = Activation.None)
    {
        int n = b.Rows, k = b.Columns;
        CheckStrided(a.Length, lda, m, k, (long)n * k, c.Length, ldc, n, bias.Length);
        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (float* pa = a, pc = c, pbias = bias)
        fixed (byte* pw = b.Data.Span)
        {
            var task = new GemmTask
            {
                A = pa, Lda = lda, Weights = b, W = pw, C = pc, Ldc = ldc, Bias = pbias, M = m, N = n, K = k,
                Accumulate = accumulate, Path = settings.Path, Activation = activation,
            };
            if (Gemv.Takes(settings.Path, b.Type, m))
            {
                Gemv.Run(task, settings.Pool);
                ActivationEpilogue.Apply(activation, pc, ldc, m, n);
            }
            else if (Int8Compute.Active && k > 0)
            {
                Int8Gemm.Run(task, settings.Pool);
            }
            else
            {
                Run(ref task, settings.Pool);
            }
        }
    }

    /// <summary>C = A · B with both in f32.</summary>
    /// <param name="a">[m, k] row-major.</param>
    /// <param name="b">[k, n] row-major.</param>
    /// <param name="c">[m, n] row-major, overwritten.</param>
    public static void Multiply(ReadOnlySpan<float> a, int m, int k, ReadOnlySpan<float> b, int n, Span<float> c)
        => Multiply(a, k, m, k, b, n, n, c, n, accumulate: false, GemmSettings.Default);

    /// <summary>C (+)= A · B with row strides (for views into wider buffers, e.g. one head of a [T, heads·d] tensor).</summary>
    /// <param name="a">[m, lda], first k columns used.</param>
    /// <param name="b">[k, ldb], first n columns used.</param>
    /// <param name="c">[m, ldc], first n columns written.</param>
    public static void Multiply(ReadOnlySpan<float> a, int lda, int m, int k, ReadOnlySpan<float> b, int ldb, int n,
        Span<float> c, int ldc, bool accumulate, GemmSettings settings)
    {
        CheckStrided(a.Length, lda, m, k, k == 0 ? 0 : ((long)(k - 1) * ldb) + n, c.Length, ldc, n, 0);
        if (ldb < n || b.Length < (k == 0 ? 0 : ((long)(k - 1) * ldb) + n))
        {
            throw new ArgumentException($"B holds {b.Length} values with row stride {ldb}, too few for {k}×{n}");
        }

        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            var task = new GemmTask
            {
                A = pa, Lda = lda, B = pb, Ldb = ldb, C = pc, Ldc = ldc, M = m, N = n, K = k,
                Accumulate = accumulate, Path = settings.Path,
            };
            Run(ref task, settings.Pool);
        }
    }

    /// <summary>Small products run on the calling thread; larger ones share each packed A block over the pool.</summary>
    private static void Run(ref GemmTask task, WorkerPool pool)
    {
        if ((long)task.M * task.N * task.K < SerialWork || pool.ThreadCount == 1 || task.K == 0)
        {
            Blocking.Run(task, 0, task.M, 0, task.N);
        }
        else
        {
            Blocking.RunShared(task, pool);
        }
    }

    private static void CheckStrided(int aLength, int lda, int m, int k, long bLength, int cLength, int ldc, int n, int biasLength)
    {
        if (lda < k || ldc < n)
        {
            throw new ArgumentException($"row strides lda = {lda}, ldc = {ldc} are shorter than rows of {k} and {n}");
        }

        CheckShapes(m == 0 ? 0 : aLength - ((long)(m - 1) * lda) + ((long)(m - 1) * k), m, k, bLength, m == 0 ? 0 : cLength - ((long)(m - 1) * ldc) + ((long)(m - 1) * n), n, biasLength);
    }
}
