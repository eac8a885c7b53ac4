using Warble.Formats;
using Warble.Models.Common;

namespace Warble.Models.Silero;

/// <summary>
/// Silero VAD v5 at 16 kHz (<c>VADRNNJITMerge</c>'s 16 kHz model): a speech probability for every 512-sample
/// (32 ms) frame, given the frame with the previous frame's last 64 samples in front. STFT → four encoder blocks →
/// LSTM cell and head. The weights are read-only and shared; each stream brings its own <see cref="SileroVadState"/>.
/// </summary>
internal sealed class SileroVad
{
    /// <summary>The only rate this model runs at.</summary>
    public const int SampleRate = 16000;

    /// <summary>New samples per frame (<c>num_samples</c>), and the context carried in front of them.</summary>
    public const int WindowSize = 512, ContextSize = 64, InputLength = ContextSize + WindowSize;

    /// <summary>The GGUF's <c>general.architecture</c>.</summary>
    public const string Architecture = "silero-vad";

    private const string EmbeddedName = "Warble.Models.Silero.silero-vad-v5.gguf";
    private static readonly Lazy<SileroVad> EmbeddedModel = new(LoadEmbedded);

    public SileroVad(SileroVadWeights weights) => Weights = weights;

    /// <summary>The model shipped inside the library (models/silero-vad-v5.gguf, MIT).</summary>
    public static SileroVad Embedded => EmbeddedModel.Value;

    public SileroVadWeights Weights { get; }

    /// <summary>Reads a GGUF written by tools/silero-vad.</summary>
    public static SileroVad Load(GgufFile file)
    {
        string name = file.Region.Name;
        if (!file.TryGet(GgufKeys.Architecture, out string? architecture) || architecture != Architecture)
        {
            throw new ModelFormatException($"{name}: general.architecture is '{architecture}', expected '{Architecture}'.");
        }

        var tensors = file.Tensors.ToDictionary(t => t.Name, file.View, StringComparer.Ordinal);
        return new SileroVad(new SileroVadWeights(new WeightSource(tensors, name)));
    }

    /// <summary>As <c>VADRNNJITMerge.forward</c> on a batch of consecutive frames, the state carried from one to the next.</summary>
    /// <param name="inputs">[frames, 576]: each frame's 64 context samples then its 512 samples.</param>
    /// <param name="frames">How many frames, at most <paramref name="state"/>'s capacity.</param>
    /// <param name="state">The stream's LSTM state and scratch.</param>
    /// <param name="probabilities">[frames]: the speech probabilities.</param>
    public void Forward(ReadOnlySpan<float> inputs, int frames, SileroVadState state, Span<float> probabilities)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frames, state.Capacity);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs.Length, frames * InputLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(probabilities.Length, frames);
        float[] x = state.Ping, y = state.Pong;
        Stft.Forward(inputs, frames, Weights.StftForwardBasis, state.Columns, state.Transform, x);
        int length = Stft.Steps;
        foreach (SileroVadBlock block in Weights.Encoder)
        {
            int outLength = block.OutputLength(length);
            block.Forward(x.AsSpan(0, frames * length * block.InChannels), frames, y.AsSpan(0, frames * outLength * block.OutChannels));
            (x, y, length) = (y, x, outLength);
        }

        const int gates = 4 * SileroVadWeights.Hidden;
        VadDecoderRnn.InputGates(x.AsSpan(0, frames * SileroVadWeights.Hidden), frames, Weights, y.AsSpan(0, frames * gates));
        for (int f = 0; f < frames; f++)
        {
            probabilities[f] = VadDecoderRnn.Forward(y.AsSpan(f * gates, gates), Weights, state);
        }
    }

    private static SileroVad LoadEmbedded()
    {
        using Stream stream = typeof(SileroVad).Assembly.GetManifestResourceStream(EmbeddedName)
            ?? throw new InvalidOperationException($"the library lacks its embedded resource {EmbeddedName}");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return Load(GgufReader.Read(new ArrayRegion("silero-vad-v5.gguf", bytes)));
    }
}
