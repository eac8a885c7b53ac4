using System.Globalization;
using System.Text;

namespace Warble.Text;

/// <summary>
/// A SentencePiece tokenizer (Parakeet's <c>tokenizer.model</c>, NeMo <c>SentencePieceTokenizer</c>): piece
/// look-ups, decoding exactly as <c>SentencePieceProcessor::DecodeIds</c> (what NeMo's <c>ids_to_text</c> calls),
/// and encoding with the model's BPE merges or unigram Viterbi.
/// </summary>
/// <remarks>
/// Hand-written: Microsoft.ML.Tokenizers' SentencePiece support pulls in Google.Protobuf for one small
/// message, and NeMo timestamps also need the piece-level view (which pieces start a word) that it does not expose.
/// Not supported: user-defined symbols are matched as ordinary pieces, not as a prefix-matcher ahead of merging.
/// </remarks>
internal sealed partial class SentencePieceTokenizer
{
    private const char SpaceSymbol = '\u2581';

    private readonly SentencePieceModel model;
    private readonly SentencePieceNormalizer normalizer;
    private readonly Dictionary<string, int> pieceIds = new(StringComparer.Ordinal);
    private readonly int[] byteIds = new int[256];

    public SentencePieceTokenizer(SentencePieceModel model, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        this.model = model;
        normalizer = new SentencePieceNormalizer(model, source);
        Array.Fill(byteIds, -1);
        for (var id = 0; id < model.Pieces.Count; id++)
        {
            var (piece, _, type) = model.Pieces[id];
            if (!pieceIds.TryAdd(piece, id))
            {
                throw new ModelFormatException($"{source}: piece '{piece}' appears twice.");
            }

            if (type == SentencePieceModel.PieceType.Byte)
            {
                byteIds[ParseBytePiece(piece, source)] = id;
            }

            MaxPieceLength = Math.Max(MaxPieceLength, piece.Length);
        }
    }

    /// <summary>Number of pieces (the vocabulary size; Parakeet's blank id comes after them).</summary>
    public int Count => model.Pieces.Count;

    public int UnkId => model.UnkId;

    public SentencePieceModel Model => model;

    private int MaxPieceLength { get; }

    /// <summary>Reads a <c>tokenizer.model</c> file.</summary>
    public static SentencePieceTokenizer FromFile(string path) => FromBytes(File.ReadAllBytes(path), path);

    /// <summary>Parses a serialised <c>ModelProto</c>.</summary>
    public static SentencePieceTokenizer FromBytes(ReadOnlySpan<byte> modelProto, string source) =>
        new(SentencePieceModel.Parse(modelProto, source), source);

    public string IdToPiece(int id)
    {
        if ((uint)id >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Piece id must be below {Count}.");
        }

        return model.Pieces[id].Piece;
    }

    /// <summary>The id of a piece, or the unk id (as <c>PieceToId</c>).</summary>
    public int PieceToId(string piece) => pieceIds.TryGetValue(piece, out var id) ? id : model.UnkId;

    /// <summary>Whether the piece starts a word: it begins with U+2581 (NeMo's word timestamps split there).</summary>
    public bool IsWordStart(int id) => IdToPiece(id).StartsWith(SpaceSymbol);

    /// <summary>
    /// Groups tokens into words for NeMo word timestamps: a word runs from a piece starting with U+2581 to the
    /// next such piece (the first token always opens one). Returns each word's text and its token range.
    /// </summary>
    public List<(string Word, int Start, int Length)> SplitToWords(ReadOnlySpan<int> ids)
    {
        var words = new List<(string, int, int)>();
        var start = 0;
        for (var i = 1; i <= ids.Length; i++)
        {
            if (i == ids.Length || IsWordStart(ids[i]))
            {
                words.Add((Decode(ids[start..i]).Trim(' '), start, i - start));
                start = i;
            }
        }

        return words;
    }

    /// <summary>
    /// Text of the ids as <c>SentencePieceProcessor::Decode</c>: control pieces vanish, <c>&lt;unk&gt;</c> becomes
    /// unk_surface (" ⁇ "), runs of byte pieces are decoded as UTF-8 (U+FFFD per invalid byte), U+2581 becomes a
    /// space, and one leading space from the dummy prefix is dropped.
    /// </summary>
    public string Decode(ReadOnlySpan<int> ids)
    {
        var text = new StringBuilder();
        var bytes = new List<byte>();
        var isBosWs = true;
        var bosWsSeen = false;
        foreach (var id in ids)
        {
            var (piece, _, type) = model.Pieces[CheckedId(id)];
            if (type == SentencePieceModel.PieceType.Byte)
            {
                bytes.Add((byte)ParseBytePiece(piece, "piece"));
                continue;
            }

            FlushBytes(bytes, text);
            if (bosWsSeen || text.Length > 0)
            {
                isBosWs = false;
            }

            string decoded;
            (decoded, bosWsSeen) = DecodePiece(piece, type, isBosWs);
            text.Append(decoded);
        }

        FlushBytes(bytes, text);
        return text.ToString();
    }

    private (string Text, bool HasBosWs) DecodePiece(string piece, SentencePieceModel.PieceType type, bool isBosWs)
    {
        switch (type)
        {
            case SentencePieceModel.PieceType.Control:
                return ("", false);
            case SentencePieceModel.PieceType.Unknown:
                return (model.UnkSurface, false);
        }

        var hasBosWs = false;
        if (isBosWs && (model.AddDummyPrefix || model.RemoveExtraWhitespaces) && piece.StartsWith(SpaceSymbol))
        {
            piece = piece[1..];

            // With remove_extra_whitespaces every leading space goes, so the next piece is still at the start.
            hasBosWs = !model.RemoveExtraWhitespaces;
        }

        return (piece.Replace(SpaceSymbol, ' '), hasBosWs);
    }

    /// <summary>Byte pieces: each valid UTF-8 character as is, each invalid byte as U+FFFD (<c>ProcessBytePieces</c>).</summary>
    private static void FlushBytes(List<byte> bytes, StringBuilder text)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes);
        while (!span.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(span, out var rune, out var consumed) == System.Buffers.OperationStatus.Done)
            {
                text.Append(rune.ToString());
                span = span[consumed..];
            }
            else
            {
                text.Append('\uFFFD');
                span = span[1..];
            }
        }

        bytes.Clear();
    }

    private int CheckedId(int id) =>
        (uint)id < (uint)Count ? id : throw new ArgumentOutOfRangeException(nameof(id), id, $"Invalid id: {id}");

    private static int ParseBytePiece(string piece, string source) =>
        piece.Length == 6 && piece.StartsWith("<0x", StringComparison.Ordinal) && piece[5] == '>'
        && int.TryParse(piece.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ModelFormatException($"{source}: byte piece '{piece}' is not <0xNN>.");
}
