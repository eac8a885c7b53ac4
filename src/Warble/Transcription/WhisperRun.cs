using Warble.Models.Whisper;

namespace Warble.Transcription;

/// <summary>
/// One Whisper transcription: on its first step the audio is read into the log-mel spectrogram, then each step runs
/// openai's window loop (<see cref="WhisperTranscriber"/>) to its next segment with a session rented for the call.
/// </summary>
internal sealed class WhisperRun(WhisperPipeline pipeline, AudioInput audio, WhisperTranscribeOptions options, CancellationToken cancellationToken)
    : TranscriptionRun
{
    private readonly WhisperTranscribeOptions options = options.Validate();
    private WhisperSession? session;
    private WhisperTranscriber? transcriber;
    private IEnumerator<Segment>? segments;
    private MelSpool? mel;

    public override bool MoveNext()
    {
        if (segments is null)
        {
            mel = pipeline.LogMel(audio, cancellationToken);
            session = pipeline.Rent();
            transcriber = new WhisperTranscriber(session, pipeline.Model.Tokenizer, mel, options);
            segments = transcriber.Transcribe(cancellationToken).GetEnumerator();
        }

        if (!segments.MoveNext())
        {
            Progress = new TranscriptionProgress(mel!.ContentFrames / 100.0, mel.ContentFrames / 100.0);
            return false;
        }

        Current = segments.Current;
        Progress = new TranscriptionProgress(Math.Min(Current.End, mel!.ContentFrames / 100.0), mel.ContentFrames / 100.0);
        return true;
    }

    public override TranscriptionResult ToResult(IReadOnlyList<Segment> segments) =>
        new(transcriber?.Text ?? "", transcriber?.Language ?? "en", segments);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            segments?.Dispose();
            mel?.Dispose();
            if (session is not null)
            {
                pipeline.Return(session);
                session = null;
            }
        }
    }
}
