namespace Warble;

/// <summary>A model file is malformed, truncated, of an unknown layout, or lacks a tensor the architecture needs.</summary>
public sealed class ModelFormatException : WarbleException
{
    public ModelFormatException()
    {
    }

    public ModelFormatException(string message)
        : base(message)
    {
    }

    public ModelFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
