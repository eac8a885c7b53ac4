using System.Runtime.InteropServices;
using Warble.Formats;
using Warble.Formats.Onnx;
using Warble.Models.Silero;
using Warble.Tensors;

namespace Warble.SileroVadTool;

/// <summary>
/// Converts Silero VAD's ONNX export (silero_vad_16k_op15.onnx, or silero_vad.onnx whose 16 kHz branch holds the same
/// names) to a GGUF of f32 tensors under the checkpoint's own keys (<see cref="SileroVadWeights.Keys"/>).
/// </summary>
internal static class OnnxToGguf
{
    public static int Run(string onnxPath, string ggufPath)
    {
        OnnxModel model = OnnxModel.Read(File.ReadAllBytes(onnxPath), onnxPath);
        var writer = new GgufWriter();
        writer.Add(GgufKeys.Architecture, SileroVad.Architecture);
        writer.Add("general.name", "Silero VAD v5, 16 kHz");
        writer.Add("general.license", "MIT");
        writer.Add("general.source.url", "https://github.com/snakers4/silero-vad");
        writer.Add("silero-vad.sample_rate", (uint)SileroVad.SampleRate);
        writer.Add("silero-vad.window_size", (uint)SileroVad.WindowSize);
        writer.Add("silero-vad.context_size", (uint)SileroVad.ContextSize);
        foreach (string key in SileroVadWeights.Keys)
        {
            OnnxTensor tensor = model.Tensor(key);
            float[] values = tensor.Floats ?? throw new ModelFormatException($"{onnxPath}: tensor '{key}' is not FLOAT.");
            writer.AddTensor(key, DType.F32, [.. tensor.Dims.Select(d => checked((int)d))], () => MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        }

        using (FileStream output = File.Create(ggufPath))
        {
            writer.Write(output);
        }

        Console.WriteLine($"{ggufPath}: {SileroVadWeights.Keys.Count} tensors from {onnxPath}");
        return 0;
    }
}
