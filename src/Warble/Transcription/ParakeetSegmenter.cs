using Warble.Models.Parakeet;

namespace Warble.Transcription;

/// <summary>
/// Cuts a Parakeet hypothesis that grows chunk by chunk into segments as soon as they are final. Segments end where
/// NeMo's do (<c>get_segment_offsets</c>: after a word ending in '.', '?' or '!'); a segment that would run longer than
/// <c>maxSeconds</c> (a model without punctuation would otherwise give one segment for a whole recording) is cut at the
/// longest pause between its words within that span. Every decision looks only at words that can no longer change, so
/// the segments are the same however the audio was chunked.
/// </summary>
internal sealed class ParakeetSegmenter(ParakeetTranscriber transcriber, IGreedyDecoding decoding, double maxSeconds)
{
    private int firstOpenToken;
    private int segmentCount;

    /// <summary>The segments that became final since the last call; with <paramref name="final"/>, all that remain.</summary>
    public List<Segment> TakeFinal(bool final)
    {
        var done = new List<Segment>();
        while (true)
        {
            ParakeetHypothesis tail = decoding.ToHypothesis(firstOpenToken);
            ParakeetTimestamps timestamps = transcriber.Timestamps(tail);
            IReadOnlyList<TimestampEntry> words = timestamps.Word;

            // The last word may still grow (its next piece may not have been decoded yet) unless the audio has ended.
            int finalWords = final ? words.Count : Math.Max(0, words.Count - 1);
            if (finalWords == 0)
            {
                return done;
            }

            int end = SegmentEnd(timestamps, finalWords, final);
            if (end < 0)
            {
                return done;
            }

            done.Add(ToSegment(tail, words, end));
            firstOpenToken += end + 1 < words.Count ? words[end + 1].FirstToken : tail.Tokens.Length;
        }
    }

    /// <summary>The index of the last word of the first segment that is final, or -1 when none is yet.</summary>
    private int SegmentEnd(ParakeetTimestamps timestamps, int finalWords, bool final)
    {
        IReadOnlyList<TimestampEntry> words = timestamps.Word;
        TimestampEntry first = timestamps.Segment[0];
        int sentenceEnd = LastWordOf(first, words);
        bool closed = timestamps.Segment.Count > 1 || final;
        double limit = words[0].Start + maxSeconds;

        // Too long: cut at the longest pause among the final words that end within the limit, once a final word passes it.
        if (closed ? words[sentenceEnd].End > limit : words[finalWords - 1].End > limit)
        {
            int cut = 0;
            double longest = double.NegativeInfinity;
            for (int i = 0; i + 1 < Math.Min(finalWords, sentenceEnd + 1) && words[i].End <= limit; i++)
            {
                double pause = words[i + 1].Start - words[i].End;
                if (pause >= longest)
                {
                    (longest, cut) = (pause, i);
                }
            }

            return cut;
        }

        return closed ? sentenceEnd : -1;
    }

    private static int LastWordOf(TimestampEntry segment, IReadOnlyList<TimestampEntry> words)
    {
        int last = 0;
        while (last + 1 < words.Count && words[last + 1].FirstToken < segment.FirstToken + segment.TokenCount)
        {
            last++;
        }

        return last;
    }

    /// <summary>Words [0, <paramref name="last"/>] of the tail as a result segment, shaped as <see cref="ParakeetTranscriber.BuildResult"/> makes them.</summary>
    private Segment ToSegment(ParakeetHypothesis tail, IReadOnlyList<TimestampEntry> words, int last)
    {
        float[] logProbs = tail.TokenLogProbs ?? new float[tail.Tokens.Length];
        int firstToken = words[0].FirstToken, endToken = words[last].FirstToken + words[last].TokenCount;
        var segmentWords = new List<Word>(last + 1);
        for (int i = 0; i <= last; i++)
        {
            segmentWords.Add(ParakeetTranscriber.ToWord(words[i], logProbs));
        }

        Range tokens = firstToken..endToken;
        return new Segment(segmentCount++, 0, words[0].Start, words[last].End, string.Concat(segmentWords.Select(w => w.Text)),
            tail.Tokens[tokens], null, endToken == firstToken ? null : logProbs[tokens].Average(), null, null, segmentWords)
        {
            TokenFrames = tail.Timesteps[tokens],
            TokenDurations = tail.TokenDurations?[tokens],
        };
    }
}
