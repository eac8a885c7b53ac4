namespace Warble.Models.Parakeet;

/// <summary>
/// One entry of NeMo's char, word or segment timestamps: the text, start/end offsets in encoder frames, and the
/// times in seconds, offset × window_stride × subsampling_factor.
/// </summary>
internal sealed record TimestampEntry(string Text, int StartOffset, int EndOffset, double Start, double End);
