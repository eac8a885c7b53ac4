using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Warble.LoadTest;

/// <summary>A <c>warble serve</c> child process on a loopback port, with its memory read from /proc.</summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process process;

    private ServerProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Starts <c>dotnet CLI serve</c> with the given extra arguments and waits until it is ready.</summary>
    public static async Task<ServerProcess> StartAsync(string cli, int port, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in (string[])[cli, "serve", "--port", port.ToString(CultureInfo.InvariantCulture), .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => Console.Error.WriteLine("server: " + e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { BaseAddress = server.Address };
        for (int i = 0; i < 600; i++)
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the server did not become ready in 60 s");
    }

    /// <summary>Resident memory now, in MiB (VmRSS).</summary>
    public double RssMiB => Status("VmRSS");

    /// <summary>The most resident memory so far, in MiB (VmHWM).</summary>
    public double PeakRssMiB => Status("VmHWM");

    /// <summary>Sends SIGTERM and returns the exit code once the server has drained and stopped.</summary>
    public async Task<int> StopAsync()
    {
        using (Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
        }

        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private double Status(string field)
    {
        foreach (string line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(Digits().Match(line).Value, CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return double.NaN;
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();
}
