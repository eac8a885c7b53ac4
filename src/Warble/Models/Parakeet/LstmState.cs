namespace Warble.Models.Parakeet;

/// <summary>The prediction network's recurrent state: h and c per LSTM layer, plus the gate scratch.</summary>
internal sealed class LstmState
{
    public LstmState(int layers, int hidden)
    {
        H = new float[layers][];
        C = new float[layers][];
        for (int l = 0; l < layers; l++)
        {
            H[l] = new float[hidden];
            C[l] = new float[hidden];
        }

        Gates = new float[6 * hidden]; // the fused step's [x; h] and its four gates (the input is hidden wide)
    }

    public float[][] H { get; }

    public float[][] C { get; }

    public float[] Gates { get; }

    /// <summary>Back to the zero state NeMo starts from.</summary>
    public void Reset()
    {
        foreach (float[] h in H)
        {
            Array.Clear(h);
        }

        foreach (float[] c in C)
        {
            Array.Clear(c);
        }
    }

    /// <summary>Copies <paramref name="other"/> into this state.</summary>
    public void CopyFrom(LstmState other)
    {
        for (int l = 0; l < H.Length; l++)
        {
            other.H[l].CopyTo(H[l], 0);
            other.C[l].CopyTo(C[l], 0);
        }
    }
}
