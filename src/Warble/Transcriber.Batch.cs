using Warble.Transcription;

namespace Warble;

/// <summary>Several recordings in one call.</summary>
public sealed partial class Transcriber
{
    /// <summary>
    /// Transcribes several recordings, sharing the work that can be shared. Parakeet encodes each recording and then
    /// decodes them together, eight at a time with the next taking the place of one that ends, so its prediction and
    /// joint networks read their weights once per step for up to eight recordings. Whisper takes the next 30 s window of every recording in rounds: up to 8 windows (3 of small, 1 of medium
    /// and large-v3, whose windows hold about 0.5 GB each) go through one encoder pass and are decoded together, each
    /// decoder step reading the weights once for all of them (temperature fallback included). With 8 recordings that is several times the decoding throughput of one at a time. A call with
    /// <see cref="TranscribeOptions.Vad"/> transcribes them one after another. Each result is what
    /// <see cref="TranscribeToResultAsync"/> gives for that recording (word probabilities to within float rounding). A
    /// Parakeet recording that fits one encoder pass is held whole while the batch is decoded, and every recording's
    /// Whisper log-mel is held until the batch ends, so batches suit short clips (requests to a server). The batch is one
    /// step: <see cref="TranscribeOptions.Progress"/> gets no reports.
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
