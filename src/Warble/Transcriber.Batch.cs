using Warble.Transcription;

namespace Warble;

/// <summary>Several recordings in one call.</summary>
public sealed partial class Transcriber
{
    /// <summary>
    /// Transcribes several recordings, sharing the work that can be shared: Parakeet encodes each recording and then
    /// decodes all of them together, so its prediction and joint networks read their weights once per step for the whole
    /// batch (with 8 recordings, several times the decoding throughput of one at a time). Whisper, and any call with
    /// <see cref="TranscribeOptions.Vad"/>, transcribes them one after another. Each result is what
    /// <see cref="TranscribeToResultAsync"/> gives for that recording (word probabilities to within float rounding). A
    /// recording that fits one encoder pass is held whole while the batch is decoded, so batches suit short clips
    /// (requests to a server). The batch is one step: <see cref="TranscribeOptions.Progress"/> gets no reports.
    /// </summary>
    public Task<IReadOnlyList<TranscriptionResult>> TranscribeBatchAsync(IReadOnlyList<AudioInput> inputs, TranscribeOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Any(input => input is null))
        {
            throw new ArgumentException("the batch holds a null input", nameof(inputs));
        }

        TranscribeOptions checkedOptions = (options ?? new TranscribeOptions()).Validate();
        ObjectDisposedException.ThrowIf(gate.IsClosed, this);
        return StepAsync(token =>
        {
            return checkedOptions.Vad is null
                ? pipeline.TranscribeBatch(inputs, checkedOptions, token)
                : [.. inputs.Select(audio =>
                {
                    using TranscriptionRun run = Start(audio, checkedOptions, token);
                    return run.ReadToEnd();
                })];
        }, PoolFor(checkedOptions.Threads), cancellationToken);
    }
}
