using BenchmarkDotNet.Attributes;
using Warble.Vad;

namespace Warble.Bench.Audio;

/// <summary>
/// Silero VAD on 60 s of 16 kHz audio (1,875 frames of 32 ms): the model's probabilities alone, and with faster-whisper's
/// segmentation. Multiply by 60 for the time per hour of audio.
/// </summary>
[MemoryDiagnoser]
public class VadBenchmarks
{
    private float[] _audio = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _audio = new float[60 * SpeechDetector.SampleRate];
        for (var i = 0; i < _audio.Length; i++)
        {
            double burst = (i / 16000 % 3) == 0 ? 0.02 : 0.4; // a second of near-silence every three
            _audio[i] = (float)(burst * ((0.5 * Math.Sin(i * 0.07)) + (0.5 * ((random.NextDouble() * 2) - 1))));
        }
    }

    [Benchmark]
    public float[] Probabilities60s() => SpeechDetector.Default.Probabilities(_audio);

    [Benchmark]
    public int Detect60s() => SpeechDetector.Default.Detect(_audio, new Warble.VadOptions()).Count;
}
