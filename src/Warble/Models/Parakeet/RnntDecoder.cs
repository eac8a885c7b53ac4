using Warble.Models.Common;
using Warble.Tensors.Gemm;
using Warble.Tensors.Kernels;
using Warble.Tensors.Parallel;

namespace Warble.Models.Parakeet;

/// <summary>
/// As NeMo <c>RNNTDecoder.predict</c> (blank_as_pad): embed → LSTM layers (<c>dec_rnn.lstm</c>, PyTorch gate order
/// i, f, g, o). The blank id (= vocab_size) is the embedding's padding_idx, a zero vector; feeding it with a zero state
/// is the start-of-sequence step.
/// </summary>
internal sealed class RnntDecoder
{
    private readonly float[] embed;
    private readonly LinearWeights inputProjection0;
    private readonly LinearWeights hidden0;
    private readonly LinearWeights[] upperLayers;
    private readonly float[] inputGates0;
    private readonly bool[] inputGatesReady;

    public RnntDecoder(WeightSource source, RnntDecoderConfig config)
    {
        if (config.PredRnnLayers < 1 || config.PredHidden < 1 || config.VocabSize < 1)
        {
            throw new ModelFormatException($"{source.ModelName}: the prediction network needs at least one LSTM layer, a hidden size and a vocabulary ({config})");
        }

        Config = config;
        var names = ParakeetWeights.PredictionNames.Of(config);
        embed = source.Floats(names.Embed);

        // Layer 0's input is one of vocab + 1 embedding rows, so its gate term W_ih·x + b_ih + b_hh is computed once
        // per token on first use and kept (InputGates0): a step multiplies only W_hh·h there. Upper layers run one
        // fused [W_ih | W_hh] product each.
        LinearWeights input = LinearWeights.Load(source, names.Lstm[0].Input), recurrent = LinearWeights.Load(source, names.Lstm[0].Recurrent);
        var bias = new float[4 * config.PredHidden];
        Add.Apply(input.Bias, recurrent.Bias, bias);
        inputProjection0 = new LinearWeights(input.Weight, bias);
        hidden0 = new LinearWeights(recurrent.Weight, null);
        upperLayers = [.. names.Lstm.Skip(1).Select(l => Nn.FuseLstm(LinearWeights.Load(source, l.Input), LinearWeights.Load(source, l.Recurrent)))];
        inputGates0 = new float[(long)(config.VocabSize + 1) * 4 * config.PredHidden];
        inputGatesReady = new bool[config.VocabSize + 1];
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

        Nn.LstmCell([], hidden0, InputGates0(token), state.H[0], state.C[0], state.Gates);
        ReadOnlySpan<float> x = state.H[0];
        for (int l = 1; l <= upperLayers.Length; l++)
        {
            Nn.LstmCell(x, upperLayers[l - 1], state.H[l], state.C[l], state.Gates);
            x = state.H[l];
        }

        x.CopyTo(output);
    }

    /// <summary>
    /// <see cref="Predict"/> for several sequences at once: each layer's products run over all of them as one matrix
    /// product, so a weight read serves every sequence (NeMo's batched greedy decoding steps the prediction net over the
    /// batch the same way).
    /// </summary>
    /// <param name="tokens">One token per sequence.</param>
    /// <param name="states">The sequences' states, advanced in place.</param>
    /// <param name="output">[sequences, pred_hidden]: the last layer's outputs.</param>
    /// <param name="scratch">Reused between calls; grown as needed.</param>
    public void PredictBatch(ReadOnlySpan<int> tokens, IReadOnlyList<LstmState> states, Span<float> output, ref float[] scratch)
    {
        int n = tokens.Length, hidden = Config.PredHidden;
        if (states.Count != n || output.Length < n * hidden)
        {
            throw new ArgumentException($"{n} tokens need {n} states and [{n}, {hidden}] of output");
        }

        int need = n * 6 * hidden;
        if (scratch.Length < need)
        {
            scratch = new float[need];
        }

        Span<float> input = scratch.AsSpan(0, n * 2 * hidden), gates = scratch.AsSpan(n * 2 * hidden, n * 4 * hidden);
        for (int b = 0; b < n; b++)
        {
            if ((uint)tokens[b] > (uint)BlankId)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), tokens[b], $"token ids run from 0 to the blank {BlankId}");
            }

            InputGates0(tokens[b]).CopyTo(gates.Slice(b * 4 * hidden, 4 * hidden));
            states[b].H[0].CopyTo(input.Slice(b * hidden, hidden));
        }

        MatMul.MultiplyTransposed(input, hidden, n, hidden0.Weight, gates, 4 * hidden, default, accumulate: true, GemmSettings.Default);
        ApplyGates(0, n, scratch, n * 2 * hidden, 4 * hidden, states);
        for (int l = 1; l <= upperLayers.Length; l++)
        {
            for (int b = 0; b < n; b++)
            {
                states[b].H[l - 1].CopyTo(input.Slice(b * 2 * hidden, hidden));
                states[b].H[l].CopyTo(input.Slice((b * 2 * hidden) + hidden, hidden));
            }

            Nn.Linear(input, n, upperLayers[l - 1], gates);
            ApplyGates(l, n, scratch, n * 2 * hidden, 4 * hidden, states);
        }

        for (int b = 0; b < n; b++)
        {
            states[b].H[^1].CopyTo(output.Slice(b * hidden, hidden));
        }
    }

    /// <summary>
    /// The gates of layer <paramref name="layer"/> for n rows of <paramref name="width"/> (4H) from <paramref name="offset"/>
    /// in <paramref name="gates"/>, several rows over the pool: one thread applying eight rows' sigmoids and tanhs took a
    /// twentieth of a batched step.
    /// </summary>
    private static void ApplyGates(int layer, int n, float[] gates, int offset, int width, IReadOnlyList<LstmState> states)
    {
        var action = new GatesAction(layer, gates, offset, width, states);
        if (n == 1)
        {
            action.Invoke(0);
            return;
        }

        WorkerPool.Current.For(n, action);
    }

    private readonly struct GatesAction(int layer, float[] gates, int offset, int width, IReadOnlyList<LstmState> states) : IRangeAction
    {
        public void Invoke(int index) => LstmCell.ApplyGates(gates.AsSpan(offset + (index * width), width), states[index].H[layer], states[index].C[layer]);
    }

    /// <summary>W_ih·embed(token) + b_ih + b_hh of layer 0 (the blank's embedding is zero: the biases alone).</summary>
    private ReadOnlySpan<float> InputGates0(int token)
    {
        int width = 4 * Config.PredHidden;
        Span<float> row = inputGates0.AsSpan(token * width, width);
        if (!Volatile.Read(ref inputGatesReady[token]))
        {
            // Threads sharing the model may both compute a row; they write the same values.
            Nn.Linear(token == BlankId ? new float[Config.PredHidden] : embed.AsSpan(token * Config.PredHidden, Config.PredHidden), 1, inputProjection0, row);
            Volatile.Write(ref inputGatesReady[token], true);
        }

        return row;
    }
}
