using System.Runtime.CompilerServices;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Gemm;

/// <summary>What the micro-kernels (<see cref="MicroKernel128"/>, <see cref="MicroKernel256"/>, <see cref="MicroKernel512"/>) do the same around their k loops.</summary>
internal static unsafe class MicroKernelTile
{
    /// <summary>
    /// Fetches the first and last line of each of the tile's <paramref name="rows"/> rows of <paramref name="columns"/>
    /// values. They are in memory or L3 by now (C is larger than L2); fetching them while the k loop runs hides the
    /// misses that would otherwise stall the stores at the end.
    /// </summary>
    [MethodImpl(Inline.Short)]
    public static void Prefetch(float* c, nint ldc, int rows, int columns)
    {
        if (PrefetchOps.IsSupported)
        {
            for (int r = 0; r < rows; r++)
            {
                PrefetchOps.Line(c + (r * ldc));
                PrefetchOps.Line(c + (r * ldc) + columns - 1);
            }
        }
    }

    /// <summary>
    /// One tile row of two vectors: c = from + (v0, v1). <paramref name="from"/> is the row itself (accumulate) or the
    /// start row (bias or zeros), which spares the first k-slice of a product a read of C.
    /// </summary>
    [MethodImpl(Inline.Short)]
    public static void StoreRow<TWidth, TVector>(float* c, float* from, TVector v0, TVector v1)
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
    {
        TWidth.Store(TWidth.Add(TWidth.Load(ref *from, 0), v0), ref *c, 0);
        TWidth.Store(TWidth.Add(TWidth.Load(ref *from, (nuint)TWidth.Count), v1), ref *c, (nuint)TWidth.Count);
    }
}
