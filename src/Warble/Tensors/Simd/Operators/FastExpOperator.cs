using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Warble.Tensors.Simd.Operators;

/// <summary>exp(x) as <see cref="FastExp"/> computes it per width (MathF.Exp for single values).</summary>
internal readonly struct FastExpOperator : IUnaryOperator
{
    [MethodImpl(Inline.Short)]
    public static float Invoke(float x) => MathF.Exp(x);

    [MethodImpl(Inline.Short)]
    public static Vector128<float> Invoke(Vector128<float> x) => FastExp.Exp(x);

    [MethodImpl(Inline.Short)]
    public static Vector256<float> Invoke(Vector256<float> x) => FastExp.Exp(x);

    [MethodImpl(Inline.Short)]
    public static Vector512<float> Invoke(Vector512<float> x) => FastExp.Exp(x);
}
