using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Gemm;

/// <summary>
/// The width-specific parts of the streamed kernels (<see cref="SingleRow"/>, <see cref="MultiRow"/>,
/// <see cref="DotRows"/>): each is a test of <c>TVector</c> that the JIT folds per instantiation. The horizontal sums
/// keep each width's order, so each width's outputs keep their bits.
/// </summary>
internal static unsafe partial class Gemv
{
    /// <summary>The decoder's load of <typeparamref name="TVector"/>'s width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Decode<TDecoder, TVector>(byte* w, int p)
        where TDecoder : struct, RowDecoders.IDecoder
        where TVector : struct
        => typeof(TVector) == typeof(Vector512<float>)
            ? Unsafe.BitCast<Vector512<float>, TVector>(TDecoder.Load512(w, p))
            : Unsafe.BitCast<Vector256<float>, TVector>(TDecoder.Load256(w, p));

    /// <summary>Weight rows a <see cref="MultiRow"/> pass reads: four with 32 vector registers, two with AVX2's 16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PassWeightRows<TVector>()
        where TVector : struct
        => typeof(TVector) == typeof(Vector512<float>) ? 4 : 2;

    /// <summary>Rows of A a <see cref="MultiRow"/> pass takes at once: 4 × 6 or 2 × 5 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int GroupRows<TVector>()
        where TVector : struct
        => typeof(TVector) == typeof(Vector512<float>) ? 6 : 5;

    /// <summary>
    /// One leftover row's sum: on Vector512 in <see cref="Vector512.Sum{T}"/>'s order, as <see cref="IVectorWidth{TVector}.LaneSum4"/> sums a
    /// pass's rows (so the row has the bits a pass would give it); on Vector256 in <see cref="Vector256Ops.Sum"/>'s.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float RowSum<TWidth, TVector>(TVector v)
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
        => typeof(TVector) == typeof(Vector512<float>) ? TWidth.LaneSum(v) : TWidth.Sum(v);

    /// <summary>
    /// c[0..] += the sums of one row of A's accumulators in a <see cref="MultiRow"/> pass: four at once through
    /// <see cref="Vector512Ops.Sum4"/> (contiguous in C), or the two of a 256-bit pass one by one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddPassSums<TWidth, TVector>(float* c, TVector x0, TVector x1, TVector x2, TVector x3)
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
    {
        if (PassWeightRows<TVector>() == 4)
        {
            (Vector128.Load(c) + TWidth.LaneSum4(x0, x1, x2, x3)).Store(c);
        }
        else
        {
            c[0] += TWidth.Sum(x0);
            c[1] += TWidth.Sum(x1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> As512<TVector>(TVector v)
        where TVector : struct
        => Unsafe.BitCast<TVector, Vector512<float>>(v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> As256<TVector>(TVector v)
        where TVector : struct
        => Unsafe.BitCast<TVector, Vector256<float>>(v);
}
