namespace Warble.Cli;

/// <summary>A value the command line was given that cannot be used (exit code 2, as a parse error), with a one-line message.</summary>
internal sealed class UsageException(string message, Exception? inner = null) : Exception(message, inner);
