using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Kernels;

/// <summary>
/// The 512-bit forms of the decode-time attention rows, for head sizes that are whole vectors of 16 (Whisper's 64,
/// Parakeet's 128): a 64-wide head is four registers, so the weighted sum keeps all of its output in registers and
/// reads each value row once (the 256-bit form needs eight of its sixteen registers for it).
/// </summary>
internal static partial class AttentionRows
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scores512(ref float qs, ref float ks, int d, float scale, Span<float> scores, bool prefetch)
    {
        int n = scores.Length, j = 0;
        for (; j <= n - 4; j += 4)
        {
            Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
            nuint k0 = (nuint)(j * d), k1 = k0 + (nuint)d, k2 = k1 + (nuint)d, k3 = k2 + (nuint)d;
            PrefetchAhead(ref Unsafe.Add(ref ks, k0), 4 * d * sizeof(float), prefetch);
            for (nuint p = 0; p < (nuint)d; p += (nuint)Vector512<float>.Count)
            {
                Vector512<float> qv = Vector512.LoadUnsafe(ref qs, p);
                s0 = Vector512.FusedMultiplyAdd(qv, Vector512.LoadUnsafe(ref ks, k0 + p), s0);
                s1 = Vector512.FusedMultiplyAdd(qv, Vector512.LoadUnsafe(ref ks, k1 + p), s1);
                s2 = Vector512.FusedMultiplyAdd(qv, Vector512.LoadUnsafe(ref ks, k2 + p), s2);
                s3 = Vector512.FusedMultiplyAdd(qv, Vector512.LoadUnsafe(ref ks, k3 + p), s3);
            }

            // One transposed reduction of the four, in Vector512.Sum's order (the shuffle trees of four separate sums
            // were most of the instructions of this loop).
            (Vector512Ops.Sum4(s0, s1, s2, s3) * scale).StoreUnsafe(ref MemoryMarshal.GetReference(scores), (nuint)j);
        }

        for (; j < n; j++)
        {
            Vector512<float> s = default;
            for (nuint p = 0; p < (nuint)d; p += (nuint)Vector512<float>.Count)
            {
                s = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref qs, p), Vector512.LoadUnsafe(ref ks, (nuint)(j * d) + p), s);
            }

            scores[j] = Vector512.Sum(s) * scale;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WeightedSum512(ReadOnlySpan<float> p, ref float vs, int d, ref float os, bool accumulate, bool prefetch)
    {
        int n = p.Length, width = Vector512<float>.Count, c = 0;
        for (; c <= d - (4 * width); c += 4 * width)
        {
            Vector512<float> o0 = default, o1 = default, o2 = default, o3 = default;
            if (accumulate)
            {
                o0 = Vector512.LoadUnsafe(ref os, (nuint)c);
                o1 = Vector512.LoadUnsafe(ref os, (nuint)(c + width));
                o2 = Vector512.LoadUnsafe(ref os, (nuint)(c + (2 * width)));
                o3 = Vector512.LoadUnsafe(ref os, (nuint)(c + (3 * width)));
            }

            for (int j = 0; j < n; j++)
            {
                var pj = Vector512.Create(p[j]);
                ref float row = ref Unsafe.Add(ref vs, (j * d) + c);
                PrefetchAhead(ref row, 4 * width * sizeof(float), prefetch);
                o0 = Vector512.FusedMultiplyAdd(pj, Vector512.LoadUnsafe(ref row), o0);
                o1 = Vector512.FusedMultiplyAdd(pj, Vector512.LoadUnsafe(ref row, (nuint)width), o1);
                o2 = Vector512.FusedMultiplyAdd(pj, Vector512.LoadUnsafe(ref row, (nuint)(2 * width)), o2);
                o3 = Vector512.FusedMultiplyAdd(pj, Vector512.LoadUnsafe(ref row, (nuint)(3 * width)), o3);
            }

            o0.StoreUnsafe(ref os, (nuint)c);
            o1.StoreUnsafe(ref os, (nuint)(c + width));
            o2.StoreUnsafe(ref os, (nuint)(c + (2 * width)));
            o3.StoreUnsafe(ref os, (nuint)(c + (3 * width)));
        }

        for (; c < d; c += width)
        {
            Vector512<float> o = accumulate ? Vector512.LoadUnsafe(ref os, (nuint)c) : default;
            for (int j = 0; j < n; j++)
            {
                o = Vector512.FusedMultiplyAdd(Vector512.Create(p[j]), Vector512.LoadUnsafe(ref vs, (nuint)((j * d) + c)), o);
            }

            o.StoreUnsafe(ref os, (nuint)c);
        }
    }
}
