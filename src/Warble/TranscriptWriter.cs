using Warble.Transcription;
using Warble.Transcription.Writers;

namespace Warble;

/// <summary>
/// Writes a <see cref="TranscriptionResult"/> in openai-whisper's output formats (its <c>get_writer</c>): txt, vtt,
/// srt, tsv and json, byte for byte as openai-whisper writes them; and reads the JSON back.
/// </summary>
public static class TranscriptWriter
{
    /// <summary>The format names, as openai-whisper's command line lists them.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["txt", "vtt", "srt", "tsv", "json"];

    /// <summary>Writes <paramref name="result"/> in <paramref name="format"/> (see <see cref="Formats"/>) to <paramref name="writer"/>.</summary>
    /// <param name="subtitles">Line breaking of vtt and srt cues; null keeps one cue per segment.</param>
    public static void Write(TranscriptionResult result, string format, TextWriter writer, SubtitleOptions? subtitles = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        ResultWriter.ForFormat(format).WriteResult(result, writer, subtitles);
    }

    /// <summary><paramref name="result"/> in <paramref name="format"/>, as a string.</summary>
    public static string ToString(TranscriptionResult result, string format, SubtitleOptions? subtitles = null)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Write(result, format, writer, subtitles);
        return writer.ToString();
    }

    /// <summary>Parses the JSON that <see cref="Write"/> (or openai-whisper) writes.</summary>
    public static TranscriptionResult ParseJson(string json) => TranscriptionJson.Deserialize(json);

    /// <summary>openai's <c>format_timestamp</c>: [hh:]mm:ss.mmm, milliseconds rounded half to even.</summary>
    public static string FormatTimestamp(double seconds) => ResultWriter.FormatTimestamp(seconds);
}
