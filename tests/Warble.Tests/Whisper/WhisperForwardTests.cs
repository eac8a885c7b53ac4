using Warble.Models.Whisper;

namespace Warble.Tests.Whisper;

/// <summary>Mel, encoder and teacher-forced logits against openai-whisper's goldens, in every file format.</summary>
public class WhisperForwardTests
{
    private static readonly int[] TeacherTokens = [50258, 50259, 50359, 50363, 400, 370, 452, 7177, 6280, 11, 1029, 406];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string format in WhisperFixture.Formats)
        {
            data.Add(format, "jfk");
            data.Add(format, "espeak");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MelAndEncoderMatchGolden(string format, string audio)
    {
        WhisperModel model = WhisperFixture.Model(format);
        float[] mel = WhisperFixture.FirstWindow(model, audio);
        float melDiff = WhisperFixture.MaxAbsDiff(WhisperFixture.Npy(audio, "mel.npy"), mel);
        Assert.True(melDiff < 1e-4, $"mel: max abs diff {melDiff}");

        var output = new float[model.Dims.NAudioCtx * model.Dims.NAudioState];
        model.Encoder.Forward(WhisperFixture.Npy(audio, "mel.npy"), output);
        float diff = WhisperFixture.MaxAbsDiff(WhisperFixture.Npy(audio, "encoder.npy"), output);
        Assert.True(diff < 1e-4, $"encoder: max abs diff {diff}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TeacherForcedLogitsMatchGoldenInOnePassAndIncrementally(string format, string audio)
    {
        WhisperModel model = WhisperFixture.Model(format);
        float[] expected = WhisperFixture.Npy(audio, "logits.npy");
        var state = new WhisperDecoderState(model.Dims);
        model.Decoder.SetAudio(WhisperFixture.Npy(audio, "encoder.npy"), state);
        state.Reset(1);
        int n = TeacherTokens.Length, vocab = model.Dims.NVocab;
        var logits = new float[n * vocab];
        model.Decoder.Forward(TeacherTokens, 1, n, Enumerable.Range(0, n).ToArray(), logits, state);
        float onePass = WhisperFixture.MaxAbsDiff(expected, logits);
        Assert.True(onePass < 2e-3, $"one pass: max abs diff {onePass}");

        state.Reset(1);
        var step = new float[vocab];
        for (int i = 0; i < n; i++)
        {
            model.Decoder.Forward(TeacherTokens.AsSpan(i, 1), 1, 1, [0], step, state);
            float diff = WhisperFixture.MaxAbsDiff(expected.AsSpan(i * vocab, vocab), step);
            Assert.True(diff < 2e-3, $"step {i}: max abs diff {diff}");
            Assert.Equal(Argmax(expected.AsSpan(i * vocab, vocab)), Argmax(step));
        }
    }

    private static int Argmax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            best = values[i] > values[best] ? i : best;
        }

        return best;
    }
}
