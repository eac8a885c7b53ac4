using System.Globalization;

namespace Warble.Models.Parakeet;

/// <summary>
/// NeMo's timestamps of a hypothesis (<c>RNNTDecoding.compute_rnnt_timestamps</c> with <c>_refine_timestamps_tdt</c>,
/// <c>get_words_offsets</c> and <c>get_segment_offsets</c> of timestamp_utils, then <c>process_timestamp_outputs</c>):
/// per token start = timestep and end = timestep + duration (RNN-T/CTC: + 1); a punctuation token is pinned to the end
/// of the token before it (TDT); a word runs from a piece starting with '▁' to the next, punctuation joining the word
/// it follows; a segment ends after a word ending in '.', '?' or '!'.
/// </summary>
internal sealed record ParakeetTimestamps(IReadOnlyList<TimestampEntry> Char, IReadOnlyList<TimestampEntry> Word, IReadOnlyList<TimestampEntry> Segment)
{
    private const char WordStart = '▁';
    private static readonly char[] SegmentDelimiters = ['.', '?', '!'];

    /// <param name="pieces">SentencePiece piece of every token id.</param>
    /// <param name="subsamplingFactor">The encoder's subsampling factor (seconds per frame = window_stride × this).</param>
    public static ParakeetTimestamps Compute(ParakeetHypothesis hyp, IReadOnlyList<string> pieces, int subsamplingFactor, double windowStride = 0.01)
    {
        double Seconds(int offset) => offset * windowStride * subsamplingFactor;
        var chars = new List<(string Piece, string Text, int Start, int End)>();
        for (int i = 0; i < hyp.Tokens.Length; i++)
        {
            string piece = pieces[hyp.Tokens[i]];
            int start = hyp.Timesteps[i];
            int end = hyp.TokenDurations is { } durations ? start + durations[i] : start + 1;
            string text = PieceText(piece);
            if (hyp.TokenDurations is not null && IsPunctuation(text) && i > 0)
            {
                start = end = chars[i - 1].End;
            }

            chars.Add((piece, text, start, end));
        }

        List<TimestampEntry> words = Words(chars, Seconds);
        return new ParakeetTimestamps(
            chars.Select((c, i) => new TimestampEntry(c.Text, c.Start, c.End, Seconds(c.Start), Seconds(c.End)) { FirstToken = i, TokenCount = 1 }).ToList(),
            words,
            Segments(words, Seconds));
    }

    private static List<TimestampEntry> Words(List<(string Piece, string Text, int Start, int End)> chars, Func<int, double> seconds)
    {
        var words = new List<(string Text, int Start, int End, int First, int Last)>();
        var built = new List<string>();
        int first = 0;
        void Flush(int last)
        {
            if (built.Count > 0)
            {
                words.Add((Decode(built), chars[first].Start, chars[last].End, first, last));
            }
        }

        for (int i = 0; i < chars.Count; i++)
        {
            (string piece, string text, _, int end) = chars[i];
            bool punctuation = IsPunctuation(text);
            if (piece != text && !punctuation)
            {
                Flush(i - 1);
                built = [piece];
                first = i;
            }
            else if (punctuation && built.Count == 0 && words.Count > 0)
            {
                (string lastText, int lastStart, _, int lastFirst, _) = words[^1];
                words[^1] = (lastText.TrimEnd(' ') + text, lastStart, end, lastFirst, i);
            }
            else
            {
                if (built.Count == 0)
                {
                    first = i;
                }

                built.Add(piece);
            }
        }

        Flush(chars.Count - 1);
        return words.Select(w => new TimestampEntry(w.Text, w.Start, w.End, seconds(w.Start), seconds(w.End))
        {
            FirstToken = w.First,
            TokenCount = w.Last + 1 - w.First,
        }).ToList();
    }

    private static List<TimestampEntry> Segments(List<TimestampEntry> words, Func<int, double> seconds)
    {
        var segments = new List<TimestampEntry>();
        int first = 0;
        for (int i = 0; i < words.Count; i++)
        {
            string word = words[i].Text;
            if (i == words.Count - 1 || (word.Length > 0 && SegmentDelimiters.Contains(word[^1])))
            {
                string text = string.Join(' ', words.Skip(first).Take(i + 1 - first).Select(w => w.Text));
                int start = words[first].StartOffset, end = words[i].EndOffset;
                segments.Add(new TimestampEntry(text, start, end, seconds(start), seconds(end))
                {
                    FirstToken = words[first].FirstToken,
                    TokenCount = words[i].FirstToken + words[i].TokenCount - words[first].FirstToken,
                });
                first = i + 1;
            }
        }

        return segments;
    }

    /// <summary>A piece as SentencePiece decodes it alone: '▁' is a space, and the leading one is dropped.</summary>
    private static string PieceText(string piece) => piece.Replace(WordStart, ' ').TrimStart(' ');

    /// <summary>Pieces decoded together (the word-delimiter spaces inside are kept; the leading one is dropped).</summary>
    private static string Decode(List<string> built) => string.Concat(built).Replace(WordStart, ' ').TrimStart(' ');

    /// <summary>NeMo's supported_punctuation test: a single character of a Unicode punctuation category.</summary>
    private static bool IsPunctuation(string text) =>
        text.Length == 1 && char.GetUnicodeCategory(text[0]) is >= UnicodeCategory.ConnectorPunctuation and <= UnicodeCategory.OtherPunctuation;
}
