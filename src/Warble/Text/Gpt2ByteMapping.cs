namespace Warble.Text;

/// <summary>
/// GPT-2's reversible byte ↔ printable-character table (<c>bytes_to_unicode</c> in GPT-2's encoder.py and
/// Hugging Face's ByteLevel): Hugging Face vocab.json and merges.txt spell token bytes with it.
/// </summary>
internal static class Gpt2ByteMapping
{
    private static readonly char[] ByteToChar = BuildByteToChar();
    private static readonly Dictionary<char, byte> CharToByte = BuildCharToByte();

    /// <summary>The printable character standing for byte <paramref name="b"/>.</summary>
    public static char ToChar(byte b) => ByteToChar[b];

    /// <summary>Turns a vocab.json spelling back into the token's bytes as a Latin-1 string; null if a char is not in the table.</summary>
    public static string? ToLatin1(string spelled)
    {
        var chars = new char[spelled.Length];
        for (var i = 0; i < spelled.Length; i++)
        {
            if (!CharToByte.TryGetValue(spelled[i], out var b))
            {
                return null;
            }

            chars[i] = (char)b;
        }

        return new string(chars);
    }

    private static char[] BuildByteToChar()
    {
        // Printable bytes keep their code point; the rest map to 256, 257, ... in byte order.
        var table = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            table[b] = printable ? (char)b : (char)next++;
        }

        return table;
    }

    private static Dictionary<char, byte> BuildCharToByte()
    {
        var map = new Dictionary<char, byte>(256);
        for (var b = 0; b < 256; b++)
        {
            map[ByteToChar[b]] = (byte)b;
        }

        return map;
    }
}
