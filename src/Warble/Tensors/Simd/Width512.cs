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
    public static Vector512<float> Min(Vector512<float> a, Vector512<float> b) => Vector512.Min(a, b);

    [MethodImpl(Inline.Short)]
    public static Vector512<float> Max(Vector512<float> a, Vector512<float> b) => Vector512.Max(a, b);

    [MethodImpl(Inline.Short)]
    public static Vector512<float> Round(Vector512<float> x) => Vector512.Round(x);

    [MethodImpl(Inline.Short)]
    public static Vector512<float> LessThan(Vector512<float> a, Vector512<float> b) => Vector512.LessThan(a, b);

    [MethodImpl(Inline.Short)]
    public static Vector512<float> AndNot(Vector512<float> a, Vector512<float> mask) => Vector512.AndNot(a, mask);

    [MethodImpl(Inline.Short)]
    public static Vector512<float> PowerOfTwo(Vector512<float> n) => ((Vector512.ConvertToInt32(n) + Vector512.Create(127)) << 23).AsSingle();

    [MethodImpl(Inline.Short)]
    public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512Ops.MultiplyAdd(a, b, c);

    [MethodImpl(Inline.Short)]
    public static Vector512<float> FusedMultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);

    [MethodImpl(Inline.Short)]
    public static float Sum(Vector512<float> v) => Vector512Ops.Sum(v);

    [MethodImpl(Inline.Short)]
    public static float LaneSum(Vector512<float> v) => Vector512.Sum(v);

    [MethodImpl(Inline.Short)]
    public static Vector512<float> Invoke<TOp>(Vector512<float> x)
        where TOp : IUnaryOperator => TOp.Invoke(x);

    [MethodImpl(Inline.Short)]
    public static Vector512<float> Invoke<TOp>(Vector512<float> x, Vector512<float> y)
        where TOp : IBinaryOperator => TOp.Invoke(x, y);
}
