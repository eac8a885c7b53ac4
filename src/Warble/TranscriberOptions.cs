namespace Warble;

/// <summary>Settings fixed when a model is loaded.</summary>
public sealed record TranscriberOptions
{
    /// <summary>
    /// Threads each call's kernels run on (the calling thread included); null uses every core. Calls made at the same
    /// time share the transcriber's threads; a busy call's kernels run on its own thread.
    /// </summary>
    public int? Threads { get; init; }

    /// <summary>
    /// Parakeet models with a CTC head beside their transducer (hybrid TDT/CTC, RNN-T/CTC): decode with the CTC head,
    /// as NeMo's <c>change_decoding_strategy(decoder_type="ctc")</c>. Loading a Parakeet model without one fails;
    /// Whisper models ignore it.
    /// </summary>
    public bool CtcHead { get; init; }

    /// <summary>
    /// The arithmetic of the products of many rows (the encoders'; the decode steps stay f32): <see cref="ComputePrecision.F32"/>
    /// by default; <see cref="ComputePrecision.Int8"/> trades a little accuracy for speed where the CPU has AVX-VNNI.
    /// </summary>
    public ComputePrecision Compute { get; init; }
}
