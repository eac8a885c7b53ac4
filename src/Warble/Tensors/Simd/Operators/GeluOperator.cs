using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Warble.Tensors.Simd.Operators;

/// <summary>GELU, exact form: 0.5 · x · (1 + erf(x / √2)), as PyTorch's default <c>nn.GELU()</c>.</summary>
internal readonly struct GeluOperator : IUnaryOperator
{
    private const float InvSqrt2 = 0.70710678118654752f;

    [MethodImpl(Inline.Short)]
    public static float Invoke(float x) => 0.5f * x * (1f + ErfOperator.Invoke(x * InvSqrt2));

    [MethodImpl(Inline.Short)]
    public static Vector128<float> Invoke(Vector128<float> x) =>
        Vector128.Create(0.5f) * x * (Vector128<float>.One + ErfOperator.Invoke(x * Vector128.Create(InvSqrt2)));

    [MethodImpl(Inline.Short)]
    public static Vector256<float> Invoke(Vector256<float> x) =>
        Vector256.Create(0.5f) * x * (Vector256<float>.One + ErfOperator.Invoke(x * Vector256.Create(InvSqrt2)));

    [MethodImpl(Inline.Short)]
    public static Vector512<float> Invoke(Vector512<float> x) =>
        Vector512.Create(0.5f) * x * (Vector512<float>.One + ErfOperator.Invoke(x * Vector512.Create(InvSqrt2)));
}
