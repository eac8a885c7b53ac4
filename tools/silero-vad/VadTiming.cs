using System.Diagnostics;
using Warble.Audio;
using Warble.Vad;

namespace Warble.SileroVadTool;

/// <summary>
/// Times <see cref="SpeechDetector.Probabilities"/> on one file: the minimum wall time of N rounds and the mean CPU time
/// (all threads; pool helpers spin briefly between products), each scaled to an hour of audio.
/// </summary>
internal static class VadTiming
{
    public static int Run(string audioPath, int rounds)
    {
        float[] samples = AudioLoader.Load(audioPath);
        SpeechDetector detector = SpeechDetector.Default;
        detector.Probabilities(samples); // warm-up: jit and first touch of the weights
        double best = double.MaxValue;
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (int r = 0; r < rounds; r++)
        {
            long start = Stopwatch.GetTimestamp();
            detector.Probabilities(samples);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / rounds;

        double audioSeconds = samples.Length / (double)SpeechDetector.SampleRate;
        Console.WriteLine($"{audioPath}: {audioSeconds:F1} s of audio, best of {rounds}: {best * 1000:F1} ms, " +
            $"{best * 3600 / audioSeconds:F2} s per hour of audio (real-time factor {audioSeconds / best:F0}×), {Environment.ProcessorCount} cores; " +
            $"mean CPU time {cpuSeconds * 3600 / audioSeconds:F2} s per hour");
        return 0;
    }
}
