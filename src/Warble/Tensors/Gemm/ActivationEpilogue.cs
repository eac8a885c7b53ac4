using System.Runtime.Intrinsics;
using Warble.Tensors.Simd;
using Warble.Tensors.Simd.Operators;

namespace Warble.Tensors.Gemm;

/// <summary>Applies an <see cref="Activation"/> in place to a block of C (the GEMM epilogue).</summary>
internal static unsafe class ActivationEpilogue
{
    /// <summary>C[r, j] = f(C[r, j]) for r in [0, <paramref name="rows"/>), j in [0, <paramref name="cols"/>).</summary>
    public static void Apply(Activation activation, float* c, nint ldc, int rows, int cols)
    {
        for (int r = 0; r < rows && activation != Activation.None; r++)
        {
            Apply(activation, new Span<float>(c + (r * ldc), cols));
        }
    }

    /// <summary>x = f(x).</summary>
    public static void Apply(Activation activation, Span<float> x)
    {
        switch (activation)
        {
            case Activation.None:
                break;
            case Activation.Swish:
                Run<SiluOperator>(x);
                break;
            case Activation.Gelu:
                Run<GeluOperator>(x);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, null);
        }
    }

    // 512-bit where the CPU has it, even if the runtime prefers 256 (SimdCapabilities.Vector512Fast): the exp and erf
    // polynomials are compute-bound, and the products around them run 512-bit anyway.
    private static void Run<TOp>(Span<float> row)
        where TOp : IUnaryOperator
        => UnaryDriver.ApplyAt<TOp>(row, row, SimdCapabilities.Vector512Fast ? Vector512<float>.Count : SimdCapabilities.AcceleratedLanes);
}
