using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Warble.Tensors.Simd.Operators;

/// <summary>
/// SiLU / Swish: x · σ(x), as <c>torch.nn.SiLU</c> (NeMo's <c>Swish</c>), computed as x / (1 + e^-x): never a denormal
/// (e^-x overflows to ∞ in the scalar path, giving −0; the vector paths' <see cref="FastExp"/> stops at 1.65e38, giving at
/// least 87 / 1.65e38 in magnitude).
/// </summary>
internal readonly struct SiluOperator : IUnaryOperator
{
    [MethodImpl(Inline.Short)]
    public static float Invoke(float x) => x / (1f + MathF.Exp(-x));

    [MethodImpl(Inline.Short)]
    public static Vector128<float> Invoke(Vector128<float> x) => x / (Vector128<float>.One + FastExp.Exp(-x));

    [MethodImpl(Inline.Short)]
    public static Vector256<float> Invoke(Vector256<float> x) => x / (Vector256<float>.One + FastExp.Exp(-x));

    [MethodImpl(Inline.Short)]
    public static Vector512<float> Invoke(Vector512<float> x) => x / (Vector512<float>.One + FastExp.Exp(-x));
}
