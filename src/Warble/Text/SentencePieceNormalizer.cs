using System.Buffers.Binary;
using System.Text;

namespace Warble.Text;

/// <summary>
/// SentencePiece's normaliser (normalizer.cc <c>Normalizer::Normalize</c>): rewrite the longest prefix found in the
/// precompiled charsmap (e.g. nmt_nfkc), drop extra whitespace if asked, add the dummy-prefix space and spell
/// spaces as U+2581. Works on UTF-8 bytes, as the reference does.
/// The charsmap blob is: a little-endian uint32 trie size, the darts-clone double-array trie (uint32 units),
/// then the NUL-terminated replacement strings the trie values point into (<c>DecodePrecompiledCharsMap</c>).
/// </summary>
internal sealed class SentencePieceNormalizer
{
    private static readonly byte[] SpaceSymbol = "\u2581"u8.ToArray();
    private static readonly byte[] ReplacementChar = "\uFFFD"u8.ToArray();

    private readonly uint[] trie;
    private readonly byte[] normalized;
    private readonly SentencePieceModel spec;

    public SentencePieceNormalizer(SentencePieceModel spec, string source)
    {
        this.spec = spec;
        var blob = spec.PrecompiledCharsmap;
        if (blob.Length == 0)
        {
            trie = [];
            normalized = [];
            return;
        }

        var trieSize = blob.Length > 4 ? BinaryPrimitives.ReadUInt32LittleEndian(blob) : uint.MaxValue;
        if (trieSize >= (uint)(blob.Length - 4) || trieSize % 4 != 0)
        {
            throw new ModelFormatException($"{source}: precompiled_charsmap trie size {trieSize} does not fit its {blob.Length} bytes.");
        }

        trie = new uint[trieSize / 4];
        for (var i = 0; i < trie.Length; i++)
        {
            trie[i] = BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(4 + (i * 4)));
        }

        normalized = blob[(4 + (int)trieSize)..];
    }

    /// <summary>The normalised text, with U+2581 for spaces when escape_whitespaces is set.</summary>
    public string Normalize(string text)
    {
        var input = Encoding.UTF8.GetBytes(text).AsSpan();
        var output = new List<byte>(input.Length + 3);
        if (spec.RemoveExtraWhitespaces)
        {
            while (!input.IsEmpty && NormalizePrefix(input, out var consumed) is [(byte)' '])
            {
                input = input[consumed..];
            }
        }

        if (input.IsEmpty)
        {
            return "";
        }

        var dummy = spec.AddDummyPrefix ? (spec.EscapeWhitespaces ? SpaceSymbol : [(byte)' ']) : [];
        if (!spec.TreatWhitespaceAsSuffix)
        {
            output.AddRange(dummy);
        }

        var isPrevSpace = spec.RemoveExtraWhitespaces;
        while (!input.IsEmpty)
        {
            var piece = NormalizePrefix(input, out var consumed).AsSpan();
            while (isPrevSpace && piece.Length > 0 && piece[0] == ' ')
            {
                piece = piece[1..];
            }

            if (!piece.IsEmpty)
            {
                foreach (var b in piece)
                {
                    if (spec.EscapeWhitespaces && b == ' ')
                    {
                        output.AddRange(SpaceSymbol);
                    }
                    else
                    {
                        output.Add(b);
                    }
                }

                isPrevSpace = piece[^1] == ' ';
            }

            input = input[consumed..];
            if (!spec.RemoveExtraWhitespaces)
            {
                isPrevSpace = false;
            }
        }

        if (spec.RemoveExtraWhitespaces)
        {
            var space = spec.EscapeWhitespaces ? SpaceSymbol : [(byte)' '];
            while (output.Count >= space.Length && output[^space.Length..].SequenceEqual(space))
            {
                output.RemoveRange(output.Count - space.Length, space.Length);
            }
        }

        if (spec.TreatWhitespaceAsSuffix)
        {
            output.AddRange(dummy);
        }

        return Encoding.UTF8.GetString([.. output]);
    }

    /// <summary>The replacement of the longest charsmap rule at the start of <paramref name="input"/>, else its first character (<c>NormalizePrefix</c>).</summary>
    private byte[] NormalizePrefix(ReadOnlySpan<byte> input, out int consumed)
    {
        var (length, value) = LongestMatch(input);
        if (length > 0)
        {
            consumed = length;
            var end = normalized.AsSpan(value).IndexOf((byte)0);
            return normalized.AsSpan(value, end < 0 ? normalized.Length - value : end).ToArray();
        }

        // A malformed sequence becomes U+FFFD and consumes one byte.
        if (System.Text.Rune.DecodeFromUtf8(input, out _, out var runeLength) != System.Buffers.OperationStatus.Done)
        {
            consumed = 1;
            return ReplacementChar;
        }

        consumed = runeLength;
        return input[..runeLength].ToArray();
    }

    /// <summary>darts-clone <c>commonPrefixSearch</c>, keeping the longest hit; units outside the array end the search.</summary>
    private (int Length, int Value) LongestMatch(ReadOnlySpan<byte> key)
    {
        if (trie.Length == 0)
        {
            return (0, 0);
        }

        var (length, value) = (0, 0);
        var nodePos = Offset(trie[0]);
        for (var i = 0; i < key.Length; i++)
        {
            nodePos ^= key[i];
            if (nodePos >= (uint)trie.Length)
            {
                break;
            }

            var unit = trie[nodePos];
            if ((unit & ((1u << 31) | 0xFF)) != key[i])
            {
                break;
            }

            nodePos ^= Offset(unit);
            if (((unit >> 8) & 1) == 1 && nodePos < (uint)trie.Length)
            {
                var leaf = (int)(trie[nodePos] & ((1u << 31) - 1));
                if (leaf < normalized.Length)
                {
                    (length, value) = (i + 1, leaf);
                }
            }
        }

        return (length, value);
    }

    private static uint Offset(uint unit) => (unit >> 10) << (int)((unit & (1u << 9)) >> 6);
}
