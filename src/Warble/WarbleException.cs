namespace Warble;

/// <summary>Base of the errors Warble reports about its inputs: each message is one line naming the
/// file, tensor or offset and what was expected.</summary>
public class WarbleException : Exception
{
    public WarbleException()
    {
    }

    public WarbleException(string message)
        : base(message)
    {
    }

    public WarbleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
