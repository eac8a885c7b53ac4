namespace Warble.Transcription.Writers;

/// <summary>WebVTT, as openai-whisper's <c>WriteVTT</c> (mm:ss.mmm, hours only when needed).</summary>
internal sealed class WriteVTT : SubtitlesWriter
{
    public override string Extension => "vtt";

    protected override bool AlwaysIncludeHours => false;

    protected override string DecimalMarker => ".";

    public override void WriteResult(TranscriptionResult result, TextWriter writer, SubtitleOptions? options = null)
    {
        writer.Write("WEBVTT\n\n");
        foreach (var (start, end, text) in IterateResult(result, options ?? new SubtitleOptions()))
        {
            writer.Write($"{start} --> {end}\n{text}\n\n");
        }
    }
}
