namespace Warble.Tensors;

/// <summary>
/// Tuning knobs of the kernels that measurements vary (the bench sets them from its own options or environment);
/// the library itself reads no environment variable. Set them before the work they should affect.
/// </summary>
internal static class KernelSettings
{
    /// <summary>
    /// How far ahead (in bytes) the streamed decode products prefetch weights; 0 turns prefetching off. 2–8 KB measured
    /// alike for the Whisper logits, 3–6 KB best for the Parakeet decode step (bench/results).
    /// </summary>
    public static int GemvPrefetchBytes { get; set; } = 4096;

    /// <summary>
    /// How long a pool helper that finished a job polls for the next before blocking, in microseconds: decode-time
    /// products come microseconds apart, and waking a blocked thread costs tens of microseconds on a virtual machine.
    /// 0 blocks at once (for machines where spinning costs more than it saves).
    /// </summary>
    public static int PoolSpinMicroseconds { get; set; } = 100;

    /// <summary>Reads WARBLE_GEMV_PREFETCH_BYTES and WARBLE_POOL_SPIN_US, for the bench and its measurements.</summary>
    public static void ApplyEnvironment()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("WARBLE_GEMV_PREFETCH_BYTES"), out int bytes) && bytes >= 0)
        {
            GemvPrefetchBytes = bytes;
        }

        if (int.TryParse(Environment.GetEnvironmentVariable("WARBLE_POOL_SPIN_US"), out int us) && us >= 0)
        {
            PoolSpinMicroseconds = us;
        }
    }
}
