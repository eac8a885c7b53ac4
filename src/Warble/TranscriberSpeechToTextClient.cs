using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Warble.Transcription;

namespace Warble;

/// <summary>
/// <see cref="Transcriber"/> as a Microsoft.Extensions.AI <see cref="ISpeechToTextClient"/>, so apps written against
/// those abstractions (and their middleware: logging, caching, telemetry) run Warble locally. The stream may hold any
/// audio Warble reads. <see cref="SpeechToTextOptions.SpeechLanguage"/> is the spoken language; a
/// <see cref="SpeechToTextOptions.TextLanguage"/> of "en" for other speech asks for translation (Whisper); a
/// <see cref="SpeechToTextOptions.RawRepresentationFactory"/> that returns <see cref="TranscribeOptions"/> supplies
/// every other setting. Streaming yields one update per segment as it is decoded. Thread-safe, as the transcriber is;
/// disposing the client leaves the transcriber to its owner. Experimental as Microsoft.Extensions.AI's speech-to-text
/// abstractions are (diagnostic MEAI001).
/// </summary>
[Experimental("MEAI001", UrlFormat = "https://aka.ms/dotnet-extensions-warnings/{0}")]
public sealed class TranscriberSpeechToTextClient : ISpeechToTextClient
{
    private readonly Transcriber transcriber;
    private readonly SpeechToTextClientMetadata metadata;

    /// <param name="modelId">The model name reported in responses and metadata.</param>
    public TranscriberSpeechToTextClient(Transcriber transcriber, string? modelId = null)
    {
        this.transcriber = transcriber ?? throw new ArgumentNullException(nameof(transcriber));
        metadata = new SpeechToTextClientMetadata("warble", null, modelId ?? transcriber.Architecture);
    }

    /// <summary>Transcribes the whole stream; the response carries the <see cref="TranscriptionResult"/> as its raw representation.</summary>
    public async Task<SpeechToTextResponse> GetTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audioSpeechStream);
        TranscriptionResult result = await transcriber.TranscribeToResultAsync(AudioInput.FromStream(audioSpeechStream), ToOptions(options), cancellationToken)
            .ConfigureAwait(false);
        return new SpeechToTextResponse(result.Text)
        {
            ModelId = options?.ModelId ?? metadata.DefaultModelId,
            StartTime = result.Segments.Count > 0 ? TimeSpan.FromSeconds(result.Segments[0].Start) : null,
            EndTime = result.Segments.Count > 0 ? TimeSpan.FromSeconds(result.Segments[^1].End) : null,
            RawRepresentation = result,
        };
    }

    /// <summary>A session-open update, one text update per segment as it is decoded (raw representation: the <see cref="Segment"/>), then session-close.</summary>
    public async IAsyncEnumerable<SpeechToTextResponseUpdate> GetStreamingTextAsync(Stream audioSpeechStream, SpeechToTextOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audioSpeechStream);
        string responseId = Guid.NewGuid().ToString("N");
        string? modelId = options?.ModelId ?? metadata.DefaultModelId;
        yield return new SpeechToTextResponseUpdate { Kind = SpeechToTextResponseUpdateKind.SessionOpen, ResponseId = responseId, ModelId = modelId };
        await foreach (Segment segment in transcriber.TranscribeAsync(AudioInput.FromStream(audioSpeechStream), ToOptions(options), cancellationToken)
            .ConfigureAwait(false))
        {
            yield return new SpeechToTextResponseUpdate(segment.Text)
            {
                Kind = SpeechToTextResponseUpdateKind.TextUpdated,
                ResponseId = responseId,
                ModelId = modelId,
                StartTime = TimeSpan.FromSeconds(segment.Start),
                EndTime = TimeSpan.FromSeconds(segment.End),
                RawRepresentation = segment,
            };
        }

        yield return new SpeechToTextResponseUpdate { Kind = SpeechToTextResponseUpdateKind.SessionClose, ResponseId = responseId, ModelId = modelId };
    }

    /// <summary>The client's metadata, the <see cref="Transcriber"/>, or this client, when asked for their types without a key.</summary>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(SpeechToTextClientMetadata) ? metadata
            : serviceType.IsInstanceOfType(transcriber) ? transcriber
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Nothing to release: the transcriber belongs to whoever loaded it.</summary>
    public void Dispose()
    {
    }

    private TranscribeOptions ToOptions(SpeechToTextOptions? options)
    {
        TranscribeOptions settings = options?.RawRepresentationFactory?.Invoke(this) as TranscribeOptions ?? new TranscribeOptions();
        if (options?.SpeechLanguage is { Length: > 0 } speech)
        {
            settings = settings with { Language = speech };
        }

        if (options?.TextLanguage is { Length: > 0 } text && !SameLanguage(text, options.SpeechLanguage))
        {
            settings = SameLanguage(text, "en")
                ? settings with { Task = "translate" }
                : throw new NotSupportedException($"text language '{text}': Warble transcribes in the spoken language or translates into English");
        }

        return settings;
    }

    private static bool SameLanguage(string a, string? b) =>
        b is not null && string.Equals(a.Split('-')[0], b.Split('-')[0], StringComparison.OrdinalIgnoreCase);
}
