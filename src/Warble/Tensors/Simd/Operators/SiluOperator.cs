using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Warble.Tensors.Simd.Operators;

/// <summary>SiLU / Swish: x · σ(x), as <c>torch.nn.SiLU</c> (NeMo's <c>Swish</c>).</summary>
internal readonly struct SiluOperator : IUnaryOperator
{
    [MethodImpl(Inline.Short)]
    public static float Invoke(float x) => x * SigmoidOperator.Invoke(x);

    [MethodImpl(Inline.Short)]
    public static Vector128<float> Invoke(Vector128<float> x) => x * SigmoidOperator.Invoke(x);

    [MethodImpl(Inline.Short)]
    public static Vector256<float> Invoke(Vector256<float> x) => x * SigmoidOperator.Invoke(x);

    [MethodImpl(Inline.Short)]
    public static Vector512<float> Invoke(Vector512<float> x) => x * SigmoidOperator.Invoke(x);
}
