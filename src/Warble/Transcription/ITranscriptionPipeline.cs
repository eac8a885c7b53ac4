namespace Warble.Transcription;

/// <summary>
/// What <see cref="Transcriber"/> needs of one architecture (Whisper or Parakeet), chosen once when the model is
/// loaded. Implementations share their weights between calls and give every call its own mutable state, so any
/// number of calls may run at once.
/// </summary>
internal interface ITranscriptionPipeline
{
    /// <summary>"whisper" or "parakeet".</summary>
    string Architecture { get; }

    /// <summary>Whether <see cref="TranscribeBatch"/> shares decoder steps between the recordings.</summary>
    bool SharesDecoderSteps { get; }

    /// <summary>Whether the model can translate into English (multilingual Whisper).</summary>
    bool SupportsTranslation { get; }

    /// <summary>A transcription of <paramref name="audio"/> that reads nothing until it is first advanced.</summary>
    TranscriptionRun Start(AudioInput audio, TranscribeOptions options, CancellationToken cancellationToken);

    /// <summary>The model's input features: Whisper's first 30 s window [n_mels, 3000], Parakeet's whole file [n_mels, frames].</summary>
    StageOutput Features(AudioInput audio, CancellationToken cancellationToken);

    /// <summary>The encoder output: Whisper's first window [n_audio_ctx, n_audio_state], Parakeet's whole file [frames, d_model].</summary>
    StageOutput Encode(AudioInput audio, CancellationToken cancellationToken);

    /// <summary>
    /// The decoder stage on an encoder output that <see cref="Encode"/> made: Whisper's one window (the segments of
    /// that window), Parakeet's whole recording.
    /// </summary>
    TranscriptionResult Decode(StageOutput encoded, TranscribeOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// Transcribes several recordings, each as <see cref="Start"/> would, sharing what the architecture can share between
    /// them (Parakeet: the decoder steps).
    /// </summary>
    IReadOnlyList<TranscriptionResult> TranscribeBatch(IReadOnlyList<AudioInput> inputs, TranscribeOptions options, CancellationToken cancellationToken);

    /// <summary>Audio that arrives in pieces; Parakeet only.</summary>
    ParakeetStream CreateStream(StreamingOptions options);
}
