namespace Warble.Models.Whisper.Decoding;

/// <summary>
/// The outcome of one window's decode, as openai-whisper's <c>DecodingResult</c> (without
/// <c>audio_features</c>). <see cref="Tokens"/> are the sampled tokens, without the start
/// sequence and the final eot; <see cref="Text"/> is their decoded, stripped text.
/// </summary>
internal sealed record DecodingResult(
    string Language,
    IReadOnlyDictionary<string, double>? LanguageProbs,
    int[] Tokens,
    string Text,
    double AvgLogprob,
    double NoSpeechProb,
    double Temperature,
    double CompressionRatio);
