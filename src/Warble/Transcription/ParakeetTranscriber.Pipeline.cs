namespace Warble.Transcription;

/// <summary>Parakeet behind the front door (<see cref="ITranscriptionPipeline"/>): the model is shared, every run owns its decoder.</summary>
internal sealed partial class ParakeetTranscriber
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, Models.Parakeet.ConformerEncoder> localEncoders = new();

    public string Architecture => "parakeet";

    public bool SharesDecoderSteps => Model.DecodesInBatches;

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

    /// <summary>The whole recording's features, computed as transcribe computes them (spooled, normalised over all of it).</summary>
    public StageOutput Features(AudioInput audio, CancellationToken cancellationToken)
    {
        using IFeatureSource source = FeatureSource(audio, cancellationToken);
        return new StageOutput(ReadAll(source), [Preprocessor.Features, source.Frames]);
    }

    /// <summary>The whole recording's encoder output, from the same features transcribe encodes.</summary>
    public StageOutput Encode(AudioInput audio, CancellationToken cancellationToken)
    {
        using IFeatureSource source = FeatureSource(audio, cancellationToken);
        float[] encoded = source.Length == 0 ? [] : EncodeFeatures(ReadAll(source), source.Frames, source.Length, out int frames, cancellationToken);
        return new StageOutput(encoded, [encoded.Length / Model.Encoder.Config.DModel, Model.Encoder.Config.DModel]);
    }

    public TranscriptionResult Decode(StageOutput encoded, TranscribeOptions options, CancellationToken cancellationToken)
    {
        int d = Model.Encoder.Config.DModel;
        if (encoded.Shape is not [int frames, int width] || width != d || frames < 0 || encoded.Values.Length != (long)frames * width)
        {
            throw new ArgumentException($"the Parakeet decoder takes an encoder output of shape [frames, {d}], not [{string.Join(", ", encoded.Shape)}]");
        }

        cancellationToken.ThrowIfCancellationRequested();
        Models.Parakeet.IGreedyDecoding decoding = Model.StartGreedy();
        decoding.Accept(encoded.Values.AsSpan(0, frames * d), frames, final: true);
        List<Segment> segments = new ParakeetSegmenter(this, decoding, options.MaxSegmentSeconds).TakeFinal(final: true);
        return new TranscriptionResult(Tokenizer.Decode(decoding.ToHypothesis().Tokens), "", segments);
    }

    private float[] ReadAll(IFeatureSource source)
    {
        var features = new float[Preprocessor.Features * source.Frames];
        source.Read(0, source.Frames, features);
        return features;
    }

    /// <summary>The features of a whole recording, normalised over all of it, spooled so that only a window is in memory.</summary>
    public IFeatureSource FeatureSource(AudioInput audio, CancellationToken cancellationToken) =>
        FeatureSpool.Read(audio, Preprocessor, cancellationToken);
}
