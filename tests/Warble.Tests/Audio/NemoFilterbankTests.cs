using Warble.Audio;
using Warble.Formats;
using Warble.Models.Parakeet;
using Warble.Tests.Support;
using Xunit.Abstractions;

namespace Warble.Tests.Audio;

public sealed class NemoFilterbankTests(ITestOutputHelper output)
{
    /// <summary>The preprocessor section of parakeet-tdt-random's model_config.yaml.</summary>
    private static readonly Dictionary<string, string> ParakeetSection = new()
    {
        ["sample_rate"] = "16000",
        ["normalize"] = "per_feature",
        ["window_size"] = "0.025",
        ["window_stride"] = "0.01",
        ["window"] = "hann",
        ["features"] = "128",
        ["n_fft"] = "512",
        ["log"] = "true",
        ["frame_splicing"] = "1",
        ["dither"] = "1.0e-05",
        ["pad_to"] = "0",
        ["pad_value"] = "0.0",
    };

    [Fact]
    public void ReadsSettingsWithNemoKeys()
    {
        var settings = Settings();
        Assert.Equal(400, settings.WinLength);
        Assert.Equal(160, settings.HopLength);
        Assert.Equal(512, settings.EffectiveNFft);
        Assert.Equal(128, settings.Features);
        Assert.Equal(0, settings.PadTo);
        Assert.Equal(0.97, settings.Preemph);
        Assert.Equal(Math.Pow(2, -24), settings.LogZeroGuardValue);
    }

    [Theory]
    [InlineData("jfk", 1101, 1100)]
    [InlineData("espeak", 669, 668)]
    public void MatchesNemoGolden(string name, int frames, int seqLen)
    {
        var audio = AudioLoader.Load(AudioTestData.Fixture(name + ".wav"));
        var filterbank = new NemoFilterbank(Settings());
        var features = filterbank.Compute(audio, out var actualFrames);
        Assert.Equal(frames, actualFrames);
        Assert.Equal(seqLen, filterbank.SeqLen(audio.Length));
        var (golden, shape) = NpyFile.ReadFloat32(SharedPaths.Fixture("parakeet", "parakeet-tdt-random", "golden", name, "features.npy"));
        Assert.Equal([128, frames], shape);
        var errors = golden.Zip(features, (a, b) => Math.Abs(a - b)).ToArray();
        var worst = errors.Max();
        output.WriteLine($"{name}: max abs error {worst:E2}, p99 {errors.Order().ElementAt(errors.Length * 99 / 100):E2}");
        Assert.True(worst <= 1e-3, $"max abs error {worst}");
        for (var m = 0; m < 128; m++)
        {
            Assert.Equal(0f, features[(m * frames) + frames - 1]);
        }
    }

    [Fact]
    public void SuppliedWindowAndFilterbankAreUsed()
    {
        var settings = Settings();
        var window = Enumerable.Range(0, 400).Select(i => (float)(0.5 - (0.5 * Math.Cos(2 * Math.PI * i / 399)))).ToArray();
        var fb = MelFilterBank.Slaney(16000, 512, 128, 0, 8000);
        var audio = Enumerable.Range(0, 8000).Select(i => (float)Math.Sin(i * 0.3) * 0.1f).ToArray();
        var supplied = new NemoFilterbank(settings, window, fb).Compute(audio, out _);
        var computed = new NemoFilterbank(settings).Compute(audio, out _);
        Assert.True(supplied.Zip(computed, (a, b) => Math.Abs(a - b)).Max() < 1e-4);
    }

    [Fact]
    public void PadsToAMultipleOfPadTo()
    {
        var settings = Settings() with { PadTo = 16 };
        var features = new NemoFilterbank(settings).Compute(new float[16000], out var frames);
        Assert.Equal(112, frames);
        Assert.Equal(128 * 112, features.Length);
    }

    private static NemoPreprocessorSettings Settings() => ParakeetConfig.ReadPreprocessor(
        YamlSection.Parse(string.Join('\n', ParakeetSection.Select(kv => $"{kv.Key}: {kv.Value}")), "test.yaml"), featIn: 128);
}
