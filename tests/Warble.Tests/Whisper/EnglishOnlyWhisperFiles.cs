using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Warble.Formats;
using Warble.Models.Whisper;
using Warble.Tensors;
using Warble.Tests.Formats;
using Warble.Tests.Support;
using Warble.Tests.Text;
using Warble.Text;

namespace Warble.Tests.Whisper;

/// <summary>
/// One English-only Whisper model in three layouts, built from whisper.cpp's <c>for-tests-ggml-tiny.en.bin</c> (its GPT-2
/// vocabulary and mel filters) and the whisper-tiny-random weights with the multilingual-only row 50256 (the empty rank)
/// taken out of the token embedding, which shifts every special token down by one as openai-whisper's English-only
/// layout has them (n_vocab 51864). The Hugging Face folder is shaped as openai/whisper-tiny.en on the hub: vocab.json of
/// 50,257 entries ending with <c>&lt;|endoftext|&gt;</c> = 50256, merges.txt, added_tokens.json from 50257 and a
/// config.json of vocab_size 51864. The ggml file and openai-whisper's <c>.pt</c> are written from that folder's weights.
/// </summary>
internal sealed class EnglishOnlyWhisperFiles : IDisposable
{
    private const int NVocab = 51864;
    private const int DroppedRow = 50256;
    private const string EmbedTokens = "model.decoder.embed_tokens.weight";

    public EnglishOnlyWhisperFiles(bool tokenizerJson)
    {
        Root = Path.Combine(Path.GetTempPath(), $"warble-whisper-en-{Guid.NewGuid():N}");
        HfFolder = Path.Combine(Root, "hf");
        Directory.CreateDirectory(HfFolder);
        var (hparams, tokens) = GgmlVocabularyFile.Read(SharedPaths.Fixture("thirdparty", "for-tests-ggml-tiny.en.bin"));
        Assert.Equal(NVocab, hparams[0]);
        byte[][] ranks = RanksOf(tokens);
        WriteWeights();
        WriteTokenizer(ranks, tokenizerJson);
        WriteConfigs();
        GgmlFile = Path.Combine(Root, "ggml-model.en.bin");
        using LoadedModel hf = ModelLoader.Load(HfFolder);
        WriteGgml(hf, tokens);
        PtFile = Path.Combine(Root, "tiny.en.pt");
        WritePt(hf);
    }

    public string Root { get; }

    public string HfFolder { get; }

    public string GgmlFile { get; }

    public string PtFile { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    // The exact rank bytes: whisper.cpp's vocabulary holds U+FFFD for the ranks that are not UTF-8, which its tokenizer resolves.
    private static byte[][] RanksOf(List<byte[]> tokens)
    {
        WhisperTokenizer ggml = WhisperTokenizer.FromGgmlVocabulary(tokens, NVocab, "tiny.en");
        return [.. Enumerable.Range(0, ggml.Eot).Select(ggml.Encoding.TokenBytes)];
    }

    private void WriteWeights()
    {
        var weights = new WeightSet("hf");
        using MappedFile source = MappedFile.Open(Path.Combine(FixtureLoadingTests.Whisper("hf"), "model.safetensors"));
        SafetensorsReader.Read(source, weights);
        var tensors = weights.Names.Select(name =>
        {
            TensorView view = weights[name];
            if (name != EmbedTokens)
            {
                return (name, TensorView.FromFloats(TensorConversion.ToFloats(view), view.Shape));
            }

            float[] values = TensorConversion.ToFloats(view);
            int width = view.Shape[1];
            float[] kept = [.. values.AsSpan(0, DroppedRow * width), .. values.AsSpan((DroppedRow + 1) * width)];
            return (name, TensorView.FromFloats(kept, view.Shape[0] - 1, width));
        }).ToList();
        ShardedSafetensorsTests.WriteSafetensors(Path.Combine(HfFolder, "model.safetensors"), tensors);
    }

    private void WriteTokenizer(byte[][] ranks, bool tokenizerJson)
    {
        string Spell(byte[] bytes) => string.Concat(bytes.Select(Gpt2ByteMapping.ToChar));
        var vocab = new Dictionary<string, int>();
        for (int id = 0; id < ranks.Length; id++)
        {
            vocab.Add(Spell(ranks[id]), id);
        }

        vocab.Add("<|endoftext|>", ranks.Length);
        List<string> merges = Merges(ranks).Select(m => Spell(m.Left) + " " + Spell(m.Right)).ToList();
        if (tokenizerJson)
        {
            File.WriteAllText(Path.Combine(HfFolder, "tokenizer.json"), JsonSerializer.Serialize(new { model = new { type = "BPE", vocab, merges } }));
        }
        else
        {
            File.WriteAllText(Path.Combine(HfFolder, "vocab.json"), JsonSerializer.Serialize(vocab));
            File.WriteAllText(Path.Combine(HfFolder, "merges.txt"), "#version: 0.2\n" + string.Join("\n", merges) + "\n");
        }

        WhisperTokenizer english = WhisperTokenizer.FromEmbedded(multilingual: false, NVocab);
        File.WriteAllText(Path.Combine(HfFolder, "added_tokens.json"),
            JsonSerializer.Serialize(Enumerable.Range(english.Sot, NVocab - english.Sot).ToDictionary(english.SpecialTokenText, id => id)));
    }

    /// <summary>
    /// The merges that rebuild tiktoken's ranks (as tiktoken's own <c>data_gym</c> conversion): each multi-byte rank is
    /// the join of the last two parts left when its bytes are merged by the lower ranks.
    /// </summary>
    private static IEnumerable<(byte[] Left, byte[] Right)> Merges(byte[][] ranks)
    {
        var rankOf = new Dictionary<string, int>(ranks.Length);
        for (int id = 0; id < ranks.Length; id++)
        {
            rankOf.TryAdd(Encoding.Latin1.GetString(ranks[id]), id);
        }

        for (int id = 0; id < ranks.Length; id++)
        {
            if (ranks[id].Length < 2)
            {
                continue;
            }

            List<string> parts = ranks[id].Select(b => ((char)b).ToString()).ToList();
            while (parts.Count > 2)
            {
                int best = -1, bestRank = id;
                for (int i = 0; i + 1 < parts.Count; i++)
                {
                    if (rankOf.TryGetValue(parts[i] + parts[i + 1], out int r) && r < bestRank)
                    {
                        (best, bestRank) = (i, r);
                    }
                }

                Assert.True(best >= 0, $"rank {id} cannot be built from lower ranks");
                parts[best] += parts[best + 1];
                parts.RemoveAt(best + 1);
            }

            yield return (Encoding.Latin1.GetBytes(parts[0]), Encoding.Latin1.GetBytes(parts[1]));
        }
    }

    private void WriteConfigs()
    {
        JsonNode config = JsonNode.Parse(File.ReadAllText(Path.Combine(FixtureLoadingTests.Whisper("hf"), "config.json")))!;
        config["vocab_size"] = NVocab;
        foreach (string key in (string[])["bos_token_id", "eos_token_id", "pad_token_id"])
        {
            config[key] = 50256;
        }

        config["decoder_start_token_id"] = 50257;
        config["begin_suppress_tokens"] = new JsonArray(220, 50256);
        File.WriteAllText(Path.Combine(HfFolder, "config.json"), config.ToJsonString());
        File.WriteAllText(Path.Combine(HfFolder, "generation_config.json"),
            """{"alignment_heads": [[1, 0], [1, 1]], "is_multilingual": false, "eos_token_id": 50256, "decoder_start_token_id": 50257}""");
    }

    /// <summary>whisper.cpp's layout (as convert-pt-to-ggml.py writes it): the tiny.en file's header part, then f32 tensors.</summary>
    private void WriteGgml(LoadedModel hf, List<byte[]> tokens)
    {
        WhisperDimensions d = hf.RequireWhisper();
        using MappedFile enHeader = MappedFile.Open(SharedPaths.Fixture("thirdparty", "for-tests-ggml-tiny.en.bin"));
        using var stream = File.Create(GgmlFile);
        using var w = new BinaryWriter(stream);
        w.Write(GgmlWhisperFile.Magic);
        foreach (int value in (int[])[d.NVocab, d.NAudioCtx, d.NAudioState, d.NAudioHead, d.NAudioLayer, d.NTextCtx, d.NTextState, d.NTextHead, d.NTextLayer, d.NMels, 0])
        {
            w.Write(value);
        }

        MelFilters filters = GgmlWhisperFile.ReadHeader(enHeader).MelFilters;
        w.Write(filters.NMel);
        w.Write(filters.NFft);
        filters.Values.ToList().ForEach(w.Write);
        w.Write(tokens.Count);
        foreach (byte[] token in tokens)
        {
            w.Write(token.Length);
            w.Write(token);
        }

        foreach (string name in hf.Weights.Names)
        {
            TensorView view = hf.Weights[name];
            w.Write(view.Rank);
            w.Write(Encoding.UTF8.GetByteCount(name));
            w.Write(0);
            view.Shape.Reverse().ToList().ForEach(w.Write);
            w.Write(Encoding.UTF8.GetBytes(name));
            TensorConversion.ToFloats(view).ToList().ForEach(w.Write);
        }
    }

    /// <summary>
    /// openai-whisper's layout: <c>torch.save({"dims": asdict(dims), "model_state_dict": model.state_dict()})</c>, what
    /// <c>whisper.load_model</c> reads back, here with f32 storages (openai's own checkpoints are f16).
    /// </summary>
    private void WritePt(LoadedModel hf)
    {
        WhisperDimensions d = hf.RequireWhisper();
        KeyValuePair<string, object?>[] dims =
        [
            new("n_mels", d.NMels), new("n_audio_ctx", d.NAudioCtx), new("n_audio_state", d.NAudioState),
            new("n_audio_head", d.NAudioHead), new("n_audio_layer", d.NAudioLayer), new("n_vocab", d.NVocab),
            new("n_text_ctx", d.NTextCtx), new("n_text_state", d.NTextState), new("n_text_head", d.NTextHead),
            new("n_text_layer", d.NTextLayer),
        ];
        var save = new TorchSave();
        KeyValuePair<string, object?>[] stateDict =
            [.. WhisperWeights.Table(d).Select(t => new KeyValuePair<string, object?>(t.Name, save.Tensor(TensorConversion.ToFloats(hf.Weights[t.Name]), t.Shape)))];
        save.Write(PtFile, new KeyValuePair<string, object?>[] { new("dims", dims), new("model_state_dict", new Pickler.OrderedDict(stateDict)) });
    }
}
