using Warble.Tensors.Kernels;

namespace Warble.Models.Whisper;

/// <summary>
/// Per-window decoder state: a self-attention cache per layer and sequence, the audio keys/values per layer, and
/// scratch planned for the largest batch × prompt seen. Caches are created when a batch first needs them and are
/// recycled through a free list, so beam reordering copies only the caches that two beams now share. Sequences
/// attend to <see cref="Audio"/> unless <see cref="Reset(IReadOnlyList{KeyValueCache[]}, int)"/> gave each group of
/// them a window of its own (independent chunks decoded together).
/// </summary>
internal sealed class WhisperDecoderState
{
    private readonly WhisperDimensions dims;
    private readonly Stack<KeyValueCache[]> free = new();
    private readonly List<KeyValueCache[]> sequences = [];
    private readonly List<KeyValueCache[]?> audioOf = [];
    private BlockWorkspace? workspace;
    private float[] hidden = [];

    public WhisperDecoderState(WhisperDimensions dims)
    {
        this.dims = dims;
        Audio = CreateAudio(dims);
    }

    /// <summary>Empty audio keys/values for one window, [layer].</summary>
    public static KeyValueCache[] CreateAudio(WhisperDimensions dims)
    {
        var audio = new KeyValueCache[dims.NTextLayer];
        for (int i = 0; i < audio.Length; i++)
        {
            audio[i] = new KeyValueCache(dims.NTextHead, dims.NTextState / dims.NTextHead, dims.NAudioCtx);
        }

        return audio;
    }

    /// <summary>Sequences in use.</summary>
    public int Batch => sequences.Count;

    /// <summary>[layer]: the audio keys/values of the current window.</summary>
    public KeyValueCache[] Audio { get; }

    /// <summary>Tokens held by every sequence.</summary>
    public int Length => sequences.Count == 0 ? 0 : sequences[0][0].Length;

    /// <summary>Whether every sequence attends to <see cref="Audio"/> (one window, as beam search).</summary>
    public bool SharesAudio { get; private set; } = true;

    /// <summary>The caches of sequence <paramref name="sequence"/>, one per layer.</summary>
    public KeyValueCache[] Sequence(int sequence) => sequences[sequence];

    /// <summary>[layer]: the audio keys/values sequence <paramref name="sequence"/> attends to.</summary>
    public KeyValueCache[] AudioOf(int sequence) => audioOf[sequence] ?? Audio;

    /// <summary>Empties every cache and uses <paramref name="batch"/> sequences.</summary>
    public void Reset(int batch)
    {
        Clear();
        for (int b = 0; b < batch; b++)
        {
            Add(null);
        }
    }

    /// <summary>
    /// Empties every cache and uses <paramref name="rowsPerWindow"/> sequences for each window in
    /// <paramref name="windows"/> (each [layer]: that window's audio keys/values), in order.
    /// </summary>
    public void Reset(IReadOnlyList<KeyValueCache[]> windows, int rowsPerWindow)
    {
        Clear();
        foreach (KeyValueCache[] window in windows)
        {
            for (int r = 0; r < rowsPerWindow; r++)
            {
                Add(window);
            }
        }

        SharesAudio = false;
    }

    /// <summary>
    /// Sequence i continues from former sequence sourceIndices[i] (openai's <c>rearrange_kv_cache</c>), with its window;
    /// sequences not named are dropped (finished chunks leave the batch this way).
    /// </summary>
    public void Reorder(ReadOnlySpan<int> sourceIndices)
    {
        var used = new bool[sequences.Count];
        var next = new KeyValueCache[sourceIndices.Length][];
        var nextAudio = new KeyValueCache[]?[sourceIndices.Length];
        for (int i = 0; i < sourceIndices.Length; i++)
        {
            int source = sourceIndices[i];
            nextAudio[i] = audioOf[source];
            if (!used[source])
            {
                used[source] = true;
                next[i] = sequences[source];
                continue;
            }

            next[i] = Rent();
            for (int layer = 0; layer < next[i].Length; layer++)
            {
                next[i][layer].CopyFrom(sequences[source][layer]);
            }
        }

        for (int s = 0; s < sequences.Count; s++)
        {
            if (!used[s])
            {
                free.Push(sequences[s]);
            }
        }

        sequences.Clear();
        sequences.AddRange(next);
        audioOf.Clear();
        audioOf.AddRange(nextAudio);
    }

    internal BlockWorkspace Workspace(int rows)
    {
        if (workspace is null || workspace.MaxRows < rows)
        {
            workspace = new BlockWorkspace(Math.Max(rows, 8), dims.NTextState, dims.NTextHead);
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

    private void Clear()
    {
        foreach (KeyValueCache[] sequence in sequences)
        {
            free.Push(sequence);
        }

        sequences.Clear();
        audioOf.Clear();
        SharesAudio = true;
    }

    private void Add(KeyValueCache[]? audio)
    {
        KeyValueCache[] sequence = Rent();
        foreach (KeyValueCache cache in sequence)
        {
            cache.Clear();
        }

        sequences.Add(sequence);
        audioOf.Add(audio);
    }

    private KeyValueCache[] Rent()
    {
        if (free.TryPop(out KeyValueCache[]? sequence))
        {
            return sequence;
        }

        sequence = new KeyValueCache[dims.NTextLayer];
        for (int layer = 0; layer < sequence.Length; layer++)
        {
            sequence[layer] = new KeyValueCache(dims.NTextHead, dims.NTextState / dims.NTextHead, dims.NTextCtx);
        }

        return sequence;
    }
}
