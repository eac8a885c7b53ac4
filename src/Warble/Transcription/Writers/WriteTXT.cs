using Warble.Models.Whisper.Decoding;

namespace Warble.Transcription.Writers;

/// <summary>One stripped segment text per line, as openai-whisper's <c>WriteTXT</c>.</summary>
internal sealed class WriteTXT : ResultWriter
{
    public override string Extension => "txt";

    public override void WriteResult(TranscriptionResult result, TextWriter writer, SubtitleOptions? options = null)
    {
        foreach (var segment in result.Segments)
        {
            writer.Write(PyString.Strip(segment.Text) + "\n");
        }
    }
}
