using Warble.Audio;

namespace Warble.Transcription;

/// <summary>Parakeet behind the front door (<see cref="ITranscriptionPipeline"/>): the model is shared, every run owns its decoder.</summary>
internal sealed partial class ParakeetTranscriber
{
    public string Architecture => "parakeet";

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
