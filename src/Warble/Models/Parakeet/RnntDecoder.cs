using Warble.Models.Common;

namespace Warble.Models.Parakeet;

/// <summary>
/// As NeMo <c>RNNTDecoder.predict</c> (blank_as_pad): embed → LSTM layers (<c>dec_rnn.lstm</c>, PyTorch gate order
/// i, f, g, o). The blank id (= vocab_size) is the embedding's padding_idx, a zero vector; feeding it with a zero state
/// is the start-of-sequence step.
/// </summary>
internal sealed class RnntDecoder
{
    private readonly float[] embed, blankEmbedding;
    private readonly LinearWeights[] layers;

    public RnntDecoder(WeightSource source, RnntDecoderConfig config)
    {
        Config = config;
        int hidden = config.PredHidden;
        embed = source.Floats("decoder.prediction.embed.weight", config.VocabSize + 1, hidden);
        blankEmbedding = new float[hidden];
        layers = new LinearWeights[config.PredRnnLayers];
        for (int l = 0; l < config.PredRnnLayers; l++)
        {
            string lstm = "decoder.prediction.dec_rnn.lstm";
            layers[l] = Nn.FuseLstm(
                new LinearWeights(source.Matrix($"{lstm}.weight_ih_l{l}", 4 * hidden, hidden), source.Floats($"{lstm}.bias_ih_l{l}", 4 * hidden)),
                new LinearWeights(source.Matrix($"{lstm}.weight_hh_l{l}", 4 * hidden, hidden), source.Floats($"{lstm}.bias_hh_l{l}", 4 * hidden)));
        }
    }

    public RnntDecoderConfig Config { get; }

    public int BlankId => Config.VocabSize;

    public LstmState CreateState() => new(Config.PredRnnLayers, Config.PredHidden);

    /// <summary>Feeds <paramref name="token"/> (the blank for the SOS step), advancing <paramref name="state"/>.</summary>
    /// <param name="output">[pred_hidden]: the last LSTM layer's output.</param>
    public void Predict(int token, LstmState state, Span<float> output)
    {
        if ((uint)token > (uint)BlankId)
        {
            throw new ArgumentOutOfRangeException(nameof(token), token, $"token ids run from 0 to the blank {BlankId}");
        }

        int hidden = Config.PredHidden;
        ReadOnlySpan<float> x = token == BlankId ? blankEmbedding : embed.AsSpan(token * hidden, hidden);
        for (int l = 0; l < layers.Length; l++)
        {
            Nn.LstmCell(x, layers[l], state.H[l], state.C[l], state.Gates);
            x = state.H[l];
        }

        x.CopyTo(output);
    }
}
