using System.Text.RegularExpressions;
using Warble.Tests.Support;

namespace Warble.Tests.Cli;

/// <summary>CI runs only `dotnet test Warble.slnx`, which builds test projects and what they reference: every other
/// project must be referenced from the tests, or a compile break in it lands unnoticed.</summary>
public class BuildCoverageTests
{
    [Fact]
    public void EveryProjectIsInTheSolutionAndBuiltByTheTestCommand()
    {
        string repo = SharedPaths.Repo;
        string solution = File.ReadAllText(Path.Combine(repo, "Warble.slnx"));
        string tests = File.ReadAllText(Path.Combine(repo, "tests", "Warble.Tests", "Warble.Tests.csproj")).Replace('\\', '/');
        string[] projects = [.. Directory.EnumerateFiles(repo, "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(repo, p).Replace('\\', '/'))
            .Where(p => !Regex.IsMatch(p, "(^|/)(bin|obj|node_modules)/"))];
        Assert.NotEmpty(projects);
        foreach (string project in projects)
        {
            Assert.True(solution.Contains($"\"{project}\"", StringComparison.Ordinal), $"{project} is not in Warble.slnx");
            if (project.StartsWith("bench/", StringComparison.Ordinal) || project.StartsWith("tools/", StringComparison.Ordinal))
            {
                Assert.True(tests.Contains($"../../{project}", StringComparison.Ordinal), $"{project} is not referenced by tests/Warble.Tests, so CI does not compile it");
            }
        }
    }
}
