using Warble.Server.Hosting;
using Warble.Server.Queue;

namespace Warble.Server.Realtime;

/// <summary>
/// A Whisper turn: the audio is kept as it arrives and transcribed whole at the commit, one delta per segment. The
/// transcription waits in the model's queue like an HTTP request; a full queue is an error event, and the turn is dropped.
/// </summary>
internal sealed class WhisperTurnTranscriber(ServedModel model, string? language) : TurnTranscriber
{
    private readonly List<float> audio = [];
    private int sampleRate = 16000;

    public override double BufferedSeconds => audio.Count / (double)sampleRate;

    public override Task<IReadOnlyList<string>> AppendAsync(float[] samples, int rate, CancellationToken cancellationToken)
    {
        if (audio.Count > 0 && rate != sampleRate)
        {
            throw new RealtimeClientError("invalid_value", "the sample rate changed in the middle of a turn; commit or clear first");
        }

        sampleRate = rate;
        audio.AddRange(samples);
        return Task.FromResult<IReadOnlyList<string>>([]);
    }

    public override async Task<(IReadOnlyList<string> Deltas, string Transcript)> CommitAsync(CancellationToken cancellationToken)
    {
        AudioInput turn = AudioInput.FromSamples(audio.ToArray(), sampleRate);
        Clear();
        Transcription.TranscriptionResult? result = null;
        var item = new WorkItem(async token => result = await model.Transcriber
            .TranscribeToResultAsync(turn, new TranscribeOptions { Language = language }, token).ConfigureAwait(false), cancellationToken);
        if (!model.Queue.TryEnqueue(item))
        {
            throw new RealtimeClientError("rate_limit_exceeded", "the server is busy: every transcription slot and queue place is taken; the turn was dropped");
        }

        await item.Completion.ConfigureAwait(false);
        return ([.. result!.Segments.Select(s => s.Text)], result.Text.Trim());
    }

    public override void Clear() => audio.Clear();
}
