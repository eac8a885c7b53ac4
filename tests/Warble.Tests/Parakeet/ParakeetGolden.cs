using System.Collections.Concurrent;
using System.Text.Json;
using Warble.Formats;
using Warble.Models.Parakeet;
using Warble.Tests.Support;
using Warble.Audio;
using Warble.Text;
using Warble.Transcription;

namespace Warble.Tests.Parakeet;

/// <summary>The parakeet-tdt-random goldens (features, encoder, pred, joint, decode.json, jfk activations).</summary>
internal static class ParakeetGolden
{
    private static readonly ConcurrentDictionary<string, Lazy<(float[], int, int)>> EncodedCache = new();

    public static string NemoPath => SharedPaths.Fixture("parakeet", "parakeet-tdt-random", "parakeet-tdt-random.nemo");

    /// <summary>The .nemo fixture, loaded once for all tests and kept open (the weights are views into it).</summary>
    public static Lazy<LoadedModel> Loaded { get; } = new(() => ModelLoader.Load(NemoPath));

    /// <summary>The model built from the .nemo, once for all tests.</summary>
    public static Lazy<ParakeetModel> Model { get; } = new(() => ParakeetModel.FromLoaded(Loaded.Value));

    /// <summary>SentencePiece piece of every token id, from the .nemo's tokenizer.</summary>
    public static string[] Pieces()
    {
        SentencePieceTokenizer tokenizer = SentencePieceTokenizer.FromBytes(Loaded.Value.Tokenizer.SentencePieceModel, NemoPath);
        return Enumerable.Range(0, tokenizer.Count).Select(tokenizer.IdToPiece).ToArray();
    }

    public static string Path(string stem, params string[] parts) =>
        SharedPaths.Fixture(["parakeet", "parakeet-tdt-random", "golden", stem, .. parts]);

    public static float[] Npy(string stem, string file, out int[] shape) => ReadNpy(Path(stem, file), out shape);

    public static float[] Activation(string name, out int[] shape) => ReadNpy(Path("jfk", "activations", name + ".npy"), out shape);

    private static float[] ReadNpy(string path, out int[] shape)
    {
        (float[] data, shape) = NpyFile.ReadFloat32(path);
        return data;
    }

    /// <summary>This model's encoder output [frames, d] and encoded length for a stem's golden features, computed once.</summary>
    public static (float[] Output, int Frames, int Length) Encoded(string stem) =>
        EncodedCache.GetOrAdd(stem, s => new Lazy<(float[], int, int)>(() => Encode(s))).Value;

    public static JsonElement Decode(string stem)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path(stem, "decode.json")));
        return doc.RootElement.Clone();
    }

    private static (float[], int, int) Encode(string stem)
    {
        float[] features = Npy(stem, "features.npy", out int[] shape);
        ConformerEncoder encoder = Model.Value.Encoder;
        int frames = encoder.OutputFrames(shape[1]);
        var output = new float[frames * encoder.Config.DModel];
        int length = encoder.Forward(features, shape[1], Decode(stem).GetProperty("features_length").GetInt32(), output);
        return (output, frames, length);
    }

    public static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    /// <summary>[rows, columns] → [columns, rows].</summary>
    public static float[] Transpose(ReadOnlySpan<float> x, int rows, int columns)
    {
        var y = new float[x.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                y[(c * rows) + r] = x[(r * columns) + c];
            }
        }

        return y;
    }

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

    /// <summary>
    /// Features and encoder output of <paramref name="stem"/>.wav against NeMo's (tolerances.json: NeMo's float32 features
    /// differ from a float64 re-implementation by up to 2.3e-4).
    /// </summary>
    public static void AssertFeaturesAndEncoderMatch(ParakeetTranscriber transcriber, string stem)
    {
        float[] audio = AudioLoader.Load(SharedPaths.Fixture("audio", stem + ".wav"));
        float[] expected = Npy(stem, "features.npy", out int[] shape);
        float[] features = transcriber.Features(audio, out int frames);
        Assert.Equal(shape[1], frames);
        AssertClose(expected, features, 5e-4f, $"{stem} features");

        float[] encoder = transcriber.Encode(audio, out int encoded);
        Assert.Equal(Decode(stem).GetProperty("encoded_length").GetInt32(), encoded);
        AssertClose(Npy(stem, "encoder.npy", out _), encoder, 2e-4f, $"{stem} encoder");
    }

    /// <summary>The transcript of <paramref name="stem"/>.wav against NeMo's decode: text, tokens, frames, durations, segment and word times.</summary>
    public static void AssertTranscriptMatches(ParakeetTranscriber transcriber, string stem)
    {
        JsonElement decode = Decode(stem);
        TranscriptionResult result = transcriber.Transcribe(AudioLoader.Load(SharedPaths.Fixture("audio", stem + ".wav")), CancellationToken.None);
        Assert.Equal(decode.GetProperty("text").GetString(), result.Text);
        Assert.Equal(Ints(decode.GetProperty("tokens")), result.Segments.SelectMany(s => s.Tokens));
        Assert.Equal(Ints(decode.GetProperty("timestep")), result.Segments.SelectMany(s => s.TokenFrames!));
        Assert.Equal(Ints(decode.GetProperty("token_duration")), result.Segments.SelectMany(s => s.TokenDurations!));

        JsonElement timestamps = decode.GetProperty("timestamps");
        Assert.Equal(
            timestamps.GetProperty("segment").EnumerateArray().Select(e => (" " + e.GetProperty("segment").GetString(), e.GetProperty("start").GetDouble(), e.GetProperty("end").GetDouble())),
            result.Segments.Select(s => (s.Text, s.Start, s.End)));
        Assert.Equal(
            timestamps.GetProperty("word").EnumerateArray().Select(e => (" " + e.GetProperty("word").GetString(), e.GetProperty("start").GetDouble(), e.GetProperty("end").GetDouble())),
            result.Segments.SelectMany(s => s.Words!).Select(w => (w.Text, w.Start, w.End)));
    }

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float atol, string what)
    {
        float diff = MaxAbsDiff(expected, actual);
        Assert.True(diff <= atol, $"{what}: max abs diff {diff} > {atol}");
    }
}
