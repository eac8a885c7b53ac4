using System.Globalization;
using System.Text;

namespace Warble.Text;

/// <summary>
/// The GPT-2 / Whisper pre-tokeniser, written as a scanner over Unicode scalars instead of a regex:
/// <c>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</c>
/// (tiktoken's <c>pat_str</c> in openai-whisper <c>get_encoding</c>).
/// </summary>
/// <remarks>
/// Hand-written because .NET's regex classes work on UTF-16 units: a supplementary letter (𝐀, 𠀀) is two
/// surrogates of category Cs there, so <c>\p{L}</c> would miss it where tiktoken (code points) matches it.
/// The scanner is linear in the input and cannot backtrack. <c>\s</c> is Unicode White_Space, as in
/// tiktoken's Rust regex; ill-formed UTF-16 reads as U+FFFD, which is what the UTF-8 bytes will hold.
/// </remarks>
internal static class Gpt2PreTokenizer
{
    private enum CharClass
    {
        Letter,
        Number,
        Space,
        Other,
    }

    /// <summary>Splits <paramref name="text"/> into pre-tokens, given as (start, length) in UTF-16 units.</summary>
    public static List<(int Start, int Length)> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<(int, int)>();
        var i = 0;
        while (i < text.Length)
        {
            var end = NextEnd(text, i);
            result.Add((i, end - i));
            i = end;
        }

        return result;
    }

    /// <summary>The end of the pre-token starting at <paramref name="i"/>, trying the alternatives in order.</summary>
    private static int NextEnd(string text, int i)
    {
        if (text[i] == '\'' && ContractionLength(text, i + 1) is var n and > 0)
        {
            return i + 1 + n;
        }

        var (cls, len) = ClassAt(text, i);
        if (text[i] == ' ' && i + 1 < text.Length)
        {
            // " ?\p{L}+", " ?\p{N}+", " ?[^\s\p{L}\p{N}]+": an optional space joins the run after it.
            var (next, _) = ClassAt(text, i + 1);
            if (next != CharClass.Space)
            {
                return RunEnd(text, i + 1, next);
            }
        }

        if (cls != CharClass.Space)
        {
            return RunEnd(text, i + len, cls);
        }

        // "\s+(?!\S)|\s+": a whitespace run leaves its last character to the word after it.
        var runEnd = RunEnd(text, i + len, CharClass.Space);
        if (runEnd == text.Length)
        {
            return runEnd;
        }

        // Every White_Space character is in the BMP, so the last one is a single UTF-16 unit.
        return runEnd - 1 > i ? runEnd - 1 : runEnd;
    }

    private static int ContractionLength(string text, int i)
    {
        var rest = text.AsSpan(i);
        if (rest.StartsWith("re", StringComparison.Ordinal) || rest.StartsWith("ve", StringComparison.Ordinal)
            || rest.StartsWith("ll", StringComparison.Ordinal))
        {
            return 2;
        }

        return rest.Length > 0 && rest[0] is 's' or 't' or 'm' or 'd' ? 1 : 0;
    }

    private static int RunEnd(string text, int i, CharClass cls)
    {
        while (i < text.Length)
        {
            var (c, len) = ClassAt(text, i);
            if (c != cls)
            {
                break;
            }

            i += len;
        }

        return i;
    }

    private static (CharClass Class, int Length) ClassAt(string text, int i)
    {
        var status = Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed);
        if (status != System.Buffers.OperationStatus.Done)
        {
            return (CharClass.Other, Math.Max(consumed, 1));
        }

        if (Rune.IsWhiteSpace(rune))
        {
            return (CharClass.Space, consumed);
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => (CharClass.Letter, consumed),
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber
                or UnicodeCategory.OtherNumber => (CharClass.Number, consumed),
            _ => (CharClass.Other, consumed),
        };
    }
}
