using Warble.Formats;

namespace Warble.Tests.Formats;

/// <summary>Each format's seed bytes and the parser that reads them from memory (no temp files).</summary>
internal static class ParserTargets
{
    private static readonly Lazy<byte[]> NemoBytes = new(TinyModels.Nemo);
    private static readonly Lazy<byte[]> CheckpointBytes = new(TinyModels.NemoCheckpoint);
    private static readonly Lazy<byte[]> GgufBytes = new(() => TinyModels.Gguf(Tensors.DType.Q8_0));
    private static readonly Lazy<byte[]> GgmlBytes = new(() => TinyModels.Ggml());
    private static readonly Lazy<byte[]> SafetensorsBytes = new(TinyModels.Safetensors);

    public static readonly string[] Names = ["gguf", "ggml", "safetensors", "pytorch", "nemo"];

    public static byte[] Seed(string format) => format switch
    {
        "gguf" => GgufBytes.Value,
        "ggml" => GgmlBytes.Value,
        "safetensors" => SafetensorsBytes.Value,
        "pytorch" => CheckpointBytes.Value,
        _ => NemoBytes.Value,
    };

    /// <summary>Parses <paramref name="bytes"/> as <paramref name="format"/> all the way to a checked model (or tensor set).</summary>
    public static void Parse(string format, byte[] bytes)
    {
        var region = new ArrayRegion("input." + format, bytes);
        switch (format)
        {
            case "safetensors":
                SafetensorsReader.Read(region, new WeightSet(region.Name));
                break;
            case "pytorch":
                PyTorchCheckpoint.AddStateDict(PyTorchCheckpoint.Load(region), new WeightSet(region.Name), "state dict");
                break;
            default:
                var owners = new List<IDisposable>();
                using (ModelLoader.Load(region, region.Name, owners))
                {
                }

                break;
        }
    }

    /// <summary>Runs <see cref="Parse"/> and fails on anything but success or a one-line ModelFormatException; also bounds allocation.</summary>
    public static bool ParseExpectingOnlyFormatErrors(string format, byte[] bytes)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool failed = false;
        try
        {
            Parse(format, bytes);
        }
        catch (ModelFormatException e)
        {
            Assert.DoesNotContain('\n', e.Message);
            failed = true;
        }
        catch (Exception e)
        {
            Assert.Fail($"{format}: {bytes.Length}-byte input escaped with {e.GetType().Name}: {e.Message}");
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64L * 1024 * 1024 + 4L * bytes.Length, $"{format}: parsing {bytes.Length} bytes allocated {allocated} bytes");
        return failed;
    }
}
