namespace Warble.Server.Wire;

/// <summary>One segment of <see cref="TranscriptionVerboseJson"/>, with OpenAI's fields (openai-whisper's meaning).</summary>
internal sealed record TranscriptionSegment(int Id, int Seek, double Start, double End, string Text, IReadOnlyList<int> Tokens,
    double Temperature, double AvgLogprob, double CompressionRatio, double NoSpeechProb);
