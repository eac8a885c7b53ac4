using Warble.Tensors.Gemm;
using Warble.Tensors.Kernels;
using static Warble.Tests.Kernels.KernelAssert;

namespace Warble.Tests.Kernels;

public unsafe class AttentionGemmTests
{
    [Theory]
    [InlineData(96, 64, 1500)]
    [InlineData(7, 64, 93)]
    [InlineData(5, 1500, 64)]
    [InlineData(3, 9, 17)]
    [InlineData(1, 1, 1)]
    public void MatchesReferenceWithStrides(int m, int k, int n)
    {
        if (GemmPaths.Best != GemmPath.Vector512)
        {
            return;
        }

        var rng = new Random(101);
        int lda = k + 3, ldb = n + 5, ldc = n + 2;
        float[] a = Random(rng, m * lda).Span.ToArray(), b = Random(rng, k * ldb).Span.ToArray();
        float[] expected = new float[m * ldc], actual = new float[m * ldc];
        fixed (float* pa = a, pb = b, pe = expected, pc = actual)
        {
            AttentionGemm.Reference(pa, lda, m, k, pb, ldb, n, pe, ldc);
            AttentionGemm.Multiply(pa, lda, m, k, pb, ldb, n, pc, ldc);
        }

        Close(expected, actual, 1e-4f, "product");
    }
}
