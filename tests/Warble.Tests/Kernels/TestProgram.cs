namespace Warble.Tests.Kernels;

/// <summary>
/// Entry point of the test assembly; test runners ignore it. <c>dotnet Warble.Tests.dll kernel-self-check</c>
/// runs <see cref="KernelSelfCheck"/>, which <see cref="FeatureTestRunnerTests"/> starts in child processes
/// with CPU features switched off.
/// </summary>
internal static class TestProgram
{
    public static int Main(string[] args) => args is [KernelSelfCheck.Verb] ? KernelSelfCheck.Run(Console.Out) : 0;
}
