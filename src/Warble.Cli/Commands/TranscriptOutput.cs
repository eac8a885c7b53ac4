using System.Text;
using Warble.Transcription;
using Warble.Transcription.Writers;

namespace Warble.Cli.Commands;

/// <summary>
/// Where `warble transcribe` writes: nothing but the console when no format or output is named; `-o FILE` for one audio
/// in one format; otherwise `&lt;folder&gt;/&lt;audio name&gt;.&lt;ext&gt;` per format (folder: -o, --output-dir or the current one).
/// </summary>
internal sealed class TranscriptOutput(string format, string? output, string? outputDir)
{
    private static readonly string[] AllFormats = ["txt", "vtt", "srt", "tsv", "json"];

    private string[] Formats => format switch
    {
        "" when output is not null || outputDir is not null => [FormatFromExtension()],
        "" => [],
        "all" => AllFormats,
        _ => [format],
    };

    /// <summary>Line breaking of the SRT and VTT cues.</summary>
    public SubtitleOptions? Subtitles { get; init; }

    private bool OutputIsFile => output is not null && outputDir is null && !Directory.Exists(output) && Path.HasExtension(output) && format != "all";

    /// <summary>Rejects combinations that cannot be honoured, before any work.</summary>
    public void Check(int audioCount)
    {
        if (OutputIsFile && audioCount > 1)
        {
            throw new ArgumentException($"-o {output} names one file but {audioCount} audio files were given; name a folder instead");
        }
    }

    /// <summary>Prints a segment as openai's verbose mode does.</summary>
    public static void Print(Segment segment) => Console.WriteLine(
        $"[{ResultWriter.FormatTimestamp(segment.Start)} --> {ResultWriter.FormatTimestamp(segment.End)}] {segment.Text}");

    public void Write(string audio, TranscriptionResult result)
    {
        foreach (string name in Formats)
        {
            string path = OutputIsFile ? output! : Path.Combine(outputDir ?? output ?? ".", $"{AudioStem(audio)}.{name}");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
            ResultWriter.ForFormat(name).WriteResult(result, writer, Subtitles);
            Console.Error.WriteLine($"warble: wrote {path}");
        }
    }

    private static string AudioStem(string audio) => audio == "-" ? "stdin" : Path.GetFileNameWithoutExtension(audio);

    private string FormatFromExtension()
    {
        string extension = OutputIsFile ? Path.GetExtension(output!).TrimStart('.').ToLowerInvariant() : "";
        return AllFormats.Contains(extension) ? extension : "txt";
    }
}
