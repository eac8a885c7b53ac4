using System.CommandLine;
using Warble.Formats;
using Warble.Transcription;

namespace Warble.Cli.Commands;

/// <summary>
/// `warble decode ENCODER.npy -m MODEL`: the decoder stage on an encoder output written by `warble encode`
/// (<see cref="Transcriber.DecodeAsync"/>), with transcribe's options and outputs. Whisper decodes the one 30 s window
/// (`--clip-timestamps 0,SECONDS` gives a shorter clip its length); Parakeet decodes the whole recording.
/// </summary>
internal static class DecodeCommand
{
    public static Command Create()
    {
        var options = new TranscribeOptionSet();
        var command = new Command("decode", "Decode an encoder output (.npy from `warble encode`) into the transcript");
        options.AddTo(command);
        command.SetAction((parse, cancellation) => RunAsync(options, parse, cancellation));
        return command;
    }

    private static async Task<int> RunAsync(TranscribeOptionSet set, ParseResult parse, CancellationToken cancellation)
    {
        string[] inputs = parse.GetValue(set.Audio)!;
        await using Transcriber transcriber = await set.LoadAsync(parse, cancellation).ConfigureAwait(false);
        TranscriptOutput output = set.CreateOutput(parse, transcriber.Architecture == "parakeet", inputs.Length);
        TranscribeOptions options = set.ValidOptions(parse);

        foreach (string input in inputs)
        {
            (float[] values, int[] shape) = NpyFile.ReadFloat32(input);
            TranscriptionResult result = await transcriber.DecodeAsync(new StageOutput(values, shape), options, cancellation).ConfigureAwait(false);
            foreach (Segment segment in result.Segments)
            {
                output.Print(segment);
            }

            output.Write(input, result);
        }

        return 0;
    }
}
