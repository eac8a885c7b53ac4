namespace Warble.Tests.Support;

/// <summary>Audio with no speech in it, for the speech detector's tests.</summary>
internal static class NoSpeech
{
    /// <summary>Digital silence with stretches of quiet white noise: 10 s of each in turn, the same every call.</summary>
    public static float[] SilenceAndNoise(int seconds)
    {
        var random = new Random(5);
        var audio = new float[seconds * 16000];
        for (int i = 0; i < audio.Length; i++)
        {
            audio[i] = (i / 16000 % 20) < 10 ? 0 : (float)((random.NextDouble() - 0.5) * 0.02);
        }

        return audio;
    }
}
