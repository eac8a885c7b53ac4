namespace Warble.Server.Realtime;

/// <summary>
/// A Parakeet turn: samples go into a <see cref="TranscriptionStream"/> as they arrive (resampled to 16 kHz piece by
/// piece when sent at 24 kHz) and words come back once final, with the left context carried across pieces.
/// </summary>
internal sealed class StreamingTurnTranscriber(Transcriber transcriber) : TurnTranscriber
{
    private const int SampleRate = 16000;
    private TranscriptionStream stream = transcriber.CreateStream();
    private long samples;

    public override double BufferedSeconds => samples / (double)SampleRate;

    public override async Task<IReadOnlyList<string>> AppendAsync(float[] audio, int sampleRate, CancellationToken cancellationToken)
    {
        var deltas = new List<string>();
        await foreach (ReadOnlyMemory<float> block in AudioInput.FromSamples(audio, sampleRate).ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            samples += block.Length;
            float[] copy = block.ToArray();
            IReadOnlyList<Transcription.Word> words = await Task.Run(() => stream.Append(copy, cancellationToken), cancellationToken).ConfigureAwait(false);
            deltas.AddRange(words.Select(w => w.Text));
        }

        return deltas;
    }

    public override async Task<(IReadOnlyList<string> Deltas, string Transcript)> CommitAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<Transcription.Word> words = await Task.Run(() => stream.Complete(cancellationToken), cancellationToken).ConfigureAwait(false);
        string transcript = stream.Result.Text.Trim();
        Clear();
        return ([.. words.Select(w => w.Text)], transcript);
    }

    public override void Clear()
    {
        stream = transcriber.CreateStream();
        samples = 0;
    }
}
