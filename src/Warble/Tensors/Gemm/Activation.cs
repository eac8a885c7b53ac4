namespace Warble.Tensors.Gemm;

/// <summary>
/// An elementwise function a product applies to its output (<see cref="ActivationEpilogue"/>): the linear layer's
/// nonlinearity, run on each strip of C right after its last k-slice, while the strip is still in cache, and on every
/// pool thread, instead of as a separate single-threaded pass over C.
/// </summary>
internal enum Activation
{
    /// <summary>C as computed.</summary>
    None,

    /// <summary>SiLU / Swish, x · σ(x) (NeMo's Conformer feed-forward).</summary>
    Swish,

    /// <summary>Exact (erf) GELU (openai-whisper's MLP and convolution stem).</summary>
    Gelu,
}
