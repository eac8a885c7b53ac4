using System.Text;
using Warble.Transcription;
using Warble.Transcription.Writers;

namespace Warble.Cli.Commands;

/// <summary>
/// Where `warble transcribe` writes: nothing but the console when no format or output is named; `-o -` writes the one
/// requested format to standard output (and prints nothing else there); `-o FILE` for one audio in one format;
/// otherwise `&lt;folder&gt;/&lt;audio name&gt;.&lt;ext&gt;` per format (folder: -o, --output-dir or the current one).
/// </summary>
internal sealed class TranscriptOutput(string format, string? output, string? outputDir)
{
    /// <summary>`-o -` (or `-o /dev/stdout`, which is the same stream): the transcript goes to standard output.</summary>
    public bool ToStandardOutput => output is "-" or "/dev/stdout";

    private string[] Formats => format switch
    {
        "" when ToStandardOutput => ["txt"],
        "" when output is not null || outputDir is not null => [FormatFromExtension()],
        "" => [],
        "all" => [.. TranscriptWriter.Formats],
        _ => [format],
    };

    /// <summary>Line breaking of the SRT and VTT cues.</summary>
    public SubtitleOptions? Subtitles { get; init; }

    private bool OutputIsFile => output is not null && !ToStandardOutput && outputDir is null && !Directory.Exists(output) && Path.HasExtension(output) && format != "all";

    /// <summary>Rejects combinations that cannot be honoured, before any work.</summary>
    public void Check(int audioCount)
    {
        if (OutputIsFile && audioCount > 1)
        {
            throw new ArgumentException($"-o {output} names one file but {audioCount} audio files were given; name a folder instead");
        }

        if (ToStandardOutput && (format == "all" || outputDir is not null))
        {
            throw new ArgumentException("-o - writes one format to standard output: name it with --format (not all) and no --output-dir");
        }
    }

    /// <summary>Prints a segment as openai's verbose mode does (not when standard output carries the transcript).</summary>
    public void Print(Segment segment)
    {
        if (!ToStandardOutput)
        {
            Console.WriteLine(Line(segment));
        }
    }

    /// <summary>A segment as openai-whisper prints it: `[00:00.000 --> 00:04.000] text`.</summary>
    public static string Line(Segment segment) =>
        $"[{TranscriptWriter.FormatTimestamp(segment.Start)} --> {TranscriptWriter.FormatTimestamp(segment.End)}] {segment.Text}";

    /// <summary>Prints a batch of words that became final in a live stream as one line.</summary>
    public void Print(IReadOnlyList<Word> words)
    {
        if (words.Count > 0)
        {
            Print(new Segment(0, 0, words[0].Start, words[^1].End, string.Concat(words.Select(w => w.Text)), [], null, null, null, null, words));
        }
    }

    public void Write(string audio, TranscriptionResult result)
    {
        foreach (string name in Formats)
        {
            if (ToStandardOutput)
            {
                using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), leaveOpen: true);
                TranscriptWriter.Write(result, name, stdout, Subtitles);
                continue;
            }

            string path = OutputIsFile ? output! : Path.Combine(outputDir ?? output ?? ".", $"{AudioStem(audio)}.{name}");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
            TranscriptWriter.Write(result, name, writer, Subtitles);
            Console.Error.WriteLine($"warble: wrote {path}");
        }
    }

    private static string AudioStem(string audio) => audio == "-" ? "stdin" : Path.GetFileNameWithoutExtension(audio);

    private string FormatFromExtension()
    {
        string extension = OutputIsFile ? Path.GetExtension(output!).TrimStart('.').ToLowerInvariant() : "";
        return TranscriptWriter.Formats.Contains(extension) ? extension : "txt";
    }
}
