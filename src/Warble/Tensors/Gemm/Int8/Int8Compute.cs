using Warble.Tensors.Simd;

namespace Warble.Tensors.Gemm.Int8;

/// <summary>
/// Whether the large products on this thread run in int8 (<see cref="ComputePrecision.Int8"/>): a call asks for it
/// (<see cref="Use"/>, set as <see cref="Parallel.WorkerPool.Use"/> sets its pool) and the encoders mark the products
/// it may apply to (<see cref="Region"/>); the products that feed the decoders' choices directly (the transducer's
/// encoder projection, the CTC head, Whisper's cross-attention keys) stay f32. Read by <see cref="MatMul"/> on the
/// calling thread.
/// </summary>
internal static class Int8Compute
{
    [ThreadStatic]
    private static bool t_requested;

    [ThreadStatic]
    private static bool t_region;

    /// <summary>Whether int8 is asked for, allowed here, and the machine has the instruction; otherwise products stay f32.</summary>
    public static bool Active => t_requested && t_region && VnniOps.IsSupported;

    /// <summary>This thread's products use <paramref name="precision"/> inside a <see cref="Region"/> until the scope is disposed.</summary>
    public static Scope Use(ComputePrecision precision)
    {
        bool previous = t_requested;
        t_requested = precision == ComputePrecision.Int8;
        return new Scope(region: false, previous);
    }

    /// <summary>Marks the products until the scope is disposed as ones int8 may run (an encoder's forward pass).</summary>
    public static Scope Region()
    {
        bool previous = t_region;
        t_region = true;
        return new Scope(region: true, previous);
    }

    public readonly struct Scope(bool region, bool previous) : IDisposable
    {
        public void Dispose()
        {
            if (region)
            {
                t_region = previous;
            }
            else
            {
                t_requested = previous;
            }
        }
    }
}
