using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Warble.Tensors.Simd.Operators;

/// <summary>
/// σ(x) = 1 / (1 + e^-x), as <c>torch.sigmoid</c>, with x floored at −87 so that the smallest result is about 1.6e-38,
/// a normal float: denormals would cost microcode assists in every product after. The vector paths use
/// <see cref="FastExp"/>.
/// </summary>
internal readonly struct SigmoidOperator : IUnaryOperator
{
    private const float Floor = -87f;

    [MethodImpl(Inline.Short)]
    public static float Invoke(float x) => 1f / (1f + MathF.Exp(-Math.Max(x, Floor)));

    [MethodImpl(Inline.Short)]
    public static Vector128<float> Invoke(Vector128<float> x) =>
        Vector128<float>.One / (Vector128<float>.One + FastExp.Exp(-Vector128.Max(x, Vector128.Create(Floor))));

    [MethodImpl(Inline.Short)]
    public static Vector256<float> Invoke(Vector256<float> x) =>
        Vector256<float>.One / (Vector256<float>.One + FastExp.Exp(-Vector256.Max(x, Vector256.Create(Floor))));

    [MethodImpl(Inline.Short)]
    public static Vector512<float> Invoke(Vector512<float> x) =>
        Vector512<float>.One / (Vector512<float>.One + FastExp.Exp(-Vector512.Max(x, Vector512.Create(Floor))));
}
