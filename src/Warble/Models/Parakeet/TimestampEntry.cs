namespace Warble.Models.Parakeet;

/// <summary>
/// One entry of NeMo's char, word or segment timestamps: the text, start/end offsets in encoder frames, and the
/// times in seconds, offset × window_stride × subsampling_factor.
/// </summary>
internal sealed record TimestampEntry(string Text, int StartOffset, int EndOffset, double Start, double End)
{
    /// <summary>Index of the entry's first token in the hypothesis.</summary>
    public int FirstToken { get; init; }

    /// <summary>How many tokens the entry spans.</summary>
    public int TokenCount { get; init; }
}
