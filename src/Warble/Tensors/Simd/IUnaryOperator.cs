using System.Runtime.Intrinsics;

namespace Warble.Tensors.Simd;

/// <summary>
/// An elementwise function y = f(x), written once per vector width, as TensorPrimitives'
/// <c>IUnaryOperator</c>. <see cref="UnaryDriver"/> runs it over spans.
/// </summary>
internal interface IUnaryOperator
{
    static abstract float Invoke(float x);

    static abstract Vector128<float> Invoke(Vector128<float> x);

    static abstract Vector256<float> Invoke(Vector256<float> x);

    static abstract Vector512<float> Invoke(Vector512<float> x);
}
