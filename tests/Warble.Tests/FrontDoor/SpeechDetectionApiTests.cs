using Warble.Audio;
using Warble.Tests.Support;
using Warble.Vad;

namespace Warble.Tests.FrontDoor;

/// <summary>The public speech-detection stage and stream give what the detector gives.</summary>
public class SpeechDetectionApiTests
{
    private static readonly string Long = SharedPaths.Fixture("audio", "long.wav");

    [Fact]
    public async Task DetectSpeechReadsTheAudioAsAStreamAndFindsTheDetectorsRegions()
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(Path.Combine(SharedPaths.Repo, "models", "demo-fastconformer-ctc.gguf"));
        float[] samples = AudioLoader.Load(Long);
        var options = new VadOptions { MinSilenceDurationMs = 500 };
        IReadOnlyList<SpeechSpan> spans = await transcriber.DetectSpeechAsync(Long, options);
        IReadOnlyList<SpeechRegion> regions = SpeechDetector.Default.Detect(samples, options);
        Assert.True(regions.Count > 1);
        Assert.Equal(regions.Select(r => new SpeechSpan(r.StartSeconds, r.EndSeconds)), spans);
    }

    [Fact]
    public void AStreamFedInPiecesGivesTheWholeFilesProbabilities()
    {
        float[] samples = AudioLoader.Load(Long);
        float[] expected = SpeechDetector.Default.Probabilities(samples);
        var stream = new VoiceActivityStream();
        var actual = new List<float>();
        for (int start = 0; start < samples.Length; start += 1600)
        {
            actual.AddRange(stream.Append(samples.AsSpan(start, Math.Min(1600, samples.Length - start))));
        }

        Assert.Equal(samples.Length / 512, actual.Count);
        // Frames run in batches of whatever has arrived, so the products round differently: equal within 1e-5.
        Assert.All(actual.Select((p, i) => Math.Abs(p - expected[i])), d => Assert.True(d < 1e-5, $"{d}"));
        stream.Reset();
        Assert.All(stream.Append(samples.AsSpan(0, 5120)).Select((p, i) => Math.Abs(p - expected[i])), d => Assert.True(d < 1e-5, $"{d}"));
        Assert.Equal(0.032, VoiceActivityStream.FrameSeconds);
    }
}
