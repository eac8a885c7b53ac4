using System.Diagnostics;
using System.Globalization;
using Warble.Models.Common;
using Warble.Models.Parakeet;
using Warble.Models.Whisper;
using Warble.Tensors;
using Warble.Tensors.Parallel;

namespace Warble.Bench;

/// <summary>
/// `steady-decode whisper SIZE [dtype] [seconds] [hypotheses]` and `steady-decode parakeet [dtype] [seconds]`: decode steps at
/// 2 threads, random weights, for as long as asked (8 s by default), printing a line per block of steps. `warble
/// bench` reports the first steps after start-up; this shows where the time settles and gives `perf record -D` a
/// steady stretch to sample.
/// </summary>
internal static class SteadyDecode
{
    private const int WhisperBlock = 64;

    private const int ParakeetBlock = 500;

    public static int Run(string[] args)
    {
        bool whisper = args.Length > 2 && args[1] == "whisper" && WhisperSizes.All.ContainsKey(args[2]);
        bool parakeet = args.Length > 1 && args[1] == "parakeet";
        int next = whisper ? 3 : 2;
        DType type = DType.F16;
        double seconds = 8;
        int hypotheses = 1;
        if ((!whisper && !parakeet)
            || (args.Length > next && !DTypeInfo.TryParse(args[next], out type))
            || (args.Length > next + 1 && !double.TryParse(args[next + 1], CultureInfo.InvariantCulture, out seconds))
            || (whisper && args.Length > next + 2 && (!int.TryParse(args[next + 2], out hypotheses) || hypotheses is < 1 or > 16)))
        {
            Console.Error.WriteLine($"usage: steady-decode whisper {string.Join('|', WhisperSizes.All.Keys)} [dtype] [seconds] [hypotheses 1-16] | steady-decode parakeet [dtype] [seconds]");
            return 2;
        }

        WorkerPool.Shared.Configure(2);
        if (whisper)
        {
            Whisper(WhisperSizes.All[args[2]], type, seconds, hypotheses);
        }
        else
        {
            Parakeet(type, seconds);
        }

        return 0;
    }

    /// <summary>Steps of <paramref name="hypotheses"/> sequences together, as beam search and best-of-N run them.</summary>
    private static void Whisper(WhisperDimensions dims, DType type, double seconds, int hypotheses)
    {
        var decoder = new TextDecoder(new RandomWeights(type).Source("random whisper"), dims);
        var state = new WhisperDecoderState(dims);
        decoder.SetAudio(RandomValues(dims.NAudioCtx * dims.NAudioState), state);
        var logits = new float[hypotheses * dims.NVocab];
        int[] prompt = [.. Enumerable.Range(0, hypotheses * 4).Select(i => i % 4)];
        var tokens = new int[hypotheses];
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < seconds)
        {
            state.Reset(hypotheses);
            decoder.Forward(prompt, hypotheses, 4, [3], logits, state);
            var watch = Stopwatch.StartNew();
            for (int step = 0; step < WhisperBlock; step++)
            {
                Array.Fill(tokens, 100 + step);
                decoder.Forward(tokens, hypotheses, 1, [0], logits, state);
            }

            Console.WriteLine($"{watch.Elapsed.TotalMilliseconds / WhisperBlock:F3} ms per step of {hypotheses}");
        }
    }

    /// <summary>Steps as `warble bench parakeet` times them: a token fed, then the joint at a frame.</summary>
    private static void Parakeet(DType type, double seconds)
    {
        var model = ParakeetModel.Random(ParakeetConfig.TdtV3, type);
        const int Frames = 126;
        var transducer = new TransducerStep(model.Decoder, model.Joint);
        transducer.Project(RandomValues(Frames * ParakeetConfig.TdtV3.Encoder.DModel), Frames, 0);
        var times = new List<double>(ParakeetBlock);
        var total = Stopwatch.StartNew();
        for (int step = 0; total.Elapsed.TotalSeconds < seconds; step++)
        {
            long start = Stopwatch.GetTimestamp();
            transducer.Feed(step % 50);
            transducer.Joint(step % Frames);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (times.Count == ParakeetBlock)
            {
                times.Sort();
                Console.WriteLine($"step min {times[0]:F3} median {times[ParakeetBlock / 2]:F3} ms");
                times.Clear();
            }
        }
    }

    private static float[] RandomValues(int count)
    {
        var random = new Random(1);
        return [.. Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() - 0.5))];
    }
}
