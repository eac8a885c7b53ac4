using Warble.Audio;

namespace Warble.Transcription;

/// <summary>Parakeet behind the front door (<see cref="ITranscriptionPipeline"/>): the model is shared, every run owns its decoder.</summary>
internal sealed partial class ParakeetTranscriber
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, Models.Parakeet.ConformerEncoder> localEncoders = new();

    public string Architecture => "parakeet";

    /// <summary>
    /// The encoder a call runs: the model's own, or with local attention of <paramref name="localAttentionFrames"/> frames
    /// each side (NeMo's <c>change_attention_model("rel_pos_local_attn", [N, N])</c>), sharing the weights and made once per size.
    /// </summary>
    public Models.Parakeet.ConformerEncoder EncoderFor(int? localAttentionFrames) => localAttentionFrames is { } n
        ? localEncoders.GetOrAdd(n, frames => Model.Encoder.WithLocalAttention(frames, frames))
        : Model.Encoder;

    public bool SupportsTranslation => false;

    public TranscriptionRun Start(AudioInput audio, TranscribeOptions options, CancellationToken cancellationToken) =>
        new ParakeetRun(this, audio, options, cancellationToken);

    public StageOutput Features(AudioInput audio, CancellationToken cancellationToken)
    {
        float[] samples = AudioSamples.ReadAll(audio, cancellationToken);
        float[] features = Features(samples, out int frames);
        return new StageOutput(features, [features.Length / Math.Max(frames, 1), frames]);
    }

    public StageOutput Encode(AudioInput audio, CancellationToken cancellationToken)
    {
        float[] samples = AudioSamples.ReadAll(audio, cancellationToken);
        float[] encoded = Encode(samples, out int frames, cancellationToken);
        return new StageOutput(encoded, [frames, Model.Encoder.Config.DModel]);
    }

    /// <summary>The features of a whole recording, normalised over all of it, spooled so that only a window is in memory.</summary>
    public IFeatureSource FeatureSource(AudioInput audio, CancellationToken cancellationToken) =>
        FeatureSpool.Read(audio, Preprocessor, cancellationToken);
}
