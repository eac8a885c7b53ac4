using System.Text.Json;
using Warble.Models.Whisper;

namespace Warble.Formats;

/// <summary>
/// A Hugging Face Whisper folder (as on the hub for openai/whisper-*): config.json
/// (<c>WhisperConfig</c>), model.safetensors or a sharded index (or pytorch_model.bin),
/// generation_config.json (alignment_heads) and the tokenizer files. Tensors are renamed to
/// openai-whisper's keys.
/// </summary>
internal static class HuggingFaceWhisperFolder
{
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 16 };

    public static bool IsFolder(string path) => Directory.Exists(path) && File.Exists(Path.Combine(path, "config.json"));

    public static LoadedModel Load(string folder, List<IDisposable> owners)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        WhisperDimensions dims = ReadDims(Path.Combine(folder, "config.json"));
        var hfWeights = new WeightSet(name);
        foreach (ByteRegion file in WeightFiles(folder, owners))
        {
            if (ZipDirectory.IsZip(file.Span(0, (int)Math.Min(4, file.Length))))
            {
                PyTorchCheckpoint.AddStateDict(PyTorchCheckpoint.Load(file), hfWeights, file.Name);
            }
            else
            {
                SafetensorsReader.Read(file, hfWeights);
            }
        }

        var weights = new WeightSet(name);
        foreach (string hf in hfWeights.Names)
        {
            if (HfWhisperNames.ToOpenAi(hf, name) is string openAi)
            {
                weights.Add(openAi, hfWeights[hf]);
            }
        }

        WhisperWeights.Check(dims, weights);
        return new LoadedModel(owners)
        {
            Source = folder,
            Format = ModelFileFormat.HuggingFace,
            Architecture = ModelArchitecture.Whisper,
            Whisper = dims,
            Tokenizer = ReadTokenizer(folder, name),
            AlignmentHeads = ReadAlignmentHeads(Path.Combine(folder, "generation_config.json"), dims),
            Weights = weights,
        };
    }

    private static IEnumerable<ByteRegion> WeightFiles(string folder, List<IDisposable> owners)
    {
        string single = Path.Combine(folder, "model.safetensors");
        string index = Path.Combine(folder, "model.safetensors.index.json");
        string torch = Path.Combine(folder, "pytorch_model.bin");
        IEnumerable<string> files = File.Exists(single) ? [single]
            : File.Exists(index) ? SafetensorsReader.ReadIndex(index).Select(shard => Path.Combine(folder, shard))
            : File.Exists(torch) ? [torch]
            : throw new ModelFormatException(ErrorText.OneLine($"{folder}: no model.safetensors, model.safetensors.index.json or pytorch_model.bin"));
        foreach (string file in files)
        {
            MappedFile mapped = MappedFile.Open(file);
            owners.Add(mapped);
            yield return mapped;
        }
    }

    private static WhisperDimensions ReadDims(string configPath)
    {
        using JsonDocument config = ParseJson(configPath);
        JsonElement root = config.RootElement;
        int Get(string key) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(key, out JsonElement v) && Int(v) is { } n
            ? n
            : throw new ModelFormatException(ErrorText.OneLine($"{configPath}: '{key}' is missing or not an integer"));

        int dModel = Get("d_model");
        var dims = new WhisperDimensions(Get("num_mel_bins"), Get("max_source_positions"), dModel, Get("encoder_attention_heads"),
            Get("encoder_layers"), Get("vocab_size"), Get("max_target_positions"), dModel, Get("decoder_attention_heads"), Get("decoder_layers"));
        dims.Validate(configPath);
        return dims;
    }

    private static IReadOnlyList<AlignmentHead>? ReadAlignmentHeads(string path, WhisperDimensions dims)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using JsonDocument generation = ParseJson(path);
        if (generation.RootElement.ValueKind != JsonValueKind.Object
            || !generation.RootElement.TryGetProperty("alignment_heads", out JsonElement heads) || heads.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var result = new List<AlignmentHead>();
        foreach (JsonElement pair in heads.EnumerateArray())
        {
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2 || Int(pair[0]) is not { } layer
                || Int(pair[1]) is not { } head || (uint)layer >= (uint)dims.NTextLayer || (uint)head >= (uint)dims.NTextHead)
            {
                throw new ModelFormatException(ErrorText.OneLine($"{path}: alignment_heads entry {pair.GetRawText()} is not a [layer, head] of this model"));
            }

            result.Add(new AlignmentHead(layer, head));
        }

        return result;
    }

    private static TokenizerSource ReadTokenizer(string folder, string name)
    {
        string? Text(string file) => File.Exists(Path.Combine(folder, file)) ? File.ReadAllText(Path.Combine(folder, file)) : null;
        var source = new TokenizerSource
        {
            Kind = TokenizerKind.HuggingFace,
            VocabJson = Text("vocab.json"),
            MergesText = Text("merges.txt"),
            TokenizerJson = Text("tokenizer.json"),
            AddedTokensJson = Text("added_tokens.json"),
        };
        return (source.VocabJson != null && source.MergesText != null) || source.TokenizerJson != null
            ? source
            : throw new ModelFormatException(ErrorText.OneLine($"{name}: no tokenizer (vocab.json + merges.txt, or tokenizer.json)"));
    }

    // A JSON number that is an integer; strings ("64"), nulls, fractions and other kinds are not.
    private static int? Int(JsonElement value) => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int n) ? n : null;

    private static JsonDocument ParseJson(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(ErrorText.OneLine($"{path}: not valid JSON: {e.Message.ReplaceLineEndings(" ")}"));
        }
    }
}
