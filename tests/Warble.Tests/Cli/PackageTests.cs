using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Warble.Tests.Support;

namespace Warble.Tests.Cli;

/// <summary>
/// The install path a user takes: both packages pack from the built projects, the `warble` tool installs from that
/// local feed alone (a nuget.config that clears every other source, so no network is needed), and the installed
/// tool transcribes the sample.
/// </summary>
public sealed class PackageTests : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
    private const string SampleWords = "then jacob was greatly afraid and distressed and ye shall know that i the lord have spoken it";
    private readonly string root = Path.Combine(Path.GetTempPath(), $"warble-pack-{Guid.NewGuid():N}");

    [Fact]
    public async Task BothPackagesPackAndTheInstalledToolTranscribesTheSample()
    {
        string feed = Path.Combine(root, "feed");
        foreach (string project in new[] { "src/Warble", "src/Warble.Cli" })
        {
            var pack = await DotnetAsync("pack", Path.Combine(SharedPaths.Repo, project), "-c", Configuration, "--no-build", "-o", feed, "--disable-build-servers");
            Assert.True(pack.ExitCode == 0, pack.Stdout + pack.Stderr);
        }

        AssertMetadata(feed, "Warble", packageType: null);
        AssertMetadata(feed, "Warble.Cli", packageType: "DotnetTool");

        string config = Path.Combine(root, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        string tools = Path.Combine(root, "tools");
        var install = await DotnetAsync("tool", "install", "Warble.Cli", "--tool-path", tools, "--configfile", config);
        Assert.True(install.ExitCode == 0, install.Stdout + install.Stderr);

        var info = new ProcessStartInfo(Path.Combine(tools, OperatingSystem.IsWindows() ? "warble.exe" : "warble"),
            ["transcribe", Path.Combine(SharedPaths.Repo, "samples", "kjv-sample.wav")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["DOTNET_ROOT"] = DotnetRoot;
        info.Environment.Remove("WARBLE_MODEL");
        var run = await CliProcess.RunAsync(info);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains(SampleWords, run.Stdout);
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The .NET install running the tests (shared/Microsoft.NETCore.App/VERSION/ sits under it), for the tool's launcher.</summary>
    private static string DotnetRoot => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));

    private static void AssertMetadata(string feed, string id, string? packageType)
    {
        string package = Directory.GetFiles(feed, "*.nupkg").Single(p => Regex.IsMatch(Path.GetFileName(p), $@"^{Regex.Escape(id)}\.\d"));
        Assert.True(File.Exists(Path.ChangeExtension(package, ".snupkg")), $"{id}: no symbols package");
        using ZipArchive zip = ZipFile.OpenRead(package);
        Assert.NotNull(zip.GetEntry("README.md"));
        Assert.NotNull(zip.GetEntry("THIRD-PARTY-NOTICES.md"));
        using Stream nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        XElement metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
        Assert.Equal(id, Value("id"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")));
        Assert.Equal("README.md", Value("readme"));
        Assert.Equal("git", metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("type")?.Value);
        if (packageType is not null)
        {
            Assert.Contains(metadata.Descendants(), e => e.Name.LocalName == "packageType" && e.Attribute("name")?.Value == packageType);
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> DotnetAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet", args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = SharedPaths.Repo };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        return await CliProcess.RunAsync(info);
    }
}
