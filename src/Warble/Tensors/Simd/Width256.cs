using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Warble.Tensors.Simd;

/// <summary>The 256-bit width of the width-generic kernels (<see cref="IVectorWidth{TVector}"/>).</summary>
internal readonly struct Width256 : IVectorWidth<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;

    [MethodImpl(Inline.Short)]
    public static Vector256<float> Create(float value) => Vector256.Create(value);

    [MethodImpl(Inline.Short)]
    public static Vector256<float> Load(ref float source, nuint index) => Vector256.LoadUnsafe(ref source, index);

    [MethodImpl(Inline.Short)]
    public static void Store(Vector256<float> value, ref float destination, nuint index) => value.StoreUnsafe(ref destination, index);

    [MethodImpl(Inline.Short)]
    public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

    [MethodImpl(Inline.Short)]
    public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;

    [MethodImpl(Inline.Short)]
    public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;

    [MethodImpl(Inline.Short)]
    public static Vector256<float> Divide(Vector256<float> a, Vector256<float> b) => a / b;

    [MethodImpl(Inline.Short)]
    public static Vector256<float> Clamp(Vector256<float> x, float min, float max) => Vector256.Min(Vector256.Max(x, Vector256.Create(min)), Vector256.Create(max));

    [MethodImpl(Inline.Short)]
    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256Ops.MultiplyAdd(a, b, c);

    [MethodImpl(Inline.Short)]
    public static Vector256<float> FusedMultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);

    [MethodImpl(Inline.Short)]
    public static float Sum(Vector256<float> v) => Vector256Ops.Sum(v);

    [MethodImpl(Inline.Short)]
    public static float LaneSum(Vector256<float> v) => Vector256.Sum(v);

    [MethodImpl(Inline.Short)]
    public static Vector128<float> LaneSum4(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d) =>
        Vector256Ops.Sum4(a, b, c, d);

    [MethodImpl(Inline.Short)]
    public static Vector256<float> Invoke<TOp>(Vector256<float> x)
        where TOp : IUnaryOperator => TOp.Invoke(x);

    [MethodImpl(Inline.Short)]
    public static Vector256<float> Invoke<TOp>(Vector256<float> x, Vector256<float> y)
        where TOp : IBinaryOperator => TOp.Invoke(x, y);
}
