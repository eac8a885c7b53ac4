using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Warble.Transcription;
using Warble.Vad;

namespace Warble.Cli.Commands;

/// <summary>
/// `warble vad AUDIO`: the speech regions Silero VAD finds, segmented as faster-whisper's <c>get_speech_timestamps</c>,
/// in seconds: JSON <c>{"speech": [{"start": s, "end": s}, ...]}</c> or text lines <c>start end</c>.
/// </summary>
internal static class VadCommand
{
    public static Command Create()
    {
        var defaults = new VadOptions();
        var audio = new Argument<string>("audio") { Description = "Audio file ('-' reads standard input)" };
        var format = ChoiceOption.Create("--format", "json", "json or txt", "json", "txt");
        var output = new Option<string>("--output", "-o") { Description = "Output file ('-' or absent: standard output)" };
        var threshold = new Option<double>("--vad-threshold") { Description = "Speech probability threshold", DefaultValueFactory = _ => defaults.Threshold };
        var minSilence = new Option<int>("--vad-min-silence-ms") { Description = "Silence that ends speech", DefaultValueFactory = _ => defaults.MinSilenceDurationMs };
        var minSpeech = new Option<int>("--vad-min-speech-ms") { Description = "Shortest speech kept", DefaultValueFactory = _ => defaults.MinSpeechDurationMs };
        var maxSpeech = new Option<double>("--vad-max-speech-s") { Description = "Longest speech before a split", DefaultValueFactory = _ => defaults.MaxSpeechDurationS };
        var pad = new Option<int>("--vad-speech-pad-ms") { Description = "Padding on each side of speech", DefaultValueFactory = _ => defaults.SpeechPadMs };
        var command = new Command("vad", "Print the speech regions of an audio file") { audio, format, output, threshold, minSilence, minSpeech, maxSpeech, pad };
        command.SetAction((parse, cancellation) =>
        {
            var options = defaults with
            {
                Threshold = parse.GetValue(threshold),
                MinSilenceDurationMs = parse.GetValue(minSilence),
                MinSpeechDurationMs = parse.GetValue(minSpeech),
                MaxSpeechDurationS = parse.GetValue(maxSpeech),
                SpeechPadMs = parse.GetValue(pad),
            };
            options.Validate();
            // Read as a stream through the detector: memory stays flat however long the recording.
            using SpeechOnlyAudio speech = SpeechOnlyAudio.Detect(AudioInput.FromFile(parse.GetValue(audio)!), options, cancellation, keepSamples: false);
            IReadOnlyList<SpeechRegion> regions = speech.Regions;
            string text = parse.GetValue(format) == "txt" ? Text(regions) : Json(regions);
            string? target = parse.GetValue(output);
            if (target is null or "-")
            {
                Console.Out.Write(text);
            }
            else
            {
                File.WriteAllText(target, text);
            }

            return Task.FromResult(0);
        });
        return command;
    }

    private static string Json(IReadOnlyList<SpeechRegion> regions)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("speech");
            foreach (SpeechRegion r in regions)
            {
                json.WriteStartObject();
                json.WriteNumber("start", r.StartSeconds);
                json.WriteNumber("end", r.EndSeconds);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static string Text(IReadOnlyList<SpeechRegion> regions) =>
        string.Concat(regions.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.StartSeconds:0.000} {r.EndSeconds:0.000}\n")));
}
