using System.CommandLine;
using Warble.Audio;
using Warble.Formats;
using Warble.Transcription;

namespace Warble.Cli.Commands;

/// <summary>`warble transcribe` for Parakeet models: one pass (or chunks) per file, same outputs as Whisper.</summary>
internal static class ParakeetTranscription
{
    public static int Run(LoadedModel loaded, TranscribeOptionSet set, ParseResult parse, string[] audioFiles, TranscriptOutput output,
        CancellationToken cancellation)
    {
        foreach (Option option in new Option[] { set.Language, set.Temperature, set.InitialPrompt, set.NoTimestamps })
        {
            if (parse.GetResult(option) is { Implicit: false })
            {
                Console.Error.WriteLine($"warble: {option.Name} has no meaning for a Parakeet model; ignored");
            }
        }

        ParakeetTranscriber loadedTranscriber = ParakeetTranscriber.FromLoaded(loaded);
        if (parse.GetValue(set.CtcHead))
        {
            loadedTranscriber.Model.UseCtcHead();
        }

        double maxPassSeconds = parse.GetValue(set.MaxPassSeconds);
        if (!(maxPassSeconds >= 1))
        {
            throw new ArgumentException($"--max-pass-seconds must be at least 1 (got {maxPassSeconds})");
        }

        var transcriber = new ParakeetTranscriber(loadedTranscriber.Model, loadedTranscriber.Preprocessor, loadedTranscriber.Tokenizer)
        {
            MaxFramesPerPass = (int)Math.Min(int.MaxValue, maxPassSeconds / loadedTranscriber.FrameSeconds),
        };
        StreamingOptions? streaming = parse.GetValue(set.Stream) ? set.StreamingOptions(parse) : null;
        foreach (string audio in audioFiles)
        {
            cancellation.ThrowIfCancellationRequested();
            if (streaming is not null)
            {
                output.Write(audio, Stream(transcriber.CreateStream(streaming), audio, cancellation));
                continue;
            }

            TranscriptionResult result = transcriber.Transcribe(AudioLoader.Load(audio, cancellation), cancellation);
            foreach (Segment segment in result.Segments)
            {
                TranscriptOutput.Print(segment);
            }

            output.Write(audio, result);
        }

        return 0;
    }

    /// <summary>Feeds the audio block by block as it is decoded, printing each batch of final words as one line.</summary>
    private static TranscriptionResult Stream(ParakeetStream stream, string audio, CancellationToken cancellation)
    {
        foreach (ReadOnlyMemory<float> block in AudioLoader.Stream(audio, cancellation))
        {
            Print(stream.Append(block.Span, cancellation));
        }

        Print(stream.Complete(cancellation));
        return stream.Result;
    }

    private static void Print(IReadOnlyList<Word> words)
    {
        if (words.Count > 0)
        {
            TranscriptOutput.Print(new Segment(0, 0, words[0].Start, words[^1].End, string.Concat(words.Select(w => w.Text)), [], null, null, null, null, words));
        }
    }
}
