namespace Warble.Audio;

/// <summary>
/// The process's standard input as an audio stream, refused at once when it was closed. A process started with its
/// standard input closed (<c>warble transcribe - &lt;&amp;-</c>) finds descriptor 0 reused by the runtime's first
/// open (on Linux, one end of an internal pipe whose other end it also holds), and reading it would wait forever.
/// </summary>
internal static class StandardInput
{
    public static Stream Open()
    {
        if (OperatingSystem.IsLinux() && IsClosedOrReused())
        {
            throw new AudioFormatException("<stdin>: standard input is closed; pipe audio into it or name a file");
        }

        return Console.OpenStandardInput();
    }

    /// <summary>Descriptor 0 is missing, or is an object another descriptor of this same process also holds (not an input).</summary>
    private static bool IsClosedOrReused()
    {
        string? target = LinkTarget("/proc/self/fd/0");
        if (target is null)
        {
            return true;
        }

        if (!target.StartsWith("pipe:", StringComparison.Ordinal) && !target.StartsWith("anon_inode:", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (string fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            if (Path.GetFileName(fd) != "0" && LinkTarget(fd) == target)
            {
                return true;
            }
        }

        return false;
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
