namespace Warble.Tests.Support;

/// <summary>Locates the repository and the shared fixtures folder that sits beside it (../shared).</summary>
internal static class SharedPaths
{
    private static readonly Lazy<string> RepoRoot = new(FindRepoRoot);

    /// <summary>The repository root (the folder holding Warble.slnx).</summary>
    public static string Repo => RepoRoot.Value;

    /// <summary>The shared folder beside the repository; WARBLE_SHARED overrides it.</summary>
    public static string Shared => Environment.GetEnvironmentVariable("WARBLE_SHARED") is { Length: > 0 } overridden
        ? overridden
        : Path.GetFullPath(Path.Combine(Repo, "..", "shared"));

    /// <summary>A path under shared/fixtures.</summary>
    public static string Fixture(params string[] parts) => Path.Combine([Shared, "fixtures", .. parts]);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Warble.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Warble.slnx not found above " + AppContext.BaseDirectory);
    }
}
