using System.Diagnostics;
using System.Globalization;
using Warble.Models.Common;
using Warble.Models.Parakeet;
using Warble.Models.Whisper;
using Warble.Tensors;
using Warble.Tensors.Kernels;
using Warble.Tensors.Parallel;

namespace Warble.Bench;

/// <summary>
/// `steady-decode whisper SIZE [dtype] [seconds] [hypotheses]` and `steady-decode parakeet [dtype] [seconds] [batch]`: decode
/// steps at 2 threads, random weights, for as long as asked (8 s by default), printing a line per block of steps. `warble
/// bench` reports the first steps after start-up; this shows where the time settles and gives `perf record -D` a
/// steady stretch to sample. With a Parakeet batch, blocks of one-utterance steps alternate with blocks of steps of
/// the batch with every utterance emitting (what <c>BatchedTransducerDecoder</c> runs while all are still decoding).
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
        int hypotheses = 1, batch = 1;
        if ((!whisper && !parakeet)
            || (args.Length > next && !DTypeInfo.TryParse(args[next], out type))
            || (args.Length > next + 1 && !double.TryParse(args[next + 1], CultureInfo.InvariantCulture, out seconds))
            || (whisper && args.Length > next + 2 && (!int.TryParse(args[next + 2], out hypotheses) || hypotheses is < 1 or > 16))
            || (parakeet && args.Length > next + 2 && (!int.TryParse(args[next + 2], out batch) || batch is < 1 or > 64)))
        {
            Console.Error.WriteLine($"usage: steady-decode whisper {string.Join('|', WhisperSizes.All.Keys)} [dtype] [seconds] [hypotheses 1-16] | steady-decode parakeet [dtype] [seconds] [batch 1-64]");
            return 2;
        }

        WorkerPool.Shared.Configure(2);
        if (whisper)
        {
            Whisper(WhisperSizes.All[args[2]], type, seconds, hypotheses);
        }
        else
        {
            Parakeet(type, seconds, batch);
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

    /// <summary>Steps as `warble bench parakeet` times them: a token fed, then the joint at a frame (and, with a batch, batch steps).</summary>
    private static void Parakeet(DType type, double seconds, int batch)
    {
        var model = ParakeetModel.Random(ParakeetConfig.TdtV3, type);
        const int Frames = 126;
        float[] encoder = RandomValues(Frames * ParakeetConfig.TdtV3.Encoder.DModel);
        var transducer = new TransducerStep(model.Decoder, model.Joint);
        transducer.Project(encoder, Frames, 0);
        var batched = batch > 1 ? new BatchStep(model, encoder, Frames, batch) : null;
        var solo = new List<double>(ParakeetBlock);
        var together = new List<double>(ParakeetBlock);
        var total = Stopwatch.StartNew();
        for (int step = 0; total.Elapsed.TotalSeconds < seconds; step++)
        {
            long start = Stopwatch.GetTimestamp();
            transducer.Feed(step % 50);
            transducer.Joint(step % Frames);
            _ = TransducerChoice.Of(transducer.Logits, model.Decoder.BlankId, withDurations: true);
            solo.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (batched is not null)
            {
                start = Stopwatch.GetTimestamp();
                batched.Step(step);
                together.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            if (solo.Count == ParakeetBlock)
            {
                solo.Sort();
                string line = $"step min {solo[0]:F3} median {solo[ParakeetBlock / 2]:F3} ms";
                if (batched is not null)
                {
                    together.Sort();
                    double ratio = solo[ParakeetBlock / 2] * batch / together[ParakeetBlock / 2];
                    line += $"; step of {batch} min {together[0]:F3} median {together[ParakeetBlock / 2]:F3} ms: {ratio:F2}× the throughput per utterance";
                    together.Clear();
                }

                Console.WriteLine(line);
                solo.Clear();
            }
        }
    }

    /// <summary>One step of a batch in which every utterance emits: the prediction net fed, then the joint, for all rows.</summary>
    private sealed class BatchStep
    {
        private readonly ParakeetModel model;
        private readonly float[] projectedEncoder, lstmOutput, projected, sums, logits;
        private readonly List<LstmState> states;
        private readonly int[] tokens;
        private readonly TransducerChoice[] choices;
        private readonly int frames, hidden, outputs;
        private float[] scratch = [];

        public BatchStep(ParakeetModel model, float[] encoder, int frames, int batch)
        {
            this.model = model;
            this.frames = frames;
            hidden = model.Joint.Config.JointHidden;
            outputs = model.Joint.Config.NumOutputs;
            projectedEncoder = new float[frames * hidden];
            model.Joint.ProjectEncoder(encoder, frames, projectedEncoder);
            lstmOutput = new float[batch * model.Decoder.Config.PredHidden];
            projected = new float[batch * hidden];
            sums = new float[batch * hidden];
            logits = new float[batch * outputs];
            states = [.. Enumerable.Range(0, batch).Select(_ => model.Decoder.CreateState())];
            tokens = new int[batch];
            choices = new TransducerChoice[batch];
        }

        public void Step(int step)
        {
            int n = tokens.Length;
            for (int i = 0; i < n; i++)
            {
                tokens[i] = ((step * n) + i) % 50;
            }

            model.Decoder.PredictBatch(tokens, states, lstmOutput, ref scratch);
            model.Joint.ProjectPrednet(lstmOutput, n, projected);
            for (int i = 0; i < n; i++)
            {
                int t = ((step * n) + i) % frames;
                Add.Apply(projectedEncoder.AsSpan(t * hidden, hidden), projected.AsSpan(i * hidden, hidden), sums.AsSpan(i * hidden, hidden));
            }

            model.Joint.JointAfterProjection(sums, n, logits);
            TransducerChoice.OfRows(logits, n, outputs, model.Decoder.BlankId, withDurations: true, choices);
        }
    }

    private static float[] RandomValues(int count)
    {
        var random = new Random(1);
        return [.. Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() - 0.5))];
    }
}
