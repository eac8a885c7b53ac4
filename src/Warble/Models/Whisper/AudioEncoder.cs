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

    /// <summary>Scratch for <see cref="Forward"/> planned for this encoder, to be kept by a caller that encodes window after window.</summary>
    public Scratch CreateScratch() => new(
        new float[InputFrames * 3 * Math.Max(dims.NMels, dims.NAudioState)],
        new float[InputFrames * dims.NAudioState],
        new BlockWorkspace(dims.NAudioCtx, dims.NAudioState, dims.NAudioHead));

    /// <summary>Encodes one window.</summary>
    /// <param name="mel">[n_mels, 2·n_audio_ctx], channel-major as <c>log_mel_spectrogram</c> returns it.</param>
    /// <param name="output">[n_audio_ctx, n_audio_state].</param>
    /// <param name="scratch">From <see cref="CreateScratch"/>, or null to plan one for this call.</param>
    public void Forward(ReadOnlySpan<float> mel, Span<float> output, Scratch? scratch = null)
    {
        using Int8Compute.Scope int8 = Int8Compute.Region();
        int frames = InputFrames;
        int nState = dims.NAudioState;
        if (mel.Length != dims.NMels * frames)
        {
            throw new ArgumentException($"the encoder takes a mel window of {dims.NMels}×{frames}, got {mel.Length} values");
        }

        (float[] patches, float[] hidden, BlockWorkspace workspace) = scratch ?? CreateScratch();
        conv1.Forward(mel, frames, channelMajor: true, patches, hidden, Activation.Gelu);
        Span<float> x = output[..(dims.NAudioCtx * nState)];
        conv2.Forward(hidden, frames, channelMajor: false, patches, x, Activation.Gelu);
        Nn.Add(x, positionalEmbedding);
        foreach (ResidualAttentionBlock block in blocks)
        {
            block.ForwardEncoder(x, dims.NAudioCtx, workspace);
        }

        Nn.LayerNorm(x, dims.NAudioCtx, lnPost, x);
    }

    /// <summary>The buffers of one <see cref="Forward"/>: conv patches, conv1's output, the blocks' workspace.</summary>
    internal sealed record Scratch(float[] Patches, float[] Hidden, BlockWorkspace Workspace);
}
