using Warble.Models.Whisper.Decoding;

namespace Warble.Models.Whisper.Timing;

/// <summary>
/// openai-whisper's <c>merge_punctuations</c> and <c>add_word_timestamps</c>: aligns a window's
/// segments to words, truncates over-long words at sentence and pause boundaries with the
/// median-duration heuristics, rounds word times with <c>round(x, 2)</c> and reconciles segment
/// and word boundaries.
/// </summary>
internal static class WordTimestamps
{
    /// <summary>openai's default <c>prepend_punctuations</c>.</summary>
    public const string DefaultPrependPunctuations = "\"'\u201c\u00bf([{-";

    /// <summary>openai's default <c>append_punctuations</c>.</summary>
    public const string DefaultAppendPunctuations = "\"'.\u3002,\uff0c!\uff01?\uff1f:\uff1a\u201d)]}\u3001";

    private const string SentenceEndMarks = ".\u3002!\uff01?\uff1f";

    /// <summary>Merges leading punctuation into the next word and trailing punctuation into the previous one, in place.</summary>
    public static void MergePunctuations(List<WordTiming> alignment, string prepended, string appended)
    {
        int i = alignment.Count - 2;
        int j = alignment.Count - 1;
        while (i >= 0)
        {
            var previous = alignment[i];
            var following = alignment[j];
            if (previous.Word.StartsWith(' ') && PyString.In(PyString.Strip(previous.Word), prepended))
            {
                following.Word = previous.Word + following.Word;
                following.Tokens = [.. previous.Tokens, .. following.Tokens];
                previous.Word = "";
                previous.Tokens = [];
            }
            else
            {
                j = i;
            }

            i--;
        }

        i = 0;
        j = 1;
        while (j < alignment.Count)
        {
            var previous = alignment[i];
            var following = alignment[j];
            if (!previous.Word.EndsWith(' ') && PyString.In(following.Word, appended))
            {
                previous.Word += following.Word;
                previous.Tokens = [.. previous.Tokens, .. following.Tokens];
                following.Word = "";
                following.Tokens = [];
            }
            else
            {
                i = j;
            }

            j++;
        }
    }

    /// <summary>Sets <see cref="TimedSegment.Words"/> of every segment of one window and adjusts their times.</summary>
    /// <param name="lastSpeechTimestamp">end of the last word of the previous windows.</param>
    public static void AddWordTimestamps(
        List<TimedSegment> segments,
        IWhisperAlignmentSession session,
        IWhisperTokenizer tokenizer,
        IReadOnlyList<int> sotSequence,
        string? language,
        int numFrames,
        string prependPunctuations,
        string appendPunctuations,
        double lastSpeechTimestamp)
    {
        if (segments.Count == 0)
        {
            return;
        }

        int eot = tokenizer.Special.Eot;
        var textTokensPerSegment = segments.Select(s => s.Tokens.Where(t => t < eot).ToArray()).ToList();
        var alignment = Alignment.FindAlignment(session, tokenizer, sotSequence, language, [.. textTokensPerSegment.SelectMany(t => t)], numFrames);
        var durations = alignment.Select(t => t.End - t.Start).Where(d => d != 0).ToArray();
        double medianDuration = Math.Min(0.7, durations.Length > 0 ? NumpyMath.Median(durations) : 0.0);
        double maxDuration = medianDuration * 2;

        // truncate long words at sentence boundaries
        if (durations.Length > 0)
        {
            for (int i = 1; i < alignment.Count; i++)
            {
                if (alignment[i].End - alignment[i].Start > maxDuration)
                {
                    if (PyString.In(alignment[i].Word, SentenceEndMarks))
                    {
                        alignment[i].End = alignment[i].Start + maxDuration;
                    }
                    else if (PyString.In(alignment[i - 1].Word, SentenceEndMarks))
                    {
                        alignment[i].Start = alignment[i].End - maxDuration;
                    }
                }
            }
        }

        MergePunctuations(alignment, prependPunctuations, appendPunctuations);
        double timeOffset = segments[0].Seek * 160 / 16000.0;
        int wordIndex = 0;
        for (int s = 0; s < segments.Count; s++)
        {
            var segment = segments[s];
            int savedTokens = 0;
            var words = new List<WordTimestamp>();
            while (wordIndex < alignment.Count && savedTokens < textTokensPerSegment[s].Length)
            {
                var timing = alignment[wordIndex];
                if (timing.Word.Length > 0)
                {
                    words.Add(new WordTimestamp(
                        timing.Word, NumpyMath.Round2(timeOffset + timing.Start), NumpyMath.Round2(timeOffset + timing.End), timing.Probability));
                }

                savedTokens += timing.Tokens.Count;
                wordIndex++;
            }

            if (words.Count > 0)
            {
                AdjustSegmentBoundaries(segment, words, lastSpeechTimestamp, medianDuration, maxDuration);
                lastSpeechTimestamp = segment.End;
            }

            segment.Words = words;
        }
    }

    /// <summary>The segment-boundary hacks of <c>add_word_timestamps</c> (long first words after a pause, long first/last words).</summary>
    private static void AdjustSegmentBoundaries(TimedSegment segment, List<WordTimestamp> words, double lastSpeechTimestamp, double medianDuration, double maxDuration)
    {
        var first = words[0];
        if (first.End - lastSpeechTimestamp > medianDuration * 4
            && (first.End - first.Start > maxDuration || (words.Count > 1 && words[1].End - first.Start > maxDuration * 2)))
        {
            if (words.Count > 1 && words[1].End - words[1].Start > maxDuration)
            {
                double boundary = Math.Max(words[1].End / 2, words[1].End - maxDuration);
                first.End = words[1].Start = boundary;
            }

            first.Start = Math.Max(0, first.End - maxDuration);
        }

        // prefer the segment-level start timestamp if the first word is too long
        if (segment.Start < first.End && segment.Start - 0.5 > first.Start)
        {
            first.Start = Math.Max(0, Math.Min(first.End - medianDuration, segment.Start));
        }
        else
        {
            segment.Start = first.Start;
        }

        // prefer the segment-level end timestamp if the last word is too long
        var last = words[^1];
        if (segment.End > last.Start && segment.End + 0.5 < last.End)
        {
            last.End = Math.Max(last.Start + medianDuration, segment.End);
        }
        else
        {
            segment.End = last.End;
        }
    }
}
