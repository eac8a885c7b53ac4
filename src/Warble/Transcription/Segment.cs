namespace Warble.Transcription;

/// <summary>
/// One transcribed segment, shaped like an entry of openai-whisper's <c>transcribe()</c>
/// <c>segments</c> (JSON keys <c>id, seek, start, end, text, tokens, temperature, avg_logprob,
/// compression_ratio, no_speech_prob, words</c>). Fields without meaning for a model are null and
/// omitted from JSON.
/// </summary>
/// <param name="Id">Index of the segment in the transcription.</param>
/// <param name="Seek">Mel frame (10 ms) where the window that produced it started.</param>
/// <param name="Start">Start time in seconds.</param>
/// <param name="End">End time in seconds.</param>
/// <param name="Text">Decoded text, with its leading space.</param>
/// <param name="Tokens">Model token ids; for Whisper they include the timestamp tokens.</param>
/// <param name="Temperature">Sampling temperature of the decode that produced it.</param>
/// <param name="AvgLogprob">Average log-probability of that decode's tokens.</param>
/// <param name="CompressionRatio">zlib compression ratio of that decode's text.</param>
/// <param name="NoSpeechProb">Probability of the no-speech token at the start of the window.</param>
/// <param name="Words">Word timings, when requested.</param>
public sealed record Segment(
    int Id,
    int Seek,
    double Start,
    double End,
    string Text,
    IReadOnlyList<int> Tokens,
    double? Temperature,
    double? AvgLogprob,
    double? CompressionRatio,
    double? NoSpeechProb,
    IReadOnlyList<Word>? Words)
{
    /// <summary>Parakeet: the encoder frame of each token.</summary>
    public IReadOnlyList<int>? TokenFrames { get; init; }

    /// <summary>Parakeet TDT: the duration (in frames) of each token.</summary>
    public IReadOnlyList<int>? TokenDurations { get; init; }
}
