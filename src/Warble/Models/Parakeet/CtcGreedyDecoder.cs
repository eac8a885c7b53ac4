using Warble.Models.Common;

namespace Warble.Models.Parakeet;

/// <summary>
/// NeMo <c>ConvASRDecoder</c> (a 1×1 Conv1d <c>{prefix}.decoder_layers.0</c>, feat_in → num_classes + 1, then
/// log_softmax) with greedy CTC decoding (<c>GreedyCTCInfer</c>): argmax per frame, repeats collapsed, blanks
/// (the last id) dropped. A token's timestep is the first frame of its run.
/// </summary>
internal sealed class CtcGreedyDecoder
{
    private readonly LinearWeights decoderLayer;

    public CtcGreedyDecoder(WeightSource source, int featIn, CtcHeadConfig config)
    {
        decoderLayer = LinearWeights.Load(source, ParakeetWeights.CtcHead(featIn, config));
        BlankId = config.NumClasses;
    }

    public int BlankId { get; }

    /// <summary>Per-frame log-probabilities [frames, num_classes + 1] of encoder output [frames, feat_in].</summary>
    public void LogProbs(ReadOnlySpan<float> encoder, int frames, Span<float> logProbs)
    {
        int classes = BlankId + 1;
        Nn.Linear(encoder, frames, decoderLayer, logProbs);
        for (int t = 0; t < frames; t++)
        {
            Nn.LogSoftmax(logProbs.Slice(t * classes, classes));
        }
    }

    /// <summary>Decodes encoder output [frames, feat_in] over its first <paramref name="length"/> frames, in one piece.</summary>
    public ParakeetHypothesis Decode(ReadOnlySpan<float> encoder, int frames, int length) =>
        new CtcGreedyDecoding(this).Decode(encoder, frames, length);
}
