using System.Globalization;
using System.Text;
using Warble.LoadTest;

// Load test of `warble serve`: K concurrent clients on loopback for a fixed time with the demo model and the random
// Whisper fixture, short and long files mixed, 10 % of requests hung up mid-way. Every accepted request must return
// exactly its solo-run transcript, every rejected one a clean 429, none may hang, and the server must end with
// nothing in flight. Then SIGTERM during a request: the request completes and the server exits 0.
//   dotnet run -c Release --project tools/Warble.LoadTest -- [--seconds 20] [--clients 1,4,16,64] [--out docs/server-load.md]
string repo = FindRepo();
string shared = Environment.GetEnvironmentVariable("WARBLE_SHARED") ?? Path.GetFullPath(Path.Combine(repo, "..", "shared"));
double seconds = double.Parse(Option("--seconds", "20"), CultureInfo.InvariantCulture);
int[] clientCounts = [.. Option("--clients", "1,4,16,64").Split(',').Select(int.Parse)];
string output = Option("--out", Path.Combine(repo, "docs", "server-load.md"));
string cli = Option("--cli", Path.Combine(repo, "src", "Warble.Cli", "bin", "Release", "net10.0", "Warble.Cli.dll"));
string kjv = Path.Combine(repo, "samples", "kjv-sample.wav");
string whisper = Path.Combine(shared, "fixtures", "whisper", "whisper-tiny-random", "ggml-model.bin");
Workload[] mix =
[
    await Workload.FromFileAsync("demo", kjv, 1),
    await Workload.FromFileAsync("demo", kjv, 8),
    await Workload.FromFileAsync("whisper", Path.Combine(shared, "fixtures", "audio", "jfk.wav"), 1),
];

await using ServerProcess server = await ServerProcess.StartAsync(cli, 8790,
    ["--model", "demo=" + Path.Combine(repo, "models", "demo-fastconformer-ctc.gguf"), "--model", "whisper=" + whisper]);
using var http = new HttpClient { BaseAddress = server.Address, Timeout = Timeout.InfiniteTimeSpan };
var run = new LoadRun(http, mix, disconnectShare: 0.1);
foreach (Workload workload in mix)
{
    workload.Solo = await run.SoloAsync(workload);
}

double baseline = server.RssMiB;
double baselineHeap = await MetricAsync(http, "dotnet_gc_last_collection_heap_size_bytes{") / (1024 * 1024);
var report = new StringBuilder("# `warble serve` under load\n\n`dotnet run -c Release --project tools/Warble.LoadTest` (tools/Warble.LoadTest/Program.cs)\n\n");
report.AppendLine(CultureInfo.InvariantCulture, $"Mix: {string.Join(", ", mix.Select(w => $"{w.Model}/{w.Name} ({w.Seconds:0.0} s)"))}; {seconds:0} s per K; 10 % hung up after 20-400 ms.");
report.AppendLine(CultureInfo.InvariantCulture, $"Server: default settings ({Environment.ProcessorCount} cores), after warm-up RSS {baseline:0} MiB, GC heap {baselineHeap:0} MiB.");
report.AppendLine("ok: 200 with exactly the solo-run transcript; mismatch: 200 with any other; 429: refused with Retry-After and OpenAI's")
    .AppendLine("rate_limit_exceeded error; hung up: the client cancelled mid-request on purpose; hung: no answer in 3 min; failed: any")
    .AppendLine("other answer. Throughput counts the audio of ok requests over the wall time. Latency is of ok requests, queue wait")
    .AppendLine("included. RSS after / GC heap after: 2 s after the run, once the server reports nothing queued or in flight.");
report.AppendLine().AppendLine(LoadReport.Header);
foreach (int clients in clientCounts)
{
    using var sampling = new CancellationTokenSource();
    Task<double> peak = SamplePeakAsync(server, sampling.Token);
    (IReadOnlyList<Outcome> outcomes, TimeSpan wall) = await run.RunAsync(clients, TimeSpan.FromSeconds(seconds));
    await sampling.CancelAsync();
    int inFlight = await SettleAsync(http);
    await Task.Delay(2000);
    double heap = await MetricAsync(http, "dotnet_gc_last_collection_heap_size_bytes{") / (1024 * 1024);
    string row = new LoadReport(clients, outcomes, wall, await peak, server.RssMiB, heap, inFlight).Row();
    Console.WriteLine(row);
    report.AppendLine(row);
}

report.AppendLine().AppendLine(await DrainAsync(server, http, mix[1]));
Console.WriteLine(report);
await File.WriteAllTextAsync(output, report.ToString());

static async Task<double> SamplePeakAsync(ServerProcess server, CancellationToken stop)
{
    double peak = 0;
    while (!stop.IsCancellationRequested)
    {
        peak = Math.Max(peak, server.RssMiB);
        await Task.Delay(100, CancellationToken.None);
    }

    return peak;
}

// Waits up to 5 s for the server to report nothing queued or running; returns what is left.
static async Task<int> SettleAsync(HttpClient http)
{
    int left = int.MaxValue;
    for (int i = 0; i < 50 && left > 0; i++)
    {
        left = (int)(await MetricAsync(http, "warble_transcriptions_in_flight{") + await MetricAsync(http, "warble_queue_depth{"));
        await Task.Delay(100);
    }

    return left;
}

// The sum of a Prometheus metric's series (the lines that start with the prefix).
static async Task<double> MetricAsync(HttpClient http, string prefix) => (await http.GetStringAsync("/metrics")).Split('\n')
    .Where(l => l.StartsWith(prefix, StringComparison.Ordinal))
    .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

// SIGTERM while a long request runs: the request must still complete, and the server must exit 0.
static async Task<string> DrainAsync(ServerProcess server, HttpClient http, Workload workload)
{
    using var form = new MultipartFormDataContent { { new ByteArrayContent(workload.Audio), "file", "long.wav" }, { new StringContent(workload.Model), "model" } };
    Task<HttpResponseMessage> request = http.PostAsync("/v1/audio/transcriptions", form);
    await Task.Delay(300);
    int exit = await server.StopAsync();
    using HttpResponseMessage response = await request;
    string text = await response.Content.ReadAsStringAsync();
    return $"SIGTERM during a {workload.Seconds:0} s request: the request answered {(int)response.StatusCode} " +
        $"({(text.Contains(workload.Solo, StringComparison.Ordinal) ? "the solo transcript" : "another body")}), the server exited {exit}.";
}

string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;

static string FindRepo()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Warble.slnx")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Warble.slnx not found");
}
