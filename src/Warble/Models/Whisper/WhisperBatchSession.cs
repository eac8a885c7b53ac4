using Warble.Models.Whisper.Decoding;
using Warble.Tensors.Kernels;

namespace Warble.Models.Whisper;

/// <summary>
/// Several independent windows encoded and decoded together, as faster-whisper's batched <c>generate_segment_batched</c>
/// (one CTranslate2 <c>encode</c> and <c>generate</c> over the batch): one encoder pass over all the windows, then
/// decoder passes shared by every window still decoding, so that each weight read serves a token of each. Every window
/// keeps its own self-attention caches, audio keys/values, stop, logit filters and timestamp rules (its own
/// <see cref="DecodingTask"/>); a window that finishes leaves the batch. Planned for a largest batch and reused.
/// </summary>
internal sealed class WhisperBatchSession
{
    private readonly WhisperModel model;
    private readonly WhisperDecoderState state;
    private readonly List<KeyValueCache[]> audio = [];
    private readonly AudioEncoder.Scratch scratch;
    private readonly float[] encoded;
    private int[] reorder = [];
    private int[] inputs = [];
    private float[] logits = [];

    public WhisperBatchSession(WhisperModel model, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.model = model;
        Capacity = capacity;
        state = new WhisperDecoderState(model.Dims);
        scratch = model.Encoder.CreateScratch(capacity);
        encoded = new float[capacity * model.Dims.NAudioCtx * model.Dims.NAudioState];
        for (int w = 0; w < capacity; w++)
        {
            audio.Add(WhisperDecoderState.CreateAudio(model.Dims));
        }
    }

    /// <summary>The most windows encoded at once.</summary>
    public int Capacity { get; }

    /// <summary>
    /// What one window of capacity holds, in bytes: the encoder block's activations (six rows of n_audio_state and
    /// the MLP's four), the encoder output, the audio keys and values of every decoder layer, and the caller's mel
    /// window. 45 MB for tiny, 72 MB for base, 577 MB for large-v3, whose audio keys and values are most of it.
    /// </summary>
    public static long BytesPerWindow(WhisperDimensions dims) => sizeof(float) * (
        ((long)dims.NAudioCtx * dims.NAudioState * 11)
        + (2L * dims.NTextLayer * dims.NAudioCtx * dims.NTextState)
        + ((long)dims.NMels * 3000));

    /// <summary>The encoder output of window <paramref name="window"/> of the last <see cref="Encode"/> [n_audio_ctx, n_audio_state].</summary>
    public ReadOnlySpan<float> Encoded(int window) =>
        encoded.AsSpan(window * model.Dims.NAudioCtx * model.Dims.NAudioState, model.Dims.NAudioCtx * model.Dims.NAudioState);

    /// <summary>Encodes <paramref name="windows"/> mel windows [windows, n_mels, 3000] and computes their audio keys/values.</summary>
    public void Encode(ReadOnlySpan<float> mels, int windows)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(windows, Capacity);
        int size = windows * model.Dims.NAudioCtx * model.Dims.NAudioState;
        model.Encoder.Forward(mels, windows, encoded, scratch);
        model.Guard.Check(encoded.AsSpan(0, size));
        model.Decoder.SetAudio(encoded.AsSpan(0, size), audio.GetRange(0, windows));
    }

    /// <summary>
    /// Runs each task on the window paired with it (of the last <see cref="Encode"/>), all in the same decoder passes.
    /// The tasks must feed as many initial tokens and decode as many rows each (the same options, as one batch of
    /// faster-whisper shares one prompt).
    /// </summary>
    public DecodingResult[] Decode(IReadOnlyList<(DecodingTask Task, int Window)> runs, CancellationToken cancellationToken)
    {
        int n = runs.Count;
        var lanes = new DecodingTask.Lane[n];
        var views = new LaneSession[n];
        for (int i = 0; i < n; i++)
        {
            views[i] = new LaneSession(this);
            lanes[i] = runs[i].Task.Start(views[i]);
            if (lanes[i].Rows != lanes[0].Rows || lanes[i].InitialLength != lanes[0].InitialLength)
            {
                throw new ArgumentException("the tasks of one batch must decode as many rows from as many initial tokens");
            }
        }

        int rows = lanes[0].Rows, length = lanes[0].InitialLength, nVocab = model.Dims.NVocab;
        reorder = Grown(reorder, n * rows);
        state.Reset([.. runs.Select(r => audio[r.Window])], rows);
        int[] input = inputs = Grown(inputs, n * rows * length);
        float[] logits = this.logits = Grown(this.logits, n * rows * 2 * nVocab);
        for (int i = 0; i < n; i++)
        {
            views[i].Offset = i * rows;
            lanes[i].WriteInitial(input.AsSpan(i * rows * length, rows * length));
        }

        cancellationToken.ThrowIfCancellationRequested();
        model.Decoder.Forward(input.AsSpan(0, n * rows * length), n * rows, length, lanes[0].InitialLogitPositions, logits.AsSpan(0, n * rows * 2 * nVocab), state);
        for (int i = 0; i < n; i++)
        {
            lanes[i].AcceptInitial(logits.AsSpan(i * rows * 2 * nVocab, rows * 2 * nVocab));
        }

        var active = new List<int>(n);
        for (int active0 = Compact(lanes, views, active); active0 > 0; active0 = Compact(lanes, views, active))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (int i in active)
            {
                lanes[i].WriteStep(input.AsSpan(views[i].Offset, rows));
            }

            model.Decoder.Forward(input.AsSpan(0, active0), active0, 1, [0], logits, state);
            foreach (int i in active)
            {
                lanes[i].Accept(logits.AsSpan(views[i].Offset * nVocab, rows * nVocab));
            }
        }

        return [.. lanes.Select(lane => lane.Finish())];
    }

    /// <summary>
    /// openai <c>decode_with_fallback</c> for windows [0, <paramref name="count"/>) of the last <see cref="Encode"/> at
    /// once: all decode at the first temperature, those whose result <paramref name="needsFallback"/> decode again
    /// together at the next, and so on. <paramref name="task"/> makes window w's decode at a temperature; windows whose
    /// prompts differ in length (<paramref name="promptLength"/>) decode in separate passes, as <see cref="Decode"/> needs.
    /// </summary>
    public DecodingResult[] DecodeWithFallback(int count, IReadOnlyList<double> temperatures, Func<int, double, DecodingTask> task,
        Func<int, DecodingResult, bool> needsFallback, Func<int, int> promptLength, CancellationToken cancellationToken)
    {
        var results = new DecodingResult[count];
        List<int> pending = [.. Enumerable.Range(0, count)];
        foreach (double t in temperatures)
        {
            foreach (IGrouping<int, int> sameLength in pending.GroupBy(promptLength))
            {
                List<(DecodingTask, int)> runs = [.. sameLength.Select(w => (task(w, t), w))];
                DecodingResult[] decoded = Decode(runs, cancellationToken);
                for (int k = 0; k < runs.Count; k++)
                {
                    results[runs[k].Item2] = decoded[k];
                }
            }

            pending.RemoveAll(w => !needsFallback(w, results[w]));
            if (pending.Count == 0)
            {
                break;
            }
        }

        return results;
    }

    /// <summary>
    /// <paramref name="buffer"/> when it holds <paramref name="length"/>, else a new one: the logits of a pass of beams
    /// are megabytes, allocated per call and per fallback temperature they made a server's heap swing by hundreds.
    /// </summary>
    private static T[] Grown<T>(T[] buffer, int length) => buffer.Length >= length ? buffer : new T[length];

    /// <summary>Drops the rows of finished lanes from the caches; lists the lanes left and returns their rows.</summary>
    private int Compact(DecodingTask.Lane[] lanes, LaneSession[] views, List<int> active)
    {
        int kept = 0;
        bool dropped = false;
        active.Clear();
        for (int i = 0; i < lanes.Length; i++)
        {
            if (views[i].Offset < 0)
            {
                continue;
            }

            if (lanes[i].Done)
            {
                views[i].Offset = -1;
                dropped = true;
                continue;
            }

            for (int r = 0; r < lanes[i].Rows; r++)
            {
                reorder[kept + r] = views[i].Offset + r;
            }

            views[i].Offset = kept;
            kept += lanes[i].Rows;
            active.Add(i);
        }

        if (dropped && kept > 0)
        {
            state.Reorder(reorder.AsSpan(0, kept));
        }

        return kept;
    }

    /// <summary>Beam search's cache reorders, taken from one lane's rows to the rows it holds in the batch.</summary>
    private void ReorderRows(int offset, ReadOnlySpan<int> sources)
    {
        for (int r = 0; r < state.Batch; r++)
        {
            reorder[r] = r;
        }

        for (int r = 0; r < sources.Length; r++)
        {
            reorder[offset + r] = offset + sources[r];
        }

        state.Reorder(reorder.AsSpan(0, state.Batch));
    }

    /// <summary>One lane's view of the batch: the token decoder only reorders its rows.</summary>
    private sealed class LaneSession(WhisperBatchSession owner) : IWhisperDecoderSession
    {
        /// <summary>The lane's first row in the batch, or −1 once it has left.</summary>
        public int Offset { get; set; }

        public int NVocab => owner.model.Dims.NVocab;

        public void Reset(int batch) => throw new NotSupportedException("a lane of a batch is reset by the batch");

        public void Forward(ReadOnlySpan<int> tokens, int batch, int count, ReadOnlySpan<int> logitPositions, Span<float> logits) =>
            throw new NotSupportedException("a lane of a batch runs in the batch's passes");

        public void Reorder(ReadOnlySpan<int> sourceIndices) => owner.ReorderRows(Offset, sourceIndices);
    }
}
