using System.Globalization;

namespace Warble.Transcription.Writers;

/// <summary>SubRip, as openai-whisper's <c>WriteSRT</c> (hh:mm:ss,mmm, numbered from 1).</summary>
internal sealed class WriteSRT : SubtitlesWriter
{
    public override string Extension => "srt";

    protected override bool AlwaysIncludeHours => true;

    protected override string DecimalMarker => ",";

    public override void WriteResult(TranscriptionResult result, TextWriter writer, SubtitleOptions? options = null)
    {
        int index = 1;
        foreach (var (start, end, text) in IterateResult(result, options ?? new SubtitleOptions()))
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{index++}\n{start} --> {end}\n{text}\n\n"));
        }
    }
}
