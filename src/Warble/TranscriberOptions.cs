namespace Warble;

/// <summary>Settings fixed when a model is loaded.</summary>
public sealed record TranscriberOptions
{
    /// <summary>Worker threads for the compute kernels; null uses every core.</summary>
    public int? Threads { get; init; }

    /// <summary>
    /// Parakeet models with a CTC head beside their transducer (hybrid TDT/CTC, RNN-T/CTC): decode with the CTC head,
    /// as NeMo's <c>change_decoding_strategy(decoder_type="ctc")</c>. Loading fails for a model without one.
    /// </summary>
    public bool CtcHead { get; init; }
}
