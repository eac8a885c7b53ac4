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

    [Theory]
    [InlineData(8, 8, false)]
    [InlineData(13, 33, false)]
    [InlineData(32, 384, false)]
    [InlineData(32, 384, true)]
    [InlineData(17, 41, true)]
    public void HalvesWidenExactlyOnTheWay(int rows, int cols, bool specials)
    {
        const int Pad = 5;
        int lds = cols + Pad, ldd = rows + Pad;
        ushort[] source = [.. GemmData.Random(rows * lds, rows * cols).Select(x => BitConverter.HalfToUInt16Bits((Half)x))];
        if (specials)
        {
            // Zeros, subnormals, infinities and NaNs, spread so that several 8×8 blocks take the general path.
            ushort[] odd = [0x0000, 0x8000, 0x0001, 0x83FF, 0x7C00, 0xFC00, 0x7E00, 0x7BFF, 0x0400];
            for (int i = 0; i < odd.Length; i++)
            {
                source[(i * 37) % source.Length] = odd[i];
            }
        }

        float[] fast = [.. Enumerable.Repeat(float.NaN, cols * ldd)];
        float[] scalar = (float[])fast.Clone();
        fixed (ushort* s = source)
        fixed (float* f = fast, r = scalar)
        {
            PanelTranspose.RunHalves(s, lds, rows, cols, f, ldd);
            PanelTranspose.ScalarHalves(s, lds, rows, cols, r, ldd);
        }

        for (int c = 0; c < cols; c++)
        {
            for (int i = 0; i < ldd; i++)
            {
                float expected = i < rows ? (float)BitConverter.UInt16BitsToHalf(source[(i * lds) + c]) : float.NaN;
                Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(scalar[(c * ldd) + i]));
                Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(fast[(c * ldd) + i]));
            }
        }
    }
}
