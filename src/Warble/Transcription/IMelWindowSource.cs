namespace Warble.Transcription;

/// <summary>
/// The log-mel spectrogram of a whole file as openai-whisper's <c>transcribe</c> computes it
/// (<c>log_mel_spectrogram(audio, n_mels, padding=N_SAMPLES)</c>: 30 s of zero samples appended,
/// normalised over the whole padded signal), read one 30-s window at a time.
/// </summary>
internal interface IMelWindowSource
{
    /// <summary>Number of mel bins.</summary>
    int NMels { get; }

    /// <summary>Frames of real audio: <c>mel.shape[-1] - N_FRAMES</c>.</summary>
    int ContentFrames { get; }

    /// <summary>
    /// <c>pad_or_trim(mel[:, seek : seek + segmentSize], N_FRAMES)</c>: the frames, then zeros
    /// (in the log-mel domain) up to 3000, into <paramref name="destination"/> [n_mels, 3000].
    /// </summary>
    void ReadWindow(int seek, int segmentSize, Span<float> destination);

    /// <summary>
    /// <c>pad_or_trim(mel, N_FRAMES)</c>: the first 3000 frames of the padded spectrogram, padding
    /// included (the language-detection input), into <paramref name="destination"/> [n_mels, 3000].
    /// </summary>
    void ReadFirstFrames(Span<float> destination);
}
