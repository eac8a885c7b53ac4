using Warble.Models.Parakeet;
using Warble.Tensors;

namespace Warble.Tests.Parakeet;

/// <summary>Which decoder heads a Parakeet model has: transducer, CTC (EncDecCTCModelBPE) or both (hybrid TDT/CTC).</summary>
public class ParakeetHeadsTests
{
    /// <summary>A small TDT model's dimensions, for random-weight models.</summary>
    internal static readonly ParakeetConfig Tdt = new(
        new ConformerEncoderConfig(16, 2, 32, 4, SubsamplingFactor: 4, SubsamplingConvChannels: 8),
        new RnntDecoderConfig(12, 16, 1),
        new RnntJointConfig(12, 3, 32, 16, 16),
        [0, 1, 2]);

    private static float[] Encoded(ParakeetModel model, int frames, out int outFrames, out int valid)
    {
        var random = new Random(5);
        float[] features = Enumerable.Range(0, 16 * frames).Select(_ => (float)random.NextDouble()).ToArray();
        outFrames = model.Encoder.OutputFrames(frames);
        var encoded = new float[outFrames * 32];
        valid = model.Encoder.Forward(features, frames, frames, encoded);
        return encoded;
    }

    [Fact]
    public void ACtcModelDecodesWithItsCtcHead()
    {
        ParakeetConfig config = Tdt with { Decoder = null, Joint = null, Durations = [], Ctc = new CtcHeadConfig(12, "decoder") };
        ParakeetModel model = ParakeetModel.Random(config, DType.F32, seed: 3);
        Assert.False(model.HasTransducer);
        Assert.Equal(12, model.VocabSize);
        float[] encoded = Encoded(model, 60, out int frames, out int valid);
        ParakeetHypothesis hyp = model.DecodeGreedy(encoded, frames, valid);
        Assert.Equal(model.Ctc!.Decode(encoded, frames, valid).Tokens, hyp.Tokens);
        Assert.NotEmpty(hyp.Tokens);
        Assert.All(hyp.Tokens, t => Assert.InRange(t, 0, 11));
        Assert.Throws<InvalidOperationException>(() => model.Joint);
    }

    [Fact]
    public void AHybridModelDecodesWithItsTransducerAndExposesItsCtcHead()
    {
        ParakeetModel hybrid = ParakeetModel.Random(Tdt with { Ctc = new CtcHeadConfig(12, "ctc_decoder") }, DType.F32, seed: 4);
        Assert.True(hybrid.HasTransducer);
        float[] encoded = Encoded(hybrid, 60, out int frames, out int valid);
        ParakeetHypothesis hyp = hybrid.DecodeGreedy(encoded, frames, valid);
        Assert.NotNull(hyp.TokenDurations);
        var tdt = new TdtGreedyDecoder(hybrid.Decoder, hybrid.Joint, Tdt.Durations, Tdt.MaxSymbols);
        Assert.Equal(tdt.Decode(encoded, frames, valid).Tokens, hyp.Tokens);
        CtcGreedyDecoder ctc = hybrid.Ctc!;
        Assert.Equal(12, ctc.BlankId);
        var logProbs = new float[frames * 13];
        ctc.LogProbs(encoded, frames, logProbs);
        for (int t = 0; t < frames; t++)
        {
            Assert.Equal(1.0, logProbs.AsSpan(t * 13, 13).ToArray().Sum(v => Math.Exp(v)), 4);
        }

        Assert.All(ctc.Decode(encoded, frames, valid).Tokens, token => Assert.InRange(token, 0, 11));
    }

    /// <summary>
    /// After <see cref="ParakeetModel.UseCtcHead"/> a hybrid model decodes with its CTC head, whole or fed in pieces;
    /// a model without one refuses, and a CTC model stays as it was.
    /// </summary>
    [Fact]
    public void UseCtcHeadSwitchesAHybridModelToItsCtcHead()
    {
        ParakeetModel hybrid = ParakeetModel.Random(Tdt with { Ctc = new CtcHeadConfig(12, "ctc_decoder") }, DType.F32, seed: 4);
        float[] encoded = Encoded(hybrid, 60, out int frames, out int valid);
        int[] transducerTokens = hybrid.DecodeGreedy(encoded, frames, valid).Tokens.ToArray();
        hybrid.UseCtcHead();
        Assert.True(hybrid.DecodesWithCtc);
        int[] ctcTokens = hybrid.Ctc!.Decode(encoded, frames, valid).Tokens.ToArray();
        Assert.NotEqual(transducerTokens, ctcTokens);
        ParakeetHypothesis whole = hybrid.DecodeGreedy(encoded, frames, valid);
        Assert.Equal(ctcTokens, whole.Tokens);
        Assert.Null(whole.TokenDurations);

        IGreedyDecoding pieces = hybrid.StartGreedy();
        int half = valid / 2;
        pieces.Accept(encoded.AsSpan(0, half * 32), half, final: false);
        pieces.Accept(encoded.AsSpan(half * 32, (valid - half) * 32), valid - half, final: true);
        Assert.Equal(ctcTokens, pieces.ToHypothesis().Tokens);

        ParakeetModel tdt = ParakeetModel.Random(Tdt, DType.F32, seed: 4);
        Assert.Throws<ArgumentException>(tdt.UseCtcHead);
        Assert.False(tdt.DecodesWithCtc);
        Assert.IsNotType<CtcGreedyDecoding>(tdt.StartGreedy());
    }

    [Fact]
    public void ACtcHeadOfAnotherVocabularyIsAFormatError() =>
        Assert.Throws<ModelFormatException>(() => ParakeetModel.Random(Tdt with { Ctc = new CtcHeadConfig(13, "ctc_decoder") }, DType.F32));

    [Fact]
    public void TheYamlNamesTheHeads()
    {
        const string Encoder = "encoder: {feat_in: 80, n_layers: 2, d_model: 64, n_heads: 4, subsampling_factor: 8}\n";
        ParakeetConfig ctc = ParakeetConfig.Parse(
            "target: nemo.collections.asr.models.ctc_bpe_models.EncDecCTCModelBPE\n" + Encoder + "decoder: {feat_in: 64, num_classes: 40}\n", "ctc.yaml");
        Assert.Equal((null, null, new CtcHeadConfig(40, "decoder")), (ctc.Decoder, ctc.Joint, ctc.Ctc));

        ParakeetConfig hybrid = ParakeetConfig.Parse(
            "target: nemo.collections.asr.models.hybrid_rnnt_ctc_bpe_models.EncDecHybridRNNTCTCBPEModel\n" + Encoder
            + "decoder: {vocab_size: 40, prednet: {pred_hidden: 32, pred_rnn_layers: 1}}\n"
            + "joint: {num_classes: 40, num_extra_outputs: 3, jointnet: {joint_hidden: 32}}\n"
            + "decoding: {model_type: tdt, durations: [0, 1, 2]}\n"
            + "aux_ctc: {decoder: {feat_in: 64, num_classes: 40}}\n", "hybrid.yaml");
        Assert.Equal(new CtcHeadConfig(40, "ctc_decoder"), hybrid.Ctc);
        Assert.Equal([0, 1, 2], hybrid.Durations);
        Assert.Equal(40, hybrid.Decoder!.VocabSize);
    }
}
