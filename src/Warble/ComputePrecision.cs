namespace Warble;

/// <summary>The arithmetic of the encoders' large matrix products (<see cref="TranscriberOptions.Compute"/>).</summary>
public enum ComputePrecision
{
    /// <summary>f32 throughout: results as the reference implementations compute them. The default.</summary>
    F32,

    /// <summary>
    /// Products of many rows (the encoders') in int8 with int32 sums: weights quantised per output row, activations per
    /// row, as PyTorch's dynamic quantisation does; in Whisper's encoder self-attention also Q·Kᵀ (keys per row) and
    /// P·V (probabilities per row as bytes, values per channel). Needs AVX-VNNI; elsewhere the products run in f32.
    /// </summary>
    Int8,
}
