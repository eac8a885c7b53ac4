namespace Warble.Server.Tests.Support;

/// <summary>A test that needs Debian's chromium (<c>apt-get install chromium</c>); skipped, saying so, where it is absent.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Executable = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Executable))
        {
            Skip = $"{Executable} not found (apt-get install chromium)";
        }
    }
}
