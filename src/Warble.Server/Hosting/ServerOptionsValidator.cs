using Microsoft.Extensions.Options;

namespace Warble.Server.Hosting;

/// <summary>Checks <see cref="ServerOptions"/> once, at start, so a bad setting stops the server with one line.</summary>
internal sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var failures = new List<string>();
        Check(failures, options.Models.Count > 0, "at least one model is needed (--model NAME=PATH)");
        foreach ((string model, string path) in options.Models)
        {
            Check(failures, model.Length > 0 && model.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'),
                $"model name '{model}' may hold only letters, digits and - _ . :");
            Check(failures, File.Exists(path) || Directory.Exists(path), $"model '{model}': {path} not found");
        }

        Check(failures, options.QueueCapacity is >= 0 and <= 100_000, "QueueCapacity must be between 0 and 100000");
        Check(failures, options.ConcurrentTranscriptions is >= 1 and <= 1024, "ConcurrentTranscriptions must be between 1 and 1024");
        Check(failures, options.MaxBatchSize is >= 1 and <= 256, "MaxBatchSize must be between 1 and 256");
        Check(failures, options.ThreadsPerTranscription is null or (>= 1 and <= 1024), "ThreadsPerTranscription must be between 1 and 1024");
        Check(failures, options.MaxRequestBodyBytes > 0, "MaxRequestBodyBytes must be positive");
        Check(failures, options.MaxAudioSeconds > 0, "MaxAudioSeconds must be positive");
        Check(failures, options.RequestTimeout > TimeSpan.Zero, "RequestTimeout must be positive");
        Check(failures, options.MaxRealtimeSessions is >= 0 and <= 100_000, "MaxRealtimeSessions must be between 0 and 100000");
        Check(failures, options.RealtimeIdleTimeout > TimeSpan.Zero, "RealtimeIdleTimeout must be positive");
        Check(failures, options.ShutdownGrace >= TimeSpan.Zero, "ShutdownGrace must not be negative");
        Check(failures, options.ApiKeyFile is null || File.Exists(options.ApiKeyFile), $"API key file {options.ApiKeyFile} not found");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, bool ok, string message)
    {
        if (!ok)
        {
            failures.Add(message);
        }
    }
}
