namespace Warble.Text;

/// <summary>
/// The parts of SentencePiece's <c>ModelProto</c> (sentencepiece_model.proto) that encoding and decoding use:
/// 1. <c>pieces</c> (field 1, repeated): piece (1, string), score (2, float), type (3, enum; default NORMAL);
/// 2. <c>trainer_spec</c> (2): model_type (3; 1 unigram, 2 BPE), treat_whitespace_as_suffix (24),
///    byte_fallback (35), unk_id (40), unk_surface (44, default " ⁇ ");
/// 3. <c>normalizer_spec</c> (3): name (1), precompiled_charsmap (2), add_dummy_prefix (3, default true),
///    remove_extra_whitespaces (4, default true), escape_whitespaces (5, default true).
/// Unknown fields are skipped. Checked: every length, at least one piece, unk_id names an UNKNOWN piece.
/// </summary>
internal sealed class SentencePieceModel
{
    public enum PieceType
    {
        Normal = 1,
        Unknown = 2,
        Control = 3,
        UserDefined = 4,
        Unused = 5,
        Byte = 6,
    }

    public enum ModelType
    {
        Unigram = 1,
        Bpe = 2,
        Word = 3,
        Char = 4,
    }

    public List<(string Piece, float Score, PieceType Type)> Pieces { get; } = [];

    public ModelType Type { get; private set; } = ModelType.Unigram;

    public bool TreatWhitespaceAsSuffix { get; private set; }

    public bool ByteFallback { get; private set; }

    public int UnkId { get; private set; }

    public string UnkSurface { get; private set; } = " \u2047 ";

    public string NormalizerName { get; private set; } = "";

    public byte[] PrecompiledCharsmap { get; private set; } = [];

    public bool AddDummyPrefix { get; private set; } = true;

    public bool RemoveExtraWhitespaces { get; private set; } = true;

    public bool EscapeWhitespaces { get; private set; } = true;

    /// <summary>Parses a serialised <c>ModelProto</c> (a <c>tokenizer.model</c> file).</summary>
    public static SentencePieceModel Parse(ReadOnlySpan<byte> data, string source)
    {
        var model = new SentencePieceModel();
        var reader = new ProtobufReader(data, source);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: model.Pieces.Add(ParsePiece(reader.ReadBytes(field, wire), source)); break;
                case 2: model.ParseTrainerSpec(reader.ReadBytes(field, wire), source); break;
                case 3: model.ParseNormalizerSpec(reader.ReadBytes(field, wire), source); break;
                default: reader.Skip(wire); break;
            }
        }

        if (model.Pieces.Count == 0)
        {
            throw new ModelFormatException($"{source}: the SentencePiece model has no pieces.");
        }

        if ((uint)model.UnkId >= (uint)model.Pieces.Count || model.Pieces[model.UnkId].Type != PieceType.Unknown)
        {
            throw new ModelFormatException($"{source}: unk_id {model.UnkId} is not an UNKNOWN piece.");
        }

        return model;
    }

    private static (string, float, PieceType) ParsePiece(ReadOnlySpan<byte> data, string source)
    {
        var reader = new ProtobufReader(data, source);
        var (piece, score, type) = ("", 0f, PieceType.Normal);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: piece = reader.ReadString(field, wire); break;
                case 2: score = reader.ReadFloat(field, wire); break;
                case 3:
                    var value = reader.ReadInt32(field, wire);
                    type = value is >= 1 and <= 6
                        ? (PieceType)value
                        : throw new ModelFormatException($"{source}: piece '{piece}' has unknown type {value}.");
                    break;
                default: reader.Skip(wire); break;
            }
        }

        return (piece, score, type);
    }

    private void ParseTrainerSpec(ReadOnlySpan<byte> data, string source)
    {
        var reader = new ProtobufReader(data, source);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 3:
                    var value = reader.ReadInt32(field, wire);
                    Type = value is >= 1 and <= 4 ? (ModelType)value : throw new ModelFormatException($"{source}: unknown model_type {value}.");
                    break;
                case 24: TreatWhitespaceAsSuffix = reader.ReadBool(field, wire); break;
                case 35: ByteFallback = reader.ReadBool(field, wire); break;
                case 40: UnkId = reader.ReadInt32(field, wire); break;
                case 44: UnkSurface = reader.ReadString(field, wire); break;
                default: reader.Skip(wire); break;
            }
        }
    }

    private void ParseNormalizerSpec(ReadOnlySpan<byte> data, string source)
    {
        var reader = new ProtobufReader(data, source);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: NormalizerName = reader.ReadString(field, wire); break;
                case 2: PrecompiledCharsmap = reader.ReadBytes(field, wire).ToArray(); break;
                case 3: AddDummyPrefix = reader.ReadBool(field, wire); break;
                case 4: RemoveExtraWhitespaces = reader.ReadBool(field, wire); break;
                case 5: EscapeWhitespaces = reader.ReadBool(field, wire); break;
                default: reader.Skip(wire); break;
            }
        }
    }
}
