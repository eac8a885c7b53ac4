using Warble.Audio;
using Warble.Tests.Support;

namespace Warble.Tests.Audio;

/// <summary>Paths and small helpers shared by the audio tests.</summary>
internal static class AudioTestData
{
    public static string Fixture(string name) => SharedPaths.Fixture("audio", name);

    public static string Data(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);

    /// <summary>Every sample of a WAV file at its own rate, mono.</summary>
    public static float[] ReadWav(Stream stream, string name = "test.wav")
    {
        using var reader = WavReader.Open(stream, name);
        return ReadAll(reader);
    }

    public static float[] ReadAll(ISampleSource source)
    {
        var all = new List<float>();
        var block = new float[1000];
        int n;
        while ((n = source.Read(block, CancellationToken.None)) > 0)
        {
            all.AddRange(block.AsSpan(0, n));
        }

        return [.. all];
    }

    /// <summary>SNR in dB of <paramref name="actual"/> against <paramref name="expected"/> over their common length.</summary>
    public static double Snr(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, int lag = 0)
    {
        double signal = 0, noise = 0;
        for (var i = Math.Max(0, -lag); i < expected.Length && i + lag < actual.Length; i++)
        {
            signal += (double)expected[i] * expected[i];
            var d = expected[i] - actual[i + lag];
            noise += d * d;
        }

        return 10 * Math.Log10(signal / noise);
    }
}
