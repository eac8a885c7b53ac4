namespace Warble.Server.Transcriptions;

/// <summary>OpenAI's <c>response_format</c> values for the audio endpoints.</summary>
internal enum ResponseFormat
{
    Json,
    Text,
    Srt,
    VerboseJson,
    Vtt,
}
