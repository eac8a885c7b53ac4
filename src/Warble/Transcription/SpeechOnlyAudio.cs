using Warble.Audio;
using Warble.Models.Silero;
using Warble.Vad;

namespace Warble.Transcription;

/// <summary>
/// A recording with its silence cut out, as faster-whisper's <c>vad_filter</c>: Silero VAD runs over the audio as it is
/// read (the samples are spooled, to disk for long recordings, since they are needed again), the speech regions are
/// found as <c>get_speech_timestamps</c> finds them, and <see cref="Speech"/> joins them (<c>collect_chunks</c>);
/// <see cref="Map"/> takes times in the joined speech back to the recording.
/// </summary>
internal sealed class SpeechOnlyAudio : IDisposable
{
    private const int Frame = SileroVad.WindowSize;

    private readonly FrameSpool samples;
    private readonly string name;

    private SpeechOnlyAudio(FrameSpool samples, IReadOnlyList<SpeechRegion> regions, long length, string name)
    {
        this.samples = samples;
        Regions = regions;
        Map = new SpeechTimestampsMap(regions);
        Seconds = length / (double)AudioLoader.SampleRate;
        this.name = name;
    }

    /// <summary>The speech regions, in samples of the recording.</summary>
    public IReadOnlyList<SpeechRegion> Regions { get; }

    /// <summary>Times in the joined speech → times in the recording.</summary>
    public SpeechTimestampsMap Map { get; }

    /// <summary>The recording's length.</summary>
    public double Seconds { get; }

    /// <summary>The speech regions joined, as audio the pipelines read.</summary>
    public AudioInput Speech => AudioInput.FromSource(() => new RegionSource(samples, Regions), name);

    /// <summary>One span of the recording [start, end) in samples, as audio the pipelines read.</summary>
    public AudioInput Slice(SpeechRegion span) => AudioInput.FromSource(() => new RegionSource(samples, [span]), name);

    /// <summary>Reads <paramref name="audio"/> to its end through the detector.</summary>
    /// <param name="keepSamples">Spool the samples for <see cref="Speech"/> (false: only the regions are wanted).</param>
    public static SpeechOnlyAudio Detect(AudioInput audio, VadOptions options, CancellationToken cancellationToken, bool keepSamples = true)
    {
        options.Validate();
        var spool = new FrameSpool(Frame);
        try
        {
            VadSession session = SpeechDetector.Default.CreateSession();
            var probabilities = new List<float>();
            var frame = new float[Frame];
            var scratch = new float[64];
            int filled = 0;
            long length = 0;
            foreach (ReadOnlyMemory<float> block in AudioSamples.Blocks(audio, cancellationToken))
            {
                ReadOnlySpan<float> span = block.Span;
                Probe(session, span, probabilities, ref scratch);
                length += span.Length;
                while (keepSamples && !span.IsEmpty)
                {
                    int take = Math.Min(Frame - filled, span.Length);
                    span[..take].CopyTo(frame.AsSpan(filled));
                    filled += take;
                    span = span[take..];
                    if (filled == Frame)
                    {
                        spool.Append(frame);
                        filled = 0;
                    }
                }
            }

            // As faster-whisper pads the audio for the detector: up to a whole frame of zeros (one even when none is partial).
            Probe(session, new float[Frame - session.PendingSamples], probabilities, ref scratch);
            if (filled > 0)
            {
                frame.AsSpan(filled).Clear();
                spool.Append(frame);
            }

            cancellationToken.ThrowIfCancellationRequested();
            List<SpeechRegion> regions = SpeechTimestamps.Get(probabilities.ToArray(), checked((int)length), options);
            return new SpeechOnlyAudio(spool, regions, length, audio.Name);
        }
        catch
        {
            spool.Dispose();
            throw;
        }
    }

    public void Dispose() => samples.Dispose();

    private static void Probe(VadSession session, ReadOnlySpan<float> samples, List<float> probabilities, ref float[] scratch)
    {
        int frames = session.FramesAfter(samples.Length);
        if (scratch.Length < frames)
        {
            scratch = new float[Math.Max(frames, scratch.Length * 2)];
        }

        int written = session.Process(samples, scratch);
        probabilities.AddRange(scratch.AsSpan(0, written));
    }

    /// <summary>The spooled samples of each region in turn, at 16 kHz.</summary>
    private sealed class RegionSource(FrameSpool spool, IReadOnlyList<SpeechRegion> regions) : ISampleSource
    {
        private readonly float[] frames = new float[64 * Frame];
        private int region;
        private long position = regions.Count > 0 ? regions[0].Start : 0;

        public int SampleRate => AudioLoader.SampleRate;

        public int Read(Span<float> destination, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            while (region < regions.Count && position >= regions[region].End)
            {
                region++;
                position = region < regions.Count ? regions[region].Start : position;
            }

            if (region == regions.Count)
            {
                return 0;
            }

            int firstFrame = (int)(position / Frame), offset = (int)(position % Frame);
            int count = (int)Math.Min(Math.Min(destination.Length, regions[region].End - position), frames.Length - offset);
            int frameCount = Math.Min((offset + count + Frame - 1) / Frame, spool.Count - firstFrame);
            spool.Read(firstFrame, frameCount, frames.AsSpan(0, frameCount * Frame));
            count = Math.Min(count, (frameCount * Frame) - offset);
            frames.AsSpan(offset, count).CopyTo(destination);
            position += count;
            return count;
        }

        public void Dispose()
        {
        }
    }
}
