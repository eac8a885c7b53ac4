using System.Buffers;
using Warble.Audio;
using Xunit.Abstractions;

namespace Warble.Tests.Audio;

public sealed class ResamplerTests(ITestOutputHelper output)
{
    [Fact]
    public void MatchesFfmpegOnJfk44kStereo()
    {
        float[] source;
        using (var stream = File.OpenRead(AudioTestData.Fixture("jfk_44k_stereo.wav")))
        {
            source = AudioTestData.ReadWav(stream);
        }

        float[] expected;
        using (var stream = File.OpenRead(AudioTestData.Data("jfk_44k_stereo_ffmpeg_16k.wav")))
        {
            expected = AudioTestData.ReadWav(stream);
        }

        var actual = Resampler.Resample(source, 44100, 16000);
        var snr = AudioTestData.Snr(expected, actual);
        var best = Enumerable.Range(-3, 7).MaxBy(lag => AudioTestData.Snr(expected, actual, lag));
        output.WriteLine($"ffmpeg {expected.Length} samples, ours {actual.Length}; SNR {snr:F2} dB at lag 0, best lag {best} ({AudioTestData.Snr(expected, actual, best):F2} dB)");
        Assert.Equal(0, best);
        Assert.True(snr >= 40, $"SNR {snr:F2} dB");
        Assert.InRange(actual.Length, expected.Length - 1, expected.Length + 1);
    }

    [Theory]
    [InlineData(44100, 16000)]
    [InlineData(48000, 16000)]
    [InlineData(8000, 16000)]
    [InlineData(22050, 16000)]
    [InlineData(44101, 16000)]
    public void StreamingInUnevenBlocksEqualsOneShot(int inputRate, int outputRate)
    {
        var random = new Random(7);
        var input = new float[(inputRate / 5) + 13];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var whole = Resampler.Resample(input, inputRate, outputRate);
        var resampler = new Resampler(inputRate, outputRate);
        var writer = new ArrayBufferWriter<float>();
        for (var at = 0; at < input.Length;)
        {
            var n = Math.Min(random.Next(1, 20000), input.Length - at);
            resampler.Process(input.AsSpan(at, n), writer);
            at += n;
        }

        resampler.Flush(writer);
        Assert.Equal(whole, writer.WrittenSpan.ToArray());
        Assert.Equal((int)Math.Ceiling((double)input.Length * outputRate / inputRate), whole.Length);
    }

    [Theory]
    [InlineData(44100, 1000.0)]
    [InlineData(8000, 440.0)]
    [InlineData(44101, 3000.0)]
    public void KeepsAPassbandSineInPhaseAndAmplitude(int inputRate, double frequency)
    {
        var input = new float[inputRate];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (float)Math.Sin(2 * Math.PI * frequency * i / inputRate);
        }

        var result = Resampler.Resample(input, inputRate, 16000);
        var expected = new float[result.Length];
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i] = (float)Math.Sin(2 * Math.PI * frequency * i / 16000);
        }

        // Away from the edges the output is the same sine on the same timeline.
        var snr = AudioTestData.Snr(expected.AsSpan(2000, 12000), result.AsSpan(2000, 12000));
        Assert.True(snr > 60, $"SNR {snr:F1} dB");
    }

    [Fact]
    public void RemovesContentAboveTheOutputNyquist()
    {
        var input = new float[44100];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (float)Math.Sin(2 * Math.PI * 12000 * i / 44100.0);
        }

        var result = Resampler.Resample(input, 44100, 16000);
        var rms = Math.Sqrt(result.AsSpan(2000, 12000).ToArray().Average(x => (double)x * x));
        Assert.True(rms < 1e-3, $"alias rms {rms}");
    }

    [Fact]
    public void EmptyInputGivesEmptyOutput() => Assert.Empty(Resampler.Resample([], 44100, 16000));
}
