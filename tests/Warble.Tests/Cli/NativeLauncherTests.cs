using System.Diagnostics;
using Warble.Tests.Support;

namespace Warble.Tests.Cli;

/// <summary>tools/native/warble runs the NativeAOT build for the widest x86-64 level the CPU has (checked here with
/// stand-in builds and a stand-in /proc/cpuinfo).</summary>
public sealed class NativeLauncherTests : IDisposable
{
    private const string V3 = "fpu sse sse2 ssse3 sse4_1 sse4_2 popcnt avx avx2 fma bmi1 bmi2 f16c movbe abm";
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"warble-native-{Guid.NewGuid():N}");

    [Theory]
    [InlineData(V3 + " avx512f avx512bw avx512cd avx512dq avx512vl", 0, "x86-64-v4 --version")]
    [InlineData(V3, 0, "x86-64-v3 --version")]
    [InlineData("fpu sse sse2 avx", 1, "")]
    public async Task TheLauncherPicksTheWidestBuildTheCpuRuns(string flags, int exitCode, string output)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Directory.CreateDirectory(folder);
        string launcher = Path.Combine(folder, "warble");
        File.Copy(Path.Combine(SharedPaths.Repo, "tools", "native", "warble"), launcher);
        foreach (string level in new[] { "x86-64-v3", "x86-64-v4" })
        {
            string build = Path.Combine(folder, level, "Warble.Cli");
            Directory.CreateDirectory(Path.GetDirectoryName(build)!);
            await File.WriteAllTextAsync(build, $"#!/bin/sh\necho {level} \"$@\"\n");
            File.SetUnixFileMode(build, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }

        string cpuinfo = Path.Combine(folder, "cpuinfo");
        await File.WriteAllTextAsync(cpuinfo, $"processor\t: 0\nflags\t\t: {flags}\n");
        var info = new ProcessStartInfo("sh", [launcher, "--version"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["WARBLE_CPUINFO"] = cpuinfo;
        var run = await CliProcess.RunAsync(info);
        Assert.Equal(exitCode, run.ExitCode);
        Assert.Equal(output, run.Stdout.Trim());
        if (exitCode != 0)
        {
            Assert.Contains("lacks AVX2", run.Stderr);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
