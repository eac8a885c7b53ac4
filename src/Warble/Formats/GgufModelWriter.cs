using Warble.Models.Parakeet;
using Warble.Models.Whisper;
using Warble.Tensors;

namespace Warble.Formats;

/// <summary>
/// Writes a <see cref="LoadedModel"/> as GGUF (keys in <see cref="GgufKeys"/>, docs/gguf.md): the
/// hyper-parameters, tokenizer data, mel filters, alignment heads and every tensor under its own
/// name. Large 2-D float matrices are stored as the requested type; everything else stays f32
/// (float) or its stored integer type.
/// </summary>
internal static class GgufModelWriter
{
    /// <summary>Matrices smaller than this stay f32: quantizing them saves nothing and costs accuracy.</summary>
    public const int MinQuantizedElements = 1024;

    public static void Write(LoadedModel model, DType matrixType, Stream output)
    {
        if (matrixType is not (DType.F32 or DType.F16 or DType.Q8_0))
        {
            throw new ArgumentException($"convert writes f32, f16 or q8_0 matrices, not {matrixType.Name()}");
        }

        var writer = new GgufWriter();
        writer.Add(GgufKeys.Architecture, model.Architecture == ModelArchitecture.Whisper ? "whisper" : "parakeet");
        writer.Add(GgufKeys.Name, Path.GetFileName(Path.TrimEndingDirectorySeparator(model.Source)));
        writer.Add(GgufKeys.WarbleSourceFormat, model.Format.ToString().ToLowerInvariant());
        if (model.Whisper is { } dims)
        {
            AddWhisper(writer, model, dims);
        }
        else
        {
            AddParakeet(writer, model.RequireParakeet());
        }

        AddTokenizer(writer, model.Tokenizer);
        foreach (string name in model.Weights.Names)
        {
            TensorView view = model.Weights[name];
            DType type = TargetType(name, view, matrixType);
            writer.AddTensor(name, type, view.Shape, () => Encode(view, type));
        }

        writer.Write(output);
    }

    /// <summary>The stored type of one tensor: the requested type for large 2-D float matrices, else f32 (or the integer type).</summary>
    public static DType TargetType(string name, TensorView view, DType matrixType)
    {
        if (!view.Type.IsFloat())
        {
            return view.Type;
        }

        bool matrix = view.Rank == 2 && view.ElementCount >= MinQuantizedElements
            && !name.Contains("positional_embedding", StringComparison.Ordinal) && !name.Contains("pos_", StringComparison.Ordinal);
        if (!matrix)
        {
            return DType.F32;
        }

        return matrixType == DType.Q8_0 && view.Shape[1] % Tensors.Quantization.Q8_0.BlockValues != 0 ? DType.F16 : matrixType;
    }

    private static ReadOnlyMemory<byte> Encode(TensorView view, DType type) =>
        view.Type == type ? view.Data[..(int)type.ByteCount(view.ElementCount)]
        : type.IsFloat() ? TensorConversion.FromFloats(TensorConversion.ToFloats(view), type)
        : throw new ArgumentException($"cannot convert {view.Type.Name()} to {type.Name()}");

    private static void AddWhisper(GgufWriter writer, LoadedModel model, WhisperDimensions dims)
    {
        int[] values = [dims.NMels, dims.NAudioCtx, dims.NAudioState, dims.NAudioHead, dims.NAudioLayer,
            dims.NVocab, dims.NTextCtx, dims.NTextState, dims.NTextHead, dims.NTextLayer];
        for (int i = 0; i < values.Length; i++)
        {
            writer.Add(GgufKeys.WhisperPrefix + GgufKeys.WhisperDimensionNames[i], (uint)values[i]);
        }

        if (model.AlignmentHeads is { } heads)
        {
            writer.Add(GgufKeys.WhisperAlignmentHeads, heads.SelectMany(h => new[] { h.Layer, h.Head }).ToArray());
        }

        if (model.MelFilters is { } mel)
        {
            writer.Add(GgufKeys.WhisperMelFiltersNMel, (uint)mel.NMel);
            writer.Add(GgufKeys.WhisperMelFiltersNFft, (uint)mel.NFft);
            writer.Add(GgufKeys.WhisperMelFilters, mel.Values);
        }

        // openai-whisper's tokenizer: eot is the first id after the BPE ranks, sot the next.
        int eot = dims.IsMultilingual ? 50257 : 50256;
        writer.Add(GgufKeys.EosTokenId, (uint)eot);
        writer.Add(GgufKeys.BosTokenId, (uint)(eot + 1));
    }

    private static void AddParakeet(GgufWriter writer, ParakeetConfig config)
    {
        writer.Add(GgufKeys.ParakeetConfigYaml, config.YamlText);
        writer.Add(GgufKeys.ParakeetDecoderKind, config.DecoderKind.ToString().ToLowerInvariant());
        writer.Add("parakeet.encoder.feat_in", (uint)config.Encoder.FeatIn);
        writer.Add("parakeet.encoder.n_layers", (uint)config.Encoder.NLayers);
        writer.Add("parakeet.encoder.d_model", (uint)config.Encoder.DModel);
        writer.Add("parakeet.encoder.n_heads", (uint)config.Encoder.NHeads);
        writer.Add("parakeet.encoder.subsampling_factor", (uint)config.Encoder.SubsamplingFactor);
        writer.Add("parakeet.preprocessor.sample_rate", (uint)config.Preprocessor.SampleRate);
        writer.Add("parakeet.preprocessor.features", (uint)config.Preprocessor.Features);
        writer.Add("parakeet.preprocessor.n_fft", (uint)config.Preprocessor.EffectiveNFft);
        writer.Add("parakeet.preprocessor.window_size", (float)config.Preprocessor.WindowSize);
        writer.Add("parakeet.preprocessor.window_stride", (float)config.Preprocessor.WindowStride);
        writer.Add("parakeet.decoder.vocab_size", (uint)config.VocabSize);
        writer.Add("parakeet.joint.num_extra_outputs", (uint)config.Durations.Length);
        writer.Add(GgufKeys.BlankTokenId, (uint)config.VocabSize);
    }

    private static void AddTokenizer(GgufWriter writer, TokenizerSource tokenizer)
    {
        void AddText(string key, string? text)
        {
            if (text != null)
            {
                writer.Add(key, text);
            }
        }

        switch (tokenizer.Kind)
        {
            case TokenizerKind.Builtin:
                writer.Add(GgufKeys.TokenizerKind, "builtin");
                writer.Add(GgufKeys.TokenizerBuiltin, tokenizer.BuiltinName ?? "multilingual");
                break;
            case TokenizerKind.GgmlVocab:
                IReadOnlyList<byte[]> tokens = tokenizer.TokenBytes ?? [];
                writer.Add(GgufKeys.TokenizerKind, "ggml");
                writer.Add(GgufKeys.TokenizerTokenBytes, tokens.SelectMany(t => t).ToArray());
                writer.Add(GgufKeys.TokenizerTokenLengths, tokens.Select(t => (uint)t.Length).ToArray());
                break;
            case TokenizerKind.HuggingFace:
                writer.Add(GgufKeys.TokenizerKind, "huggingface");
                AddText(GgufKeys.TokenizerVocabJson, tokenizer.VocabJson);
                AddText(GgufKeys.TokenizerMerges, tokenizer.MergesText);
                AddText(GgufKeys.TokenizerHuggingFaceJson, tokenizer.TokenizerJson);
                AddText(GgufKeys.TokenizerAddedTokensJson, tokenizer.AddedTokensJson);
                break;
            default:
                writer.Add(GgufKeys.TokenizerKind, "sentencepiece");
                writer.Add(GgufKeys.SentencePieceModel, tokenizer.SentencePieceModel ?? []);
                AddText(GgufKeys.SentencePieceVocab, tokenizer.SentencePieceVocab);
                AddText(GgufKeys.NemoVocabText, tokenizer.NemoVocabText);
                break;
        }
    }
}
