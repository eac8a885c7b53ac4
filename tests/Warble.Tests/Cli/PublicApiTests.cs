using PublicApiGenerator;
using Warble.Tests.Support;

namespace Warble.Tests.Cli;

/// <summary>The library's public surface is snapshotted: growth shows up in review (set WARBLE_ACCEPT_API=1 to accept).</summary>
public class PublicApiTests
{
    [Fact]
    public void PublicSurfaceMatchesTheCheckedInSnapshot()
    {
        // The state-machine attributes name compiler-generated types numbered by method order: not surface.
        var options = new ApiGeneratorOptions
        {
            IncludeAssemblyAttributes = false,
            ExcludeAttributes = ["System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute"],
        };
        string actual = typeof(Transcriber).Assembly.GeneratePublicApi(options).ReplaceLineEndings("\n");
        string path = Path.Combine(SharedPaths.Repo, "src", "Warble", "PublicAPI.txt");
        if (Environment.GetEnvironmentVariable("WARBLE_ACCEPT_API") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }
}
