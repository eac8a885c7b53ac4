using System.Runtime.CompilerServices;

namespace Warble.Tensors;

/// <summary>
/// Inlining policy for kernels, as ImageSharp's <c>InliningOptions</c>: hot loops are optimized at once,
/// short helpers are inlined, throw paths are kept out of line. Defining <c>PROFILING</c> turns inlining
/// off so that profiles show every helper.
/// </summary>
internal static class Inline
{
#if PROFILING
    public const MethodImplOptions Hot = MethodImplOptions.NoInlining;

    public const MethodImplOptions Short = MethodImplOptions.NoInlining;
#else
    /// <summary>Kernel loops: full optimization on first call, no tier-0 detour.</summary>
    public const MethodImplOptions Hot = MethodImplOptions.AggressiveOptimization;

    /// <summary>Small per-vector helpers that must inline into the loops that call them.</summary>
    public const MethodImplOptions Short = MethodImplOptions.AggressiveInlining;
#endif

    /// <summary>Throw helpers and other cold paths, kept out of the callers' bodies.</summary>
    public const MethodImplOptions Cold = MethodImplOptions.NoInlining;
}
