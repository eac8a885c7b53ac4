using Warble.Models.Parakeet;

namespace Warble.Tests.Parakeet;

/// <summary>pre_encode run in pieces of output frames gives the whole input's result, masks included.</summary>
public class ConvSubsamplingPiecesTests
{
    [Theory]
    [InlineData("jfk", 1100, 1)]
    [InlineData("jfk", 1100, 7)]
    [InlineData("jfk", 1100, 16)]
    [InlineData("jfk", 1100, 137)]
    [InlineData("jfk", 517, 10)]
    [InlineData("espeak", 668, 3)]
    [InlineData("espeak", 0, 5)]
    public void PiecesGiveTheWholeResult(string stem, int length, int chunkRows)
    {
        float[] features = ParakeetGolden.Npy(stem, "features.npy", out int[] shape);
        ConvSubsampling preEncode = ParakeetGolden.Model.Value.Encoder.PreEncode;
        int rows = preEncode.OutputSize(shape[1]), d = ParakeetGolden.Model.Value.Encoder.Config.DModel;
        var whole = new float[rows * d];
        var pieces = new float[rows * d];
        int expected = preEncode.Forward(features, shape[1], length, whole, rows);
        Assert.Equal(expected, preEncode.Forward(features, shape[1], length, pieces, chunkRows));
        // Products of fewer rows may take other GEMM paths (one-row kernels), which round differently: float noise only.
        ParakeetGolden.AssertClose(whole, pieces, 2e-5f, $"{stem} pre_encode in pieces of {chunkRows}");
    }
}
