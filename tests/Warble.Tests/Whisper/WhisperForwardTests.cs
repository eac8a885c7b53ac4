using Warble.Formats;
using Warble.Models.Common;
using Warble.Models.Whisper;
using Warble.Tensors;
using Warble.Tests.Support;

namespace Warble.Tests.Whisper;

public class WhisperForwardTests
{
    private static readonly WhisperDimensions TinyRandom = new(80, 1500, 64, 2, 2, 51865, 448, 64, 2, 2);
    private static readonly int[] TeacherTokens = [50258, 50259, 50359, 50363, 400, 370, 452, 7177, 6280, 11, 1029, 406];

    private static WeightSource Weights()
    {
        Dictionary<string, TensorView> tensors = ScratchLoaders.ReadHfWhisper(SharedPaths.Fixture("whisper", "whisper-tiny-random", "hf", "model.safetensors"));
        return new WeightSource(tensors, "whisper-tiny-random");
    }

    private static string Golden(string file) => SharedPaths.Fixture("whisper", "whisper-tiny-random", "golden", "jfk", file);

    [Fact]
    public void EncoderMatchesGolden()
    {
        float[] mel = ScratchLoaders.ReadNpy(Golden("mel.npy"), out _);
        float[] expected = ScratchLoaders.ReadNpy(Golden("encoder.npy"), out _);
        var encoder = new AudioEncoder(Weights(), TinyRandom);
        var output = new float[1500 * 64];
        encoder.Forward(mel, output);
        Assert.True(MaxAbsDiff(expected, output) < 1e-4, $"max abs diff {MaxAbsDiff(expected, output)}");
    }

    [Fact]
    public void TeacherForcedLogitsMatchGoldenInOnePassAndIncrementally()
    {
        float[] audio = ScratchLoaders.ReadNpy(Golden("encoder.npy"), out _);
        float[] expected = ScratchLoaders.ReadNpy(Golden("logits.npy"), out _);
        var decoder = new TextDecoder(Weights(), TinyRandom);
        var state = new WhisperDecoderState(TinyRandom, maxBatch: 1);
        decoder.SetAudio(audio, state);
        int n = TeacherTokens.Length, vocab = TinyRandom.NVocab;
        var logits = new float[n * vocab];
        decoder.Forward(TeacherTokens, 1, n, Enumerable.Range(0, n).ToArray(), logits, state);
        Assert.True(MaxAbsDiff(expected, logits) < 2e-3, $"one pass: max abs diff {MaxAbsDiff(expected, logits)}");

        state.ResetSequences();
        var step = new float[vocab];
        for (int i = 0; i < n; i++)
        {
            decoder.Forward(TeacherTokens.AsSpan(i, 1), 1, 1, [0], step, state);
            float diff = MaxAbsDiff(expected.AsSpan(i * vocab, vocab), step);
            Assert.True(diff < 2e-3, $"step {i}: max abs diff {diff}");
        }
    }

    private static float MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        float max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            max = MathF.Max(max, MathF.Abs(a[i] - b[i]));
        }

        return max;
    }
}
