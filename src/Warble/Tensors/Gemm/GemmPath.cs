namespace Warble.Tensors.Gemm;

/// <summary>The ISA path a matrix kernel runs on; tests force each one that the hardware supports.</summary>
internal enum GemmPath
{
    /// <summary>Vector128 with multiply-add estimate: portable, correct everywhere.</summary>
    Vector128,

    /// <summary>Vector256 with FMA (AVX2-class x64).</summary>
    Vector256,

    /// <summary>Vector512 with FMA (AVX-512F).</summary>
    Vector512,
}
