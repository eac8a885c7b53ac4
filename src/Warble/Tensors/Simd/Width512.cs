using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Warble.Tensors.Simd;

/// <summary>The 512-bit width of the width-generic kernels (<see cref="IVectorWidth{TVector}"/>).</summary>
internal readonly struct Width512 : IVectorWidth<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;

    [MethodImpl(Inline.Short)]
    public static Vector512<float> Create(float value) => Vector512.Create(value);

    [MethodImpl(Inline.Short)]
    public static Vector512<float> Load(ref float source, nuint index) => Vector512.LoadUnsafe(ref source, index);

    [MethodImpl(Inline.Short)]
    public static void Store(Vector512<float> value, ref float destination, nuint index) => value.StoreUnsafe(ref destination, index);

    [MethodImpl(Inline.Short)]
    public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

    [MethodImpl(Inline.Short)]
    public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;

    [MethodImpl(Inline.Short)]
    public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;

    [MethodImpl(Inline.Short)]
    public static Vector512<float> Divide(Vector512<float> a, Vector512<float> b) => a / b;

    [MethodImpl(Inline.Short)]
    public static Vector512<float> Clamp(Vector512<float> x, float min, float max) => Vector512.Min(Vector512.Max(x, Vector512.Create(min)), Vector512.Create(max));

    [MethodImpl(Inline.Short)]
    public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512Ops.MultiplyAdd(a, b, c);

    [MethodImpl(Inline.Short)]
    public static Vector512<float> FusedMultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);

    [MethodImpl(Inline.Short)]
    public static float Sum(Vector512<float> v) => Vector512Ops.Sum(v);

    [MethodImpl(Inline.Short)]
    public static float LaneSum(Vector512<float> v) => Vector512.Sum(v);

    [MethodImpl(Inline.Short)]
    public static Vector128<float> LaneSum4(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d) =>
        Vector512Ops.Sum4(a, b, c, d);

    [MethodImpl(Inline.Short)]
    public static Vector512<float> Invoke<TOp>(Vector512<float> x)
        where TOp : IUnaryOperator => TOp.Invoke(x);

    [MethodImpl(Inline.Short)]
    public static Vector512<float> Invoke<TOp>(Vector512<float> x, Vector512<float> y)
        where TOp : IBinaryOperator => TOp.Invoke(x, y);
}
