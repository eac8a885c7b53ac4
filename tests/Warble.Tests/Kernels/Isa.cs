using Warble.Tensors.Simd;

namespace Warble.Tests.Kernels;

/// <summary>Calls a kernel's Scalar / 128 / 256 / 512 path by name, so every path is tested in-process.</summary>
internal static class Isa
{
    public const string Scalar = "Scalar";
    public const string V128 = "128";
    public const string V256 = "256";
    public const string V512 = "512";

    /// <summary>
    /// All four paths, whatever the CPU: a width it does not accelerate runs in software, which still
    /// checks that width's loop and tail logic (.NET leaves Vector512 unaccelerated on many AVX-512 CPUs).
    /// </summary>
    public static TheoryData<string> Paths() => new() { Scalar, V128, V256, V512 };

    public static void Unary<TOp>(string path, ReadOnlySpan<float> x, Span<float> destination)
        where TOp : IUnaryOperator
    {
        switch (path)
        {
            case V128: UnaryDriver.Apply128<TOp>(x, destination); break;
            case V256: UnaryDriver.Apply256<TOp>(x, destination); break;
            case V512: UnaryDriver.Apply512<TOp>(x, destination); break;
            default: UnaryDriver.ApplyScalar<TOp>(x, destination); break;
        }
    }

    public static void Binary<TOp>(string path, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
        where TOp : IBinaryOperator
    {
        switch (path)
        {
            case V128: BinaryDriver.Apply128<TOp>(x, y, destination); break;
            case V256: BinaryDriver.Apply256<TOp>(x, y, destination); break;
            case V512: BinaryDriver.Apply512<TOp>(x, y, destination); break;
            default: BinaryDriver.ApplyScalar<TOp>(x, y, destination); break;
        }
    }
}
