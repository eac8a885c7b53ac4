using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Warble.Tensors.Gemm;

/// <summary>
/// Per-thread pinned buffers for packed blocks, grown on demand and then reused, so a matrix product allocates
/// nothing once each pool thread has seen the largest block size.
/// </summary>
internal static unsafe class GemmScratch
{
    [ThreadStatic]
    private static float[]? t_buffer;

    /// <summary>A pinned buffer of at least <paramref name="length"/> floats, 64-byte aligned, owned by this thread.</summary>
    public static float* Get(int length)
    {
        float[]? buffer = t_buffer;
        if (buffer is null || buffer.Length < length + 16)
        {
            buffer = GC.AllocateUninitializedArray<float>(length + 16, pinned: true);
            t_buffer = buffer;
        }

        var start = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        return (float*)((start + 63) & ~(nint)63);
    }
}
