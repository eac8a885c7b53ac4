namespace Warble.Cli;

/// <summary>Which exceptions are the user's input being wrong (reported in one line) rather than a bug.</summary>
internal static class UserErrors
{
    public static bool IsUserError(Exception e) => e is WarbleException or IOException or UnauthorizedAccessException
        or ArgumentException or NotSupportedException or InvalidDataException;
}
