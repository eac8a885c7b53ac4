using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Warble.Tensors.Simd;

/// <summary>The 128-bit width of the width-generic kernels (<see cref="IVectorWidth{TVector}"/>).</summary>
internal readonly struct Width128 : IVectorWidth<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;

    [MethodImpl(Inline.Short)]
    public static Vector128<float> Create(float value) => Vector128.Create(value);

    [MethodImpl(Inline.Short)]
    public static Vector128<float> Load(ref float source, nuint index) => Vector128.LoadUnsafe(ref source, index);

    [MethodImpl(Inline.Short)]
    public static void Store(Vector128<float> value, ref float destination, nuint index) => value.StoreUnsafe(ref destination, index);

    [MethodImpl(Inline.Short)]
    public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;

    [MethodImpl(Inline.Short)]
    public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;

    [MethodImpl(Inline.Short)]
    public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;

    [MethodImpl(Inline.Short)]
    public static Vector128<float> Divide(Vector128<float> a, Vector128<float> b) => a / b;

    [MethodImpl(Inline.Short)]
    public static Vector128<float> Clamp(Vector128<float> x, float min, float max) => Vector128.Min(Vector128.Max(x, Vector128.Create(min)), Vector128.Create(max));

    [MethodImpl(Inline.Short)]
    public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128Ops.MultiplyAdd(a, b, c);

    [MethodImpl(Inline.Short)]
    public static Vector128<float> FusedMultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.FusedMultiplyAdd(a, b, c);

    [MethodImpl(Inline.Short)]
    public static float Sum(Vector128<float> v) => Vector128Ops.Sum(v);

    [MethodImpl(Inline.Short)]
    public static float LaneSum(Vector128<float> v) => Vector128.Sum(v);

    [MethodImpl(Inline.Short)]
    public static Vector128<float> LaneSum4(Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d) =>
        Vector128.Create(Vector128.Sum(a), Vector128.Sum(b), Vector128.Sum(c), Vector128.Sum(d));

    [MethodImpl(Inline.Short)]
    public static Vector128<float> Invoke<TOp>(Vector128<float> x)
        where TOp : IUnaryOperator => TOp.Invoke(x);

    [MethodImpl(Inline.Short)]
    public static Vector128<float> Invoke<TOp>(Vector128<float> x, Vector128<float> y)
        where TOp : IBinaryOperator => TOp.Invoke(x, y);
}
