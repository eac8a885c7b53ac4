using System.CommandLine;
using Warble.Transcription;

namespace Warble.Cli.Commands;

/// <summary>
/// `warble transcribe AUDIO... -m MODEL`: openai-whisper's command line (same options, same defaults: beam 5,
/// best-of 5, temperature fallback 0 → 1 by 0.2) for Whisper models, and the same outputs for Parakeet, through the
/// library's public <see cref="Transcriber"/>. Segments print as they are decoded; files are written per
/// <see cref="TranscriptOutput"/>.
/// </summary>
internal static class TranscribeCommand
{
    public static Command Create()
    {
        var options = new TranscribeOptionSet();
        var progress = new ProgressOptions();
        var command = new Command("transcribe", "Transcribe audio files (any WAV; other formats through ffmpeg)");
        options.AddTo(command);
        progress.AddTo(command);
        command.SetAction((parse, cancellation) => RunAsync(options, progress, parse, cancellation));
        return command;
    }

    private static async Task<int> RunAsync(TranscribeOptionSet set, ProgressOptions progress, ParseResult parse, CancellationToken cancellation)
    {
        string[] audioFiles = parse.GetValue(set.Audio)!;
        await using Transcriber transcriber = await set.LoadAsync(parse, cancellation).ConfigureAwait(false);
        bool parakeet = transcriber.Architecture == "parakeet";
        Notice(parse, parakeet ? set.WhisperOnly : set.ParakeetOnly, parakeet ? "a Parakeet" : "a Whisper");
        TranscriptOutput output = set.CreateOutput(parse, parakeet, audioFiles.Length);
        TranscribeOptions options = set.ValidOptions(parse);

        if (parakeet && options.BatchSize is not null)
        {
            throw new UsageException("--batch-size needs a Whisper model");
        }

        StreamingOptions? streaming = parakeet && parse.GetValue(set.Stream) ? set.StreamingOptions(parse) with { Vad = options.Vad } : null;
        foreach (string audio in audioFiles)
        {
            cancellation.ThrowIfCancellationRequested();
            TranscriptionResult result = streaming is null
                ? await TranscribeWithProgressAsync(transcriber, audio, options, output, progress, parse, cancellation).ConfigureAwait(false)
                : await StreamAsync(transcriber, audio, streaming, output, cancellation).ConfigureAwait(false);
            output.Write(audio, result);
        }

        return 0;
    }

    /// <summary>Feeds the audio to a live stream block by block as it is decoded, printing each batch of final words as one line.</summary>
    private static async Task<TranscriptionResult> StreamAsync(Transcriber transcriber, string audio, StreamingOptions options,
        TranscriptOutput output, CancellationToken cancellation)
    {
        TranscriptionStream stream = transcriber.CreateStream(options);
        await foreach (ReadOnlyMemory<float> block in AudioInput.FromFile(audio).ReadAsync(cancellation).ConfigureAwait(false))
        {
            output.Print(stream.Append(block.Span, cancellation));
        }

        output.Print(stream.Complete(cancellation));
        return stream.Result;
    }

    /// <summary>Names the options given that mean nothing for the loaded model (DESIGN.md: accepted and ignored, with a notice).</summary>
    private static void Notice(ParseResult parse, Option[] meaningless, string model)
    {
        foreach (Option option in meaningless)
        {
            if (parse.GetResult(option) is { Implicit: false })
            {
                Console.Error.WriteLine($"warble: {option.Name} has no meaning for {model} model; ignored");
            }
        }
    }

    /// <summary>One file, its segments printed as decoded (unless --verbose false) under a progress bar (unless --quiet or not a terminal).</summary>
    private static Task<TranscriptionResult> TranscribeWithProgressAsync(Transcriber transcriber, string audio, TranscribeOptions options,
        TranscriptOutput output, ProgressOptions progress, ParseResult parse, CancellationToken cancellation)
    {
        bool bar = ProgressDisplay.IsEnabled(parse.GetValue(progress.Quiet));
        return ProgressDisplay.RunAsync(bar, (console, context) =>
        {
            var reporter = new TranscriptionProgressBar(output, parse.GetValue(progress.Verbose), console, context?.AddTask(Path.GetFileName(audio)));
            return transcriber.TranscribeToResultAsync(audio, options with { Progress = reporter }, cancellation);
        });
    }
}
