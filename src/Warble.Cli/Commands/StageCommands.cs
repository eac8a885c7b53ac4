using System.CommandLine;
using Warble.Audio;
using Warble.Formats;
using Warble.Models.Whisper;
using Warble.Transcription;

namespace Warble.Cli.Commands;

/// <summary>
/// `warble features` and `warble encode`: the pipeline's first stages on their own, written as float32 .npy.
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
        var threads = BenchOptions.Threads();
        var command = new Command(name, description) { audio, model, output, threads };
        command.SetAction((parse, cancellation) =>
        {
            BenchOptions.ApplyThreads(parse.GetValue(threads));
            using LoadedModel loaded = ModelLoader.Load(ModelPath.Resolve(parse.GetValue(model)));
            float[] samples = AudioLoader.Load(parse.GetValue(audio)!, cancellation);
            (float[] data, int[] shape) = loaded.Architecture == ModelArchitecture.Whisper
                ? Whisper(loaded, samples, encode)
                : Parakeet(loaded, samples, encode);
            NpyFile.WriteFloat32(parse.GetValue(output)!, data, shape);
            Console.Error.WriteLine($"warble: wrote {parse.GetValue(output)} [{string.Join(", ", shape)}]");
            return Task.FromResult(0);
        });
        return command;
    }

    private static (float[], int[]) Whisper(LoadedModel loaded, float[] samples, bool encode)
    {
        WhisperModel model = WhisperModel.FromLoaded(loaded);
        MelSpectrogram spectrogram = model.LogMel(samples);
        var mel = new float[model.Dims.NMels * WhisperLogMel.NFrames];
        spectrogram.ReadWindow(0, Math.Min(WhisperLogMel.NFrames, spectrogram.ContentFrames), mel);
        if (!encode)
        {
            return (mel, [model.Dims.NMels, WhisperLogMel.NFrames]);
        }

        var output = new float[model.Dims.NAudioCtx * model.Dims.NAudioState];
        model.Encoder.Forward(mel, output);
        return (output, [model.Dims.NAudioCtx, model.Dims.NAudioState]);
    }

    private static (float[], int[]) Parakeet(LoadedModel loaded, float[] samples, bool encode)
    {
        ParakeetTranscriber transcriber = ParakeetTranscriber.FromLoaded(loaded);
        if (!encode)
        {
            float[] features = transcriber.Features(samples, out int frames);
            return (features, [features.Length / frames, frames]);
        }

        float[] encoded = transcriber.Encode(samples, out int encodedFrames);
        return (encoded, [encodedFrames, encoded.Length / Math.Max(encodedFrames, 1)]);
    }
}
