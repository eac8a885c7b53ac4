using BenchmarkDotNet.Attributes;
using Warble.Audio;

namespace Warble.Bench.Audio;

/// <summary>Front ends on 60 s of 16 kHz audio: Whisper log-mel (with transcribe()'s 30 s padding) and NeMo's filterbank.</summary>
[MemoryDiagnoser]
public class FeatureBenchmarks
{
    private float[] _audio = [];
    private NemoFilterbank _nemo = null!;
    private MelFilterBank _whisperFilters = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _audio = new float[60 * 16000];
        for (var i = 0; i < _audio.Length; i++)
        {
            _audio[i] = (float)((0.3 * Math.Sin(i * 0.07)) + (0.1 * ((random.NextDouble() * 2) - 1)));
        }

        _nemo = new NemoFilterbank(new NemoPreprocessorSettings { WindowSize = 0.025, Features = 128, NFft = 512, PadTo = 0 });
        _whisperFilters = WhisperLogMel.Filters(80);
    }

    [Benchmark]
    public float[] WhisperLogMel60s() => WhisperLogMel.Compute(_audio, 80, WhisperLogMel.NSamples, _whisperFilters);

    [Benchmark]
    public float[] NemoFilterbank60s() => _nemo.Compute(_audio, out _);

    [Benchmark]
    public float[] Resample44kTo16k60s() => Resampler.Resample(_audio.AsSpan(0, 44100 * 20), 44100, 16000);
}
