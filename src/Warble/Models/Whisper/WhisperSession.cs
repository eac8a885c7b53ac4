using Warble.Models.Whisper.Decoding;
using Warble.Models.Whisper.Timing;
using Warble.Tensors.Gemm;
using Warble.Transcription;

namespace Warble.Models.Whisper;

/// <summary>
/// The decoder bound to one encoded window, as openai-whisper's <c>PyTorchInference</c> (self-attention caches per
/// sequence, cross-attention keys/values once per window), plus the hooked forward pass of <c>find_alignment</c>.
/// One call owns a session at a time (the window loop sees it as its <see cref="IWhisperModel"/>: each window encoded
/// rebinds it); the model's weights are shared.
/// </summary>
internal sealed class WhisperSession(WhisperModel model) : IWhisperDecoderSession, IWhisperAlignmentSession, IWhisperModel
{
    private readonly WhisperDecoderState state = new(model.Dims);
    private readonly float[] audioFeatures = new float[model.Dims.NAudioCtx * model.Dims.NAudioState];
    private readonly AudioEncoder.Scratch encoderScratch = model.Encoder.CreateScratch();
    private float[][] crossQueries = [];

    public int NVocab => model.Dims.NVocab;

    public int NAudioCtx => model.Dims.NAudioCtx;

    public int NTextCtx => model.Dims.NTextCtx;

    public int AlignmentHeadCount => model.AlignmentHeads.Count;

    /// <summary>The encoder output of the current window [n_audio_ctx, n_audio_state].</summary>
    public ReadOnlySpan<float> AudioFeatures => audioFeatures;

    /// <summary>Encodes <paramref name="mel"/> [n_mels, 3000], computes every layer's audio keys/values and returns this session bound to them.</summary>
    public IWhisperDecoderSession Encode(ReadOnlySpan<float> mel)
    {
        model.Encoder.Forward(mel, audioFeatures, encoderScratch);
        return Bind(audioFeatures);
    }

    /// <summary>Binds the session to an encoder output [n_audio_ctx, n_audio_state] computed elsewhere (the decode stage).</summary>
    public IWhisperDecoderSession Bind(ReadOnlySpan<float> encoded)
    {
        if (encoded.Length != audioFeatures.Length)
        {
            throw new ArgumentException($"the decoder takes an encoder output of {model.Dims.NAudioCtx}×{model.Dims.NAudioState} values, got {encoded.Length}");
        }

        encoded.CopyTo(audioFeatures);
        model.Guard.Check(audioFeatures);
        model.Decoder.SetAudio(audioFeatures, state);
        state.Reset(0);
        return this;
    }

    public void Reset(int batch) => state.Reset(batch);

    public void Forward(ReadOnlySpan<int> tokens, int batch, int count, ReadOnlySpan<int> logitPositions, Span<float> logits) =>
        model.Decoder.Forward(tokens, batch, count, logitPositions, logits, state);

    public void Reorder(ReadOnlySpan<int> sourceIndices) => state.Reorder(sourceIndices);

    /// <summary>One pass over the whole sequence; the alignment heads' q·kᵀ/√d_head are rebuilt from the captured queries.</summary>
    public void ForwardWithCrossAttention(ReadOnlySpan<int> tokens, Span<float> crossQk, ReadOnlySpan<int> logitPositions, Span<float> logits)
    {
        int count = tokens.Length, nState = model.Dims.NTextState, heads = model.Dims.NTextHead, dk = nState / heads;
        if (crossQueries.Length == 0 || crossQueries[0].Length < count * nState)
        {
            crossQueries = [.. Enumerable.Range(0, model.Dims.NTextLayer).Select(_ => new float[count * nState])];
        }

        state.Reset(1);
        model.Decoder.Forward(tokens, 1, count, logitPositions, logits, state, crossQueries);
        var query = new float[count * dk];
        float scale = 1f / MathF.Sqrt(dk);
        for (int i = 0; i < model.AlignmentHeads.Count; i++)
        {
            (int layer, int head) = (model.AlignmentHeads[i].Layer, model.AlignmentHeads[i].Head);
            for (int t = 0; t < count; t++)
            {
                crossQueries[layer].AsSpan((t * nState) + (head * dk), dk).CopyTo(query.AsSpan(t * dk, dk));
            }

            Span<float> qk = crossQk.Slice(i * count * NAudioCtx, count * NAudioCtx);
            MatMul.MultiplyTransposed(query, count, state.Audio[layer].Keys(head), qk);
            foreach (ref float v in qk)
            {
                v *= scale;
            }
        }
    }
}
