using Warble.Audio;
using Warble.Formats;
using Warble.Models.Whisper;
using Warble.Tests.Support;

namespace Warble.Tests.Whisper;

/// <summary>The whisper-tiny-random fixture in each of its formats, loaded once per format.</summary>
internal static class WhisperFixture
{
    private static readonly Dictionary<string, (LoadedModel Loaded, WhisperModel Model)> Models = [];
    private static readonly Lock Gate = new();

    public static readonly string[] Formats = ["model.pt", "ggml-model.bin", "hf"];

    public static string Folder => SharedPaths.Fixture("whisper", "whisper-tiny-random");

    public static string Golden(string audio, string file) => Path.Combine(Folder, "golden", audio, file);

    public static string Audio(string audio) => SharedPaths.Fixture("audio", audio + ".wav");

    public static WhisperModel Model(string format)
    {
        lock (Gate)
        {
            if (!Models.TryGetValue(format, out var entry))
            {
                LoadedModel loaded = ModelLoader.Load(Path.Combine(Folder, format));
                entry = (loaded, WhisperModel.FromLoaded(loaded));
                Models[format] = entry;
            }

            return entry.Model;
        }
    }

    public static float[] Npy(string audio, string file) => NpyFile.ReadFloat32(Golden(audio, file)).Data;

    public static float MaxAbsDiff(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        float max = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            max = MathF.Max(max, MathF.Abs(expected[i] - actual[i]));
        }

        return max;
    }

    /// <summary>The first window as transcribe() hands it to decode(): content frames, then zeros.</summary>
    public static float[] FirstWindow(WhisperModel model, string audio)
    {
        var mel = new float[model.Dims.NMels * WhisperLogMel.NFrames];
        var spectrogram = model.LogMel(AudioLoader.Load(Audio(audio)));
        spectrogram.ReadWindow(0, Math.Min(WhisperLogMel.NFrames, spectrogram.ContentFrames), mel);
        return mel;
    }
}
