using Warble.Tensors.Simd;

namespace Warble.Tensors.Gemm.Int8;

/// <summary>
/// Whether the large products on this thread run in int8 (<see cref="ComputePrecision.Int8"/>): set for a call as
/// <see cref="Parallel.WorkerPool.Use"/> sets its pool, read by <see cref="MatMul"/> on the calling thread.
/// </summary>
internal static class Int8Compute
{
    [ThreadStatic]
    private static bool t_requested;

    /// <summary>Whether this thread asked for int8 and the machine has the instruction; otherwise products stay f32.</summary>
    public static bool Active => t_requested && VnniOps.IsSupported;

    /// <summary>Products on this thread use <paramref name="precision"/> until the scope is disposed.</summary>
    public static Scope Use(ComputePrecision precision)
    {
        bool previous = t_requested;
        t_requested = precision == ComputePrecision.Int8;
        return new Scope(previous);
    }

    public readonly struct Scope(bool previous) : IDisposable
    {
        public void Dispose() => t_requested = previous;
    }
}
