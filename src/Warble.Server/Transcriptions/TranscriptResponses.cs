using Warble.Server.Wire;
using Warble.Text;
using Warble.Transcription;

namespace Warble.Server.Transcriptions;

/// <summary>Writes a <see cref="Transcript"/> in the request's <c>response_format</c>, as OpenAI's API answers.</summary>
internal static class TranscriptResponses
{
    public static Task WriteAsync(HttpResponse response, TranscriptionRequest request, Transcript transcript, CancellationToken cancellationToken)
    {
        TranscriptionResult result = transcript.Result;
        return request.Format switch
        {
            ResponseFormat.Json => response.WriteAsJsonAsync(new CreateTranscriptionResponseJson(result.Text.Trim()), ServerJson.Context.CreateTranscriptionResponseJson, cancellationToken: cancellationToken),
            ResponseFormat.VerboseJson => response.WriteAsJsonAsync(VerboseJson(request, transcript), ServerJson.Context.TranscriptionVerboseJson, cancellationToken: cancellationToken),
            ResponseFormat.Text => PlainAsync(response, result.Text.Trim() + "\n", cancellationToken),
            ResponseFormat.Srt => PlainAsync(response, SubtitleText.Srt(result), cancellationToken),
            _ => PlainAsync(response, SubtitleText.Vtt(result), cancellationToken),
        };
    }

    /// <summary>The verbose_json body: segments unless only words were asked for, words when they were.</summary>
    public static TranscriptionVerboseJson VerboseJson(TranscriptionRequest request, Transcript transcript)
    {
        TranscriptionResult result = transcript.Result;
        return new TranscriptionVerboseJson(request.Task, LanguageName(result.Language, request.Language), transcript.Duration, result.Text.Trim())
        {
            Segments = request.SegmentTimestamps ? [.. result.Segments.Select(ToWire)] : null,
            Words = request.WordTimestamps ? [.. result.Segments.SelectMany(s => s.Words ?? []).Select(w => new TranscriptionWord(w.Text.Trim(), w.Start, w.End))] : null,
        };
    }

    /// <summary>
    /// The language as OpenAI names it ("english"): the detected one (Whisper), else the one asked for, else English
    /// (Parakeet reports none).
    /// </summary>
    public static string LanguageName(string detected, string? requested)
    {
        string? code = WhisperLanguages.ToCode(detected.Length > 0 ? detected : requested ?? "en");
        return WhisperLanguages.All.FirstOrDefault(l => l.Code == code).Name ?? "english";
    }

    private static TranscriptionSegment ToWire(Segment s) => new(s.Id, s.Seek, s.Start, s.End, s.Text, s.Tokens,
        s.Temperature ?? 0, s.AvgLogprob ?? 0, s.CompressionRatio ?? 0, s.NoSpeechProb ?? 0);

    private static Task PlainAsync(HttpResponse response, string body, CancellationToken cancellationToken)
    {
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(body, cancellationToken);
    }
}
