using Warble.Audio;
using Warble.Formats;
using Warble.Tests.Support;
using Xunit.Abstractions;

namespace Warble.Tests.Audio;

public sealed class WhisperLogMelTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(80)]
    [InlineData(128)]
    public void SlaneyFiltersEqualWhisperAssets(int nMels)
    {
        var (expected, shape) = NpzFile.ReadFloat32(SharedPaths.Fixture("whisper", "assets", "mel_filters.npz"), $"mel_{nMels}");
        Assert.Equal([nMels, 201], shape);
        var actual = WhisperLogMel.Filters(nMels).Weights;
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]) / Math.Max(Math.Abs(expected[i]), 1e-3));
        }

        output.WriteLine($"mel_{nMels}: max relative error {worst:E2}");
        Assert.True(worst <= 1e-6, $"max relative error {worst}");
    }

    [Theory]
    [InlineData("jfk", 1100)]
    [InlineData("espeak", 668)]
    public void MatchesOpenAiWhisperGolden(string name, int contentFrames)
    {
        var audio = AudioLoader.Load(AudioTestData.Fixture(name + ".wav"));
        var mel = WhisperLogMel.Compute(audio, 80, WhisperLogMel.NSamples);
        Assert.Equal(80 * ((audio.Length + WhisperLogMel.NSamples) / 160), mel.Length);
        var window = WhisperLogMel.PadOrTrim(mel, 80, 0, Math.Min(WhisperLogMel.NFrames, contentFrames));
        var padded = WhisperLogMel.PadOrTrim(window, 80, 0);
        var (golden, shape) = NpyFile.ReadFloat32(SharedPaths.Fixture("whisper", "whisper-tiny-random", "golden", name, "mel.npy"));
        Assert.Equal([80, 3000], shape);
        var worst = golden.Zip(padded, (a, b) => Math.Abs(a - b)).Max();
        output.WriteLine($"{name}: max abs error {worst:E2}");
        Assert.True(worst <= 1e-4, $"max abs error {worst}");
    }

    [Fact]
    public void AcceptsFiltersFromAModelFile()
    {
        var (weights, _) = NpzFile.ReadFloat32(SharedPaths.Fixture("whisper", "assets", "mel_filters.npz"), "mel_128");
        var audio = Enumerable.Range(0, 16000).Select(i => (float)Math.Sin(i * 0.05)).ToArray();
        var supplied = WhisperLogMel.Compute(audio, padding: 0, filters: new MelFilterBank(weights, 128, 201));
        var computed = WhisperLogMel.Compute(audio, 128);
        Assert.Equal(128 * 100, supplied.Length);
        Assert.True(supplied.Zip(computed, (a, b) => Math.Abs(a - b)).Max() < 1e-5);
    }

    [Fact]
    public void EmptyAudioGivesOnlyThePaddingFrames()
    {
        Assert.Empty(WhisperLogMel.Compute([], 80, 0));
        var mel = WhisperLogMel.Compute([], 80, WhisperLogMel.NSamples);
        Assert.Equal(80 * 3000, mel.Length);
        Assert.All(mel, v => Assert.Equal(-1.5f, v));
    }
}
