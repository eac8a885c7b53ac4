using Warble.Models.Silero;

namespace Warble.Vad;

/// <summary>
/// One stream through the shared Silero model, as silero-vad's <c>OnnxWrapper</c>: samples arrive in any pieces, every
/// complete 512-sample frame gets a probability, with the previous frame's last 64 samples as its context and the LSTM
/// state carried. Frames are run in batches of up to <see cref="BatchFrames"/>; nothing is allocated after construction
/// but a larger buffer of probabilities, when a piece completes more frames than any before. Not thread-safe: one
/// session per stream.
/// </summary>
internal sealed class VadSession
{
    /// <summary>Frames run through the encoder together.</summary>
    public const int BatchFrames = 64;

    private readonly SileroVad model;
    private readonly SileroVadState state = new(BatchFrames);
    private readonly float[] context = new float[SileroVad.ContextSize];
    private readonly float[] pending = new float[SileroVad.WindowSize];
    private float[] probabilities = new float[BatchFrames];
    private int pendingCount;
    private int staged;

    public VadSession(SileroVad model) => this.model = model;

    /// <summary>Samples held back until their frame is complete.</summary>
    public int PendingSamples => pendingCount;

    /// <summary>How many probabilities <see cref="Process(ReadOnlySpan{float}, Span{float})"/> writes for <paramref name="samples"/> more samples.</summary>
    public int FramesAfter(int samples) => (pendingCount + samples) / SileroVad.WindowSize;

    /// <summary>Runs every frame that <paramref name="samples"/> (16 kHz mono, continuing the stream) completes.</summary>
    /// <returns>One speech probability per frame, in a buffer the next call reuses.</returns>
    public ReadOnlySpan<float> Process(ReadOnlySpan<float> samples)
    {
        int frames = FramesAfter(samples.Length);
        if (probabilities.Length < frames)
        {
            probabilities = new float[Math.Max(frames, probabilities.Length * 2)];
        }

        return probabilities.AsSpan(0, Process(samples, probabilities));
    }

    /// <summary>Runs every frame that <paramref name="samples"/> completes.</summary>
    /// <param name="samples">16 kHz mono samples, continuing the stream.</param>
    /// <param name="probabilities">At least <see cref="FramesAfter"/> long; receives one speech probability per frame.</param>
    /// <returns>How many probabilities were written.</returns>
    public int Process(ReadOnlySpan<float> samples, Span<float> probabilities)
    {
        int frames = FramesAfter(samples.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(probabilities.Length, frames);
        int written = 0;
        while (!samples.IsEmpty)
        {
            if (pendingCount > 0 || samples.Length < SileroVad.WindowSize)
            {
                int take = Math.Min(SileroVad.WindowSize - pendingCount, samples.Length);
                samples[..take].CopyTo(pending.AsSpan(pendingCount));
                pendingCount += take;
                samples = samples[take..];
                if (pendingCount < SileroVad.WindowSize)
                {
                    break;
                }

                Stage(pending);
                pendingCount = 0;
            }
            else
            {
                Stage(samples[..SileroVad.WindowSize]);
                samples = samples[SileroVad.WindowSize..];
            }

            if (staged == BatchFrames)
            {
                written += RunStaged(probabilities[written..]);
            }
        }

        return written + RunStaged(probabilities[written..]);
    }

    /// <summary>Ends the stream: a partial last frame is zero-padded and run (silero-vad's <c>audio_forward</c>).</summary>
    /// <returns>1 if a partial frame was pending, else 0.</returns>
    public int Flush(Span<float> probabilities)
    {
        if (pendingCount == 0)
        {
            return 0;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(probabilities.Length, 1);
        pending.AsSpan(pendingCount).Clear();
        pendingCount = 0;
        Stage(pending);
        return RunStaged(probabilities);
    }

    /// <summary>Starts a new stream (<c>reset_states</c>): zero state and context, nothing pending.</summary>
    public void Reset()
    {
        state.Reset();
        Array.Clear(context);
        pendingCount = 0;
    }

    /// <summary>Writes [context | window] as the next model input and keeps the window's tail as the next context.</summary>
    private void Stage(ReadOnlySpan<float> window)
    {
        Span<float> input = state.Inputs.AsSpan(staged * SileroVad.InputLength, SileroVad.InputLength);
        context.CopyTo(input);
        window.CopyTo(input[SileroVad.ContextSize..]);
        window[^SileroVad.ContextSize..].CopyTo(context);
        staged++;
    }

    private int RunStaged(Span<float> probabilities)
    {
        int frames = staged;
        if (frames > 0)
        {
            model.Forward(state.Inputs, frames, state, probabilities);
            staged = 0;
        }

        return frames;
    }
}
