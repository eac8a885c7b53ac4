using System.Runtime.Intrinsics;

namespace Warble.Tensors.Simd;

/// <summary>An elementwise function z = f(x, y); <see cref="BinaryDriver"/> runs it over spans.</summary>
internal interface IBinaryOperator
{
    static abstract float Invoke(float x, float y);

    static abstract Vector128<float> Invoke(Vector128<float> x, Vector128<float> y);

    static abstract Vector256<float> Invoke(Vector256<float> x, Vector256<float> y);

    static abstract Vector512<float> Invoke(Vector512<float> x, Vector512<float> y);
}
