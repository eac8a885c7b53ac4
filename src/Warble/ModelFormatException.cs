namespace Warble;

/// <summary>
/// A model file is malformed, truncated, of an unknown layout, lacks a tensor the architecture needs, or holds a value
/// out of range. The message is one line: control characters from quoted file content (a JSON parser's excerpt, a
/// tensor name) become spaces.
/// </summary>
public sealed class ModelFormatException : WarbleException
{
    public ModelFormatException()
    {
    }

    public ModelFormatException(string message)
        : base(OneLine(message))
    {
    }

    public ModelFormatException(string message, Exception innerException)
        : base(OneLine(message), innerException)
    {
    }

    private static string OneLine(string message) =>
        message is null || !message.Any(char.IsControl) ? message! : new string([.. message.Select(c => char.IsControl(c) ? ' ' : c)]);
}
