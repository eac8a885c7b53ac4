using Warble.Audio;

namespace Warble.Tests.Support;

/// <summary>The shipped sample and the long audio made of it, for the demo model's tests.</summary>
internal static class DemoAudio
{
    /// <summary>What the sample says.</summary>
    public const string SampleWords = "then jacob was greatly afraid and distressed and ye shall know that i the lord have spoken it";

    public static string Sample => Path.Combine(SharedPaths.Repo, "samples", "kjv-sample.wav");

    /// <summary>
    /// About 89 s, one voice: the sample twelve times with pauses of 0.3–1.5 s, so window seams fall inside words and
    /// pauses.
    /// </summary>
    public static float[] RepeatedSample()
    {
        float[] sample = AudioLoader.Load(Sample);
        var audio = new List<float>();
        for (int i = 0; i < 12; i++)
        {
            audio.AddRange(sample);
            audio.AddRange(new float[4800 + (i * 1700)]);
        }

        return [.. audio];
    }
}
