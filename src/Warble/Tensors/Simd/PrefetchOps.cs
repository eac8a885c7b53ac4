using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Warble.Tensors.Simd;

/// <summary>Software prefetch (<c>prefetcht0</c>) for the kernels that hide their misses with it; a no-op elsewhere.</summary>
internal static unsafe class PrefetchOps
{
    /// <summary>Whether <see cref="Line"/> emits an instruction (kernels skip their prefetch loops where it does not).</summary>
    public static bool IsSupported => Sse.IsSupported;

    /// <summary>Fetches the cache line holding <paramref name="address"/> into every level; never faults.</summary>
    [MethodImpl(Inline.Short)]
    public static void Line(void* address)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(address);
        }
    }
}
