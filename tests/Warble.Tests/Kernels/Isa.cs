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

    /// <summary>Floats a vector on <paramref name="path"/>, the kernels' <c>ApplyAt</c> argument (1: scalar).</summary>
    public static int Lanes(string path) => path switch { V128 => 4, V256 => 8, V512 => 16, _ => 1 };

    public static void Unary<TOp>(string path, ReadOnlySpan<float> x, Span<float> destination)
        where TOp : IUnaryOperator
        => UnaryDriver.ApplyAt<TOp>(x, destination, Lanes(path));

    public static void Binary<TOp>(string path, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
        where TOp : IBinaryOperator
        => BinaryDriver.ApplyAt<TOp>(x, y, destination, Lanes(path));
}
