using System.Globalization;
using Warble.Audio;
using Warble.Transcription;

namespace Warble.Bench;

/// <summary>
/// `batched-files MODEL COUNT [rounds]`: COUNT short recordings (the fixtures' jfk.wav and espeak.wav and the repository's
/// sample, in turn; 7 to 13 s each) transcribed one after another and as one <c>TranscribeBatchAsync</c> call
/// (<see cref="WhisperBatchTranscription"/>), alternating in each round. MODEL is a Whisper file or a size (random f16
/// weights at the real dimensions, whose greedy decodes run to the sample length). Prints seconds per run and the
/// speed-up of the batch.
/// </summary>
internal static class BatchedFiles
{
    public static int Run(string[] args)
    {
        if (args.Length < 3 || !int.TryParse(args[2], CultureInfo.InvariantCulture, out int count) || count < 1)
        {
            Console.Error.WriteLine("usage: batched-files MODEL|tiny|base|small COUNT [rounds]");
            return 2;
        }

        int rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2;
        var pipeline = new WhisperPipeline(BatchedVad.Model(args[1]));
        string repo = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..");
        string audio = Path.Combine(repo, "..", "shared", "fixtures", "audio");
        float[][] clips = [AudioLoader.Load(Path.Combine(audio, "jfk.wav")), AudioLoader.Load(Path.Combine(audio, "espeak.wav")),
            AudioLoader.Load(Path.Combine(repo, "samples", "kjv-sample.wav"))];
        AudioInput[] Inputs() => [.. Enumerable.Range(0, count).Select(i => AudioInput.FromSamples(clips[i % clips.Length]))];
        var options = new TranscribeOptions { Language = "en", Temperatures = [0.0], BeamSize = 1 };
        Console.WriteLine($"{args[1]}: {count} recordings, {Environment.ProcessorCount} cores");
        var times = new Dictionary<string, List<double>>();
        for (int round = 0; round < rounds; round++)
        {
            int tokens = 0;
            BatchedVad.Time(times, "one at a time", () =>
            {
                foreach (AudioInput input in Inputs())
                {
                    using TranscriptionRun run = pipeline.Start(input, options, default);
                    tokens += run.ReadToEnd().Segments.Sum(s => s.Tokens.Count);
                }
            });
            Console.WriteLine($"  round {round + 1} one at a time: {times["one at a time"][^1]:F2} s, {tokens} tokens");
            tokens = 0;
            BatchedVad.Time(times, "batch", () => tokens = pipeline.TranscribeBatch(Inputs(), options, default).Sum(r => r.Segments.Sum(s => s.Tokens.Count)));
            Console.WriteLine($"  round {round + 1} batch: {times["batch"][^1]:F2} s, {tokens} tokens");
        }

        double alone = times["one at a time"].Min(), batch = times["batch"].Min();
        Console.WriteLine($"one at a time min {alone:F2} s, batch min {batch:F2} s, speed-up {alone / batch:F2}×");
        return 0;
    }
}
