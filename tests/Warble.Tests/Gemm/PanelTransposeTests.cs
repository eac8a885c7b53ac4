using Warble.Tensors.Gemm;

namespace Warble.Tests.Gemm;

public sealed unsafe class PanelTransposeTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(4, 4)]
    [InlineData(6, 13)]
    [InlineData(8, 8)]
    [InlineData(12, 384)]
    [InlineData(13, 33)]
    [InlineData(32, 257)]
    public void MatchesTheScalarTwinAndLeavesTheRestAlone(int rows, int cols)
    {
        const int Pad = 3;
        int lds = cols + Pad, ldd = rows + Pad;
        float[] source = GemmData.Random(rows * lds, rows + cols);
        float[] fast = [.. Enumerable.Repeat(float.NaN, cols * ldd)];
        float[] scalar = (float[])fast.Clone();
        fixed (float* s = source, f = fast, r = scalar)
        {
            PanelTranspose.Run(s, lds, rows, cols, f, ldd);
            PanelTranspose.Scalar(s, lds, rows, cols, r, ldd);
        }

        for (int c = 0; c < cols; c++)
        {
            for (int i = 0; i < ldd; i++)
            {
                float expected = i < rows ? source[(i * lds) + c] : float.NaN;
                Assert.Equal(expected, scalar[(c * ldd) + i]);
                Assert.Equal(expected, fast[(c * ldd) + i]);
            }
        }
    }
}
