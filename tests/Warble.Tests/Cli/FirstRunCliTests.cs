using Warble.Cli.Commands;
using Warble.Tests.Support;

namespace Warble.Tests.Cli;

/// <summary>What a new user meets first: the name, --version, suggestions, standard output, progress and models by name.</summary>
public class FirstRunCliTests
{
    private const string SampleWords = "then jacob was greatly afraid and distressed and ye shall know that i the lord have spoken it";
    private static readonly string Sample = Path.Combine(SharedPaths.Repo, "samples", "kjv-sample.wav");

    [Fact]
    public async Task HelpAndVersionNameTheToolWarble()
    {
        var help = await CliProcess.RunAsync(null, "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Usage:\n  warble [command] [options]", help.Stdout.ReplaceLineEndings("\n"));
        Assert.Contains("models", help.Stdout);
        var version = await CliProcess.RunAsync(null, "--version");
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Stdout);
    }

    [Theory]
    [InlineData("transcibe", "Did you mean 'transcribe'?")]
    [InlineData("models pul", "Did you mean 'pull'?")]
    public async Task AMisspelledCommandGetsASuggestion(string command, string suggestion)
    {
        var run = await CliProcess.RunAsync(null, [.. command.Split(' '), "x"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(suggestion, run.Stderr);
    }

    [Theory]
    [InlineData("-")]
    [InlineData("/dev/stdout")]
    public async Task TheTranscriptCanGoToStandardOutput(string output)
    {
        var run = await CliProcess.RunAsync(null, "transcribe", Sample, "-o", output);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(SampleWords, run.Stdout.Trim());
    }

    [Fact]
    public async Task NoBarIsDrawnIntoAPipeAndVerboseFalsePrintsNoSegments()
    {
        var verbose = await CliProcess.RunAsync(null, "transcribe", Sample);
        Assert.Equal(0, verbose.ExitCode);
        Assert.StartsWith("[00:00.000 --> ", verbose.Stdout);
        Assert.DoesNotContain('\u001b', verbose.Stderr);
        Assert.DoesNotContain("%", verbose.Stderr);

        var quiet = await CliProcess.RunAsync(null, "transcribe", Sample, "--verbose", "false");
        Assert.Equal(0, quiet.ExitCode);
        Assert.Equal("", quiet.Stdout);
    }

    [Fact]
    public void TheBarIsOnlyForATerminalWithoutQuiet()
    {
        Assert.True(ProgressDisplay.IsEnabled(quiet: false, stderrIsTerminal: true, term: "xterm"));
        Assert.False(ProgressDisplay.IsEnabled(quiet: true, stderrIsTerminal: true, term: "xterm"));
        Assert.False(ProgressDisplay.IsEnabled(quiet: false, stderrIsTerminal: false, term: "xterm"));
        Assert.False(ProgressDisplay.IsEnabled(quiet: false, stderrIsTerminal: true, term: "dumb"));
    }

    [Fact]
    public async Task PullingAnUnknownNameIsAUsageErrorWithSuggestions()
    {
        var run = await CliProcess.RunAsync(null, "models", "pull", "tiny.en2");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("warble: unknown model 'tiny.en2'; did you mean 'tiny.en'", run.Stderr);
    }

    [Fact]
    public async Task APulledModelIsUsedByName()
    {
        using var hub = new FakeHuggingFace();
        hub.Add("ggerganov/whisper.cpp", "ggml-tiny.bin", File.ReadAllBytes(SharedPaths.Fixture("whisper", "whisper-tiny-random", "ggml-model.bin")));
        string folder = Path.Combine(Path.GetTempPath(), $"warble-models-{Guid.NewGuid():N}");
        var environment = new Dictionary<string, string> { ["WARBLE_MODELS"] = folder, ["WARBLE_HF_ENDPOINT"] = hub.Endpoint.ToString() };
        try
        {
            var before = await CliProcess.RunAsync(environment, "transcribe", Sample, "-m", "tiny");
            Assert.Equal(1, before.ExitCode);
            Assert.Contains("warble models pull tiny", before.Stderr);

            var pull = await CliProcess.RunAsync(environment, "models", "pull", "tiny");
            Assert.Equal(0, pull.ExitCode);
            Assert.Equal(Path.Combine(folder, "tiny", "ggml-tiny.bin"), pull.Stdout.Trim());

            var list = await CliProcess.RunAsync(environment, "models", "list");
            Assert.Matches(@"(?m)^tiny\s+whisper\s+multilingual\s+75 MiB\s+yes\s", list.Stdout);

            var run = await CliProcess.RunAsync(environment, "transcribe", Sample, "-m", "tiny", "--language", "en", "--temperature", "0", "--sample-len", "8");
            Assert.Equal(0, run.ExitCode);

            string? saved = Environment.GetEnvironmentVariable("WARBLE_MODELS");
            Environment.SetEnvironmentVariable("WARBLE_MODELS", folder);
            try
            {
                Assert.Equal(pull.Stdout.Trim(), ServeCommand.ParseModels(["t=tiny"])["t"]);
            }
            finally
            {
                Environment.SetEnvironmentVariable("WARBLE_MODELS", saved);
            }
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
