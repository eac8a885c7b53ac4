namespace Warble;

/// <summary>
/// How audio that arrives in pieces is cut for the encoder (Parakeet): each pass encodes a window of left context,
/// a centre and right context, and only the centre's frames are decoded. The right context of one window is audio
/// the next window decodes, and the end of its centre becomes that window's left context. Words come out once the
/// centre plus right context has arrived, so the delay is about <see cref="ChunkSeconds"/> +
/// <see cref="RightContextSeconds"/>; more context costs more encoder time per second of audio.
/// </summary>
public sealed record StreamingOptions
{
    /// <summary>Seconds decoded per encoder pass (the centre).</summary>
    public double ChunkSeconds { get; init; } = 4;

    /// <summary>Seconds of already decoded audio each pass sees before its centre.</summary>
    public double LeftContextSeconds { get; init; } = 6;

    /// <summary>Seconds of audio each pass sees after its centre, decoded by the next pass.</summary>
    public double RightContextSeconds { get; init; } = 2;

    /// <summary>
    /// Pass on only the speech Silero VAD finds, cut exactly as <see cref="TranscribeOptions.Vad"/> cuts a whole
    /// recording, with every time taken back to the audio received. A sample is decoded once it is sure to be speech:
    /// at once inside speech, up to twice <see cref="VadOptions.SpeechPadMs"/> later at the end of a region. Null (the
    /// default) decodes everything.
    /// </summary>
    public VadOptions? Vad { get; init; }

    /// <summary>Receives, after each piece of audio, the seconds decoded out of the seconds received.</summary>
    public IProgress<TranscriptionProgress>? Progress { get; init; }
}
