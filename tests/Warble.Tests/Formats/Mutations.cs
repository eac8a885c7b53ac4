using System.Text;
using System.Text.RegularExpressions;
using CsCheck;

namespace Warble.Tests.Formats;

/// <summary>
/// The edits the fuzz tests make to a valid seed: byte edits (bit flips, truncations, large integers written over length
/// fields, random bytes) for any file, and value edits for text configs (a number, boolean, null or short string
/// replaced by another type or an extreme value), so that well-formed files with hostile values are covered too.
/// </summary>
internal static partial class Mutations
{
    private static readonly ulong[] BigValues = [0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 1UL << 62, 1UL << 40, ulong.MaxValue, 0];

    private static readonly string[] HostileValues =
    [
        "0", "-1", "1", "2", "3", "6", "8", "0.5", "512.5", "-0.0", "1e9", "1e-9", "1e308", "2147483647", "2147483648",
        "-2147483648", "99999999999999999999", "1000000000", "65536", "44100", ".nan", ".inf", "-.inf", "NaN", "Infinity",
        "null", "~", "yes", "no", "on", "true", "false", "\"64\"", "'x'", "[]", "{}", "[1, 2]", "[null]", "\"\"", "max",
    ];

    /// <summary>Up to four byte edits: (kind, position, value); positions favour the first 4 KiB, where headers live.</summary>
    public static Gen<(int Kind, int Position, ulong Value)[]> Bytes(int length) =>
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, length - 1], Gen.Int[0, Math.Min(length, 4096) - 1], Gen.Bool, Gen.ULong)
            .Select((kind, anywhere, early, useEarly, value) => (kind, useEarly ? early : anywhere, value))
            .Array[1, 4];

    /// <summary>Up to three value edits: (which scalar, which hostile value).</summary>
    public static Gen<(int Scalar, int Value)[]> Values(int scalars) =>
        Gen.Select(Gen.Int[0, Math.Max(scalars - 1, 0)], Gen.Int[0, HostileValues.Length - 1]).Array[1, 3];

    /// <summary>A copy of <paramref name="seed"/> with the byte edits applied.</summary>
    public static byte[] ApplyBytes(byte[] seed, (int Kind, int Position, ulong Value)[] mutations)
    {
        byte[] bytes = (byte[])seed.Clone();
        foreach (var (kind, position, value) in mutations)
        {
            int at = Math.Min(position, Math.Max(bytes.Length - 1, 0));
            switch (kind)
            {
                case 0 when bytes.Length > 0:
                    bytes[at] ^= (byte)(1 << (int)(value % 8));
                    break;
                case 1:
                    bytes = bytes[..at];
                    break;
                case 2 when bytes.Length >= at + 8:
                    BitConverter.TryWriteBytes(bytes.AsSpan(at), BigValues[value % (ulong)BigValues.Length]);
                    break;
                case 3 when bytes.Length > 0:
                    bytes[at] = (byte)value;
                    break;
            }
        }

        return bytes;
    }

    /// <summary>The scalar values of a YAML or JSON text (after "key: " or "- ", or inside a JSON array), by position.</summary>
    public static Match[] Scalars(string text) => ScalarPattern().Matches(text).ToArray();

    /// <summary><paramref name="text"/> with the chosen scalars replaced by hostile values, as UTF-8.</summary>
    public static byte[] ApplyValues(string text, Match[] scalars, (int Scalar, int Value)[] mutations)
    {
        var chosen = mutations.Where(m => m.Scalar < scalars.Length)
            .GroupBy(m => m.Scalar).Select(g => (Match: scalars[g.Key], Value: HostileValues[g.First().Value]))
            .OrderByDescending(m => m.Match.Index);
        var builder = new StringBuilder(text);
        foreach (var (match, value) in chosen)
        {
            builder.Remove(match.Index, match.Length).Insert(match.Index, value);
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    [GeneratedRegex(@"(?<=(?::|^\s*-|\[|,) ?)(?:-?[0-9][0-9.eE+-]*|true|false|null|""[^""\n]{0,40}""|[A-Za-z_.][A-Za-z0-9_.]{0,30})(?=\s*(?:$|,|\]|\}|#))", RegexOptions.Multiline)]
    private static partial Regex ScalarPattern();
}
