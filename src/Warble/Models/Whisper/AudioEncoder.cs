using Warble.Models.Common;
using Warble.Tensors.Gemm;
using Warble.Tensors.Gemm.Int8;

namespace Warble.Models.Whisper;

/// <summary>
/// As openai-whisper <c>AudioEncoder.forward</c>: GELU(conv1) → GELU(conv2, stride 2) → permute → + positional
/// embedding (the stored values, fp16-rounded in the checkpoints) → blocks → ln_post.
/// </summary>
internal sealed class AudioEncoder
{
    private readonly WhisperDimensions dims;
    private readonly WhisperConv1d conv1;
    private readonly WhisperConv1d conv2;
    private readonly float[] positionalEmbedding;
    private readonly ResidualAttentionBlock[] blocks;
    private readonly LayerNormWeights lnPost;

    public AudioEncoder(WeightSource source, WhisperDimensions dims)
    {
        this.dims = dims;
        var names = WhisperWeights.EncoderNames.Of(dims);
        conv1 = new WhisperConv1d(source, names.Conv1, stride: 1);
        conv2 = new WhisperConv1d(source, names.Conv2, stride: 2);
        positionalEmbedding = source.Floats(names.PositionalEmbedding);
        blocks = [.. names.Blocks.Select(b => new ResidualAttentionBlock(ResidualAttentionBlockWeights.Load(source, b), dims.NAudioHead))];
        lnPost = LayerNormWeights.Load(source, names.LnPost);
    }

    /// <summary>Mel frames the encoder takes: two per output position.</summary>
    public int InputFrames => dims.NAudioCtx * 2;

    /// <summary>
    /// Scratch for <see cref="Forward(ReadOnlySpan{float}, int, Span{float}, Scratch?)"/> of up to
    /// <paramref name="windows"/> windows, to be kept by a caller that encodes window after window.
    /// </summary>
    public Scratch CreateScratch(int windows = 1) => new(
        new float[InputFrames * 3 * Math.Max(dims.NMels, dims.NAudioState)],
        new float[InputFrames * dims.NAudioState],
        new BlockWorkspace(windows * dims.NAudioCtx, dims.NAudioState, dims.NAudioHead, cacheRows: dims.NAudioCtx),
        windows);

    /// <summary>Encodes one window.</summary>
    /// <param name="mel">[n_mels, 2·n_audio_ctx], channel-major as <c>log_mel_spectrogram</c> returns it.</param>
    /// <param name="output">[n_audio_ctx, n_audio_state].</param>
    /// <param name="scratch">From <see cref="CreateScratch"/>, or null to plan one for this call.</param>
    public void Forward(ReadOnlySpan<float> mel, Span<float> output, Scratch? scratch = null) => Forward(mel, 1, output, scratch);

    /// <summary>
    /// Encodes <paramref name="windows"/> windows in one pass, as faster-whisper's batched <c>encode</c>: the
    /// convolutions run window by window, then every block's products take all windows' frames at once (one weight
    /// read for the batch) and each window attends to itself.
    /// </summary>
    /// <param name="mels">[windows, n_mels, 2·n_audio_ctx].</param>
    /// <param name="output">[windows, n_audio_ctx, n_audio_state].</param>
    /// <param name="scratch">From <see cref="CreateScratch"/> for at least <paramref name="windows"/>, or null to plan one.</param>
    public void Forward(ReadOnlySpan<float> mels, int windows, Span<float> output, Scratch? scratch = null)
    {
        using Int8Compute.Scope int8 = Int8Compute.Region();
        int frames = InputFrames;
        int nState = dims.NAudioState, window = dims.NAudioCtx * nState;
        if (windows < 1 || mels.Length != windows * dims.NMels * frames)
        {
            throw new ArgumentException($"the encoder takes mel windows of {dims.NMels}×{frames}, got {mels.Length} values for {windows}");
        }

        scratch ??= CreateScratch(windows);
        if (scratch.Windows < windows)
        {
            throw new ArgumentException($"the scratch was planned for {scratch.Windows} windows, not {windows}");
        }

        Span<float> x = output[..(windows * window)];
        for (int w = 0; w < windows; w++)
        {
            conv1.Forward(mels.Slice(w * dims.NMels * frames, dims.NMels * frames), frames, channelMajor: true, scratch.Patches, scratch.Hidden, Activation.Gelu);
            Span<float> xw = x.Slice(w * window, window);
            conv2.Forward(scratch.Hidden, frames, channelMajor: false, scratch.Patches, xw, Activation.Gelu);
            Nn.Add(xw, positionalEmbedding);
        }

        foreach (ResidualAttentionBlock block in blocks)
        {
            block.ForwardEncoder(x, windows * dims.NAudioCtx, dims.NAudioCtx, scratch.Workspace);
        }

        Nn.LayerNorm(x, windows * dims.NAudioCtx, lnPost, x);
    }

    /// <summary>The buffers of one <see cref="Forward(ReadOnlySpan{float}, int, Span{float}, Scratch?)"/>: conv patches, conv1's output, the blocks' workspace.</summary>
    internal sealed record Scratch(float[] Patches, float[] Hidden, BlockWorkspace Workspace, int Windows);
}
