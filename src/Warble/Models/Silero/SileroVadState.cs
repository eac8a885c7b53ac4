namespace Warble.Models.Silero;

/// <summary>
/// What one stream of audio owns while the shared <see cref="SileroVad"/> runs on it: the LSTM state (h, c), which
/// ONNX exports as <c>state</c> [2, 1, 128], and scratch for up to <see cref="Capacity"/> frames a call, planned once
/// so that no frame allocates.
/// </summary>
internal sealed class SileroVadState
{
    public SileroVadState(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        const int hidden = SileroVadWeights.Hidden, steps = Stft.Steps;
        Capacity = capacity;
        H = new float[hidden];
        C = new float[hidden];
        Gates = new float[4 * hidden];
        Head = new float[hidden];
        Inputs = new float[capacity * SileroVad.InputLength];
        Columns = new float[capacity * steps * SileroVadWeights.FilterLength];
        Transform = new float[capacity * steps * 2 * SileroVadWeights.Bins];
        int widest = Math.Max(SileroVadWeights.EncoderBlocks.Max(b => Math.Max(b.In, b.Out)), 4 * hidden / steps);
        Ping = new float[capacity * steps * widest];
        Pong = new float[capacity * steps * widest];
    }

    /// <summary>The most frames one <see cref="SileroVad.Forward"/> call takes.</summary>
    public int Capacity { get; }

    /// <summary>The LSTM cell's hidden state [128].</summary>
    public float[] H { get; }

    /// <summary>The LSTM cell's cell state [128].</summary>
    public float[] C { get; }

    /// <summary>The LSTM step's gates.</summary>
    public float[] Gates { get; }

    /// <summary>ReLU(h) for the output head.</summary>
    public float[] Head { get; }

    /// <summary>[Capacity, 576]: the model inputs (64 samples of context, then 512 new ones).</summary>
    public float[] Inputs { get; }

    /// <summary>[Capacity·4, 256]: STFT windows.</summary>
    public float[] Columns { get; }

    /// <summary>[Capacity·4, 258]: STFT real and imaginary parts.</summary>
    public float[] Transform { get; }

    /// <summary>Encoder activations, alternating between the two buffers.</summary>
    public float[] Ping { get; }

    /// <summary>Encoder activations, alternating between the two buffers; then the LSTM's input gates [Capacity, 512].</summary>
    public float[] Pong { get; }

    /// <summary>Back to the zero state a stream starts from (<c>reset_states</c>).</summary>
    public void Reset()
    {
        Array.Clear(H);
        Array.Clear(C);
    }
}
