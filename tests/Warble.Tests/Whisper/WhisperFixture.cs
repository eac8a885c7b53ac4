using Warble.Audio;
using Warble.Formats;
using Warble.Models.Whisper;
using Warble.Tensors;
using Warble.Tests.Support;

namespace Warble.Tests.Whisper;

/// <summary>The whisper-tiny-random fixture in each of its formats, loaded once per format.</summary>
internal static class WhisperFixture
{
    private static readonly Dictionary<string, (LoadedModel Loaded, WhisperModel Model)> Models = [];
    private static readonly Lock Gate = new();

    /// <summary>The fixture's three files, and the GGUF that `warble convert --type f16` makes of the .pt.</summary>
    public static readonly string[] Formats = ["model.pt", "ggml-model.bin", "hf", GgufF16];

    private const string GgufF16 = "converted-f16.gguf";

    public static string Folder => SharedPaths.Fixture("whisper", "whisper-tiny-random");

    public static string Golden(string audio, string file) => Path.Combine(Folder, "golden", audio, file);

    public static string Audio(string audio) => SharedPaths.Fixture("audio", audio + ".wav");

    public static WhisperModel Model(string format)
    {
        lock (Gate)
        {
            if (!Models.TryGetValue(format, out var entry))
            {
                string path = format == GgufF16 ? ConvertToGguf() : Path.Combine(Folder, format);
                LoadedModel loaded = ModelLoader.Load(path);
                if (format == GgufF16)
                {
                    // The mapping keeps the data alive on Linux; the name goes now so no temp file is left behind.
                    File.Delete(path);
                }

                entry = (loaded, WhisperModel.FromLoaded(loaded));
                Models[format] = entry;
            }

            return entry.Model;
        }
    }

    private static string ConvertToGguf()
    {
        string path = Path.Combine(Path.GetTempPath(), $"warble-whisper-tiny-random-{Environment.ProcessId}.gguf");
        using (LoadedModel source = ModelLoader.Load(Path.Combine(Folder, "model.pt")))
        using (var stream = File.Create(path))
        {
            GgufModelWriter.Write(source, DType.F16, stream);
        }

        return path;
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
