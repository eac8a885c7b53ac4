using System.Globalization;
using Warble.Server.Hosting;

namespace Warble.Server.Transcriptions;

/// <summary>
/// One <c>/v1/audio/transcriptions</c> or <c>/v1/audio/translations</c> request as the multipart form gives it:
/// OpenAI's fields, checked, and mapped to Warble's <see cref="TranscribeOptions"/>.
/// </summary>
internal sealed record TranscriptionRequest(IFormFile File, string? Model, string Task, ResponseFormat Format)
{
    public string? Language { get; init; }

    public string? Prompt { get; init; }

    public double Temperature { get; init; }

    public bool WordTimestamps { get; init; }

    public bool SegmentTimestamps { get; init; } = true;

    public bool Stream { get; init; }

    /// <summary>The library's options for this request (see <see cref="Temperatures"/> for OpenAI's temperature).</summary>
    public TranscribeOptions ToOptions(int? threads) => new TranscribeOptions
    {
        Task = Task,
        Language = Language,
        InitialPrompt = Prompt,
        Temperatures = Temperatures(Temperature),
        WordTimestamps = WordTimestamps,
        Threads = threads,
    }.Validate();

    /// <summary>The fields <see cref="ToOptions"/> reads: requests with equal keys get equal options (and may share a batch).</summary>
    public object OptionsKey => (Task, Language, Prompt, Temperature, WordTimestamps);

    /// <summary>
    /// OpenAI's <c>temperature</c> is where decoding starts, falling back by 0.2 as openai-whisper's
    /// <c>transcribe()</c> does when a window fails the thresholds: 0 is openai-whisper's default list 0, 0.2, …, 1.0.
    /// </summary>
    public static IReadOnlyList<double> Temperatures(double start)
    {
        var list = new List<double> { start };
        for (int step = 1; Math.Round(start + (0.2 * step), 10) <= 1.0; step++)
        {
            list.Add(Math.Round(start + (0.2 * step), 10));
        }

        return list;
    }

    /// <summary>Reads and checks the form; a field OpenAI would reject gets its 400.</summary>
    public static async Task<TranscriptionRequest> ReadAsync(HttpRequest request, string task, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            throw ApiException.BadRequest("the request must be multipart/form-data with the audio in a 'file' field", "file");
        }

        IFormCollection form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        IFormFile file = form.Files.GetFile("file") ?? throw ApiException.BadRequest("you must provide a 'file' field with the audio", "file");
        string[] granularities = [.. form["timestamp_granularities[]"].Concat(form["timestamp_granularities"]).OfType<string>()];
        ResponseFormat format = ParseFormat(Field(form, "response_format"));
        if (granularities.Length > 0 && format != ResponseFormat.VerboseJson)
        {
            throw ApiException.BadRequest("timestamp_granularities needs response_format 'verbose_json'", "timestamp_granularities");
        }

        if (granularities.Any(g => g is not ("word" or "segment")))
        {
            throw ApiException.BadRequest("timestamp_granularities may hold 'word' and 'segment'", "timestamp_granularities");
        }

        // As OpenAI: the model is required (no server-side default a client could come to rely on).
        string model = Field(form, "model") is { Length: > 0 } named ? named : throw ApiException.BadRequest("you must provide a model parameter", "model");
        return new TranscriptionRequest(file, model, task, format)
        {
            Language = task == "translate" ? null : Field(form, "language"),
            Prompt = Field(form, "prompt"),
            Temperature = ParseTemperature(Field(form, "temperature")),
            WordTimestamps = granularities.Contains("word"),
            SegmentTimestamps = granularities.Length == 0 || granularities.Contains("segment"),
            Stream = ParseBool(Field(form, "stream"), "stream"),
        };
    }

    private static string? Field(IFormCollection form, string name) => form[name] is { Count: > 0 } values && values[0] is { Length: > 0 } value ? value : null;

    private static ResponseFormat ParseFormat(string? value) => value switch
    {
        null or "json" => ResponseFormat.Json,
        "text" => ResponseFormat.Text,
        "srt" => ResponseFormat.Srt,
        "verbose_json" => ResponseFormat.VerboseJson,
        "vtt" => ResponseFormat.Vtt,
        _ => throw ApiException.BadRequest($"'{value}' is not one of ['json', 'text', 'srt', 'verbose_json', 'vtt'] - 'response_format'", "response_format"),
    };

    private static double ParseTemperature(string? value)
    {
        if (value is null)
        {
            return 0;
        }

        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double t) && t is >= 0 and <= 1
            ? t
            : throw ApiException.BadRequest($"temperature must be a number between 0 and 1, not '{value}'", "temperature");
    }

    private static bool ParseBool(string? value, string name) => value?.ToLowerInvariant() switch
    {
        null or "false" => false,
        "true" => true,
        _ => throw ApiException.BadRequest($"{name} must be true or false, not '{value}'", name),
    };
}
