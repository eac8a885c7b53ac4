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
        double maxPassSeconds = parse.GetValue(set.MaxPassSeconds);
        if (!(maxPassSeconds >= 1))
        {
            throw new ArgumentException($"--max-pass-seconds must be at least 1 (got {maxPassSeconds})");
        }

        var transcriber = new ParakeetTranscriber(loadedTranscriber.Model, loadedTranscriber.Preprocessor, loadedTranscriber.Tokenizer)
        {
            MaxFramesPerPass = (int)Math.Min(int.MaxValue, maxPassSeconds / loadedTranscriber.FrameSeconds),
        };
        foreach (string audio in audioFiles)
        {
            cancellation.ThrowIfCancellationRequested();
            TranscriptionResult result = transcriber.Transcribe(AudioLoader.Load(audio, cancellation), cancellation);
            foreach (Segment segment in result.Segments)
            {
                TranscriptOutput.Print(segment);
            }

            output.Write(audio, result);
        }

        return 0;
    }
}
