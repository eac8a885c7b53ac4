using System.Diagnostics;
using System.Globalization;
using Warble.Audio;
using Warble.Formats;
using Warble.Models.Common;
using Warble.Models.Whisper;
using Warble.Tensors;
using Warble.Text;
using Warble.Transcription;

namespace Warble.Bench;

/// <summary>
/// `batched-vad MODEL MINUTES [rounds]`: a long recording (the fixtures' jfk.wav and long.wav over and over, with
/// pauses of 1 to 3 s) transcribed with <c>--vad</c> one chunk at a time and <c>--batch-size</c> 4 and 8, the three
/// alternating in each round so that a busy machine slows them alike; also the detector alone and openai's loop over
/// the speech (<c>--vad</c> without a batch). MODEL is a Whisper file or a size (tiny, base, small: random f16 weights
/// at the real dimensions, whose decodes run to the sample length). Prints seconds per run, the speed-up over batch 1
/// and the detector's time per hour of audio.
/// </summary>
internal static class BatchedVad
{
    public static int Run(string[] args)
    {
        if (args.Length < 3 || !double.TryParse(args[2], CultureInfo.InvariantCulture, out double minutes))
        {
            Console.Error.WriteLine("usage: batched-vad MODEL|tiny|base|small MINUTES [rounds]");
            return 2;
        }

        int rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2;
        var pipeline = new WhisperPipeline(Model(args[1]));
        float[] audio = Recording(minutes);
        var options = new TranscribeOptions { Language = "en", Temperatures = [0.0], Vad = new VadOptions() };
        Console.WriteLine($"{args[1]}: {audio.Length / 16000.0 / 60:F1} min of audio, {Environment.ProcessorCount} cores");
        var times = new Dictionary<string, List<double>>();
        for (int round = 0; round < rounds; round++)
        {
            Time(times, "vad only", () => SpeechOnlyAudio.Detect(AudioInput.FromSamples(audio), options.Vad, default, keepSamples: false).Dispose());
            foreach (int? n in new int?[] { 1, 4, 8, null })
            {
                string name = n is null ? "vad, openai loop" : $"batch {n}";
                int tokens = 0;
                Time(times, name, () =>
                {
                    TranscribeOptions call = options with { BatchSize = n };
                    using TranscriptionRun run = n is null
                        ? new SpeechOnlyRun(pipeline, AudioInput.FromSamples(audio), call, default)
                        : new BatchedSpeechRun(pipeline, AudioInput.FromSamples(audio), call, default);
                    while (run.MoveNext())
                    {
                        tokens += run.Current.Tokens.Count;
                    }
                });
                Console.WriteLine($"  round {round + 1} {name}: {times[name][^1]:F2} s, {tokens} tokens");
            }
        }

        double batch1 = times["batch 1"].Min();
        foreach ((string name, List<double> list) in times)
        {
            Console.WriteLine($"{name,-18} min {list.Min(),8:F2} s  speed-up over batch 1 {batch1 / list.Min(),5:F2}×");
        }

        double hours = audio.Length / 16000.0 / 3600;
        Console.WriteLine($"detector: {times["vad only"].Min() / hours:F1} s per hour of audio, {100 * times["vad only"].Min() / batch1:F1} % of batch 1, "
            + $"{100 * times["vad only"].Min() / times["vad, openai loop"].Min():F1} % of the openai loop");
        return 0;
    }

    internal static void Time(Dictionary<string, List<double>> times, string name, Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        if (!times.TryGetValue(name, out List<double>? list))
        {
            times[name] = list = [];
        }

        list.Add(watch.Elapsed.TotalSeconds);
    }

    internal static WhisperModel Model(string name)
    {
        if (WhisperSizes.All.TryGetValue(name, out WhisperDimensions? dims))
        {
            WeightSource source = new RandomWeights(DType.F16).Source($"random whisper {name}");
            return new WhisperModel(source, dims, WhisperTokenizer.FromEmbedded(dims.IsMultilingual, dims.NVocab), WhisperLogMel.Filters(dims.NMels), null);
        }

        return WhisperModel.FromLoaded(ModelLoader.Load(name));
    }

    /// <summary>jfk.wav and long.wav from the shared fixtures, alternating, with 1 to 3 s of silence between, for as long as asked.</summary>
    private static float[] Recording(double minutes)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "..", "shared", "fixtures", "audio");
        float[][] speech = [AudioLoader.Load(Path.Combine(folder, "jfk.wav")), AudioLoader.Load(Path.Combine(folder, "long.wav"))];
        var audio = new List<float>();
        for (int i = 0; audio.Count < minutes * 60 * 16000; i++)
        {
            audio.AddRange(new float[(1 + (i % 3)) * 16000]);
            audio.AddRange(speech[i % 2]);
        }

        return [.. audio];
    }
}
