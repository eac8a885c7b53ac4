using System.Buffers;
using Warble.Models.Common;
using Warble.Tensors.Kernels;

namespace Warble.Models.Whisper;

/// <summary>
/// As openai-whisper <c>MultiHeadAttention</c>: q/k/v projections (key without bias), softmax(q·kᵀ/√d_head)·v per
/// head, out projection. Keys and values of past tokens or of the audio come in from the caller's caches.
/// </summary>
internal sealed class MultiHeadAttention(MultiHeadAttentionWeights weights, int nHead)
{
    public int NHead => nHead;

    public int NState => weights.Query.OutFeatures;

    /// <summary>
    /// Full self-attention within each run of <paramref name="sequenceRows"/> positions of <paramref name="rows"/>
    /// (the encoder; several windows encoded together share the projections, one product over all their rows).
    /// </summary>
    public void SelfAttention(ReadOnlySpan<float> x, int rows, int sequenceRows, BlockWorkspace ws, Span<float> output)
    {
        Nn.Linear(x, rows, weights.Query, ws.Query);
        Nn.Linear(x, rows, weights.Key, ws.Key);
        Nn.Linear(x, rows, weights.Value, ws.Value);
        int block = sequenceRows * NState;
        for (int start = 0; start < rows * NState; start += block)
        {
            ws.SelfCache.Clear();
            ws.SelfCache.Append(ws.Key.AsSpan(start, block), ws.Value.AsSpan(start, block));
            Attention.Apply(ws.Query.AsSpan(start, block), ws.SelfCache, default, causal: false, ws.Attended.AsSpan(start, block));
        }

        Nn.Linear(ws.Attended, rows, weights.Out, output);
    }

    /// <summary>
    /// Causal self-attention of <paramref name="count"/> new tokens of each of <paramref name="batch"/> sequences,
    /// appending their keys and values to each sequence's cache.
    /// </summary>
    public void CachedSelfAttention(ReadOnlySpan<float> x, int batch, int count, int layer, WhisperDecoderState state, BlockWorkspace ws, Span<float> output)
    {
        int rows = batch * count;
        Nn.Linear(x, rows, weights.Query, ws.Query);
        Nn.Linear(x, rows, weights.Key, ws.Key);
        Nn.Linear(x, rows, weights.Value, ws.Value);
        int block = count * NState;
        for (int b = 0; b < batch; b++)
        {
            KeyValueCache cache = state.Sequence(b)[layer];
            cache.Append(ws.Key.AsSpan(b * block, block), ws.Value.AsSpan(b * block, block));
            Attention.Apply(ws.Query.AsSpan(b * block, block), cache, default, causal: true, ws.Attended.AsSpan(b * block, block));
        }

        Nn.Linear(ws.Attended, rows, weights.Out, output);
    }

    /// <summary>Attention of <paramref name="rows"/> queries over precomputed audio keys/values.</summary>
    /// <param name="queryCapture">Empty, or receives the projected queries [rows, n_state] (word timestamps recompute
    /// the alignment heads' q·kᵀ from them, as openai's cross-attention hooks do).</param>
    public void CrossAttention(ReadOnlySpan<float> x, int rows, KeyValueCache audio, BlockWorkspace ws, Span<float> output, Span<float> queryCapture = default)
    {
        int n = rows * NState;
        Nn.Linear(x, rows, weights.Query, ws.Query);
        if (!queryCapture.IsEmpty)
        {
            ws.Query.AsSpan(0, n).CopyTo(queryCapture);
        }

        Attention.Apply(ws.Query.AsSpan(0, n), audio, default, causal: false, ws.Attended.AsSpan(0, n));
        Nn.Linear(ws.Attended, rows, weights.Out, output);
    }

    /// <summary>
    /// Cross-attention of <paramref name="count"/> new tokens of each of <paramref name="batch"/> sequences, each over
    /// its own window's audio keys/values: the projections run once over every row (one weight read for the batch),
    /// the attention per sequence.
    /// </summary>
    public void CrossAttention(ReadOnlySpan<float> x, int batch, int count, int layer, WhisperDecoderState state, BlockWorkspace ws, Span<float> output)
    {
        int rows = batch * count, block = count * NState;
        Nn.Linear(x, rows, weights.Query, ws.Query);
        for (int b = 0; b < batch; b++)
        {
            Attention.Apply(ws.Query.AsSpan(b * block, block), state.AudioOf(b)[layer], default, causal: false, ws.Attended.AsSpan(b * block, block));
        }

        Nn.Linear(ws.Attended, rows, weights.Out, output);
    }

    /// <summary>Projects the encoder output once per window into <paramref name="audio"/> (cross-attention keys/values).</summary>
    /// <remarks>
    /// The projections go through pooled buffers: fresh ones, 2 × frames × n_state floats a layer and window (18 MB a
    /// window for tiny, 490 MB for large), were large-object garbage every window (164 s with the tiny fixture: peak
    /// RSS 146 MB before, 138 MB after; same transcript).
    /// </remarks>
    public void ComputeAudioKeyValues(ReadOnlySpan<float> audioFeatures, int frames, KeyValueCache audio) =>
        ComputeAudioKeyValues(audioFeatures, frames, [audio]);

    /// <summary>
    /// As <see cref="ComputeAudioKeyValues(ReadOnlySpan{float}, int, KeyValueCache)"/> for several windows at once
    /// (<paramref name="audioFeatures"/> holds them back to back): one product over all their frames.
    /// </summary>
    public void ComputeAudioKeyValues(ReadOnlySpan<float> audioFeatures, int frames, ReadOnlySpan<KeyValueCache> audio)
    {
        int n = frames * NState, all = n * audio.Length;
        float[] keys = ArrayPool<float>.Shared.Rent(all), values = ArrayPool<float>.Shared.Rent(all);
        try
        {
            Nn.Linear(audioFeatures[..all], frames * audio.Length, weights.Key, keys);
            Nn.Linear(audioFeatures[..all], frames * audio.Length, weights.Value, values);
            for (int w = 0; w < audio.Length; w++)
            {
                audio[w].Clear();
                audio[w].Append(keys.AsSpan(w * n, n), values.AsSpan(w * n, n));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(keys);
            ArrayPool<float>.Shared.Return(values);
        }
    }
}
