using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Parallel;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Gemm;

/// <summary>
/// The cache blocking of the packed product (GotoBLAS's loop nest, as in BLIS's <c>bli_gemm_ker_var2</c>): for each
/// kc-slice of k, pack the A rows once (L3/L2), then for each nb-wide block of B pack it (L2) and sweep the register
/// tiles with the A micro-panel (kc × mr, in L1) outside and B micro-panels streaming inside. In parallel
/// (<see cref="RunShared"/>), the pool packs each A block once and then splits its columns, as BLIS parallelises the
/// jc/jr loops: no thread repacks A, and B is packed once per A block.
/// </summary>
internal static unsafe class Blocking
{
    /// <summary>
    /// Deepest packed slice: a kc × 32 B micro-panel is 48 KB, the kc × 12 A micro-panel 18 KB (in L1). K is cut into
    /// equal slices no deeper than this (<see cref="SliceDepth"/>): every slice costs a pass over C, which is larger
    /// than L2, so K = 384 in one slice beat 256 + 128 by 4-12 % at two threads.
    /// </summary>
    private const int Kc = 384;

    /// <summary>Columns of a packed B block: kc × nb floats = 768 KB at most, of a 1 MB L2.</summary>
    public const int Nb = 512;

    /// <summary>Register tiles of A rows per packed A block (bounds the A block to about 2.4 MB at the deepest slice).</summary>
    private const int MaxRowPanels = 128;

    /// <summary>Column chunks per pool thread for each A block: enough for a loaded core to hand its share to the other.</summary>
    private const int ChunksPerThread = 6;

    /// <summary>Computes all of C over <paramref name="pool"/>, each packed A block shared by every thread (K &gt; 0).</summary>
    public static void RunShared(in GemmTask task, WorkerPool pool)
    {
        (int mr, int nr) = GemmPaths.Tile(task.Path);
        int mb = mr * MaxRowPanels;
        int panelsN = (task.N + nr - 1) / nr;
        int chunkPanels = Math.Clamp((panelsN + (pool.ThreadCount * ChunksPerThread) - 1) / (pool.ThreadCount * ChunksPerThread), 1, Nb / nr);
        int chunks = (panelsN + chunkPanels - 1) / chunkPanels;
        int depth = SliceDepth(task.K);
        float* ap = GemmScratch.GetShared(Math.Min(mb, RoundUp(task.M, mr)) * depth);
        for (int p0 = 0; p0 < task.K; p0 += depth)
        {
            int kc = Math.Min(depth, task.K - p0);
            for (int ib = 0; ib < task.M; ib += mb)
            {
                var block = new SharedBlock(task, ap, p0, kc, ib, Math.Min(mb, task.M - ib), chunkPanels * nr);
                pool.For((block.Rows + mr - 1) / mr, new PackAPanels(block));
                pool.For(chunks, block);
            }
        }
    }

    /// <summary>Packs B columns [j0, j1) of one k-slice and sweeps them with the shared packed A block (pool index: chunk).</summary>
    internal static void SweepChunk(in SharedBlock block, int j0, int j1)
    {
        ref readonly GemmTask task = ref block.Task;
        (int mr, int nr) = GemmPaths.Tile(task.Path);
        if (block.P0 == 0 && task.Accumulate)
        {
            InitializeC(task, block.I0, block.I0 + block.Rows, j0, j1);
        }

        int cols = j1 - j0, bpLength = RoundUp(cols, nr) * block.Kc;
        float* bp = GemmScratch.Get(bpLength + (nr * block.Kc) + (mr * nr) + 32);
        float* tile = bp + RoundUp(bpLength, 16);
        var rows = new Span<float>(tile + RoundUp(mr * nr, 16), nr * block.Kc);
        PackB(task, j0, cols, block.P0, block.Kc, nr, bp, rows);
        float* c = task.C + (block.I0 * task.Ldc) + j0;
        Sweep(task.Path, block.Ap, bp, block.Rows, cols, block.Kc, c, task.Ldc, tile, Start(task, block.P0, j0), Finishing(task, block.P0 + block.Kc));
    }

    /// <summary>Computes C[i0..i1, j0..j1] of <paramref name="task"/> on the calling thread.</summary>
    public static void Run(in GemmTask task, int i0, int i1, int j0, int j1)
    {
        (int mr, int nr) = GemmPaths.Tile(task.Path);
        int mb = mr * MaxRowPanels;
        int depth = SliceDepth(task.K);
        int apLength = Math.Min(mb, RoundUp(i1 - i0, mr)) * depth;
        int bpLength = Math.Min(Nb, RoundUp(j1 - j0, nr)) * depth;
        float* ap = GemmScratch.Get(apLength + bpLength + (nr * depth) + (mr * nr) + 64);
        float* bp = ap + RoundUp(apLength, 16);
        float* tile = bp + RoundUp(bpLength, 16);
        var converted = new Span<float>(tile + RoundUp(mr * nr, 16), nr * depth);
        if (task.Accumulate)
        {
            InitializeC(task, i0, i1, j0, j1);
        }

        for (int p0 = 0; p0 < task.K; p0 += depth)
        {
            int kc = Math.Min(depth, task.K - p0);
            for (int ib = i0; ib < i1; ib += mb)
            {
                int rows = Math.Min(mb, i1 - ib);
                Packing.PackA(task.A + (ib * task.Lda) + p0, task.Lda, rows, kc, mr, ap);
                for (int jb = j0; jb < j1; jb += Nb)
                {
                    int cols = Math.Min(Nb, j1 - jb);
                    PackB(task, jb, cols, p0, kc, nr, bp, converted);
                    Sweep(task.Path, ap, bp, rows, cols, kc, task.C + (ib * task.Ldc) + jb, task.Ldc, tile, Start(task, p0, jb), Finishing(task, p0 + kc));
                }
            }
        }
    }

    /// <summary>
    /// Depth of the k-slices: K cut into near-equal slices of at most <see cref="Kc"/>, each a whole number of q8_0
    /// blocks (32 values), which packing converts only whole.
    /// </summary>
    internal static int SliceDepth(int k)
    {
        int slices = (k + Kc - 1) / Kc;
        return Math.Min(k, RoundUp((k + slices - 1) / slices, 32));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(in GemmTask task, int j0, int cols, int p0, int kc, int nr, float* bp, Span<float> rows)
    {
        if (task.Transposed)
        {
            Packing.PackWeights(task.Weights, j0, cols, p0, kc, nr, bp, rows);
        }
        else
        {
            Packing.PackB(task.B + (p0 * task.Ldb) + j0, task.Ldb, kc, cols, nr, bp);
        }
    }

    /// <summary>
    /// What the first k-slice of an overwriting product starts its tiles from, the bias at column
    /// <paramref name="j0"/> or zeros, so that C is written without first being cleared; null (add to C) otherwise.
    /// </summary>
    private static float* Start(in GemmTask task, int p0, int j0)
        => p0 > 0 || task.Accumulate ? null : task.Bias != null ? task.Bias + j0 : Zeros;

    /// <summary>The task's activation for the sweeps of the k-slice ending at <paramref name="sliceEnd"/> if it is the last.</summary>
    private static Activation Finishing(in GemmTask task, int sliceEnd) => sliceEnd == task.K ? task.Activation : Activation.None;

    /// <summary>
    /// Sweeps the register tiles of a packed A block against a packed B block. With <paramref name="start"/> set
    /// (the values of columns [0, cols), or <see cref="Zeros"/>), C is overwritten with them plus the product. Each
    /// strip of mr rows × cols gets <paramref name="activation"/> as soon as its tiles are done.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sweep(GemmPath path, float* ap, float* bp, int rows, int cols, int kc, float* c, nint ldc, float* tile, float* start, Activation activation)
    {
        (int mr, int nr) = GemmPaths.Tile(path);
        delegate*<float*, float*, int, float*, nint, float*, void> kernel = path switch
        {
            GemmPath.Vector512 => &MicroKernel.Run<Width512, Vector512<float>>,
            GemmPath.Vector256 => &MicroKernel.Run<Width256, Vector256<float>>,
            _ => &MicroKernel.Run<Width128, Vector128<float>>,
        };
        for (int ir = 0; ir < rows; ir += mr)
        {
            int h = Math.Min(mr, rows - ir);
            float* a = ap + (ir * kc);
            for (int jr = 0; jr < cols; jr += nr)
            {
                int w = Math.Min(nr, cols - jr);
                float* b = bp + (jr * kc);
                float* ct = c + (ir * ldc) + jr;
                float* tileStart = start == null ? null : start == Zeros ? Zeros : start + jr;
                if (h == mr && w == nr)
                {
                    kernel(a, b, kc, ct, ldc, tileStart);
                }
                else
                {
                    // Edge tile: run the full kernel on a scratch tile, then write back only the valid part.
                    kernel(a, b, kc, tile, nr, Zeros);
                    for (int r = 0; r < h; r++)
                    {
                        for (int j = 0; j < w; j++)
                        {
                            float from = tileStart == null ? ct[(r * ldc) + j] : tileStart[j];
                            ct[(r * ldc) + j] = from + tile[(r * nr) + j];
                        }
                    }
                }
            }

            if (activation != Activation.None)
            {
                ActivationEpilogue.Apply(activation, c + (ir * ldc), ldc, h, cols);
            }
        }
    }

    /// <summary>C starts as the bias (or zero), or keeps its values plus the bias: for products that accumulate into C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void InitializeC(in GemmTask task, int i0, int i1, int j0, int j1)
    {
        for (int i = i0; i < i1; i++)
        {
            var ci = new Span<float>(task.C + (i * task.Ldc) + j0, j1 - j0);
            var bias = new ReadOnlySpan<float>(task.Bias + j0, task.Bias == null ? 0 : j1 - j0);
            if (task.Accumulate)
            {
                for (int j = 0; j < bias.Length; j++)
                {
                    ci[j] += bias[j];
                }
            }
            else if (bias.IsEmpty)
            {
                ci.Clear();
            }
            else
            {
                bias.CopyTo(ci);
            }
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>A row of zeros as wide as the widest register tile: where a tile without bias starts.</summary>
    private static readonly float* Zeros = AllocateZeros(MicroKernel.Tile<Width512, Vector512<float>>().Nr);

    private static float* AllocateZeros(int count)
    {
        var zeros = (float*)NativeMemory.AlignedAlloc((nuint)(count * sizeof(float)), 64);
        new Span<float>(zeros, count).Clear();
        return zeros;
    }
}
