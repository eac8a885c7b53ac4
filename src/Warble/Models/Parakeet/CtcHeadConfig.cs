namespace Warble.Models.Parakeet;

/// <summary>
/// A CTC head (NeMo <c>ConvASRDecoder</c>): <paramref name="NumClasses"/> tokens plus the blank (last), its weights
/// under <paramref name="Prefix"/> (<c>decoder</c> in <c>EncDecCTCModelBPE</c>, <c>ctc_decoder</c> in the hybrid
/// <c>EncDecHybridRNNTCTCBPEModel</c>).
/// </summary>
internal sealed record CtcHeadConfig(int NumClasses, string Prefix);
