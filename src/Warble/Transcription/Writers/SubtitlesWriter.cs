using Warble.Models.Whisper.Decoding;

namespace Warble.Transcription.Writers;

/// <summary>
/// The cue iteration shared by SRT and VTT, as openai-whisper's <c>SubtitlesWriter.iterate_result</c>:
/// one cue per segment, or, when segments carry words, cues re-flowed from the words (a new cue
/// per segment unless both max_line_width and max_line_count are given; line breaks by width and
/// word count; optional per-word highlighting).
/// </summary>
internal abstract class SubtitlesWriter : ResultWriter
{
    protected abstract bool AlwaysIncludeHours { get; }

    protected abstract string DecimalMarker { get; }

    /// <summary>The cues as (start, end, text) with formatted times.</summary>
    public IEnumerable<(string Start, string End, string Text)> IterateResult(TranscriptionResult result, SubtitleOptions options)
    {
        var segments = result.Segments;
        if (segments.Count > 0 && segments[0].Words is not null)
        {
            foreach (var subtitle in IterateSubtitles(segments, options))
            {
                string subtitleStart = Format(subtitle[0].Start);
                string subtitleEnd = Format(subtitle[^1].End);
                string subtitleText = string.Concat(subtitle.Select(w => w.Text));
                if (!options.HighlightWords)
                {
                    yield return (subtitleStart, subtitleEnd, subtitleText);
                    continue;
                }

                string last = subtitleStart;
                for (int i = 0; i < subtitle.Count; i++)
                {
                    string start = Format(subtitle[i].Start);
                    string end = Format(subtitle[i].End);
                    if (last != start)
                    {
                        yield return (last, start, subtitleText);
                    }

                    yield return (start, end, string.Concat(subtitle.Select((w, j) => j == i ? Underline(w.Text) : w.Text)));
                    last = end;
                }
            }

            yield break;
        }

        foreach (var segment in segments)
        {
            yield return (Format(segment.Start), Format(segment.End), PyString.Strip(segment.Text).Replace("-->", "->", StringComparison.Ordinal));
        }
    }

    private string Format(double seconds) => FormatTimestamp(seconds, AlwaysIncludeHours, DecimalMarker);

    private static IEnumerable<List<Word>> IterateSubtitles(IReadOnlyList<Segment> segments, SubtitleOptions options)
    {
        bool preserveSegments = options.MaxLineCount is null || options.MaxLineWidth is null;
        int maxLineWidth = options.MaxLineWidth is { } width && width != 0 ? width : 1000;
        int maxWordsPerLine = options.MaxWordsPerLine is { } perLine && perLine != 0 ? perLine : 1000;
        int lineLen = 0;
        int lineCount = 1;
        var subtitle = new List<Word>();
        double last = GetStart(segments);
        foreach (var segment in segments)
        {
            var words = segment.Words ?? [];
            int chunkIndex = 0;
            int wordsCount = maxWordsPerLine;
            while (chunkIndex < words.Count)
            {
                int remaining = words.Count - chunkIndex;
                if (maxWordsPerLine > remaining)
                {
                    wordsCount = remaining;
                }

                for (int i = 0; i < wordsCount && chunkIndex + i < words.Count; i++)
                {
                    var timing = words[chunkIndex + i];
                    bool longPause = !preserveSegments && timing.Start - last > 3.0;
                    bool hasRoom = lineLen + CodePoints(timing.Text) <= maxLineWidth;
                    bool segBreak = i == 0 && subtitle.Count > 0 && preserveSegments;
                    if (lineLen > 0 && hasRoom && !longPause && !segBreak)
                    {
                        lineLen += CodePoints(timing.Text); // line continuation
                    }
                    else
                    {
                        string word = PyString.Strip(timing.Text);
                        if ((subtitle.Count > 0 && options.MaxLineCount is { } maxLineCount && (longPause || lineCount >= maxLineCount)) || segBreak)
                        {
                            yield return subtitle; // subtitle break
                            subtitle = [];
                            lineCount = 1;
                        }
                        else if (lineLen > 0)
                        {
                            lineCount++; // line break
                            word = "\n" + word;
                        }

                        lineLen = CodePoints(PyString.Strip(word));
                        timing = timing with { Text = word };
                    }

                    subtitle.Add(timing);
                    last = timing.Start;
                }

                chunkIndex += maxWordsPerLine;
            }
        }

        if (subtitle.Count > 0)
        {
            yield return subtitle;
        }
    }

    /// <summary>openai <c>get_start</c>: the first word's start, else the first segment's (or 0).</summary>
    private static double GetStart(IReadOnlyList<Segment> segments)
    {
        foreach (var segment in segments)
        {
            if (segment.Words is { Count: > 0 } words)
            {
                return words[0].Start;
            }
        }

        return segments.Count > 0 ? segments[0].Start : 0.0;
    }

    /// <summary><c>re.sub(r"^(\s*)(.*)$", r"\1&lt;u&gt;\2&lt;/u&gt;", word)</c>.</summary>
    private static string Underline(string word)
    {
        int lead = 0;
        while (lead < word.Length && PyString.IsSpace(word[lead]))
        {
            lead++;
        }

        return word[..lead] + "<u>" + word[lead..] + "</u>";
    }

    /// <summary>Python <c>len()</c>: code points, not UTF-16 units.</summary>
    private static int CodePoints(string text) => text.EnumerateRunes().Count();
}
