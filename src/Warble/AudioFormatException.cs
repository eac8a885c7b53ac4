namespace Warble;

/// <summary>An audio input is malformed, truncated, or in a format that cannot be decoded here.</summary>
public sealed class AudioFormatException : WarbleException
{
    public AudioFormatException()
    {
    }

    public AudioFormatException(string message)
        : base(message)
    {
    }

    public AudioFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
