namespace Warble.Transcription.Writers;

/// <summary>
/// Writes a transcription in one output format, as openai-whisper's <c>utils.ResultWriter</c>.
/// Lines end with "\n" on every platform, as Python's <c>print</c> does.
/// </summary>
internal abstract class ResultWriter
{
    /// <summary>The file extension (without the dot).</summary>
    public abstract string Extension { get; }

    /// <summary>Writes <paramref name="result"/> to <paramref name="writer"/>.</summary>
    public abstract void WriteResult(TranscriptionResult result, TextWriter writer, SubtitleOptions? options = null);

    /// <summary>The writer for a format name (txt, vtt, srt, tsv, json), as openai <c>get_writer</c>.</summary>
    public static ResultWriter ForFormat(string format) => format switch
    {
        "txt" => new WriteTXT(),
        "vtt" => new WriteVTT(),
        "srt" => new WriteSRT(),
        "tsv" => new WriteTSV(),
        "json" => new WriteJSON(),
        _ => throw new ArgumentException($"unknown output format '{format}' (txt, vtt, srt, tsv, json)", nameof(format)),
    };

    /// <summary>openai <c>format_timestamp</c>: [hh:]mm:ss.mmm with milliseconds rounded half to even.</summary>
    public static string FormatTimestamp(double seconds, bool alwaysIncludeHours = false, string decimalMarker = ".")
    {
        if (!(seconds >= 0))
        {
            throw new ArgumentException($"non-negative timestamp expected, got {seconds}", nameof(seconds));
        }

        long milliseconds = (long)Math.Round(seconds * 1000.0, MidpointRounding.ToEven);
        long hours = milliseconds / 3_600_000;
        milliseconds -= hours * 3_600_000;
        long minutes = milliseconds / 60_000;
        milliseconds -= minutes * 60_000;
        long wholeSeconds = milliseconds / 1_000;
        milliseconds -= wholeSeconds * 1_000;
        string hoursMarker = alwaysIncludeHours || hours > 0 ? $"{hours:00}:" : "";
        return FormattableString.Invariant($"{hoursMarker}{minutes:00}:{wholeSeconds:00}{decimalMarker}{milliseconds:000}");
    }
}
