namespace Warble;

/// <summary>A model could not be pulled: unknown name, server error, or a file whose SHA-256 is not the published one.</summary>
public sealed class ModelDownloadException : WarbleException
{
    public ModelDownloadException()
    {
    }

    public ModelDownloadException(string message)
        : base(message)
    {
    }

    public ModelDownloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
