namespace Warble.Formats;

/// <summary>Keeps error messages on one line when they quote names read from a hostile file.</summary>
internal static class ErrorText
{
    /// <summary>Replaces control characters (newlines included) with '?' and cuts very long text.</summary>
    public static string OneLine(string text)
    {
        const int MaxLength = 400;
        string cut = text.Length > MaxLength ? text[..MaxLength] + "…" : text;
        return string.Create(cut.Length, cut, (span, source) =>
        {
            for (int i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }
}
