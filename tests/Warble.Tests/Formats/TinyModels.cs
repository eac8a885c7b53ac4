using System.Text;
using Warble.Formats;
using Warble.Models.Whisper;
using Warble.Tensors;
using Warble.Tests.Support;

namespace Warble.Tests.Formats;

/// <summary>Small, valid model files built in memory: seeds for the hostile-input and fuzz tests.</summary>
internal static class TinyModels
{
    public static readonly WhisperDimensions Dims = new(4, 4, 4, 1, 1, 8, 4, 4, 1, 1);

    public static readonly byte[][] Vocabulary = ["a"u8.ToArray(), "b"u8.ToArray(), " the"u8.ToArray(), [0xff, 0xfe], []];

    /// <summary>Every tensor of <see cref="Dims"/>'s weight table, f32, with seeded values.</summary>
    public static List<(string Name, int[] Shape, float[] Values)> WhisperTensors(WhisperDimensions? dims = null)
    {
        var random = new Random(7);
        return WhisperWeights.Table(dims ?? Dims)
            .Select(t => (t.Name, t.Shape, Enumerable.Range(0, t.Shape.Aggregate(1, (a, d) => a * d)).Select(_ => (float)random.NextDouble() - 0.5f).ToArray()))
            .ToList();
    }

    public static LoadedModel WhisperModel(WhisperDimensions? dims = null)
    {
        var weights = new WeightSet("tiny");
        foreach (var (name, shape, values) in WhisperTensors(dims))
        {
            weights.Add(name, TensorView.FromFloats(values, shape));
        }

        return new LoadedModel([])
        {
            Source = "tiny", Format = ModelFileFormat.Ggml, Architecture = ModelArchitecture.Whisper, Whisper = dims ?? Dims,
            Tokenizer = new TokenizerSource { Kind = TokenizerKind.GgmlVocab, TokenBytes = Vocabulary },
            MelFilters = new MelFilters(4, 201, MelFilterValues()),
            AlignmentHeads = [new AlignmentHead(0, 0)], Weights = weights,
        };
    }

    /// <summary>A [4, <paramref name="bins"/>] mel filterbank; 201 is the width Whisper's n_fft = 400 gives.</summary>
    public static float[] MelFilterValues(int bins = 201) => [.. Enumerable.Range(1, 4 * bins).Select(v => v / 1000f)];

    public static byte[] Gguf(DType matrixType = DType.F32, WhisperDimensions? dims = null)
    {
        using var model = WhisperModel(dims);
        using var stream = new MemoryStream();
        GgufModelWriter.Write(model, matrixType, stream);
        return stream.ToArray();
    }

    /// <summary>A whisper.cpp file laid out as convert-pt-to-ggml.py writes it, its mel filterbank <paramref name="melBins"/> wide.</summary>
    public static byte[] Ggml(int melBins = 201)
    {
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write(GgmlWhisperFile.Magic);
        int[] hparams = [Dims.NVocab, Dims.NAudioCtx, Dims.NAudioState, Dims.NAudioHead, Dims.NAudioLayer,
            Dims.NTextCtx, Dims.NTextState, Dims.NTextHead, Dims.NTextLayer, Dims.NMels, 0];
        hparams.ToList().ForEach(w.Write);
        w.Write(4);
        w.Write(melBins);
        MelFilterValues(melBins).ToList().ForEach(w.Write);
        w.Write(Vocabulary.Length);
        foreach (byte[] token in Vocabulary)
        {
            w.Write(token.Length);
            w.Write(token);
        }

        foreach (var (name, shape, values) in WhisperTensors())
        {
            w.Write(shape.Length);
            w.Write(Encoding.UTF8.GetByteCount(name));
            w.Write(0);
            shape.Reverse().ToList().ForEach(w.Write);
            w.Write(Encoding.UTF8.GetBytes(name));
            values.ToList().ForEach(w.Write);
        }

        return stream.ToArray();
    }

    /// <summary>A safetensors file of three tensors (F32, F16, I64).</summary>
    public static byte[] Safetensors()
    {
        string header = """{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"b":{"dtype":"F16","shape":[4],"data_offsets":[24,32]},"c":{"dtype":"I64","shape":[],"data_offsets":[32,40]}}""";
        byte[] json = Encoding.UTF8.GetBytes(header.PadRight((header.Length + 7) / 8 * 8));
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write((ulong)json.Length);
        w.Write(json);
        Enumerable.Range(0, 6).ToList().ForEach(v => w.Write((float)v));
        Enumerable.Range(0, 4).ToList().ForEach(v => w.Write((Half)v));
        w.Write(42L);
        return stream.ToArray();
    }

    /// <summary>model_weights.ckpt extracted from the Parakeet fixture (a real torch.save zip).</summary>
    public static byte[] NemoCheckpoint() => TarMember(Nemo(), "model_weights.ckpt");

    public static byte[] Nemo() => File.ReadAllBytes(SharedPaths.Fixture("parakeet", "parakeet-tdt-random", "parakeet-tdt-random.nemo"));

    public static byte[] TarMember(byte[] tar, string name)
    {
        var members = TarArchive.Read(new ArrayRegion("x.nemo", tar));
        ByteRegion member = members[name];
        return member.ToArray(0, (int)member.Length);
    }
}
