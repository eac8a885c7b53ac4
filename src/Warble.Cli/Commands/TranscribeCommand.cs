using System.CommandLine;
using Warble.Audio;
using Warble.Formats;
using Warble.Models.Whisper;
using Warble.Transcription;

namespace Warble.Cli.Commands;

/// <summary>
/// `warble transcribe AUDIO... -m MODEL`: openai-whisper's command line (same options, same defaults: beam 5,
/// best-of 5, temperature fallback 0 → 1 by 0.2) for Whisper models, and the same outputs for Parakeet.
/// Segments print as they are decoded; files are written per <see cref="TranscriptOutput"/>.
/// </summary>
internal static class TranscribeCommand
{
    public static Command Create()
    {
        var options = new TranscribeOptionSet();
        var command = new Command("transcribe", "Transcribe audio files (any WAV; other formats through ffmpeg)");
        options.AddTo(command);
        command.SetAction((parse, cancellation) => Task.FromResult(Run(options, parse, cancellation)));
        return command;
    }

    private static int Run(TranscribeOptionSet set, ParseResult parse, CancellationToken cancellation)
    {
        BenchOptions.ApplyThreads(parse.GetValue(set.Threads));
        string[] audioFiles = parse.GetValue(set.Audio)!;
        using LoadedModel loaded = ModelLoader.Load(ModelPath.Resolve(parse.GetValue(set.Model)));
        var output = new TranscriptOutput(parse.GetValue(set.Format)!, parse.GetValue(set.Output), parse.GetValue(set.OutputDir))
        {
            Subtitles = set.SubtitleOptions(parse, parakeet: loaded.Architecture != ModelArchitecture.Whisper),
        };
        output.Check(audioFiles.Length);
        if (loaded.Architecture != ModelArchitecture.Whisper)
        {
            return ParakeetTranscription.Run(loaded, set, parse, audioFiles, output, cancellation);
        }

        if (parse.GetValue(set.Stream))
        {
            Console.Error.WriteLine("warble: --stream needs a Parakeet model; Whisper decodes whole 30 s windows, ignored");
        }

        if (parse.GetValue(set.CtcHead))
        {
            Console.Error.WriteLine("warble: --ctc-head has no meaning for a Whisper model; ignored");
        }

        WhisperModel model = WhisperModel.FromLoaded(loaded);
        WhisperTranscribeOptions options = set.WhisperOptions(parse);
        foreach (string audio in audioFiles)
        {
            cancellation.ThrowIfCancellationRequested();
            MelSpectrogram mel = model.LogMel(AudioLoader.Load(audio, cancellation));
            var transcriber = new WhisperTranscriber(model, model.Tokenizer, mel, options);
            var segments = new List<Segment>();
            foreach (Segment segment in transcriber.Transcribe(cancellation))
            {
                TranscriptOutput.Print(segment);
                segments.Add(segment);
            }

            string text = string.Concat(segments.Select(s => s.Text));
            output.Write(audio, new TranscriptionResult(text, transcriber.Language ?? "en", segments));
        }

        return 0;
    }
}
