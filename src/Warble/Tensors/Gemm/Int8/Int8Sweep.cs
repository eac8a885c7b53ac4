using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Parallel;

namespace Warble.Tensors.Gemm.Int8;

/// <summary>
/// Pool action computing the output columns of one chunk of weight panels for every activation row: each activation
/// tile (in L1) meets the chunk's panels (in L2) in turn, and its C rows are scaled, biased and activated at once.
/// </summary>
internal readonly unsafe struct Int8Sweep(Int8Product product) : IRangeAction
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Invoke(int index)
    {
        ref readonly GemmTask task = ref product.Task;
        Int8Weights weights = product.Weights;
        int p0 = index * product.ChunkPanels, p1 = Math.Min(weights.Panels, p0 + product.ChunkPanels);
        int j0 = p0 * Int8Gemm.Nr, j1 = Math.Min(task.N, p1 * Int8Gemm.Nr);
        int* tile = stackalloc int[(Int8Gemm.Mr * Int8Gemm.Nr) + 8];
        tile = (int*)(((nint)tile + 31) & ~(nint)31);
        for (int t = 0; t < product.RowTiles; t++)
        {
            int i0 = t * Int8Gemm.Mr, rows = Math.Min(Int8Gemm.Mr, task.M - i0);
            for (int p = p0; p < p1; p++)
            {
                Int8MicroKernel.Run(product.Tile(t), product.Lda, weights.Panel(p), weights.Groups, tile);
                Write(task, tile, i0, rows, p * Int8Gemm.Nr);
            }

            ActivationEpilogue.Apply(task.Activation, task.C + (i0 * task.Ldc) + j0, task.Ldc, rows, j1 - j0);
        }
    }

    /// <summary>C[i0 + r, j] (+)= s_a · s_w · (sum − offset) + bias for the tile's valid rows and columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Write(in GemmTask task, int* tile, int i0, int rows, int j0)
    {
        Int8Weights weights = product.Weights;
        int cols = Math.Min(Int8Gemm.Nr, task.N - j0);
        float* scales = weights.Scales + j0;
        int* offsets = weights.Offsets + j0;
        float* bias = task.Bias == null ? null : task.Bias + j0;
        for (int r = 0; r < rows; r++)
        {
            float rowScale = product.RowScales[i0 + r];
            float* c = task.C + ((i0 + r) * task.Ldc) + j0;
            int* sums = tile + (r * Int8Gemm.Nr);
            if (cols == Int8Gemm.Nr)
            {
                for (int h = 0; h < Int8Gemm.Nr; h += 8)
                {
                    Vector256<float> v = Vector256.ConvertToSingle(Vector256.Load(sums + h) - Vector256.Load(offsets + h))
                        * (Vector256.Load(scales + h) * rowScale);
                    v += bias == null ? Vector256<float>.Zero : Vector256.Load(bias + h);
                    (task.Accumulate ? v + Vector256.Load(c + h) : v).Store(c + h);
                }
            }
            else
            {
                for (int j = 0; j < cols; j++)
                {
                    float v = ((float)(sums[j] - offsets[j]) * (scales[j] * rowScale)) + (bias == null ? 0 : bias[j]);
                    c[j] = task.Accumulate ? c[j] + v : v;
                }
            }
        }
    }
}
