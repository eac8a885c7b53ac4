using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Warble.Audio;
using Warble.Models.Parakeet;
using Warble.Tensors;

namespace Warble.Cli.Commands;

/// <summary>
/// `warble bench parakeet`: random weights at a real size; the preprocessor and the FastConformer encoder on one
/// utterance of the given length, and one TDT decode step (prediction net + joint + log-softmax + argmax), the
/// minimum over many steps.
/// </summary>
internal static class BenchParakeetCommand
{
    private const int DecodeSteps = 200;

    private const int DistinctTokens = 50;

    /// <summary>Context of <c>--attention local</c> on each side: NeMo's suggestion for long audio, [128, 128].</summary>
    private const int DefaultLocalContext = 128;

    /// <summary>
    /// 0.6b: nvidia/parakeet-tdt-0.6b-v3. 110m: nvidia/parakeet-tdt_ctc-110m's transducer (17 layers of 512, 80 mels,
    /// 1024 tokens).
    /// </summary>
    private static readonly Dictionary<string, ParakeetConfig> Sizes = new(StringComparer.Ordinal)
    {
        ["0.6b"] = ParakeetConfig.TdtV3,
        ["110m"] = new(
            new ConformerEncoderConfig(80, 17, 512, 8, SubsamplingConvChannels: 256),
            new RnntDecoderConfig(1024, 640, 1),
            new RnntJointConfig(1024, 5, 512, 640, 640),
            [0, 1, 2, 3, 4]),
    };

    public static Command Create()
    {
        var size = ChoiceOption.Create("--size", "0.6b", "0.6b or 110m", [.. Sizes.Keys]);
        var dtype = BenchOptions.WeightType();
        var seconds = new Option<int>("--seconds") { Description = "audio length in seconds", DefaultValueFactory = _ => 10 };
        var runs = new Option<int>("--runs")
        {
            Description = "timed runs of the preprocessor and encoder after one warm-up (the minimum is reported); 0: one run, no warm-up (for hour-long inputs)",
            DefaultValueFactory = _ => 1,
        };
        var threads = BenchOptions.Threads();
        var attention = new Option<string>("--attention")
        {
            Description = "encoder self-attention: full, or local[:N] (N frames of context each side, default 128), as NeMo's change_attention_model(\"rel_pos_local_attn\", [N, N])",
            DefaultValueFactory = _ => "full",
        };
        var batch = new Option<int>("--decode-batch")
        {
            Description = "also decode N utterances of the given length greedily, one at a time and as one batch (0: skip)",
            DefaultValueFactory = _ => 0,
        };
        var json = BenchOptions.Json();
        var compute = BenchCompute.Create();
        var command = new Command("parakeet", "Time the Parakeet preprocessor, encoder and TDT decode step at a real size with random weights")
        {
            size, dtype, seconds, runs, threads, attention, compute, batch, json,
        };
        command.SetAction(parse =>
        {
            BenchOptions.ApplyThreads(parse.GetValue(threads));
            DType type = BenchOptions.WeightType(parse, dtype);
            int length = parse.GetValue(seconds);
            if (length < 1)
            {
                throw new ArgumentException($"--seconds must be at least 1, got {length}");
            }

            int decodeBatch = parse.GetValue(batch);
            if (decodeBatch is < 0 or > 256)
            {
                throw new ArgumentException($"--decode-batch takes 0 to 256, got {decodeBatch}");
            }

            Run(parse.GetValue(size)!, type, length, Math.Max(0, parse.GetValue(runs)), LocalContext(parse.GetValue(attention)!), parse.GetValue(compute) == "int8", parse.GetValue(json));
            if (decodeBatch > 0)
            {
                RunBatchedDecode(parse.GetValue(size)!, type, length, decodeBatch);
            }

            return 0;
        });
        return command;
    }

    /// <summary>--attention: null for full, else the context N of local[:N].</summary>
    private static int? LocalContext(string attention)
    {
        if (attention == "full")
        {
            return null;
        }

        const string Local = "local";
        if (attention == Local)
        {
            return DefaultLocalContext;
        }

        return attention.StartsWith(Local + ":", StringComparison.Ordinal)
            && int.TryParse(attention.AsSpan(Local.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is > 0 and <= 1 << 16
            ? n
            : throw new ArgumentException($"--attention takes full, local or local:N with 1 ≤ N ≤ 65536; got '{attention}'");
    }

    private static void Run(string size, DType type, int seconds, int runs, int? localContext, bool int8, bool json)
    {
        ParakeetConfig config = Sizes[size];
        ParakeetModel model = ParakeetModel.Random(config, type);
        if (localContext is { } n)
        {
            model = model.WithLocalAttention(n, n);
        }

        string attention = localContext is { } c ? $"local:{c}" : "full";
        var preprocessor = new NemoFilterbank(new NemoPreprocessorSettings { Features = config.Encoder.FeatIn, WindowSize = 0.025, NFft = 512, PadTo = 0 });
        var random = new Random(5);
        float[] audio = [.. Enumerable.Range(0, seconds * AudioLoader.SampleRate).Select(_ => (float)((random.NextDouble() - 0.5) * 0.2))];

        float[] features = [];
        int frames = 0;
        double featuresMs = Time(runs, () => features = preprocessor.Compute(audio, out frames));
        int outFrames = model.Encoder.OutputFrames(frames);
        var encoded = new float[outFrames * config.Encoder.DModel];
        // A statement lambda: Forward's int result would otherwise pick the overload for self-timed actions.
        Action forward = () => model.Encoder.Forward(features, frames, preprocessor.SeqLen(audio.Length), encoded);
        BenchCompute.Comparison? comparison = int8 ? BenchCompute.Compare(runs, forward, encoded, EncoderFlops.Parakeet(config.Encoder, frames, outFrames, localContext is { } window ? Math.Min(outFrames, (2 * window) + 1) : outFrames)) : null;
        double encoderMs = comparison?.F32Ms ?? Time(runs, forward);
        double decodeMs = DecodeStepMs(model, encoded, outFrames);

        double totalMs = featuresMs + encoderMs + (decodeMs * outFrames);
        double rtfx = seconds * 1000.0 / totalMs;
        double peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        Console.WriteLine($"parakeet {size} {type.Name()}, {BenchOptions.ThreadCount} threads, {BenchOptions.Kernels} kernels, {attention} attention, {seconds} s of audio ({frames} feature frames, {outFrames} encoder frames)");
        Console.WriteLine($"  features:              {featuresMs,9:F1} ms");
        Console.WriteLine($"  encoder:               {encoderMs,9:F1} ms");
        comparison?.Print("encoder:");
        Console.WriteLine($"  TDT decode step (min): {decodeMs,9:F3} ms");
        Console.WriteLine($"  RTFx (features + encoder + one step per encoder frame): {rtfx:F1}");
        Console.WriteLine($"  peak memory:           {peakMb,9:F0} MiB");
        if (json)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"bench\":\"parakeet\",\"size\":\"{size}\",\"dtype\":\"{type.Name()}\",\"threads\":{BenchOptions.ThreadCount},\"kernels\":\"{BenchOptions.Kernels}\",\"attention\":\"{attention}\",\"seconds\":{seconds},\"features_ms\":{featuresMs:F2},\"encoder_ms\":{encoderMs:F2},{comparison?.Json()}\"decode_ms_per_step\":{decodeMs:F4},\"rtfx\":{rtfx:F2},\"peak_mb\":{peakMb:F0}}}"));
        }
    }

    /// <summary>
    /// Greedy decoding of <paramref name="count"/> utterances, one at a time and as one batch, on encoder outputs of
    /// random frames (the random joint then emits a token on most frames, the decoder's busiest case). Each utterance's
    /// frames are its own, so utterances take different paths. Best of three alternating rounds.
    /// </summary>
    private static void RunBatchedDecode(string size, DType type, int seconds, int count)
    {
        ParakeetConfig config = Sizes[size];
        ParakeetModel model = ParakeetModel.Random(config, type);
        int frames = seconds * 1000 / 80, d = config.Encoder.DModel;
        var random = new Random(9);
        var utterances = new List<(float[] Encoder, int Frames, int Valid)>();
        for (int i = 0; i < count; i++)
        {
            utterances.Add(([.. Enumerable.Range(0, frames * d).Select(_ => (float)random.NextDouble() - 0.5f)], frames, frames));
        }

        double oneByOne = double.MaxValue, batched = double.MaxValue;
        int tokens = 0;
        for (int round = 0; round < 3; round++)
        {
            long start = Stopwatch.GetTimestamp();
            tokens = utterances.Sum(u => model.DecodeGreedy(u.Encoder, u.Frames, u.Valid).Tokens.Length);
            oneByOne = Math.Min(oneByOne, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            start = Stopwatch.GetTimestamp();
            _ = model.DecodeGreedyBatch(utterances);
            batched = Math.Min(batched, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        Console.WriteLine($"  greedy decode of {count} × {seconds} s ({frames} frames, {tokens} tokens in all):");
        Console.WriteLine($"    one at a time {oneByOne,9:F1} ms, as one batch {batched,9:F1} ms: {oneByOne / batched:F2}× the throughput per utterance");
    }

    /// <summary>The minimum of <paramref name="runs"/> timed runs after a warm-up, or with 0 runs a single run.</summary>
    private static double Time(int runs, Action action)
    {
        if (runs > 0)
        {
            return BenchOptions.MinimumMs(runs, action);
        }

        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>
    /// One label-looping step with a token emitted: predict, project, joint, log-softmax, both argmaxes. The tokens
    /// cycle through 50 ids, as a transcript repeats its tokens: the first use of an id also computes its layer-0
    /// input term, which later steps reuse.
    /// </summary>
    private static double DecodeStepMs(ParakeetModel model, float[] encoded, int frames)
    {
        int blank = model.Decoder.BlankId;
        var transducer = new TransducerStep(model.Decoder, model.Joint);
        transducer.Project(encoded, frames, 0);
        double best = double.MaxValue;
        for (int step = 0; step < DecodeSteps; step++)
        {
            long start = Stopwatch.GetTimestamp();
            transducer.Feed(step % Math.Min(blank, DistinctTokens));
            transducer.Joint(step % frames);
            _ = TransducerChoice.Of(transducer.Logits, blank, withDurations: true);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return best;
    }
}
