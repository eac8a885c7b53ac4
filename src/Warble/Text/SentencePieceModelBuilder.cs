using System.Buffers.Binary;
using System.Text;

namespace Warble.Text;

/// <summary>
/// Writes a SentencePiece <c>ModelProto</c> for a vocabulary that travels without one: whisper.cpp's Parakeet files keep
/// only the pieces of NeMo's <c>tokenizer.vocab</c> (its converter's <c>load_tokenizer</c>). The pieces keep their ids;
/// &lt;unk&gt; is the UNKNOWN piece, &lt;s&gt;, &lt;/s&gt; and &lt;pad&gt; are CONTROL, &lt;0xHH&gt; are BYTE pieces and the rest
/// NORMAL, with BPE scores −id (earlier pieces merge first), so decoding is SentencePiece's and encoding close to it.
/// </summary>
internal static class SentencePieceModelBuilder
{
    private const string Unknown = "<unk>";

    /// <summary>The serialised model; a piece that is not UTF-8, or no &lt;unk&gt; piece, is a one-line error naming <paramref name="source"/>.</summary>
    public static byte[] FromPieces(IReadOnlyList<byte[]> pieces, string source)
    {
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var model = new List<byte>();
        int unkId = -1;
        for (int id = 0; id < pieces.Count; id++)
        {
            string piece;
            try
            {
                piece = strict.GetString(pieces[id]);
            }
            catch (DecoderFallbackException)
            {
                throw new ModelFormatException($"{source}: vocabulary token {id} is not valid UTF-8");
            }

            SentencePieceModel.PieceType type = TypeOf(piece);
            if (type == SentencePieceModel.PieceType.Unknown)
            {
                if (unkId >= 0)
                {
                    type = SentencePieceModel.PieceType.Normal;
                }
                else
                {
                    unkId = id;
                }
            }

            var message = new List<byte>();
            WriteBytes(message, 1, pieces[id]);
            WriteFloat(message, 2, type == SentencePieceModel.PieceType.Normal ? -id : 0);
            WriteVarint(message, 3, (ulong)type);
            WriteBytes(model, 1, [.. message]);
        }

        if (unkId < 0)
        {
            throw new ModelFormatException($"{source}: the vocabulary has no {Unknown} token");
        }

        var trainer = new List<byte>();
        WriteVarint(trainer, 3, (ulong)SentencePieceModel.ModelType.Bpe);
        WriteVarint(trainer, 35, pieces.Any(IsBytePiece) ? 1UL : 0UL);
        WriteVarint(trainer, 40, (ulong)unkId);
        WriteBytes(model, 2, [.. trainer]);
        var normalizer = new List<byte>();
        WriteBytes(normalizer, 1, "identity"u8.ToArray());
        WriteBytes(model, 3, [.. normalizer]);
        return [.. model];
    }

    private static SentencePieceModel.PieceType TypeOf(string piece) => piece switch
    {
        Unknown => SentencePieceModel.PieceType.Unknown,
        "<s>" or "</s>" or "<pad>" => SentencePieceModel.PieceType.Control,
        _ when IsBytePiece(Encoding.UTF8.GetBytes(piece)) => SentencePieceModel.PieceType.Byte,
        _ => SentencePieceModel.PieceType.Normal,
    };

    // "<0xHH>" with two upper-case hex digits, as SentencePiece names its byte-fallback pieces.
    private static bool IsBytePiece(byte[] piece) =>
        piece.Length == 6 && piece.AsSpan(0, 3).SequenceEqual("<0x"u8) && piece[5] == '>'
        && IsHex(piece[3]) && IsHex(piece[4]);

    private static bool IsHex(byte c) => c is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'A' and <= (byte)'F');

    private static void WriteVarint(List<byte> output, int field, ulong value)
    {
        WriteRaw(output, (ulong)field << 3);
        WriteRaw(output, value);
    }

    private static void WriteFloat(List<byte> output, int field, float value)
    {
        WriteRaw(output, ((ulong)field << 3) | 5);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        output.AddRange(bytes);
    }

    private static void WriteBytes(List<byte> output, int field, byte[] bytes)
    {
        WriteRaw(output, ((ulong)field << 3) | 2);
        WriteRaw(output, (ulong)bytes.Length);
        output.AddRange(bytes);
    }

    private static void WriteRaw(List<byte> output, ulong value)
    {
        while (value >= 0x80)
        {
            output.Add((byte)(value | 0x80));
            value >>= 7;
        }

        output.Add((byte)value);
    }
}
