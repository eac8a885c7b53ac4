namespace Warble.Server.Transcriptions;

/// <summary>Hands each decoded segment of a transcription's progress reports to a callback (streamed answers).</summary>
internal sealed class SegmentProgress(Action<Warble.Transcription.Segment> onSegment) : IProgress<TranscriptionProgress>
{
    public void Report(TranscriptionProgress value)
    {
        if (value.Segment is { } segment)
        {
            onSegment(segment);
        }
    }
}
