using Warble.Models.Parakeet;
using Warble.Models.Whisper;

namespace Warble.Formats;

/// <summary>Builds a <see cref="LoadedModel"/> from a GGUF file written by <see cref="GgufModelWriter"/>.</summary>
internal static class GgufModelReader
{
    public static LoadedModel Load(ByteRegion region, string path, List<IDisposable> owners)
    {
        GgufFile gguf = GgufReader.Read(region);
        var weights = new WeightSet(region.Name);
        foreach (GgufTensorInfo info in gguf.Tensors)
        {
            weights.Add(info.Name, gguf.View(info));
        }

        string architecture = gguf.Get<string>(GgufKeys.Architecture);
        if (architecture == NemoSpeechCppGgufKeys.Architecture)
        {
            return LoadNemoSpeechCpp(gguf, path, owners);
        }

        if (architecture == "parakeet" && !gguf.Metadata.ContainsKey(GgufKeys.ParakeetConfigYaml) && gguf.Metadata.ContainsKey(ParakeetCppGgufKeys.Arch))
        {
            return LoadParakeetCpp(gguf, weights, path, owners);
        }

        TokenizerSource tokenizer = ReadTokenizer(gguf);
        if (architecture == "parakeet")
        {
            ParakeetConfig config = ParakeetConfig.Parse(gguf.Get<string>(GgufKeys.ParakeetConfigYaml), region.Name);
            ParakeetWeights.Check(config, weights);
            return new LoadedModel(owners)
            {
                Source = path, Format = ModelFileFormat.Gguf, Architecture = ModelArchitecture.Parakeet,
                Parakeet = config, Tokenizer = tokenizer, Weights = weights,
            };
        }

        if (architecture != "whisper")
        {
            throw region.Fail(0, $"GGUF architecture '{architecture}' is not whisper or parakeet");
        }

        int[] d = GgufKeys.WhisperDimensionNames.Select(n => gguf.GetInt(GgufKeys.WhisperPrefix + n)).ToArray();
        var dims = new WhisperDimensions(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9]);
        dims.Validate(region.Name);
        WhisperWeights.Check(dims, weights);
        return new LoadedModel(owners)
        {
            Source = path, Format = ModelFileFormat.Gguf, Architecture = ModelArchitecture.Whisper,
            Whisper = dims, Tokenizer = tokenizer, MelFilters = ReadMelFilters(gguf),
            AlignmentHeads = ReadAlignmentHeads(gguf, dims), Weights = weights,
        };
    }

    /// <summary>parakeet.cpp's GGUF (NeMo state-dict names, config in <c>parakeet.*</c> keys, the tokenizer's pieces).</summary>
    private static LoadedModel LoadParakeetCpp(GgufFile gguf, WeightSet weights, string path, List<IDisposable> owners)
    {
        string file = gguf.Region.Name;
        bool untieBiases = weights.Contains("encoder.layers.0.self_attn.pos_bias_u");
        ParakeetConfig config = ParakeetConfig.Parse(ParakeetCppGgufKeys.ToYaml(gguf.Metadata, untieBiases, file), file);
        ParakeetWeights.Check(config, weights);
        string[] pieces = gguf.Get<string[]>(ParakeetCppGgufKeys.Pieces);
        if (pieces.Length != config.VocabSize)
        {
            throw new ModelFormatException($"{file}: {ParakeetCppGgufKeys.Pieces} holds {pieces.Length} pieces, parakeet.vocab_size is {config.VocabSize}");
        }

        return new LoadedModel(owners)
        {
            Source = path, Format = ModelFileFormat.Gguf, Architecture = ModelArchitecture.Parakeet, Parakeet = config, Weights = weights,
            Tokenizer = new TokenizerSource
            {
                Kind = TokenizerKind.SentencePiece,
                SentencePieceModel = Text.SentencePieceModelBuilder.FromPieces([.. pieces.Select(System.Text.Encoding.UTF8.GetBytes)], file),
            },
        };
    }

    /// <summary>NVIDIA NeMo-Speech.cpp's GGUF (<c>asr.*</c> keys, renamed LSTM and squeezed pointwise tensors, the SentencePiece model in base64).</summary>
    private static LoadedModel LoadNemoSpeechCpp(GgufFile gguf, string path, List<IDisposable> owners)
    {
        string file = gguf.Region.Name;
        var weights = new WeightSet(file);
        foreach (GgufTensorInfo info in gguf.Tensors)
        {
            NemoSpeechCppTensors.Add(weights, info.Name, gguf.View(info));
        }

        bool untieBiases = weights.Contains("encoder.layers.0.self_attn.pos_bias_u");
        ParakeetConfig config = ParakeetConfig.Parse(NemoSpeechCppGgufKeys.ToYaml(gguf.Metadata, untieBiases, file), file);
        ParakeetWeights.Check(config, weights);
        byte[] model;
        if (gguf.TryGet(NemoSpeechCppGgufKeys.SentencePieceModel, out string? base64))
        {
            try
            {
                model = Convert.FromBase64String(base64);
            }
            catch (FormatException)
            {
                throw new ModelFormatException($"{file}: GGUF key '{NemoSpeechCppGgufKeys.SentencePieceModel}' is not base64");
            }
        }
        else
        {
            model = Text.SentencePieceModelBuilder.FromPieces([.. gguf.Get<string[]>(NemoSpeechCppGgufKeys.Pieces).Select(System.Text.Encoding.UTF8.GetBytes)], file);
        }

        return new LoadedModel(owners)
        {
            Source = path, Format = ModelFileFormat.Gguf, Architecture = ModelArchitecture.Parakeet, Parakeet = config, Weights = weights,
            Tokenizer = new TokenizerSource { Kind = TokenizerKind.SentencePiece, SentencePieceModel = model },
        };
    }

    private static MelFilters? ReadMelFilters(GgufFile gguf)
    {
        if (!gguf.TryGet(GgufKeys.WhisperMelFilters, out float[]? values))
        {
            return null;
        }

        int nMel = gguf.GetInt(GgufKeys.WhisperMelFiltersNMel);
        int nFft = gguf.GetInt(GgufKeys.WhisperMelFiltersNFft);
        return nMel > 0 && nFft > 0 && (long)nMel * nFft == values.Length
            ? new MelFilters(nMel, nFft, values)
            : throw gguf.Region.Fail(0, $"{GgufKeys.WhisperMelFilters} holds {values.Length} values, not {nMel} × {nFft}");
    }

    private static AlignmentHead[]? ReadAlignmentHeads(GgufFile gguf, WhisperDimensions dims)
    {
        if (!gguf.TryGet(GgufKeys.WhisperAlignmentHeads, out int[]? flat))
        {
            return null;
        }

        var heads = new AlignmentHead[flat.Length / 2];
        for (int i = 0; i < heads.Length; i++)
        {
            heads[i] = new AlignmentHead(flat[2 * i], flat[2 * i + 1]);
            if (flat.Length % 2 != 0 || (uint)heads[i].Layer >= (uint)dims.NTextLayer || (uint)heads[i].Head >= (uint)dims.NTextHead)
            {
                throw gguf.Region.Fail(0, $"{GgufKeys.WhisperAlignmentHeads} is not a list of (layer, head) pairs of this model");
            }
        }

        return heads;
    }

    private static TokenizerSource ReadTokenizer(GgufFile gguf)
    {
        string? Text(string key) => gguf.TryGet(key, out string? value) ? value : null;
        string kind = gguf.Get<string>(GgufKeys.TokenizerKind);
        return kind switch
        {
            "builtin" => new TokenizerSource { Kind = TokenizerKind.Builtin, BuiltinName = gguf.Get<string>(GgufKeys.TokenizerBuiltin) },
            "ggml" => new TokenizerSource { Kind = TokenizerKind.GgmlVocab, TokenBytes = SplitTokens(gguf) },
            "huggingface" => new TokenizerSource
            {
                Kind = TokenizerKind.HuggingFace, VocabJson = Text(GgufKeys.TokenizerVocabJson), MergesText = Text(GgufKeys.TokenizerMerges),
                TokenizerJson = Text(GgufKeys.TokenizerHuggingFaceJson), AddedTokensJson = Text(GgufKeys.TokenizerAddedTokensJson),
            },
            "sentencepiece" => new TokenizerSource
            {
                Kind = TokenizerKind.SentencePiece, SentencePieceModel = gguf.Get<byte[]>(GgufKeys.SentencePieceModel),
                SentencePieceVocab = Text(GgufKeys.SentencePieceVocab), NemoVocabText = Text(GgufKeys.NemoVocabText),
            },
            _ => throw gguf.Region.Fail(0, $"{GgufKeys.TokenizerKind} '{kind}' is not builtin, ggml, huggingface or sentencepiece"),
        };
    }

    private static byte[][] SplitTokens(GgufFile gguf)
    {
        byte[] bytes = gguf.Get<byte[]>(GgufKeys.TokenizerTokenBytes);
        uint[] lengths = gguf.Get<uint[]>(GgufKeys.TokenizerTokenLengths);
        var tokens = new byte[lengths.Length][];
        long at = 0;
        for (int i = 0; i < lengths.Length; i++)
        {
            if (lengths[i] > bytes.Length - at)
            {
                throw gguf.Region.Fail(0, $"{GgufKeys.TokenizerTokenLengths} runs past {GgufKeys.TokenizerTokenBytes} at token {i}");
            }

            tokens[i] = bytes.AsSpan((int)at, (int)lengths[i]).ToArray();
            at += lengths[i];
        }

        return tokens;
    }
}
