namespace Warble.Tests.Audio;

/// <summary>A fact that runs only when ffmpeg is on PATH, and shows as skipped otherwise.</summary>
public sealed class FfmpegFactAttribute : FactAttribute
{
    private static readonly Lazy<bool> OnPath = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "ffmpeg")) || File.Exists(Path.Combine(dir, "ffmpeg.exe"))));

    /// <summary>Whether ffmpeg is on PATH.</summary>
    public static bool Available => OnPath.Value;

    public FfmpegFactAttribute()
    {
        if (!Available)
        {
            Skip = "ffmpeg is not on PATH";
        }
    }
}
