using System.Runtime.InteropServices;
using System.Text.Json;
using Warble.Tensors;

namespace Warble.Tests.Whisper;

/// <summary>Minimal .npy and HF safetensors readers for model tests (the library's loaders replace these).</summary>
internal static class ScratchLoaders
{
    public static float[] ReadNpy(string path, out int[] shape)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = BitConverter.ToUInt16(bytes, 8);
        string header = System.Text.Encoding.ASCII.GetString(bytes, 10, headerLength);
        int open = header.IndexOf('(', StringComparison.Ordinal), close = header.IndexOf(')', StringComparison.Ordinal);
        shape = header[(open + 1)..close].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        return MemoryMarshal.Cast<byte, float>(bytes.AsSpan(10 + headerLength)).ToArray();
    }

    public static Dictionary<string, TensorView> ReadHfWhisper(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        long headerLength = BitConverter.ToInt64(bytes, 0);
        using var doc = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        var result = new Dictionary<string, TensorView>();
        foreach (JsonProperty p in doc.RootElement.EnumerateObject())
        {
            if (p.Name == "__metadata__")
            {
                continue;
            }

            int[] shape = p.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            long[] offsets = p.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            var data = new ReadOnlyMemory<byte>(bytes, (int)(8 + headerLength + offsets[0]), (int)(offsets[1] - offsets[0]));
            result[OpenAiName(p.Name)] = new TensorView(DType.F32, data, shape);
        }

        return result;
    }

    private static string OpenAiName(string hf) => hf
        .Replace("model.encoder.embed_positions.weight", "encoder.positional_embedding", StringComparison.Ordinal)
        .Replace("model.decoder.embed_positions.weight", "decoder.positional_embedding", StringComparison.Ordinal)
        .Replace("model.decoder.embed_tokens", "decoder.token_embedding", StringComparison.Ordinal)
        .Replace("model.encoder.layer_norm", "encoder.ln_post", StringComparison.Ordinal)
        .Replace("model.decoder.layer_norm", "decoder.ln", StringComparison.Ordinal)
        .Replace("model.", "", StringComparison.Ordinal)
        .Replace(".layers.", ".blocks.", StringComparison.Ordinal)
        .Replace("self_attn_layer_norm", "attn_ln", StringComparison.Ordinal)
        .Replace("encoder_attn_layer_norm", "cross_attn_ln", StringComparison.Ordinal)
        .Replace("final_layer_norm", "mlp_ln", StringComparison.Ordinal)
        .Replace("self_attn.", "attn.", StringComparison.Ordinal)
        .Replace("encoder_attn.", "cross_attn.", StringComparison.Ordinal)
        .Replace("q_proj", "query", StringComparison.Ordinal)
        .Replace("k_proj", "key", StringComparison.Ordinal)
        .Replace("v_proj", "value", StringComparison.Ordinal)
        .Replace("out_proj", "out", StringComparison.Ordinal)
        .Replace("fc1", "mlp.0", StringComparison.Ordinal)
        .Replace("fc2", "mlp.2", StringComparison.Ordinal);
}
