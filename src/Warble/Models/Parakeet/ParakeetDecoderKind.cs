namespace Warble.Models.Parakeet;

/// <summary>Parakeet's decoder head, as NeMo's model classes distinguish them.</summary>
internal enum ParakeetDecoderKind
{
    /// <summary>Token-and-duration transducer (<c>EncDecRNNTBPEModel</c> with <c>loss_name: tdt</c>).</summary>
    Tdt,

    /// <summary>Plain RNN-T (<c>EncDecRNNTBPEModel</c>).</summary>
    Rnnt,

    /// <summary>CTC (<c>EncDecCTCModelBPE</c>).</summary>
    Ctc,

    /// <summary>RNN-T/TDT with an auxiliary CTC head (<c>EncDecHybridRNNTCTCBPEModel</c>).</summary>
    Hybrid,
}
