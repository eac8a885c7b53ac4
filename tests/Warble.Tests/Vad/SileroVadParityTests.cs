using System.Globalization;
using Warble.Audio;
using Warble.Tests.Support;
using Warble.Vad;

namespace Warble.Tests.Vad;

/// <summary>
/// Warble's Silero VAD against ONNX Runtime 1.32 on silero_vad_16k_op15.onnx: the per-frame probabilities that
/// tools/silero-vad's <c>goldens</c> command wrote (state and context carried across every frame of the file).
/// </summary>
public class SileroVadParityTests
{
    public static TheoryData<string> Fixtures => ["jfk.wav", "espeak.wav", "long.wav", "jfk_44k_stereo.wav"];

    public static float[] Golden(string audio) =>
        [.. File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", "silero-vad", Path.GetFileNameWithoutExtension(audio) + ".probs.txt"))
            .Select(line => float.Parse(line, CultureInfo.InvariantCulture))];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void ProbabilitiesMatchOnnxRuntimeOverTheWholeFile(string audio)
    {
        float[] samples = AudioLoader.Load(SharedPaths.Fixture("audio", audio));
        float[] expected = Golden(audio);
        float[] actual = SpeechDetector.Default.Probabilities(samples);
        Assert.Equal(expected.Length, actual.Length);
        float worst = expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second));
        Assert.True(worst <= 1e-4f, $"{audio}: largest difference {worst}");
    }

    [Fact]
    public void StreamingInUnevenPiecesGivesTheSameProbabilities()
    {
        float[] samples = AudioLoader.Load(SharedPaths.Fixture("audio", "jfk.wav"));
        float[] whole = SpeechDetector.Default.Probabilities(samples);
        VadSession session = SpeechDetector.Default.CreateSession();
        var pieces = new List<float>();
        var buffer = new float[200];
        int at = 0, step = 1;
        while (at < samples.Length)
        {
            int n = Math.Min((step * 337) % 5000 + 1, samples.Length - at);
            int written = session.Process(samples.AsSpan(at, n), buffer);
            pieces.AddRange(buffer.Take(written));
            at += n;
            step++;
        }

        pieces.AddRange(buffer.Take(session.Flush(buffer)));
        Assert.Equal(whole.Length, pieces.Count);
        // Batches of another size take other GEMM paths, so the last bits may differ.
        Assert.True(whole.Zip(pieces).Max(p => Math.Abs(p.First - p.Second)) < 1e-5f);
    }

    [Fact]
    public void ResetStartsTheStreamAfresh()
    {
        float[] samples = AudioLoader.Load(SharedPaths.Fixture("audio", "espeak.wav"));
        float[] fresh = SpeechDetector.Default.Probabilities(samples);
        VadSession session = SpeechDetector.Default.CreateSession();
        var scratch = new float[session.FramesAfter(samples.Length) + 1];
        session.Process(samples.AsSpan(0, 10_000), scratch); // leaves 10,000 mod 512 samples pending
        Assert.Equal(10_000 % 512, session.PendingSamples);
        session.Reset();
        Assert.Equal(0, session.PendingSamples);
        int written = session.Process(samples, scratch);
        written += session.Flush(scratch.AsSpan(written));
        Assert.Equal(fresh.Length, written);
        Assert.True(fresh.Zip(scratch).Max(p => Math.Abs(p.First - p.Second)) < 1e-5f);
        Assert.Equal(0, session.Flush(scratch));
    }

    [Fact]
    public void ASessionAllocatesNothingPerFrame()
    {
        float[] samples = AudioLoader.Load(SharedPaths.Fixture("audio", "long.wav"));
        VadSession session = SpeechDetector.Default.CreateSession();
        var probabilities = new float[session.FramesAfter(samples.Length)];
        session.Process(samples.AsSpan(0, 64 * 512), probabilities); // warm-up: jit, pools
        session.Reset();
        long before = GC.GetAllocatedBytesForCurrentThread();
        session.Process(samples, probabilities);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 16 * 1024, $"{allocated} bytes for {probabilities.Length} frames");
    }

    [Fact]
    public void ConcurrentSessionsShareTheModel()
    {
        float[] jfk = AudioLoader.Load(SharedPaths.Fixture("audio", "jfk.wav"));
        float[] espeak = AudioLoader.Load(SharedPaths.Fixture("audio", "espeak.wav"));
        var results = new float[4][];
        Parallel.For(0, 4, i => results[i] = SpeechDetector.Default.Probabilities(i % 2 == 0 ? jfk : espeak));
        Assert.Equal(Golden("jfk.wav").Length, results[0].Length);
        Assert.Equal(results[0], results[2]);
        Assert.Equal(results[1], results[3]);
    }
}
