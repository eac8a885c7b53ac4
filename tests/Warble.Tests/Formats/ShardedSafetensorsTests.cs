using System.Text;
using System.Text.Json;
using Warble.Formats;
using Warble.Tensors;

namespace Warble.Tests.Formats;

public sealed class ShardedSafetensorsTests
{
    [Fact]
    public void ShardedHuggingFaceFolderLoadsLikeTheSingleFile()
    {
        string source = FixtureLoadingTests.Whisper("hf");
        string folder = Path.Combine(Path.GetTempPath(), $"warble-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            foreach (string file in Directory.GetFiles(source).Where(f => !f.EndsWith(".safetensors", StringComparison.Ordinal)))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }

            var all = new WeightSet("hf");
            using (MappedFile single = MappedFile.Open(Path.Combine(source, "model.safetensors")))
            {
                SafetensorsReader.Read(single, all);
                var names = all.Names.ToList();
                var weightMap = new Dictionary<string, string>();
                for (int shard = 0; shard < 2; shard++)
                {
                    string shardName = $"model-0000{shard + 1}-of-00002.safetensors";
                    var part = names.Where((_, i) => i % 2 == shard).ToList();
                    part.ForEach(n => weightMap[n] = shardName);
                    WriteSafetensors(Path.Combine(folder, shardName), part.Select(n => (n, all[n])));
                }

                File.WriteAllText(Path.Combine(folder, "model.safetensors.index.json"),
                    JsonSerializer.Serialize(new Dictionary<string, object> { ["metadata"] = new Dictionary<string, long>(), ["weight_map"] = weightMap }));

                using LoadedModel sharded = ModelLoader.Load(folder);
                using LoadedModel whole = ModelLoader.Load(source);
                Assert.Equal(whole.Whisper, sharded.Whisper);
                Assert.Equal(whole.Weights.Names.Order(), sharded.Weights.Names.Order());
                foreach (string name in whole.Weights.Names)
                {
                    FloatAssert.Identical(name, TensorConversion.ToFloats(whole.Weights[name]), TensorConversion.ToFloats(sharded.Weights[name]));
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The safetensors layout: u64 header length, JSON header padded with spaces to 8 bytes, then the data.</summary>
    internal static void WriteSafetensors(string path, IEnumerable<(string Name, TensorView View)> tensors)
    {
        var header = new Dictionary<string, object> { ["__metadata__"] = new Dictionary<string, string> { ["format"] = "pt" } };
        var data = new MemoryStream();
        foreach (var (name, view) in tensors)
        {
            long begin = data.Length;
            data.Write(view.Data.Span);
            header[name] = new { dtype = "F32", shape = view.Shape, data_offsets = new[] { begin, data.Length } };
        }

        string json = JsonSerializer.Serialize(header);
        byte[] headerBytes = Encoding.UTF8.GetBytes(json.PadRight((json.Length + 7) / 8 * 8));
        using var output = File.Create(path);
        output.Write(BitConverter.GetBytes((ulong)headerBytes.Length));
        output.Write(headerBytes);
        data.Position = 0;
        data.CopyTo(output);
    }
}
