using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Warble.Text;

/// <summary>Constructors from the four places a Whisper vocabulary comes from. Bad data throws <see cref="ModelFormatException"/>.</summary>
internal sealed partial class ByteLevelBpe
{
    /// <summary>
    /// A tiktoken rank file: one <c>base64(token bytes) rank</c> per line (openai-whisper <c>get_encoding</c>).
    /// Ranks must be 0..n-1, each once; <c>=</c> (the empty string, rank 50256 of multilingual) is allowed.
    /// </summary>
    public static ByteLevelBpe FromTiktoken(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
        var byRank = new List<string?>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var buffer = new byte[fields.Length > 0 ? fields[0].Length : 0];

            // "=" is the empty token (Python's b64decode accepts it; .NET's strict decoder does not).
            var written = 0;
            if (fields.Length != 2 || (fields[0].Trim('=').Length > 0 && !Convert.TryFromBase64String(fields[0], buffer, out written))
                || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var rank))
            {
                throw new ModelFormatException($"{source}: line {lineNumber} is not 'base64 rank'.");
            }

            if (rank > 10_000_000)
            {
                throw new ModelFormatException($"{source}: line {lineNumber} has rank {rank}, beyond any vocabulary.");
            }

            while (byRank.Count <= rank)
            {
                byRank.Add(null);
            }

            if (byRank[rank] is not null)
            {
                throw new ModelFormatException($"{source}: line {lineNumber} repeats rank {rank}.");
            }

            byRank[rank] = Encoding.Latin1.GetString(buffer, 0, written);
        }

        return new ByteLevelBpe(Dense(byRank, source), null, source);
    }

    /// <summary>A tiktoken rank file on disk.</summary>
    public static ByteLevelBpe FromTiktoken(string path)
    {
        using var stream = File.OpenRead(path);
        return FromTiktoken(stream, path);
    }

    /// <summary>
    /// Byte strings in rank order, as a whisper.cpp ggml file stores its vocabulary (whisper.cpp
    /// <c>whisper_model_load</c>); merges are implied by rank, as with tiktoken.
    /// </summary>
    public static ByteLevelBpe FromByteStrings(IReadOnlyList<byte[]> tokenBytes, string source)
    {
        ArgumentNullException.ThrowIfNull(tokenBytes);
        var tokens = new string[tokenBytes.Count];
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = Encoding.Latin1.GetString(tokenBytes[i]);
        }

        return new ByteLevelBpe(tokens, null, source);
    }

    /// <summary>Hugging Face <c>vocab.json</c> (GPT-2 byte spelling → id) and <c>merges.txt</c> (one "left right" per line, by rank).</summary>
    public static ByteLevelBpe FromVocabAndMerges(Stream vocabJson, Stream mergesTxt, string source)
    {
        ArgumentNullException.ThrowIfNull(vocabJson);
        ArgumentNullException.ThrowIfNull(mergesTxt);
        var tokens = ReadVocab(ParseJson(vocabJson, source).RootElement, source);
        var merges = new List<string>();
        using (var reader = new StreamReader(mergesTxt, Encoding.UTF8))
        {
            while (reader.ReadLine() is { } line)
            {
                // Hugging Face skips the "#version" header line.
                if (line.Length > 0 && !(merges.Count == 0 && line.StartsWith("#version", StringComparison.Ordinal)))
                {
                    merges.Add(line);
                }
            }
        }

        return new ByteLevelBpe(tokens, BuildMergeRanks(tokens, merges, source), source);
    }

    /// <summary>A Hugging Face <c>tokenizer.json</c> with a BPE model (merges as "a b" strings or [a, b] pairs).</summary>
    public static ByteLevelBpe FromTokenizerJson(Stream tokenizerJson, string source)
    {
        ArgumentNullException.ThrowIfNull(tokenizerJson);
        using var document = ParseJson(tokenizerJson, source);
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object
            || !model.TryGetProperty("vocab", out var vocab) || !model.TryGetProperty("merges", out var mergesElement)
            || mergesElement.ValueKind != JsonValueKind.Array)
        {
            throw new ModelFormatException($"{source}: expected a BPE 'model' with 'vocab' and 'merges'.");
        }

        var tokens = ReadVocab(vocab, source);
        var merges = new List<string>();
        foreach (var merge in mergesElement.EnumerateArray())
        {
            merges.Add(merge.ValueKind switch
            {
                JsonValueKind.String => merge.GetString()!,
                JsonValueKind.Array when merge.GetArrayLength() == 2 && merge[0].ValueKind == JsonValueKind.String
                    && merge[1].ValueKind == JsonValueKind.String => merge[0].GetString() + " " + merge[1].GetString(),
                _ => throw new ModelFormatException($"{source}: a merge is neither \"a b\" nor [a, b]."),
            });
        }

        return new ByteLevelBpe(tokens, BuildMergeRanks(tokens, merges, source), source);
    }

    private static JsonDocument ParseJson(Stream stream, string source)
    {
        try
        {
            return JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new ModelFormatException($"{source}: not valid JSON ({e.Message}).", e);
        }
    }

    private static string[] ReadVocab(JsonElement vocab, string source)
    {
        if (vocab.ValueKind != JsonValueKind.Object)
        {
            throw new ModelFormatException($"{source}: the vocabulary is not a JSON object.");
        }

        var byId = new List<string?>();
        foreach (var entry in vocab.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var id) || id < 0 || id > 10_000_000)
            {
                throw new ModelFormatException($"{source}: token '{entry.Name}' has no valid id.");
            }

            var latin1 = Gpt2ByteMapping.ToLatin1(entry.Name)
                ?? throw new ModelFormatException($"{source}: token '{entry.Name}' is not in GPT-2 byte spelling.");
            while (byId.Count <= id)
            {
                byId.Add(null);
            }

            if (byId[id] is not null)
            {
                throw new ModelFormatException($"{source}: id {id} appears twice.");
            }

            byId[id] = latin1;
        }

        return Dense(byId, source);
    }

    private static Dictionary<long, int> BuildMergeRanks(string[] tokens, List<string> merges, string source)
    {
        var ids = new Dictionary<string, int>(tokens.Length);
        for (var id = 0; id < tokens.Length; id++)
        {
            ids.TryAdd(tokens[id], id);
        }

        var ranks = new Dictionary<long, int>(merges.Count);
        for (var rank = 0; rank < merges.Count; rank++)
        {
            var parts = merges[rank].Split(' ');
            if (parts.Length != 2 || Gpt2ByteMapping.ToLatin1(parts[0]) is not { } left
                || Gpt2ByteMapping.ToLatin1(parts[1]) is not { } right
                || !ids.TryGetValue(left, out var leftId) || !ids.TryGetValue(right, out var rightId)
                || !ids.ContainsKey(left + right))
            {
                throw new ModelFormatException($"{source}: merge {rank} '{merges[rank]}' does not join two tokens into a token.");
            }

            ranks.TryAdd(PairKey(leftId, rightId), rank);
        }

        return ranks;
    }

    private static string[] Dense(List<string?> byId, string source)
    {
        var missing = byId.IndexOf(null);
        if (missing >= 0)
        {
            throw new ModelFormatException($"{source}: token id {missing} is missing (ids must run 0..{byId.Count - 1}).");
        }

        return [.. byId!];
    }
}
