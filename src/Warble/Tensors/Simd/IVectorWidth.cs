using System.Runtime.Intrinsics;

namespace Warble.Tensors.Simd;

/// <summary>
/// One vector width as a type (<see cref="Width128"/>, <see cref="Width256"/>, <see cref="Width512"/>), so that a
/// kernel's loop is written once and the JIT compiles it per width, as in TensorPrimitives' drivers: every member is a
/// static call on a struct type argument, inlined away. <typeparamref name="TVector"/> is the width's float vector.
/// </summary>
internal interface IVectorWidth<TVector>
    where TVector : struct
{
    /// <summary>
    /// Floats per vector. Kernels use it where they need it rather than in a local: the JIT folds the call to a
    /// constant as it imports it, where a local is folded only later, and the AVX2 one-row Gemv loop with such a local
    /// kept its conversion constants inside the loop (1.1× slower).
    /// </summary>
    static abstract int Count { get; }

    static abstract TVector Create(float value);

    static abstract TVector Load(ref float source, nuint index);

    static abstract void Store(TVector value, ref float destination, nuint index);

    static abstract TVector Add(TVector a, TVector b);

    static abstract TVector Subtract(TVector a, TVector b);

    static abstract TVector Multiply(TVector a, TVector b);

    static abstract TVector Divide(TVector a, TVector b);

    /// <summary>
    /// x clamped to [<paramref name="min"/>, <paramref name="max"/>] as <c>Vector*.Min(Vector*.Max(x, min), max)</c>.
    /// The bounds are floats so that, passed as constants, the width's Min and Max see constants and compile to
    /// vmaxps and vminps (behind a vector argument they took the NaN- and zero-sign-exact sequence: 1.27× slower AVX2
    /// softmax when FastExp went through it).
    /// </summary>
    static abstract TVector Clamp(TVector x, float min, float max);

    /// <summary>a · b + c, fused where the width's FMA is (the <c>Vector*Ops.MultiplyAdd</c> of the width).</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);

    /// <summary>a · b + c, always fused (<c>Vector*.FusedMultiplyAdd</c>: in software where the CPU lacks FMA).</summary>
    static abstract TVector FusedMultiplyAdd(TVector a, TVector b, TVector c);

    /// <summary>Sum of the lanes in the width's <c>Vector*Ops.Sum</c> order.</summary>
    static abstract float Sum(TVector v);

    /// <summary>Sum of the lanes in the runtime's <c>Vector*.Sum</c> order (which kernels that use it keep, for their bits).</summary>
    static abstract float LaneSum(TVector v);

    /// <summary>[LaneSum(a), LaneSum(b), LaneSum(c), LaneSum(d)], in one transposed reduction where the width has one.</summary>
    static abstract Vector128<float> LaneSum4(TVector a, TVector b, TVector c, TVector d);

    static abstract TVector Invoke<TOp>(TVector x)
        where TOp : IUnaryOperator;

    static abstract TVector Invoke<TOp>(TVector x, TVector y)
        where TOp : IBinaryOperator;
}
