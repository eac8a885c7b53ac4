namespace Warble.Transcription.Writers;

/// <summary>The whole result as one JSON object, as openai-whisper's <c>WriteJSON</c>.</summary>
internal sealed class WriteJSON : ResultWriter
{
    public override string Extension => "json";

    public override void WriteResult(TranscriptionResult result, TextWriter writer, SubtitleOptions? options = null)
    {
        writer.Write(TranscriptionJson.Serialize(result));
    }
}
