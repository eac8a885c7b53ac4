using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Warble.Server;

namespace Warble.Cli.Commands;

/// <summary>
/// `warble serve [--host 127.0.0.1] [--port 8000] [--model NAME=PATH]... [--api-key-file F] [--config F]`: the
/// OpenAI-compatible server (src/Warble.Server). Without a model from flags or the config file it serves the demo
/// model as "demo". Ctrl+C or SIGTERM drains in-flight requests (up to the grace period) and exits 0.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var host = new Option<string>("--host") { Description = "Address to listen on (loopback unless told otherwise)", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Port to listen on", DefaultValueFactory = _ => 8000 };
        var models = new Option<string[]>("--model", "-m") { Description = "A model to serve, as NAME=PATH (repeatable)", AllowMultipleArgumentsPerToken = false };
        var apiKeyFile = new Option<string?>("--api-key-file") { Description = "File of API keys, one per line (WARBLE_API_KEYS adds more); without keys the server is open" };
        var config = new Option<string?>("--config") { Description = "JSON settings file (section \"Warble\": Models, QueueCapacity, ConcurrentTranscriptions, ...)" };
        var concurrency = new Option<int?>("--concurrency") { Description = "Transcriptions running at once per model" };
        var queue = new Option<int?>("--queue") { Description = "Requests waiting per model before 429" };
        var command = new Command("serve", "Serve OpenAI's audio API, a realtime WebSocket and a web page")
        {
            host, port, models, apiKeyFile, config, concurrency, queue,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            Dictionary<string, string> named = ParseModels(parse.GetValue(models) ?? []);
            WebApplication app = WarbleServer.Build($"http://{Bracketed(parse.GetValue(host)!)}:{parse.GetValue(port)}", options =>
            {
                foreach ((string name, string path) in named)
                {
                    options.Models[name] = path;
                }

                if (options.Models.Count == 0 && File.Exists(ModelPath.DemoModel))
                {
                    options.Models["demo"] = ModelPath.DemoModel;
                }

                options.ApiKeyFile = parse.GetValue(apiKeyFile) ?? options.ApiKeyFile;
                options.ConcurrentTranscriptions = parse.GetValue(concurrency) ?? options.ConcurrentTranscriptions;
                options.QueueCapacity = parse.GetValue(queue) ?? options.QueueCapacity;
            }, parse.GetValue(config));
            await using (app.ConfigureAwait(false))
            {
                await app.StartAsync(cancellation).ConfigureAwait(false);

                await app.WaitForShutdownAsync(cancellation).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    internal static Dictionary<string, string> ParseModels(string[] values)
    {
        var models = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string value in values)
        {
            int equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == value.Length - 1)
            {
                throw new ArgumentException($"--model {value}: expected NAME=PATH");
            }

            // PATH may also name a pulled model (`--model base=base.en`); an existing path always wins.
            string path = value[(equals + 1)..];
            models[value[..equals]] = File.Exists(path) || Directory.Exists(path) || ModelCatalog.Find(path) is null ? path : ModelPath.Pulled(path);
        }

        return models;
    }

    private static string Bracketed(string host) => host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
}
