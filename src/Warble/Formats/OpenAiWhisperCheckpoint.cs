using Warble.Models.Whisper;

namespace Warble.Formats;

/// <summary>
/// openai-whisper's <c>.pt</c> files: <c>torch.save({"dims": {...}, "model_state_dict": {...}})</c>,
/// as <c>whisper.load_model</c> reads them. They carry no tokenizer: the bundled tiktoken ranks apply.
/// </summary>
internal static class OpenAiWhisperCheckpoint
{
    public static LoadedModel Load(ByteRegion zip, string path, List<IDisposable> owners)
    {
        object? root = PyTorchCheckpoint.Load(zip);
        if (root is not PickleDict top || !top.TryGet("dims", out object? dimsObject) || dimsObject is not PickleDict dimsDict
            || !top.TryGet("model_state_dict", out object? stateDict))
        {
            throw zip.Fail(0, "PyTorch checkpoint has no 'dims' and 'model_state_dict': not an openai-whisper checkpoint");
        }

        WhisperDimensions dims = Dims(dimsDict, zip);
        var weights = new WeightSet(zip.Name);
        PyTorchCheckpoint.AddStateDict(stateDict, weights, "model_state_dict");
        WhisperWeights.Check(dims, weights);
        return new LoadedModel(owners)
        {
            Source = path,
            Format = ModelFileFormat.PyTorch,
            Architecture = ModelArchitecture.Whisper,
            Whisper = dims,
            Tokenizer = new TokenizerSource { Kind = TokenizerKind.Builtin, BuiltinName = dims.IsMultilingual ? "multilingual" : "gpt2" },
            Weights = weights,
        };
    }

    private static WhisperDimensions Dims(PickleDict dims, ByteRegion zip)
    {
        int Get(string key) => dims.TryGet(key, out object? v) && v is long n && n is > 0 and <= int.MaxValue
            ? (int)n
            : throw zip.Fail(0, $"dims.{key} is missing or not a positive integer");

        var result = new WhisperDimensions(Get("n_mels"), Get("n_audio_ctx"), Get("n_audio_state"), Get("n_audio_head"),
            Get("n_audio_layer"), Get("n_vocab"), Get("n_text_ctx"), Get("n_text_state"), Get("n_text_head"), Get("n_text_layer"));
        result.Validate(zip.Name);
        return result;
    }
}
