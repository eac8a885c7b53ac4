using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Warble.Tensors.Simd.Operators;

/// <summary>max(x, 0), as <c>torch.nn.ReLU</c>.</summary>
internal readonly struct ReluOperator : IUnaryOperator
{
    [MethodImpl(Inline.Short)]
    public static float Invoke(float x) => x > 0f ? x : 0f;

    [MethodImpl(Inline.Short)]
    public static Vector128<float> Invoke(Vector128<float> x) => Vector128.Max(x, Vector128<float>.Zero);

    [MethodImpl(Inline.Short)]
    public static Vector256<float> Invoke(Vector256<float> x) => Vector256.Max(x, Vector256<float>.Zero);

    [MethodImpl(Inline.Short)]
    public static Vector512<float> Invoke(Vector512<float> x) => Vector512.Max(x, Vector512<float>.Zero);
}
