using System.Globalization;
using Warble.Models.Whisper.Decoding;

namespace Warble.Transcription.Writers;

/// <summary>
/// start, end (integer milliseconds) and text separated by tabs, as openai-whisper's
/// <c>WriteTSV</c>.
/// </summary>
internal sealed class WriteTSV : ResultWriter
{
    public override string Extension => "tsv";

    public override void WriteResult(TranscriptionResult result, TextWriter writer, SubtitleOptions? options = null)
    {
        writer.Write("start\tend\ttext\n");
        foreach (var segment in result.Segments)
        {
            long start = (long)Math.Round(1000 * segment.Start, MidpointRounding.ToEven);
            long end = (long)Math.Round(1000 * segment.End, MidpointRounding.ToEven);
            string text = PyString.Strip(segment.Text).Replace('\t', ' ');
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{start}\t{end}\t{text}\n"));
        }
    }
}
