using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Warble.Models.Common;
using Warble.Models.Whisper;
using Warble.Tensors;

namespace Warble.Cli.Commands;

/// <summary>
/// `warble bench whisper`: random weights at a real size, the encoder on one 30 s window and the decoder per
/// token with the key/value cache (as whisper.cpp's bench tool measures), minimum of several runs. With
/// <c>--hypotheses N</c> the decoder steps N sequences together, as beam search and best-of-N do.
/// </summary>
internal static class BenchWhisperCommand
{
    private const int PromptTokens = 4;
    private const int DecodeSteps = 64;

    public static Command Create()
    {
        var size = ChoiceOption.Create("--size", "tiny", "tiny, base, small, medium, large-v3 or large-v3-turbo", [.. WhisperSizes.All.Keys]);
        var dtype = BenchOptions.WeightType();
        var runs = new Option<int>("--runs") { Description = "timed runs of the encoder (the minimum is reported)", DefaultValueFactory = _ => 3 };
        var hypotheses = new Option<int>("--hypotheses")
        {
            Description = "sequences the decoder steps together (5 for the default beam search and best-of-5)",
            DefaultValueFactory = _ => 1,
        };
        hypotheses.Validators.Add(result =>
        {
            int n = result.GetValueOrDefault<int>();
            if (n is < 1 or > 32)
            {
                result.AddError($"--hypotheses takes 1 to 32, not {n}");
            }
        });
        var threads = BenchOptions.Threads();
        var json = BenchOptions.Json();
        var compute = BenchCompute.Create();
        var command = new Command("whisper", "Time the Whisper encoder and decoder at a real size with random weights")
        {
            size, dtype, runs, hypotheses, threads, compute, json,
        };
        command.SetAction(parse =>
        {
            BenchOptions.ApplyThreads(parse.GetValue(threads));
            DType type = BenchOptions.WeightType(parse, dtype);
            Run(parse.GetValue(size)!, type, Math.Max(1, parse.GetValue(runs)), parse.GetValue(hypotheses), parse.GetValue(compute) == "int8", parse.GetValue(json));
            return 0;
        });
        return command;
    }

    private static void Run(string size, DType type, int runs, int hypotheses, bool int8, bool json)
    {
        WhisperDimensions dims = WhisperSizes.All[size];
        var weights = new RandomWeights(type);
        WeightSource source = weights.Source($"random whisper {size}");
        var encoder = new AudioEncoder(source, dims);
        var decoder = new TextDecoder(source, dims);
        var random = new Random(5);
        float[] mel = [.. Enumerable.Range(0, dims.NMels * encoder.InputFrames).Select(_ => (float)((random.NextDouble() * 2) - 1))];
        var audio = new float[dims.NAudioCtx * dims.NAudioState];

        BenchCompute.Comparison? comparison = int8 ? BenchCompute.Compare(runs, () => encoder.Forward(mel, audio), audio, EncoderFlops.Whisper(dims)) : null;
        double encoderMs = comparison?.F32Ms ?? BenchOptions.MinimumMs(runs + 1, () => encoder.Forward(mel, audio));
        var state = new WhisperDecoderState(dims);
        decoder.SetAudio(audio, state);
        var logits = new float[hypotheses * dims.NVocab];
        int[] prompt = [.. Enumerable.Range(0, hypotheses * PromptTokens).Select(i => i % PromptTokens)];
        var tokens = new int[hypotheses];
        double decodeMs = BenchOptions.MinimumMs(2, () =>
        {
            state.Reset(hypotheses);
            decoder.Forward(prompt, hypotheses, PromptTokens, [PromptTokens - 1], logits, state);
            var watch = Stopwatch.StartNew();
            for (int step = 0; step < DecodeSteps; step++)
            {
                for (int b = 0; b < hypotheses; b++)
                {
                    tokens[b] = 100 + step + b;
                }

                decoder.Forward(tokens, hypotheses, 1, [0], logits, state);
            }

            return watch.Elapsed.TotalMilliseconds;
        }) / DecodeSteps;

        double peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        Console.WriteLine($"whisper {size} {type.Name()}, {BenchOptions.ThreadCount} threads, {BenchOptions.Kernels} kernels, weights {weights.Bytes / (1024.0 * 1024.0):F0} MiB");
        Console.WriteLine($"  encoder (one 30 s window): {encoderMs,9:F1} ms");
        comparison?.Print("encoder:");
        Console.WriteLine(hypotheses == 1
            ? $"  decoder per token:         {decodeMs,9:F2} ms"
            : $"  decoder per step ({hypotheses} seqs): {decodeMs,7:F2} ms");
        Console.WriteLine($"  peak memory:               {peakMb,9:F0} MiB");
        if (json)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"bench\":\"whisper\",\"size\":\"{size}\",\"dtype\":\"{type.Name()}\",\"threads\":{BenchOptions.ThreadCount},\"kernels\":\"{BenchOptions.Kernels}\",\"hypotheses\":{hypotheses},\"encoder_ms\":{encoderMs:F2},{comparison?.Json()}\"decode_ms_per_token\":{decodeMs:F3},\"peak_mb\":{peakMb:F0}}}"));
        }
    }
}
