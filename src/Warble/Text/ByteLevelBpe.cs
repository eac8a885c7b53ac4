using System.Collections.Concurrent;
using System.Text;

namespace Warble.Text;

/// <summary>
/// Byte-level BPE as tiktoken runs it for openai-whisper (and GPT-2): pre-tokenise with
/// <see cref="Gpt2PreTokenizer"/>, then merge the UTF-8 bytes of each pre-token pairwise, lowest rank first
/// (tiktoken <c>_byte_pair_merge</c>). Built from tiktoken rank files, whisper.cpp ggml vocabularies (byte
/// strings in rank order; merges implied by rank), or Hugging Face vocab/merges (explicit merge ranks).
/// </summary>
/// <remarks>
/// Hand-written rather than Microsoft.ML.Tokenizers 2.0.1: its <c>TiktokenTokenizer</c> rejects the empty
/// rank 50256 of <c>multilingual.tiktoken</c> ("Invalid base64 string '='"), it has no constructor from a
/// plain list of byte strings (ggml), and it exposes no byte-level decode, which word timestamps need
/// (openai-whisper <c>split_tokens_on_unicode</c>). Tokens are held as Latin-1 strings (one char per byte)
/// so that dictionary look-ups run on spans without allocating.
/// </remarks>
internal sealed partial class ByteLevelBpe
{
    private const int CacheLimit = 1 << 16;

    private readonly string[] tokens;
    private readonly Dictionary<string, int> ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> idLookup;
    private readonly Dictionary<long, int>? mergeRanks;
    private readonly ConcurrentDictionary<string, int[]> cache = new(StringComparer.Ordinal);

    /// <param name="tokens">Token byte strings by id, each byte as one char (Latin-1).</param>
    /// <param name="mergeRanks">Explicit merge ranks keyed by (left id, right id); null: the rank of the merged token decides (tiktoken).</param>
    private ByteLevelBpe(string[] tokens, Dictionary<long, int>? mergeRanks, string source)
    {
        this.tokens = tokens;
        this.mergeRanks = mergeRanks;
        ids = new Dictionary<string, int>(tokens.Length);
        for (var id = 0; id < tokens.Length; id++)
        {
            // The first (lowest) rank wins for a repeated byte string, as tiktoken's dict build keeps one.
            ids.TryAdd(tokens[id], id);
        }

        for (var b = 0; b < 256; b++)
        {
            if (!ids.ContainsKey(((char)b).ToString()))
            {
                throw new ModelFormatException($"{source}: the vocabulary lacks the single byte 0x{b:X2}; byte-level BPE needs all 256.");
            }
        }

        idLookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Number of BPE tokens (ranks), without special tokens.</summary>
    public int Count => tokens.Length;

    /// <summary>Encodes ordinary text (no special tokens are recognised), as tiktoken <c>encode_ordinary</c>.</summary>
    public int[] Encode(string text)
    {
        var result = new List<int>();
        Encode(text, result);
        return [.. result];
    }

    /// <summary>Appends the ids of <paramref name="text"/> to <paramref name="destination"/>.</summary>
    public void Encode(string text, List<int> destination)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(destination);
        foreach (var (start, length) in Gpt2PreTokenizer.Split(text))
        {
            destination.AddRange(EncodeWord(text.AsSpan(start, length)));
        }
    }

    /// <summary>The bytes of token <paramref name="id"/>.</summary>
    public byte[] TokenBytes(int id) => Encoding.Latin1.GetBytes(TokenLatin1(id));

    /// <summary>Appends the bytes of every id to <paramref name="destination"/> (tiktoken <c>decode_bytes</c>).</summary>
    public void DecodeBytes(ReadOnlySpan<int> tokenIds, List<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        foreach (var id in tokenIds)
        {
            foreach (var c in TokenLatin1(id))
            {
                destination.Add((byte)c);
            }
        }
    }

    /// <summary>The bytes of the ids concatenated.</summary>
    public byte[] DecodeBytes(ReadOnlySpan<int> tokenIds)
    {
        var bytes = new List<byte>();
        DecodeBytes(tokenIds, bytes);
        return [.. bytes];
    }

    /// <summary>UTF-8 text of the ids; invalid or partial sequences become U+FFFD (tiktoken <c>decode</c>, errors="replace").</summary>
    public string Decode(ReadOnlySpan<int> tokenIds) => Encoding.UTF8.GetString(DecodeBytes(tokenIds));

    /// <summary>The id of a token given by its bytes, or -1.</summary>
    public int TokenId(ReadOnlySpan<byte> bytes)
    {
        Span<char> latin1 = bytes.Length <= 256 ? stackalloc char[bytes.Length] : new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            latin1[i] = (char)bytes[i];
        }

        return idLookup.TryGetValue(latin1, out var id) ? id : -1;
    }

    private string TokenLatin1(int id)
    {
        if ((uint)id >= (uint)tokens.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Token id must be below {tokens.Length}.");
        }

        return tokens[id];
    }

    private int[] EncodeWord(ReadOnlySpan<char> word)
    {
        var byteCount = Encoding.UTF8.GetByteCount(word);
        Span<byte> utf8 = byteCount <= 512 ? stackalloc byte[byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(word, utf8);
        var piece = Encoding.Latin1.GetString(utf8);

        if (cache.TryGetValue(piece, out var cached))
        {
            return cached;
        }

        // tiktoken takes a whole pre-token that is itself a token as is; with explicit merges (Hugging Face)
        // only the merges decide.
        var result = mergeRanks is null && idLookup.TryGetValue(piece, out var single) ? [single] : BytePairEncode(piece);
        if (cache.Count >= CacheLimit)
        {
            cache.Clear();
        }

        cache.TryAdd(piece, result);
        return result;
    }
}
