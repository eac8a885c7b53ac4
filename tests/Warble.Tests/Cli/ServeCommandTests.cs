using Warble.Cli;

namespace Warble.Tests.Cli;

/// <summary>`warble serve` refuses bad settings in one line (exit 1) before it listens.</summary>
public sealed class ServeCommandTests
{
    [Theory]
    [InlineData("--model", "no-equals-sign")]
    [InlineData("--model", "demo=/no/such/model.gguf")]
    [InlineData("--queue", "-1")]
    public void Bad_settings_exit_1_without_listening(params string[] args) =>
        Assert.Equal(1, CliApp.Run(["serve", "--port", "0", .. args]));
}
