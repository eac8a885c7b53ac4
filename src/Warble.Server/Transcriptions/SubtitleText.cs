using System.Globalization;
using System.Text;
using Warble.Transcription;

namespace Warble.Server.Transcriptions;

/// <summary>
/// OpenAI's <c>srt</c> and <c>vtt</c> answers: one cue per segment, hours always written, the segment's text
/// trimmed. (openai-whisper's own writers, <see cref="TranscriptWriter"/>, drop zero hours in vtt; the API does not.)
/// </summary>
internal static class SubtitleText
{
    public static string Srt(TranscriptionResult result)
    {
        var text = new StringBuilder();
        for (int i = 0; i < result.Segments.Count; i++)
        {
            Segment segment = result.Segments[i];
            text.Append(CultureInfo.InvariantCulture, $"{i + 1}\n{Timestamp(segment.Start, ',')} --> {Timestamp(segment.End, ',')}\n{segment.Text.Trim()}\n\n");
        }

        return text.ToString();
    }

    public static string Vtt(TranscriptionResult result)
    {
        var text = new StringBuilder("WEBVTT\n\n");
        foreach (Segment segment in result.Segments)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Timestamp(segment.Start, '.')} --> {Timestamp(segment.End, '.')}\n{segment.Text.Trim()}\n\n");
        }

        return text.ToString();
    }

    /// <summary>hh:mm:ss followed by the marker and milliseconds (rounded half to even, as openai's <c>format_timestamp</c>).</summary>
    public static string Timestamp(double seconds, char marker)
    {
        long ms = (long)Math.Round(Math.Max(0, seconds) * 1000.0, MidpointRounding.ToEven);
        return string.Create(CultureInfo.InvariantCulture, $"{ms / 3_600_000:00}:{ms / 60_000 % 60:00}:{ms / 1000 % 60:00}{marker}{ms % 1000:000}");
    }
}
