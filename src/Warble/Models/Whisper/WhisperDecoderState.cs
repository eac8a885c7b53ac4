using Warble.Formats;
using Warble.Tensors.Kernels;

namespace Warble.Models.Whisper;

/// <summary>
/// Per-window decoder state: self-attention caches per layer and sequence (double-buffered for beam reordering),
/// the audio keys/values per layer, and scratch planned for the largest batch × prompt seen.
/// </summary>
internal sealed class WhisperDecoderState
{
    private readonly WhisperDimensions dims;
    private KeyValueCache[][] spare;
    private BlockWorkspace? workspace;
    private float[] hidden = [];

    public WhisperDecoderState(WhisperDimensions dims, int maxBatch)
    {
        this.dims = dims;
        MaxBatch = maxBatch;
        Self = NewCaches(dims, maxBatch);
        spare = NewCaches(dims, maxBatch);
        Audio = new KeyValueCache[dims.NTextLayer];
        for (int i = 0; i < Audio.Length; i++)
        {
            Audio[i] = new KeyValueCache(dims.NTextHead, dims.NTextState / dims.NTextHead, dims.NAudioCtx);
        }
    }

    public int MaxBatch { get; }

    /// <summary>[layer][sequence].</summary>
    public KeyValueCache[][] Self { get; private set; }

    /// <summary>[layer].</summary>
    public KeyValueCache[] Audio { get; }

    /// <summary>Empties every sequence's self-attention cache.</summary>
    public void ResetSequences()
    {
        foreach (KeyValueCache[] layer in Self)
        {
            foreach (KeyValueCache cache in layer)
            {
                cache.Clear();
            }
        }
    }

    /// <summary>Sequence i takes the cache of sequence sourceIndices[i] (openai's <c>rearrange_kv_cache</c>).</summary>
    public void Reorder(ReadOnlySpan<int> sourceIndices)
    {
        for (int layer = 0; layer < Self.Length; layer++)
        {
            for (int i = 0; i < sourceIndices.Length; i++)
            {
                spare[layer][i].CopyFrom(Self[layer][sourceIndices[i]]);
            }
        }

        (Self, spare) = (spare, Self);
    }

    internal BlockWorkspace Workspace(int rows)
    {
        if (workspace is null || workspace.MaxRows < rows)
        {
            workspace = new BlockWorkspace(Math.Max(rows, 8), dims.NTextState, dims.NTextCtx, dims.NTextHead);
        }

        return workspace;
    }

    internal Span<float> Hidden(int rows)
    {
        if (hidden.Length < rows * dims.NTextState)
        {
            hidden = new float[Math.Max(rows, 8) * dims.NTextState];
        }

        return hidden.AsSpan(0, rows * dims.NTextState);
    }

    private static KeyValueCache[][] NewCaches(WhisperDimensions dims, int batch)
    {
        var caches = new KeyValueCache[dims.NTextLayer][];
        for (int layer = 0; layer < caches.Length; layer++)
        {
            caches[layer] = new KeyValueCache[batch];
            for (int b = 0; b < batch; b++)
            {
                caches[layer][b] = new KeyValueCache(dims.NTextHead, dims.NTextState / dims.NTextHead, dims.NTextCtx);
            }
        }

        return caches;
    }
}
