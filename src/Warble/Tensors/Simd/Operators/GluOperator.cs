using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Warble.Tensors.Simd.Operators;

/// <summary>The gated linear unit's gate: a · σ(b), as <c>torch.nn.functional.glu</c>.</summary>
internal readonly struct GluOperator : IBinaryOperator
{
    [MethodImpl(Inline.Short)]
    public static float Invoke(float x, float y) => x * SigmoidOperator.Invoke(y);

    [MethodImpl(Inline.Short)]
    public static Vector128<float> Invoke(Vector128<float> x, Vector128<float> y) => x * SigmoidOperator.Invoke(y);

    [MethodImpl(Inline.Short)]
    public static Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x * SigmoidOperator.Invoke(y);

    [MethodImpl(Inline.Short)]
    public static Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x * SigmoidOperator.Invoke(y);
}
