using Warble.Models.Parakeet;

namespace Warble.Transcription;

/// <summary>
/// Parakeet on 16 kHz audio that arrives in pieces (a pipe from ffmpeg, a microphone), the seed's streaming form of
/// <c>parakeet_full</c>: once the audio of a window's centre and right context is in, the window (left context, centre,
/// right context, in whole encoder frames) goes through the preprocessor and the encoder, and the centre's frames go
/// to a greedy decoder whose state carries over (<see cref="IGreedyDecoding"/>). The next window's centre starts where
/// this one's ended, so its left context is audio already decoded and this window's right context is its centre. As
/// NeMo's buffered inference, each window's features are normalised over the window. Only the audio the next window
/// needs is kept.
/// </summary>
internal sealed class ParakeetStream
{
    private readonly ParakeetTranscriber transcriber;
    private readonly IGreedyDecoding decoding;
    private readonly int left, centre, right, samplesPerFrame;
    private readonly ReceivedSamples audio;
    private float[] encoded = [];
    private int nextFrame, firstOpenToken;
    private TranscriptionResult? result;

    /// <param name="left">Encoder frames of left context.</param>
    /// <param name="centre">Encoder frames decoded per window (at least 1).</param>
    /// <param name="right">Encoder frames of right context.</param>
    public ParakeetStream(ParakeetTranscriber transcriber, int left, int centre, int right)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(centre, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(left);
        ArgumentOutOfRangeException.ThrowIfNegative(right);
        this.transcriber = transcriber;
        this.left = left;
        this.centre = centre;
        this.right = right;
        decoding = transcriber.Model.StartGreedy();
        samplesPerFrame = transcriber.Preprocessor.HopLength * transcriber.Model.Encoder.Config.SubsamplingFactor;
        audio = new ReceivedSamples(checked((left + centre + right + 1) * samplesPerFrame));
    }

    /// <summary>Seconds of audio decoded so far and received so far.</summary>
    public TranscriptionProgress Progress =>
        new(Math.Min(nextFrame * transcriber.FrameSeconds, audio.Count / (double)Audio.AudioLoader.SampleRate), audio.Count / (double)Audio.AudioLoader.SampleRate);

    /// <summary>The whole transcription, once <see cref="Complete"/> has run.</summary>
    public TranscriptionResult Result => result ?? throw new InvalidOperationException("the stream is not complete");

    /// <summary>Takes the next samples; returns the words that became final (a later word has begun).</summary>
    public IReadOnlyList<Word> Append(ReadOnlySpan<float> samples, CancellationToken cancellationToken = default)
    {
        Buffer(samples);
        return DecodeReady(cancellationToken);
    }

    /// <summary>Adds samples to the buffer without decoding them (<see cref="DecodeReady"/> does).</summary>
    public void Buffer(ReadOnlySpan<float> samples)
    {
        if (result is not null)
        {
            throw new InvalidOperationException("the stream is complete");
        }

        audio.Append(samples);
    }

    /// <summary>Decodes every window whose audio has arrived; returns the words that became final.</summary>
    public IReadOnlyList<Word> DecodeReady(CancellationToken cancellationToken = default)
    {
        while (audio.Count >= (long)(nextFrame + centre + right) * samplesPerFrame)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DecodeWindow(final: false);
        }

        return FinalWords(final: false);
    }

    /// <summary>Decodes what is left once the audio has ended; returns the words not yet returned.</summary>
    public IReadOnlyList<Word> Complete(CancellationToken cancellationToken = default)
    {
        if (result is not null)
        {
            throw new InvalidOperationException("the stream is complete");
        }

        cancellationToken.ThrowIfCancellationRequested();
        DecodeWindow(final: true);
        IReadOnlyList<Word> words = FinalWords(final: true);
        result = transcriber.BuildResult(decoding.ToHypothesis());
        return words;
    }

    /// <summary>
    /// Encodes the window whose centre starts at <see cref="nextFrame"/> and decodes the centre; the final window runs
    /// to the end of the audio and decodes every frame from its centre on.
    /// </summary>
    private void DecodeWindow(bool final)
    {
        int first = Math.Max(0, nextFrame - left);
        long start = (long)first * samplesPerFrame;
        long end = final ? audio.Count : (long)(nextFrame + centre + right) * samplesPerFrame;
        ReadOnlySpan<float> window = audio.Slice(start, end);
        int take = 0;
        if (transcriber.Preprocessor.SeqLen(window.Length) > 0)
        {
            float[] features = transcriber.Features(window, out int featureFrames);
            ConformerEncoder encoder = transcriber.Model.Encoder;
            int d = encoder.Config.DModel, frames = encoder.OutputFrames(featureFrames);
            if (encoded.Length < frames * d)
            {
                encoded = new float[frames * d];
            }

            int valid = encoder.Forward(features, featureFrames, transcriber.Preprocessor.SeqLen(window.Length), encoded);
            take = final ? Math.Max(0, valid - (nextFrame - first)) : centre;
            transcriber.Guard.Check(encoded.AsSpan((nextFrame - first) * d, take * d));
            decoding.Accept(encoded.AsSpan((nextFrame - first) * d, take * d), take, final);
        }
        else if (final)
        {
            decoding.Accept([], 0, final: true);
        }

        nextFrame += take;

        // No later window reaches back before its left context.
        audio.Forget((long)Math.Max(0, nextFrame - left) * samplesPerFrame);
    }

    /// <summary>
    /// Words of the tokens not yet returned: all but the last, which may still grow, unless <paramref name="final"/>.
    /// Word timestamps are local (a word runs from one word-start piece to the next), so those of the open tail are
    /// those of the whole hypothesis.
    /// </summary>
    private List<Word> FinalWords(bool final)
    {
        ParakeetHypothesis tail = decoding.ToHypothesis(firstOpenToken);
        IReadOnlyList<TimestampEntry> entries = transcriber.Timestamps(tail).Word;
        int done = final ? entries.Count : Math.Max(0, entries.Count - 1);
        float[] logProbs = tail.TokenLogProbs ?? new float[tail.Tokens.Length];
        var words = new List<Word>(done);
        for (int i = 0; i < done; i++)
        {
            words.Add(ParakeetTranscriber.ToWord(entries[i], logProbs));
        }

        firstOpenToken += done == entries.Count ? tail.Tokens.Length : entries[done].FirstToken;
        return words;
    }
}
