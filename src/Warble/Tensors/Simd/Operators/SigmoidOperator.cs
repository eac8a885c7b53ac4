using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Warble.Tensors.Simd.Operators;

/// <summary>σ(x) = 1 / (1 + e^-x), as <c>torch.sigmoid</c>; e^-x overflows to ∞ for very negative x, giving 0.</summary>
internal readonly struct SigmoidOperator : IUnaryOperator
{
    [MethodImpl(Inline.Short)]
    public static float Invoke(float x) => 1f / (1f + MathF.Exp(-x));

    [MethodImpl(Inline.Short)]
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128<float>.One / (Vector128<float>.One + Vector128.Exp(-x));

    [MethodImpl(Inline.Short)]
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(-x));

    [MethodImpl(Inline.Short)]
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + Vector512.Exp(-x));
}
