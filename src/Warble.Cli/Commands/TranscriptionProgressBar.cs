using System.Diagnostics;
using Spectre.Console;


namespace Warble.Cli.Commands;

/// <summary>
/// The transcription's progress: each segment printed as it is decoded when verbose (openai-whisper's
/// `--verbose True`), and the bar's audio position, speed (× real time) and time left. While a bar is drawn on the
/// same terminal as standard output, segments go through the bar's console so the two do not overwrite each other.
/// </summary>
internal sealed class TranscriptionProgressBar(TranscriptOutput output, bool verbose, IAnsiConsole? console, ProgressTask? task)
    : IProgress<TranscriptionProgress>
{
    private readonly Stopwatch clock = Stopwatch.StartNew();

    public void Report(TranscriptionProgress value)
    {
        if (verbose && value.Segment is { } segment)
        {
            if (console is not null && !Console.IsOutputRedirected && !output.ToStandardOutput)
            {
                console.WriteLine(TranscriptOutput.Line(segment));
            }
            else
            {
                output.Print(segment);
            }
        }

        if (task is not null && value.TotalSeconds > 0)
        {
            task.MaxValue = value.TotalSeconds;
            task.Value = Math.Min(value.Seconds, value.TotalSeconds);
            double speed = value.Seconds / Math.Max(clock.Elapsed.TotalSeconds, 1e-3);
            task.Description = $"{Clock(value.Seconds)} / {Clock(value.TotalSeconds)} audio, {speed:F1}× real time";
        }
    }

    private static string Clock(double seconds) => TranscriptWriter.FormatTimestamp(seconds).Split('.')[0];
}
