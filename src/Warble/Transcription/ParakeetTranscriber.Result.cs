using Warble.Models.Parakeet;

namespace Warble.Transcription;

internal sealed partial class ParakeetTranscriber
{
    /// <summary>
    /// The result of a hypothesis: text as NeMo's <c>ids_to_text</c>; one segment per NeMo segment timestamp, its
    /// text the words joined with a leading space each (as Whisper's segments); tokens, token frames and TDT durations
    /// in emission order; words from NeMo's word timestamps with probability = the mean of exp(log p) over the word's
    /// tokens (p among tokens and blank); avg_logprob the mean token log-probability. No language is detected ("").
    /// </summary>
    public TranscriptionResult BuildResult(ParakeetHypothesis hyp)
    {
        ParakeetTimestamps timestamps = Timestamps(hyp);
        float[] logProbs = hyp.TokenLogProbs ?? new float[hyp.Tokens.Length];
        var segments = new List<Segment>(timestamps.Segment.Count);
        int nextWord = 0;
        foreach (TimestampEntry entry in timestamps.Segment)
        {
            var words = new List<Word>();
            while (nextWord < timestamps.Word.Count && timestamps.Word[nextWord].FirstToken < entry.FirstToken + entry.TokenCount)
            {
                words.Add(ToWord(timestamps.Word[nextWord++], logProbs));
            }

            Range tokens = entry.FirstToken..(entry.FirstToken + entry.TokenCount);
            segments.Add(new Segment(segments.Count, 0, entry.Start, entry.End, string.Concat(words.Select(w => w.Text)),
                hyp.Tokens[tokens], null, entry.TokenCount == 0 ? null : logProbs[tokens].Average(), null, null, words)
            {
                TokenFrames = hyp.Timesteps[tokens],
                TokenDurations = hyp.TokenDurations?[tokens],
            });
        }

        return new TranscriptionResult(Tokenizer.Decode(hyp.Tokens), "", segments);
    }

    /// <summary>NeMo's char, word and segment timestamps of <paramref name="hyp"/>.</summary>
    public ParakeetTimestamps Timestamps(ParakeetHypothesis hyp) =>
        ParakeetTimestamps.Compute(hyp, pieces, Model.Encoder.Config.SubsamplingFactor, Model.Config.WindowStride);

    /// <summary>A word timestamp as a result word: a leading space, and the mean of exp(log p) over its tokens.</summary>
    /// <param name="logProbs">Token log-probabilities of the hypothesis the entry's token indices refer to.</param>
    internal static Word ToWord(TimestampEntry word, float[] logProbs)
    {
        double probability = 0;
        for (int i = word.FirstToken; i < word.FirstToken + word.TokenCount; i++)
        {
            probability += Math.Exp(logProbs[i]);
        }

        return new Word(" " + word.Text, word.Start, word.End, probability / Math.Max(word.TokenCount, 1));
    }
}
