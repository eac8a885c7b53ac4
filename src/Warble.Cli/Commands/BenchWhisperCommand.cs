using Warble.Formats;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Warble.Models.Common;
using Warble.Models.Whisper;
using Warble.Tensors;

namespace Warble.Cli.Commands;

/// <summary>
/// `warble bench whisper`: random weights at a real size, the encoder on one 30 s window and the decoder per
/// token with the key/value cache (as whisper.cpp's bench tool measures), minimum of several runs.
/// </summary>
internal static class BenchWhisperCommand
{
    private const int PromptTokens = 4;
    private const int DecodeSteps = 64;

    public static Command Create()
    {
        var size = new Option<string>("--size") { Description = "tiny, base, small, medium, large-v3 or large-v3-turbo", DefaultValueFactory = _ => "tiny" };
        size.AcceptOnlyFromAmong([.. WhisperSizes.All.Keys]);
        var dtype = new Option<string>("--dtype") { Description = "weight type of the matrices: f32, f16 or q8_0", DefaultValueFactory = _ => "f16" };
        dtype.AcceptOnlyFromAmong("f32", "f16", "q8_0");
        var runs = new Option<int>("--runs") { Description = "timed runs of the encoder (the minimum is reported)", DefaultValueFactory = _ => 3 };
        var threads = BenchOptions.Threads();
        var json = new Option<bool>("--json") { Description = "print one JSON object as the last line" };
        var command = new Command("whisper", "Time the Whisper encoder and decoder at a real size with random weights")
        {
            size, dtype, runs, threads, json,
        };
        command.SetAction(parse =>
        {
            BenchOptions.ApplyThreads(parse.GetValue(threads));
            DTypeInfo.TryParse(parse.GetValue(dtype)!, out DType type);
            Run(parse.GetValue(size)!, type, Math.Max(1, parse.GetValue(runs)), parse.GetValue(json));
            return 0;
        });
        return command;
    }

    private static void Run(string size, DType type, int runs, bool json)
    {
        WhisperDimensions dims = WhisperSizes.All[size];
        var weights = new RandomWeights(type);
        WeightSource source = weights.Source($"random whisper {size}");
        var encoder = new AudioEncoder(source, dims);
        var decoder = new TextDecoder(source, dims);
        var mel = new float[dims.NMels * encoder.InputFrames];
        var audio = new float[dims.NAudioCtx * dims.NAudioState];

        double encoderMs = BenchOptions.MinimumMs(runs + 1, () => encoder.Forward(mel, audio));
        var state = new WhisperDecoderState(dims);
        decoder.SetAudio(audio, state);
        state.Reset(1);
        var logits = new float[dims.NVocab];
        int[] prompt = [.. Enumerable.Range(0, PromptTokens)];
        double decodeMs = BenchOptions.MinimumMs(2, () =>
        {
            state.Reset(1);
            decoder.Forward(prompt, 1, PromptTokens, [PromptTokens - 1], logits, state);
            var watch = Stopwatch.StartNew();
            for (int step = 0; step < DecodeSteps; step++)
            {
                decoder.Forward([step + 100], 1, 1, [0], logits, state);
            }

            return watch.Elapsed.TotalMilliseconds;
        }) / DecodeSteps;

        double peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        Console.WriteLine($"whisper {size} {type.Name()}, {BenchOptions.ThreadCount} threads, weights {weights.Bytes / (1024.0 * 1024.0):F0} MiB");
        Console.WriteLine($"  encoder (one 30 s window): {encoderMs,9:F1} ms");
        Console.WriteLine($"  decoder per token:         {decodeMs,9:F2} ms");
        Console.WriteLine($"  peak memory:               {peakMb,9:F0} MiB");
        if (json)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"bench\":\"whisper\",\"size\":\"{size}\",\"dtype\":\"{type.Name()}\",\"threads\":{BenchOptions.ThreadCount},\"encoder_ms\":{encoderMs:F2},\"decode_ms_per_token\":{decodeMs:F3},\"peak_mb\":{peakMb:F0}}}"));
        }
    }
}
