using Warble.Models.Common;
using Warble.Tensors.Gemm;
using Warble.Tensors.Kernels;

namespace Warble.Models.Whisper;

/// <summary>
/// As openai-whisper <c>TextDecoder.forward</c>: token + learned position embeddings → blocks (causal self-attention
/// with a key/value cache, cross-attention over the window's audio features) → ln → logits tied to the token embedding.
/// The weights are shared; per-window state lives in a <see cref="WhisperDecoderState"/>.
/// </summary>
internal sealed class TextDecoder
{
    private readonly WhisperDimensions dims;
    private readonly WeightMatrix tokenEmbedding;
    private readonly float[] positionalEmbedding;
    private readonly ResidualAttentionBlock[] blocks;
    private readonly LayerNormWeights ln;

    public TextDecoder(WeightSource source, WhisperDimensions dims)
    {
        this.dims = dims;
        var names = WhisperWeights.DecoderNames.Of(dims);
        tokenEmbedding = source.Matrix(names.TokenEmbedding);
        positionalEmbedding = source.Floats(names.PositionalEmbedding);
        blocks = [.. names.Blocks.Select(b => new ResidualAttentionBlock(ResidualAttentionBlockWeights.Load(source, b), dims.NTextHead))];
        ln = LayerNormWeights.Load(source, names.Ln);
    }

    public WhisperDimensions Dims => dims;

    /// <summary>Computes every layer's cross-attention keys/values from the encoder output of one window.</summary>
    public void SetAudio(ReadOnlySpan<float> audioFeatures, WhisperDecoderState state)
    {
        for (int i = 0; i < blocks.Length; i++)
        {
            blocks[i].CrossAttn!.ComputeAudioKeyValues(audioFeatures, dims.NAudioCtx, state.Audio[i]);
        }
    }

    /// <summary>
    /// Computes the cross-attention keys/values of several windows at once (one product per layer over all their
    /// frames), window w's into <paramref name="windows"/>[w] (each [layer], from <see cref="WhisperDecoderState.CreateAudio"/>).
    /// </summary>
    /// <param name="audioFeatures">[windows, n_audio_ctx, n_audio_state].</param>
    public void SetAudio(ReadOnlySpan<float> audioFeatures, IReadOnlyList<KeyValueCache[]> windows)
    {
        var layer = new KeyValueCache[windows.Count];
        for (int i = 0; i < blocks.Length; i++)
        {
            for (int w = 0; w < layer.Length; w++)
            {
                layer[w] = windows[w][i];
            }

            blocks[i].CrossAttn!.ComputeAudioKeyValues(audioFeatures, dims.NAudioCtx, layer);
        }
    }

    /// <summary>
    /// Runs <paramref name="count"/> new tokens of each of <paramref name="batch"/> sequences and writes the logits of
    /// the rows at <paramref name="logitPositions"/> (relative to the new tokens) as [batch, positions, n_vocab].
    /// </summary>
    /// <param name="crossQueries">Null, or per layer a buffer receiving the cross-attention queries [batch·count, n_state].</param>
    public void Forward(ReadOnlySpan<int> tokens, int batch, int count, ReadOnlySpan<int> logitPositions, Span<float> logits,
        WhisperDecoderState state, float[][]? crossQueries = null)
    {
        int nState = dims.NTextState;
        int rows = batch * count;
        if (state.Batch != batch)
        {
            throw new ArgumentException($"the decoder state holds {state.Batch} sequences, not {batch}");
        }

        int offset = state.Length;
        if (offset + count > dims.NTextCtx)
        {
            throw new ArgumentException($"the decoder context holds {dims.NTextCtx} tokens; {offset} + {count} do not fit");
        }

        // The logit rows are gathered into the workspace: with one new token per sequence (English-only models start from
        // <|startoftranscript|> alone) the first pass still reads two positions of it, the no-speech and the first sample.
        BlockWorkspace ws = state.Workspace(Math.Max(rows, batch * logitPositions.Length));
        Span<float> x = state.Hidden(rows);
        for (int r = 0; r < rows; r++)
        {
            int token = tokens[r];
            if ((uint)token >= (uint)dims.NVocab)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), $"token {token} is outside the vocabulary of {dims.NVocab}");
            }

            Span<float> row = x.Slice(r * nState, nState);
            tokenEmbedding.DequantizeRow(token, row);
            Nn.Add(row, positionalEmbedding.AsSpan((offset + (r % count)) * nState, nState));
        }

        for (int i = 0; i < blocks.Length; i++)
        {
            blocks[i].ForwardDecoder(x, batch, count, i, state, ws, crossQueries is null ? default : crossQueries[i]);
        }

        int positions = logitPositions.Length;
        Span<float> selected = ws.Normed.AsSpan(0, batch * positions * nState);
        for (int b = 0; b < batch; b++)
        {
            for (int p = 0; p < positions; p++)
            {
                x.Slice(((b * count) + logitPositions[p]) * nState, nState).CopyTo(selected.Slice(((b * positions) + p) * nState, nState));
            }
        }

        Nn.LayerNorm(selected, batch * positions, ln, selected);
        MatMul.MultiplyTransposed(selected, batch * positions, tokenEmbedding, logits[..(batch * positions * dims.NVocab)]);
    }
}
