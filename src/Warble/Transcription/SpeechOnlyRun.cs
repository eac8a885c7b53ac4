using Warble.Vad;

namespace Warble.Transcription;

/// <summary>
/// A transcription of the speech only (<see cref="TranscribeOptions.Vad"/>): the first step finds the speech
/// (<see cref="SpeechOnlyAudio"/>), the pipeline transcribes the joined regions, and every time in the segments it yields
/// is taken back to the recording as faster-whisper's <c>restore_speech_timestamps</c> does (a word by the region
/// holding its middle; a segment by its words, or by its own times when it has none).
/// </summary>
internal sealed class SpeechOnlyRun(ITranscriptionPipeline pipeline, AudioInput audio, TranscribeOptions options, CancellationToken cancellationToken)
    : TranscriptionRun
{
    private SpeechOnlyAudio? speech;
    private TranscriptionRun? inner;

    public override bool MoveNext()
    {
        if (speech is null)
        {
            speech = SpeechOnlyAudio.Detect(audio, options.Vad!, cancellationToken);
            Progress = new TranscriptionProgress(0, speech.Seconds);
            if (speech.Regions.Count == 0)
            {
                Progress = new TranscriptionProgress(speech.Seconds, speech.Seconds);
                return false;
            }

            inner = pipeline.Start(speech.Speech, options with { Vad = null }, cancellationToken);
        }

        if (inner is null || !inner.MoveNext())
        {
            Progress = new TranscriptionProgress(speech.Seconds, speech.Seconds);
            return false;
        }

        Current = Restore(inner.Current, speech.Map);
        Progress = new TranscriptionProgress(Math.Min(Current.End, speech.Seconds), speech.Seconds);
        return true;
    }

    public override TranscriptionResult ToResult(IReadOnlyList<Segment> segments) =>
        inner?.ToResult(segments) ?? new TranscriptionResult("", options.Language ?? "", segments);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner?.Dispose();
            speech?.Dispose();
        }
    }

    /// <summary>A segment's times in the joined speech → the recording's (by its words when it has them).</summary>
    internal static Segment Restore(Segment segment, SpeechTimestampsMap map)
    {
        if (segment.Words is { Count: > 0 } words)
        {
            var restored = words.Select(w => Restore(w, map)).ToList();
            return segment with { Start = restored[0].Start, End = restored[^1].End, Words = restored };
        }

        return segment with { Start = map.GetOriginalTime(segment.Start), End = map.GetOriginalTime(segment.End, isEnd: true) };
    }

    /// <summary>A word's times in the joined speech → the recording's, both by the region holding its middle.</summary>
    internal static Word Restore(Word word, SpeechTimestampsMap map)
    {
        int chunk = map.GetChunkIndex((word.Start + word.End) / 2);
        return word with { Start = map.GetOriginalTime(word.Start, chunk), End = map.GetOriginalTime(word.End, chunk) };
    }
}
