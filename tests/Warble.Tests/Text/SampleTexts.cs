using System.Text;

namespace Warble.Tests.Text;

/// <summary>A few hundred varied strings: words, contractions, digits, whitespace runs, punctuation, emoji, CJK.</summary>
internal static class SampleTexts
{
    private static readonly string[] Fragments =
    [
        "Hello", " world", "And so my fellow Americans", ", ask not", " what your country can do for you",
        "don't", "I'm", "we've", "they'll", "she'd", "it's", "'S", "'re", "O'Neil", "rock'n'roll",
        "123", " 4567", "3.14159", "1,000,000", "½", "²³", "٣٤٥", "Ⅻ",
        "  ", "   ", "\t", "\n", "\n\n", " \n ", "\r\n", "\u00a0", "\u3000", "\u2028",
        "!", "?!", "...", " --", "(hi)", "[DAVID]", "♪♪", "「こんにちは」", "«quote»", "\"q\"", "#tag", "@user", "$5", "100%",
        "😀", "👍🏽", "👨‍👩‍👧", "🇫🇷", "𝐀𝐁𝐂", "𠀀𠀁",
        "日本語のテキスト", "中文字符", "한국어 문장", "ภาษาไทย", "مرحبا بالعالم", "שלום", "Привет, мир", "Ελληνικά", "हिन्दी",
        "naïve café", "Straße", "ﬁ", "e\u0301", "İstanbul", "ǅ", "ʼn", "Ωmega", "x", "supercalifragilisticexpialidocious",
        "\u0000", "\u001f", "\u007f", "\ufeff", "\ufffd",
    ];

    public static IEnumerable<string> All()
    {
        foreach (var fragment in Fragments)
        {
            yield return fragment;
            yield return " " + fragment;
        }

        var random = new Random(20250101);
        for (var i = 0; i < 200; i++)
        {
            var builder = new StringBuilder();
            var parts = random.Next(1, 8);
            for (var p = 0; p < parts; p++)
            {
                builder.Append(Fragments[random.Next(Fragments.Length)]);
                if (random.Next(3) == 0)
                {
                    builder.Append(' ', random.Next(1, 4));
                }
            }

            yield return builder.ToString();
        }
    }
}
