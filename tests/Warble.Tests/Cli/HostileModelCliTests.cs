using Warble.Cli;
using Warble.Tests.Formats;
using Warble.Tests.Support;

namespace Warble.Tests.Cli;

/// <summary>`warble inspect` and `warble transcribe` refuse a model with a hostile value alike: exit 1 and the same one line.</summary>
public class HostileModelCliTests
{
    [Theory]
    [InlineData("window_stride", "0")]
    [InlineData("n_fft", "512.5")]
    [InlineData("window_size", "100")]
    public void InspectAndTranscribeAgreeOnAHostileNemo(string key, string value)
    {
        string model = Path.Combine(Path.GetTempPath(), $"warble-hostile-{Guid.NewGuid():N}.nemo");
        try
        {
            File.WriteAllBytes(model, HostileModels.NemoWithYaml(HostileModels.SetKey(HostileModels.NemoYaml(), "preprocessor", key, value)));
            (int inspectCode, string inspectError) = Run("inspect", model);
            (int transcribeCode, string transcribeError) = Run("transcribe", SharedPaths.Fixture("audio", "jfk.wav"), "-m", model, "--threads", "1");
            Assert.Equal((1, 1), (inspectCode, transcribeCode));
            Assert.Contains($"preprocessor.{key}", inspectError, StringComparison.Ordinal);
            Assert.Equal(inspectError, transcribeError);
        }
        finally
        {
            File.Delete(model);
        }
    }

    // The one "warble: ..." line the command wrote to standard error.
    private static (int Code, string Error) Run(params string[] args)
    {
        var error = new StringWriter();
        TextWriter original = Console.Error;
        Console.SetError(error);
        try
        {
            int code = CliApp.Run(args);
            return (code, Assert.Single(error.ToString().Split('\n'), line => line.StartsWith("warble: ", StringComparison.Ordinal)));
        }
        finally
        {
            Console.SetError(original);
        }
    }
}
