using System.Text;

namespace Warble.Tests.Text;

/// <summary>Writes small <c>ModelProto</c> files for tests: a few wire-format helpers, nothing more.</summary>
internal static class SyntheticSentencePieceModel
{
    public static byte[] Build(
        IEnumerable<(string Piece, float Score, int Type)> pieces, int modelType, bool byteFallback, bool removeExtraWhitespaces)
    {
        var model = new List<byte>();
        foreach (var (piece, score, type) in pieces)
        {
            var message = new List<byte>();
            Bytes(message, 1, Encoding.UTF8.GetBytes(piece));
            message.Add((2 << 3) | 5);
            message.AddRange(BitConverter.GetBytes(score));
            Varint(message, 3, (ulong)type);
            Bytes(model, 1, [.. message]);
        }

        var trainer = new List<byte>();
        Varint(trainer, 3, (ulong)modelType);
        Varint(trainer, 35, byteFallback ? 1UL : 0UL);
        Varint(trainer, 41, ulong.MaxValue);
        Bytes(model, 2, [.. trainer]);

        var normalizer = new List<byte>();
        Bytes(normalizer, 1, "identity"u8.ToArray());
        Varint(normalizer, 4, removeExtraWhitespaces ? 1UL : 0UL);
        Bytes(model, 3, [.. normalizer]);
        return [.. model];
    }

    private static void Varint(List<byte> output, int field, ulong value)
    {
        RawVarint(output, (ulong)field << 3);
        RawVarint(output, value);
    }

    private static void Bytes(List<byte> output, int field, byte[] bytes)
    {
        RawVarint(output, ((ulong)field << 3) | 2);
        RawVarint(output, (ulong)bytes.Length);
        output.AddRange(bytes);
    }

    private static void RawVarint(List<byte> output, ulong value)
    {
        while (value >= 0x80)
        {
            output.Add((byte)(value | 0x80));
            value >>= 7;
        }

        output.Add((byte)value);
    }
}
