using System.Runtime.InteropServices;
using Warble.Formats;
using Warble.Models.Common;
using Warble.Tensors;
using Warble.Tests.Support;

namespace Warble.Tests.FrontDoor;

/// <summary>A model whose weights hold a NaN fails in one line naming the tensor, not with "Unsupported language:".</summary>
public class NonFiniteWeightsTests
{
    [Theory]
    [InlineData("whisper", "encoder.ln_post.weight")]
    [InlineData("parakeet", "encoder.layers.0.norm_out.weight")]
    public async Task ANaNWeightIsNamedWhenTheEncoderOutputGoesBad(string family, string tensor)
    {
        string source = family == "whisper"
            ? SharedPaths.Fixture("whisper", "whisper-tiny-random", "model.pt")
            : SharedPaths.Fixture("parakeet", "parakeet-tdt-random", "parakeet-tdt-random.nemo");
        string path = Path.Combine(Path.GetTempPath(), $"warble-nan-{Guid.NewGuid():N}.gguf");
        try
        {
            File.WriteAllBytes(path, WithNaN(source, tensor));
            using Transcriber transcriber = await Transcriber.LoadAsync(path);
            var e = await Assert.ThrowsAsync<ModelFormatException>(() =>
                transcriber.TranscribeToResultAsync(SharedPaths.Fixture("audio", "jfk.wav"), new TranscribeOptions { Temperatures = [0.0] }));
            Assert.Contains($"tensor '{tensor}' holds NaN", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The model as an f32 GGUF with the first value of <paramref name="tensor"/> set to NaN.</summary>
    private static byte[] WithNaN(string model, string tensor)
    {
        using LoadedModel loaded = ModelLoader.Load(model);
        float[] values = WeightSource.ToFloats(loaded.Weights[tensor]);
        using var output = new MemoryStream();
        GgufModelWriter.Write(loaded, DType.F32, output);
        byte[] bytes = output.ToArray();
        byte[] pattern = MemoryMarshal.AsBytes(values.AsSpan(0, Math.Min(values.Length, 16))).ToArray();
        int at = bytes.AsSpan().IndexOf(pattern);
        Assert.True(at >= 0 && bytes.AsSpan(at + 1).IndexOf(pattern) < 0, "the tensor's bytes are not unique in the file");
        BitConverter.GetBytes(float.NaN).CopyTo(bytes, at);
        return bytes;
    }
}
