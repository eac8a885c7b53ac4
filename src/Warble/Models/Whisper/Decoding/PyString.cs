namespace Warble.Models.Whisper.Decoding;

/// <summary>Python string semantics the reference relies on (<c>str.strip()</c>, <c>in</c>).</summary>
internal static class PyString
{
    /// <summary>Python <c>str.isspace</c> for one char: Unicode whitespace plus the \x1c–\x1f separators.</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';

    /// <summary>Python <c>str.strip()</c>.</summary>
    public static string Strip(string text)
    {
        int start = 0;
        int end = text.Length;
        while (start < end && IsSpace(text[start]))
        {
            start++;
        }

        while (end > start && IsSpace(text[end - 1]))
        {
            end--;
        }

        return start == 0 && end == text.Length ? text : text[start..end];
    }

    /// <summary>Python <c>needle in haystack</c> for strings: a substring test, true for "".</summary>
    public static bool In(string needle, string haystack) => haystack.Contains(needle, StringComparison.Ordinal);

    /// <summary>Python <c>items[-n:]</c> (all of it when n is 0).</summary>
    public static T[] TakeLast<T>(IReadOnlyList<T> items, int n)
    {
        int start = n == 0 ? 0 : n > 0 ? Math.Max(0, items.Count - n) : Math.Min(items.Count, -n);
        var result = new T[items.Count - start];
        for (int i = start; i < items.Count; i++)
        {
            result[i - start] = items[i];
        }

        return result;
    }
}
