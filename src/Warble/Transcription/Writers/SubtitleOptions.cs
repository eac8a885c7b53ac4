namespace Warble.Transcription.Writers;

/// <summary>
/// Line-breaking options of openai-whisper's subtitle writers (<c>max_line_width</c>,
/// <c>max_line_count</c>, <c>highlight_words</c>, <c>max_words_per_line</c>); they only apply to
/// segments with word timings.
/// </summary>
public sealed record SubtitleOptions
{
    /// <summary>Maximum characters in a line before breaking it.</summary>
    public int? MaxLineWidth { get; init; }

    /// <summary>Maximum lines in a subtitle.</summary>
    public int? MaxLineCount { get; init; }

    /// <summary>Underline each word as it is spoken.</summary>
    public bool HighlightWords { get; init; }

    /// <summary>Maximum words in a line.</summary>
    public int? MaxWordsPerLine { get; init; }
}
