using System.Diagnostics;

namespace Warble.Tests.Kernels;

/// <summary>
/// Re-runs <see cref="KernelSelfCheck"/> in child processes with a CPU feature switched off, as ImageSharp's
/// <c>FeatureTestRunner</c>, so that the 256-, 128-bit and scalar fallbacks of the dispatching entry points
/// run on a machine that would otherwise always take its widest path. .NET 10 renamed the AVX-512 switch
/// to <c>DOTNET_EnableAVX512</c>; both spellings are set so that either runtime honours it.
/// </summary>
public class FeatureTestRunnerTests
{
    [Theory]
    [InlineData("DOTNET_EnableAVX512F,DOTNET_EnableAVX512", "avx512f=False")]
    [InlineData("DOTNET_EnableAVX2", "256=False")]
    [InlineData("DOTNET_EnableHWIntrinsic", "128=False")]
    [InlineData("DOTNET_EnableAVXVNNI", "avxvnni=False")]
    public async Task KernelsPassWithFeatureDisabled(string variables, string expectedState)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(TestProgram).Assembly.Location);
        start.ArgumentList.Add(KernelSelfCheck.Verb);
        foreach (string name in variables.Split(','))
        {
            start.Environment[name] = "0";
        }

        using var child = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        Task<string> errors = child.StandardError.ReadToEndAsync(timeout.Token);
        string output = await child.StandardOutput.ReadToEndAsync(timeout.Token);
        await child.WaitForExitAsync(timeout.Token);
        string report = $"{variables}=0:\n{output}{await errors}";
        Assert.True(child.ExitCode == 0, report);
        Assert.Contains(expectedState, output);
        Assert.Contains("ok dispatch", output);
        Assert.Contains("ok attention rows", output);
        Assert.Contains("ok conversions", output);
        Assert.Contains("ok int8", output);
        Assert.Contains("ok int8 attention", output);
        Assert.Contains("ok int8 rel-pos attention", output);
    }

    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        string? current = Environment.ProcessPath;
        return current != null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }
}
