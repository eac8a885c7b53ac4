using Warble.Cli.Commands;
using Warble.Models.Parakeet;
using Warble.Models.Whisper;

namespace Warble.Tests.Cli;

/// <summary>The products counted for the bench's f32 FLOP ceiling, against figures worked out by hand from the layer shapes.</summary>
public class EncoderFlopsTests
{
    /// <summary>Parakeet 0.6b on 60 s (6001 feature frames, 751 encoder frames): the 1071 GFLOP issue #25 quotes.</summary>
    [Fact]
    public void Parakeet06bOnAMinuteIsTheIssuesFigure()
    {
        double flops = EncoderFlops.Parakeet(ParakeetConfig.TdtV3.Encoder, 6001, 751, 751);
        Assert.InRange(flops / 1e9, 1069, 1073);
    }

    /// <summary>
    /// Whisper tiny over one window: conv1 3000·80·3·384 + conv2 1500·1152·384 multiply-adds, then per block the four
    /// 384² projections and the 384↔1536 MLP over 1500 frames, and Q·Kᵀ and P·V over 1500² pairs of 384 channels.
    /// </summary>
    [Fact]
    public void WhisperTinyCountsItsConvolutionsProjectionsAndAttention()
    {
        double convolutions = (3000.0 * 80 * 3 * 384) + (1500.0 * 1152 * 384);
        double block = (4 * 1500.0 * 384 * 384) + (2 * 1500.0 * 384 * 1536) + (2 * 1500.0 * 1500 * 384);
        Assert.Equal(2 * (convolutions + (4 * block)), EncoderFlops.Whisper(WhisperSizes.All["tiny"]), 1e-6 * 2 * (convolutions + (4 * block)));
    }
}
