using Warble.Formats;
using Warble.Models.Whisper;
using Warble.Tensors;

namespace Warble.Bench.Formats;

/// <summary>
/// Writes a Whisper-medium-shaped f16 GGUF (about 1.5 GB of zeros) with <see cref="GgufModelWriter"/>,
/// to time <c>warble inspect</c> on a large file: reading it should cost about as much as mapping it.
/// Run: <c>dotnet run -c Release --project bench/Warble.Bench -- large-gguf OUT.gguf</c>.
/// </summary>
internal static class LargeGgufFile
{
    public static int Run(string path)
    {
        var dims = new WhisperDimensions(80, 1500, 1024, 16, 24, 51865, 448, 1024, 16, 24);
        long largest = WhisperWeights.Table(dims).Max(t => t.Shape.Aggregate(1L, (a, d) => a * d));
        var zeros = new byte[largest * 2];
        var weights = new WeightSet("large");
        foreach (var (name, shape) in WhisperWeights.Table(dims))
        {
            long count = shape.Aggregate(1L, (a, d) => a * d);
            weights.Add(name, new TensorView(DType.F16, zeros.AsMemory(0, (int)(count * 2)), shape));
        }

        using var model = new LoadedModel([])
        {
            Source = "large", Format = ModelFileFormat.PyTorch, Architecture = ModelArchitecture.Whisper, Whisper = dims,
            Tokenizer = new TokenizerSource { Kind = TokenizerKind.Builtin, BuiltinName = "multilingual" }, Weights = weights,
        };
        using (var stream = File.Create(path))
        {
            GgufModelWriter.Write(model, DType.F16, stream);
        }

        Console.WriteLine($"wrote {path}: {new FileInfo(path).Length:N0} bytes, {weights.Count} tensors");
        return 0;
    }
}
