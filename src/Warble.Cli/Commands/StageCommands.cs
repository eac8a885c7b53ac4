using System.CommandLine;
using Warble.Formats;

namespace Warble.Cli.Commands;

/// <summary>
/// `warble features` and `warble encode`: the pipeline's first stages on their own (the library's
/// <see cref="Transcriber.ComputeFeaturesAsync"/> and <see cref="Transcriber.EncodeAsync"/>), written as float32 .npy.
/// Whisper: the first 30 s window as transcribe() hands it to decode() ([n_mels, 3000]) and its encoder output
/// ([n_audio_ctx, n_audio_state]); Parakeet: the whole file's features ([n_mels, frames]) and encoder output ([frames, d_model]).
/// </summary>
internal static class StageCommands
{
    public static Command Features() => Create("features", "Write the model's input features as a float32 .npy", encode: false);

    public static Command Encode() => Create("encode", "Write the encoder output as a float32 .npy", encode: true);

    private static Command Create(string name, string description, bool encode)
    {
        var audio = new Argument<string>("audio") { Description = "Audio file ('-' reads standard input)" };
        var model = new Option<string?>("--model", "-m") { Description = "Model file or folder" };
        var output = new Option<string>("--output", "-o") { Description = "Output .npy file", Required = true };
        var threads = new Option<int?>("--threads", "-t") { Description = "Worker threads for the kernels (default: all cores)" };
        var command = new Command(name, description) { audio, model, output, threads };
        command.SetAction(async (parse, cancellation) =>
        {
            var options = new TranscriberOptions { Threads = parse.GetValue(threads) };
            await using Transcriber transcriber = await Transcriber.LoadAsync(ModelPath.Resolve(parse.GetValue(model)), options, cancellation).ConfigureAwait(false);
            AudioInput input = parse.GetValue(audio)!;
            StageOutput result = encode
                ? await transcriber.EncodeAsync(input, cancellation).ConfigureAwait(false)
                : await transcriber.ComputeFeaturesAsync(input, cancellation).ConfigureAwait(false);
            NpyFile.WriteFloat32(parse.GetValue(output)!, result.Values, [.. result.Shape]);
            Console.Error.WriteLine($"warble: wrote {parse.GetValue(output)} [{string.Join(", ", result.Shape)}]");
            return 0;
        });
        return command;
    }
}
