using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Warble.Tensors.Gemm;

/// <summary>
/// Per-thread pinned buffers for packed blocks, grown on demand and then reused, so a matrix product allocates
/// nothing once each pool thread has seen the largest block size. <see cref="Get"/> holds what one thread packs for
/// itself; <see cref="GetShared"/> what the calling thread prepares for every pool thread of one product (the packed
/// A block, the quantised activations), which it keeps alive by waiting for the loop.
/// </summary>
internal static unsafe class GemmScratch
{
    [ThreadStatic]
    private static float[]? t_buffer;

    [ThreadStatic]
    private static float[]? t_shared;

    /// <summary>A pinned buffer of at least <paramref name="length"/> floats, 64-byte aligned, owned by this thread.</summary>
    public static float* Get(int length) => Ensure(ref t_buffer, length);

    /// <summary>A second such buffer, distinct from <see cref="Get"/>'s, for data this thread shares with the pool.</summary>
    public static float* GetShared(int length) => Ensure(ref t_shared, length);

    private static float* Ensure(ref float[]? slot, int length)
    {
        float[]? buffer = slot;
        if (buffer is null || buffer.Length < length + 16)
        {
            buffer = GC.AllocateUninitializedArray<float>(length + 16, pinned: true);
            slot = buffer;
        }

        var start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (float*)((start + 63) & ~(nint)63);
    }
}
