using Warble.Models.Whisper.Timing;

namespace Warble.Transcription;

/// <summary>
/// The <c>hallucination_silence_threshold</c> branch of openai <c>transcribe</c>: anomalous words
/// (very short, very long or improbable) surrounded by silence are skipped.
/// </summary>
internal sealed partial class WhisperTranscriber
{
    private const string HallucinationPunctuation = "\"'\u201c\u00bf([{-\"'.\u3002,\uff0c!\uff01?\uff1f:\uff1a\u201d)]}\u3001";

    /// <summary>Adjusts the seek and drops segments; returns true when the window is skipped entirely.</summary>
    private static bool SkipHallucinations(
        LoopState state, List<TimedSegment> segments, double threshold, bool singleTimestampEnding,
        int previousSeek, int segmentSize, double timeOffset, double windowEndTime, double segmentDuration)
    {
        if (!singleTimestampEnding && GetEnd(segments) is { } lastWordEnd && lastWordEnd > timeOffset)
        {
            double remainingDuration = windowEndTime - lastWordEnd;
            state.Seek = remainingDuration > threshold
                ? (int)Math.Round(lastWordEnd * FramesPerSecond, MidpointRounding.ToEven)
                : previousSeek + segmentSize;
        }

        // if the first segment might be a hallucination, skip leading silence
        var firstSegment = segments.FirstOrDefault(s => s.Words is { Count: > 0 });
        if (firstSegment is not null && IsSegmentAnomaly(firstSegment))
        {
            double gap = firstSegment.Start - timeOffset;
            if (gap > threshold)
            {
                state.Seek = previousSeek + (int)Math.Round(gap * FramesPerSecond, MidpointRounding.ToEven);
                return true;
            }
        }

        // skip silence before any possible hallucination that is surrounded by silence or more hallucinations
        double halLastEnd = state.LastSpeechTimestamp;
        for (int si = 0; si < segments.Count; si++)
        {
            var segment = segments[si];
            if (segment.Words is not { Count: > 0 })
            {
                continue;
            }

            if (IsSegmentAnomaly(segment))
            {
                var nextSegment = segments.Skip(si + 1).FirstOrDefault(s => s.Words is { Count: > 0 });
                double halNextStart = nextSegment is not null ? nextSegment.Words![0].Start : timeOffset + segmentDuration;
                bool silenceBefore = segment.Start - halLastEnd > threshold || segment.Start < threshold || segment.Start - timeOffset < 2.0;
                bool silenceAfter = halNextStart - segment.End > threshold || IsSegmentAnomaly(nextSegment) || windowEndTime - segment.End < 2.0;
                if (silenceBefore && silenceAfter)
                {
                    state.Seek = (int)Math.Round(Math.Max(timeOffset + 1, segment.Start) * FramesPerSecond, MidpointRounding.ToEven);
                    if (state.ContentDuration - segment.End < threshold)
                    {
                        state.Seek = state.ContentFrames;
                    }

                    segments.RemoveRange(si, segments.Count - si);
                    break;
                }
            }

            halLastEnd = segment.End;
        }

        return false;
    }

    /// <summary>openai <c>word_anomaly_score</c>.</summary>
    private static double WordAnomalyScore(WordTimestamp word)
    {
        double duration = word.End - word.Start;
        double score = 0.0;
        if (word.Probability < 0.15)
        {
            score += 1.0;
        }

        if (duration < 0.133)
        {
            score += (0.133 - duration) * 15;
        }

        if (duration > 2.0)
        {
            score += duration - 2.0;
        }

        return score;
    }

    /// <summary>openai <c>is_segment_anomaly</c>: the first 8 non-punctuation words look anomalous.</summary>
    private static bool IsSegmentAnomaly(TimedSegment? segment)
    {
        if (segment?.Words is not { Count: > 0 } all)
        {
            return false;
        }

        var words = all.Where(w => !Models.Whisper.Decoding.PyString.In(w.Word, HallucinationPunctuation)).Take(8).ToList();
        double score = words.Sum(WordAnomalyScore);
        return score >= 3 || score + 0.01 >= words.Count;
    }
}
