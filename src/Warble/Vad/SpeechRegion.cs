namespace Warble.Vad;

/// <summary>A stretch of speech, [Start, End) in samples at 16 kHz (a faster-whisper speech timestamp dict).</summary>
internal readonly record struct SpeechRegion(int Start, int End)
{
    public double StartSeconds => Start / (double)SpeechDetector.SampleRate;

    public double EndSeconds => End / (double)SpeechDetector.SampleRate;

    public int Length => End - Start;
}
